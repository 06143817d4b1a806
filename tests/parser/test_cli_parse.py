"""`targetwatch parse` from the command line: the contract's JSON, a table, and bad input.

Bad input must end in one line on stderr and a non-zero exit (or an empty fact list where
that is the truth), never a traceback and never minutes of CPU.
"""
from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "worker" / "samples"


def run(*args: str, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TARGETWATCH_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "targetwatch.cli", "parse", *args], input=stdin,
                          capture_output=True, timeout=timeout, env=env, cwd=ROOT)


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("targetwatch: "), err
    return err


def test_json_output_follows_the_facts_contract() -> None:
    proc = run(str(SAMPLES / "national-2024.txt"), "--region", "national", "--year", "2024")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["region"], out["report_year"]) == ("national", 2024)
    gdp = next(f for f in out["facts"] if f["indicator"] == "gdp_growth" and f["kind"] == "target")
    assert (gdp["comparator"], gdp["value"], gdp["unit"], gdp["period"]) == ("about", 5.0, "%", 2024)
    for key in ("indicator", "label", "kind", "period", "comparator", "value", "low", "high", "unit", "text", "span"):
        assert key in gdp


def test_region_and_year_are_inferred_and_names_are_accepted() -> None:
    proc = run(str(SAMPLES / "beijing-2025.txt"))
    assert (json.loads(proc.stdout)["region"], json.loads(proc.stdout)["report_year"]) == ("beijing", 2025)
    proc = run(str(SAMPLES / "beijing-2025.txt"), "--region", "北京")
    assert json.loads(proc.stdout)["region"] == "beijing"


def test_table_format_is_readable() -> None:
    proc = run(str(SAMPLES / "national-2024.txt"), "--format", "table")
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert "gdp_growth" in out and "5%左右" in out and "1200万人以上" in out


def test_stdin_and_gbk_bytes() -> None:
    gbk = (SAMPLES / "national-2024.txt").read_text(encoding="utf-8").encode("gbk")
    proc = run("-", stdin=gbk)
    assert proc.returncode == 0, proc.stderr
    assert any(f["indicator"] == "gdp_growth" for f in json.loads(proc.stdout)["facts"])


def test_html_input_is_read_as_its_text(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    body = (SAMPLES / "national-2024.txt").read_text(encoding="utf-8").replace("\n", "</p><p>")
    page.write_text(f"<html><head><meta charset='utf-8'><title>政府工作报告</title></head>"
                    f"<body><div class='nav'><a href='/'>首页</a></div><p>{body}</p></body></html>", encoding="utf-8")
    proc = run(str(page), "--region", "national", "--year", "2024")
    facts = json.loads(proc.stdout)["facts"]
    assert any(f["indicator"] == "cpi" and f["value"] == 3 for f in facts)
    assert all("<" not in f["text"] for f in facts)


@pytest.mark.parametrize("content,why", [
    (b"", "empty"),
    (bytes(range(256)) * 64, "binary"),
    ("居民消费价格\ufffd\ufffd\ufffd涨幅".encode() * 400, "replacement"),
])
def test_unreadable_files_get_a_one_line_error(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / f"{why}.txt"
    path.write_bytes(content)
    err = one_line_error(run(str(path), "--region", "beijing", "--year", "2024"))
    assert str(path) in err


def test_a_huge_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        chunk = ("国内生产总值增长5%左右。" * 1000 + "\n").encode()
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    err = one_line_error(run(str(path), "--region", "national", "--year", "2024", timeout=60))
    assert "MB" in err


def test_missing_file_folder_and_unknown_region(tmp_path: Path) -> None:
    assert "no such file" in one_line_error(run(str(tmp_path / "nope.txt")))
    assert "folder" in one_line_error(run(str(tmp_path)))
    assert "unknown region" in one_line_error(run(str(SAMPLES / "beijing-2025.txt"), "--region", "atlantis"))


def test_a_page_that_is_not_a_report(tmp_path: Path) -> None:
    page = tmp_path / "recipe.txt"
    page.write_text("西红柿炒鸡蛋\n准备两个鸡蛋、三个西红柿。\n", encoding="utf-8")
    assert "does not look like a government work report" in one_line_error(run(str(page)))
    assert "--force" in one_line_error(run(str(page), "--region", "beijing", "--year", "2024"))
    proc = run(str(page), "--region", "beijing", "--year", "2024", "--force")
    assert proc.returncode == 0 and json.loads(proc.stdout)["facts"] == []
    assert json.loads(proc.stdout)["meta"]["genre"]["kind"] == "not_report"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@pytest.fixture
def web_root(tmp_path: Path):
    handler = lambda *a, **kw: _Quiet(*a, directory=str(tmp_path), **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_url_is_fetched_and_parsed_and_a_404_is_one_line(web_root) -> None:
    folder, base = web_root
    (folder / "2024.txt").write_bytes((SAMPLES / "national-2024.txt").read_bytes())
    proc = run(f"{base}/2024.txt")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["report_year"] == 2024
    err = one_line_error(run(f"{base}/missing.htm"))
    assert "404" in err


def test_explain_says_which_sentence_decided(tmp_path: Path) -> None:
    page = tmp_path / "report.txt"
    page.write_text("政府工作报告\n——2031年1月20日在某某省第十五届人民代表大会第三次会议上\n各位代表：\n"
                    "现在，我代表省人民政府，向大会报告工作，请予审议。\n一、2030年工作回顾\n地区生产总值增长5.1%。\n"
                    "二、2031年主要任务\n今年主要预期目标是：地区生产总值增长5%左右。\n", encoding="utf-8")
    proc = run(str(page), "--region", "beijing", "--explain")
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr.decode()
    assert "region beijing: given on the command line" in err
    assert "year 2031: read from the text: dateline “——2031年1月20日在某某省第十五届人民代表大会第三次会议上”" in err
    sheet = json.loads(proc.stdout)
    assert sheet["report_year"] == 2031 and sheet["meta"]["evidence"]["year"]["clues"][0]["kind"] == "dateline"
