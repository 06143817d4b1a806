"""What the command line imports: only what its input needs (issue 15).

`targetwatch parse report.txt` runs once per report in the evaluation harness, so a library
it loads and does not use is paid for again with every report: the HTML reader
(BeautifulSoup, soupsieve, lxml: some 70 ms), the archive (SQLAlchemy, alembic), the service
(Celery, Redis), the templates (Jinja2). Each test runs a command in a fresh interpreter and
reads `sys.modules` as it exits; the page and the archive that must migrate show that the
probe does see a library when the input needs it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "worker" / "samples"
HEAVY = ("bs4", "soupsieve", "lxml", "pypdf", "sqlalchemy", "alembic", "celery", "redis", "kombu", "jinja2",
         "httpx", "starlette", "uvicorn", "email.mime", "smtplib")

_PROBE = """
import atexit, sys
heavy, out = sys.argv[1].split(","), sys.argv[2]

def dump():
    import json
    with open(out, "w", encoding="utf-8") as fh:
        json.dump([m for m in heavy if m in sys.modules], fh)

atexit.register(dump)
sys.argv = ["targetwatch", *sys.argv[3:]]
from targetwatch.cli.main import main
main()
"""


def run(tmp_path: Path, *argv: str, env: dict[str, str] | None = None,
        watch: tuple[str, ...] = HEAVY) -> tuple[subprocess.CompletedProcess, list[str]]:
    """The command's result and the modules of `watch` (the heavy packages) it had imported when it exited."""
    out = tmp_path / f"modules-{len(list(tmp_path.glob('modules-*')))}.json"
    proc = subprocess.run([sys.executable, "-c", _PROBE, ",".join(watch), str(out), *argv], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})}, cwd=tmp_path)
    assert out.is_file(), proc.stderr
    return proc, json.loads(out.read_text(encoding="utf-8"))


def test_parse_of_a_text_report_loads_none_of_them(tmp_path: Path) -> None:
    proc, loaded = run(tmp_path, "parse", str(SAMPLES / "national-2024.txt"))
    assert proc.returncode == 0, proc.stderr
    facts = json.loads(proc.stdout)["facts"]
    assert any(f["indicator"] == "gdp_growth" and f["value"] == 5.0 for f in facts)
    assert loaded == []


def test_a_plain_parse_does_not_load_click(tmp_path: Path) -> None:
    """cli/quick.py reads `parse FILE [options]` itself: click and what it pulls in are some 10 ms."""
    cli = ("click", "uuid", "platform", "targetwatch.cli.group")
    proc, loaded = run(tmp_path, "parse", str(SAMPLES / "national-2024.txt"), "--region", "national", watch=cli)
    assert proc.returncode == 0, proc.stderr
    assert loaded == []
    proc, loaded = run(tmp_path, "parse", "--help", watch=cli)  # the probe sees click when it is used
    assert proc.returncode == 0 and "--explain" in proc.stdout
    assert loaded == list(cli)


def test_parse_of_a_page_loads_the_html_reader_and_nothing_else(tmp_path: Path) -> None:
    text = (SAMPLES / "national-2024.txt").read_text(encoding="utf-8")
    page = tmp_path / "report.html"
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    page.write_text(f"<html><head><title>政府工作报告</title></head><body><div id='c'>{paragraphs}</div>"
                    "</body></html>", encoding="utf-8")
    proc, loaded = run(tmp_path, "parse", str(page))
    assert proc.returncode == 0, proc.stderr
    assert any(f["indicator"] == "gdp_growth" for f in json.loads(proc.stdout)["facts"])
    assert loaded == ["bs4", "soupsieve", "lxml"]


def test_help_and_a_comparison_of_two_files_load_none_of_them(tmp_path: Path) -> None:
    proc, loaded = run(tmp_path, "--help")
    assert proc.returncode == 0 and "parse" in proc.stdout
    assert loaded == []
    proc, loaded = run(tmp_path, "compare", "--old", str(SAMPLES / "national-2024.txt"),
                       "--new", str(SAMPLES / "national-2025.txt"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert (json.loads(proc.stdout)["previous_year"], json.loads(proc.stdout)["year"]) == (2024, 2025)
    assert loaded == []


def test_a_text_table_needs_its_templates(tmp_path: Path) -> None:
    proc, loaded = run(tmp_path, "compare", "--old", str(SAMPLES / "national-2024.txt"),
                       "--new", str(SAMPLES / "national-2025.txt"), "--format", "text")
    assert proc.returncode == 0, proc.stderr
    assert loaded == ["jinja2"]


def test_the_archive_commands_load_alembic_only_when_a_migration_is_due(tmp_path: Path, archive_url: str) -> None:
    env = {"TARGETWATCH_DATABASE_URL": archive_url}
    for year in (2024, 2025):
        proc, loaded = run(tmp_path, "archive", "add", str(SAMPLES / f"national-{year}.txt"), env=env)
        assert proc.returncode == 0, proc.stderr
        assert ("alembic" in loaded) is (year == 2024)  # the first command on an empty database migrates it
    proc, loaded = run(tmp_path, "compare", "national", "2025", "--format", "json", env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["year"] == 2025
    assert loaded == ["sqlalchemy"]
    proc, loaded = run(tmp_path, "history", "national", "--format", "json", env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["years"] == [2024, 2025]
    assert loaded == ["sqlalchemy"]


def test_archive_commands_that_parse_nothing_do_not_load_the_parser(tmp_path: Path, archive_url: str) -> None:
    """They read the parser's version (which stored facts are stale), not the parser: some 30 ms."""
    env = {"TARGETWATCH_DATABASE_URL": archive_url}
    parser = ("targetwatch.diffing.parse", "targetwatch.diffing.extract", "targetwatch.diffing.tasks")
    for year in (2024, 2025):
        proc, loaded = run(tmp_path, "archive", "add", str(SAMPLES / f"national-{year}.txt"), env=env, watch=parser)
        assert proc.returncode == 0, proc.stderr
        assert loaded == list(parser)  # adding a report parses it: the probe sees the parser when it is used
    for argv in (("compare", "national", "2025", "--format", "json"), ("history", "national", "--format", "json"),
                 ("archive", "list")):
        proc, loaded = run(tmp_path, *argv, env=env, watch=parser)
        assert proc.returncode == 0, proc.stderr
        assert loaded == [], argv
