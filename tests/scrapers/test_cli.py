"""`targetwatch fetch` and `targetwatch discover` end to end, against the local server."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from targetwatch.cli.main import main

from .conftest import SITES, Reply, Site

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Ran:
    returncode: int
    stdout: bytes
    stderr: bytes


_capture: pytest.CaptureFixture[bytes] | None = None


@pytest.fixture(autouse=True)
def _in_process(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    global _capture
    _capture = capsysbinary


def tw(*args: str) -> Ran:
    """Run the CLI in this process (its main(), exit codes and all); a subprocess per call
    would spend most of the suite's time importing."""
    assert _capture is not None
    _capture.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = _capture.readouterr()
    return Ran(code, out.out, out.err)


@pytest.fixture
def home(_private_home: Path) -> Path:
    return _private_home


def test_the_installed_entry_point_runs_fetch(site: Site) -> None:
    url = site.fixture("/a.html", "generic/report.html", "text/html; charset=utf-8")
    res = subprocess.run([sys.executable, "-m", "targetwatch.cli", "fetch", url], cwd=ROOT, env=dict(os.environ),
                         capture_output=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.decode("utf-8").startswith("各位代表：\n")


def test_fetch_prints_clean_text(site: Site) -> None:
    url = site.fixture("/gongkai/jihua/zfgzbg/202501/t20250120_1.html", "trs/report-2025.html",
                       "text/html; charset=utf-8")
    res = tw("fetch", url, "--region", "beijing")
    assert res.returncode == 0, res.stderr
    text = res.stdout.decode("utf-8")
    assert text.startswith("各位代表：\n") and "地区生产总值增长5%左右" in text
    for bad in ("9.9%", "12.3%", "打印", "网站地图", "首都之窗"):
        assert bad not in text
    assert res.stderr == b""


def test_fetch_html_gives_the_bytes_as_served_and_parse_reads_them(site: Site, tmp_path: Path) -> None:
    url = site.fixture("/zwgkx/zfgzbg/2011.html", "gbk/report.html", "text/html")
    out = tmp_path / "page.html"
    res = tw("fetch", url, "--format", "html", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert out.read_bytes() == (SITES / "gbk" / "report.html").read_bytes()
    text = tw("fetch", url).stdout.decode("utf-8")
    assert "全省地区生产总值达到18278亿元" in text


def test_fetch_follows_further_pages_and_says_so(site: Site) -> None:
    for name in ("content.htm", "content_2.htm", "content_3.htm"):
        site.fixture(f"/p/{name}", f"paged/{name}", "text/html; charset=utf-8")
    res = tw("fetch", site.url("/p/content.htm"))
    assert res.returncode == 0, res.stderr
    assert "三、2024年重点工作" in res.stdout.decode("utf-8")
    assert b"joined 3 pages" in res.stderr
    single = tw("fetch", site.url("/p/content.htm"), "--single-page")
    assert "三、2024年重点工作" not in single.stdout.decode("utf-8")


@pytest.mark.parametrize("reply, code, fragment", [
    (Reply(404, b""), 2, "HTTP 404"),
    (Reply(500, b""), 3, "HTTP 500"),
])
def test_fetch_errors_are_one_line_with_the_right_exit_code(site: Site, reply: Reply, code: int,
                                                           fragment: str) -> None:
    url = site.route("/bad", reply)
    res = tw("fetch", url, "--timeout", "2")
    assert res.returncode == code
    err = res.stderr.decode("utf-8").strip()
    assert fragment in err and "\n" not in err and "Traceback" not in err
    assert res.stdout == b""


def test_fetch_refuses_other_schemes() -> None:
    res = tw("fetch", "file:///etc/passwd")
    assert res.returncode == 2 and b"only http and https" in res.stderr


def _sources_file(tmp_path: Path, site: Site, dead: bool = False) -> Path:
    site.fixture("/zwgk/zfgzbg/index.html", "onclick/index.html", "text/html")
    site.page("/zwgk/zfgzbg/index_1.html", "<html><body></body></html>")
    site.route("/dead/index.html", Reply(404, b""))  # 4xx: not retried, so the test stays fast
    f = tmp_path / "local.toml"
    f.write_text(f"""
[defaults]
delay = 0.0

[sources.tianjin]
index = ["{site.url('/zwgk/zfgzbg/index.html')}"]
reports = []

[sources.hubei]
index = ["{site.url('/dead/index.html')}"]
delay = 0.0
""", encoding="utf-8")
    return f


def test_discover_lists_new_reports_by_year(site: Site, tmp_path: Path, home: Path) -> None:
    f = _sources_file(tmp_path, site)
    res = tw("discover", "tianjin", "--sources", str(f), "--no-registry")
    assert res.returncode == 0, res.stderr
    rows = [line.split("\t") for line in res.stdout.decode("utf-8").splitlines()]
    assert [(r[0], r[1]) for r in rows] == [("tianjin", "2025"), ("tianjin", "2024"), ("tianjin", "2023")]
    assert rows[0][2] == site.url("/zwgk/zfgzbg/202501/t20250120_6838884.html")
    assert res.stderr == b""
    assert not (home / "fetch-state.json").exists(), "source health and validators live in the archive"
    from targetwatch.archive import Archive
    from targetwatch.config import load_settings

    with Archive(load_settings().database_url) as arc:
        [health] = arc.state_store().all_health()
        assert health.source == "tianjin" and health.failures == 0 and health.last_success


def test_discover_json_and_the_health_of_a_dead_source(site: Site, tmp_path: Path, home: Path) -> None:
    f = _sources_file(tmp_path, site)
    # seasons that never end, so that today's date cannot make a source SILENT here
    # (tests/worker/test_health.py checks that verdict with a fixed date)
    (home / "service.toml").write_text('[[schedule.season]]\nname = "all"\nregions = ["provinces"]\n'
                                       'daily_months = [12]\n', encoding="utf-8")
    res = tw("discover", "tianjin", "湖北", "--sources", str(f), "--format", "json", "--no-registry",
             "--timeout", "2")
    assert res.returncode == 0, res.stderr  # one source worked
    out = json.loads(res.stdout)
    by_region = {s["region"]: s for s in out["sources"]}
    assert by_region["tianjin"]["ok"] and len(by_region["tianjin"]["reports"]) == 3
    assert not by_region["hubei"]["ok"] and "HTTP 404" in by_region["hubei"]["error"]
    hubei_lines = [line for line in res.stderr.decode("utf-8").splitlines() if "hubei" in line]
    assert len(hubei_lines) == 1  # the reason once, not a flood
    status = tw("discover", "tianjin", "hubei", "--status", "--sources", str(f))
    table = status.stdout.decode("utf-8")
    assert status.returncode == 0
    tj = next(line for line in table.splitlines() if line.startswith("tianjin"))
    hb = next(line for line in table.splitlines() if line.startswith("hubei"))
    assert " ok " in tj and " failing " in hb and "HTTP 404" in hb, "one failure is not yet suspect"
    js = json.loads(tw("discover", "hubei", "--status", "--format", "json", "--sources", str(f)).stdout)
    assert js["sources"][0]["failures"] == 1 and js["sources"][0]["last_success"] is None
    for _ in range(2):
        tw("discover", "hubei", "--sources", str(f), "--timeout", "2")
    js = json.loads(tw("discover", "hubei", "--status", "--format", "json", "--sources", str(f)).stdout)
    assert js["sources"][0]["failures"] == 3 and js["sources"][0]["verdict"] == "SUSPECT"
    overall = tw("status")
    assert overall.returncode == 0
    text = overall.stdout.decode("utf-8")
    assert text.startswith("NEEDS A LOOK: 1 suspect source(s): hubei")
    assert any(line.startswith("hubei") and "SUSPECT" in line for line in text.splitlines())


def test_discover_fails_when_every_source_fails(site: Site, tmp_path: Path) -> None:
    f = _sources_file(tmp_path, site)
    res = tw("discover", "hubei", "--sources", str(f), "--timeout", "2")
    assert res.returncode == 3
    assert b"all 1 source(s) failed" in res.stderr


def test_discover_leaves_out_archived_urls_and_archived_years(site: Site, tmp_path: Path, home: Path) -> None:
    from targetwatch.archive import Archive
    from targetwatch.config import load_settings

    f = _sources_file(tmp_path, site)
    with Archive(load_settings().database_url) as arc:
        # 2024 archived from a file (another URL than the index lists), 2023 from the listed URL
        arc.add_document((ROOT / "worker" / "samples" / "beijing-2024.txt").read_bytes(), region="tianjin",
                         year=2024, source_url="file:///reports/tianjin-2024.txt")
    res = tw("discover", "tianjin", "--sources", str(f), "--no-registry")
    assert res.returncode == 0 and res.stderr == b"", res.stderr
    years = [line.split("\t")[1] for line in res.stdout.decode("utf-8").splitlines()]
    assert years == ["2025", "2023"], "an archived year is never listed as new, whatever its URL"
    shown = tw("discover", "tianjin", "--sources", str(f), "--no-registry", "--all").stdout.decode("utf-8")
    assert any(line.split("\t")[1] == "2024" and line.endswith("archived") for line in shown.splitlines())


def test_bad_sources_file_is_a_user_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text("[sources.tianjin]\nselector = ['#x']\n", encoding="utf-8")
    res = tw("discover", "--sources", str(f), "--list-sources")
    assert res.returncode == 2 and b"unknown key(s) selector" in res.stderr


def test_list_sources_shows_every_region_and_the_evidence(home: Path) -> None:
    (home / "sources.toml").write_text('[sources.hailaer]\nindex = ["http://www.hailaer.gov.cn/"]\n',
                                       encoding="utf-8")
    res = tw("discover", "--list-sources", "--format", "json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    regions = [s["region"] for s in data["sources"]]
    assert len(regions) == 33 and regions[0] == "national" and "hailaer" in regions
    assert not any(s["verified"] for s in data["sources"])
    table = tw("discover", "--list-sources").stdout.decode("utf-8")
    assert "nothing below was fetched live" in table and "beijing" in table


def test_discover_without_dns_says_so_and_ends_within_the_budget(tmp_path: Path, home: Path) -> None:
    """No network: every name fails to resolve. Say that (not robots.txt), per source, and exit 3 soon."""
    import time

    f = tmp_path / "dead.toml"
    f.write_text("".join(f'[sources.{r}]\nindex = ["http://www.{r}.invalid/zfgzbg.html"]\nreports = []\ndelay = 0.0\n'
                         for r in ("tianjin", "hubei", "hunan", "jilin")), encoding="utf-8")
    started = time.monotonic()
    res = tw("discover", "tianjin", "hubei", "hunan", "jilin", "--sources", str(f), "--no-registry",
             "--timeout", "2")
    took = time.monotonic() - started
    assert res.returncode == 3 and b"all 4 source(s) failed" in res.stderr
    lines = [line for line in res.stderr.decode("utf-8").splitlines() if line.startswith("targetwatch: ")][:4]
    assert len(lines) == 4
    for line in lines:
        assert "DNS lookup failed for www." in line and "robots" not in line.split("DNS lookup failed")[0], line
    assert took < 4 * 2 * 2.5, f"{took:.1f} s for 4 dead sources at --timeout 2"
