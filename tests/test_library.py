"""`import targetwatch`: the library reads a report however a notebook holds it, with the CLI's rules."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import targetwatch

SAMPLES = Path(__file__).resolve().parent.parent / "worker" / "samples"


def _gdp_target(sheet: targetwatch.FactSheet) -> float | None:
    return next((f.value for f in sheet.facts if f.indicator == "gdp_growth" and f.kind == "target"), None)


@pytest.mark.parametrize("as_", ["path", "str path", "text", "utf-8 bytes", "gbk bytes"])
def test_parse_reads_every_form_of_a_source_alike(as_: str) -> None:
    path = SAMPLES / "national-2024.txt"
    text = path.read_text(encoding="utf-8")
    source = {"path": path, "str path": str(path), "text": text, "utf-8 bytes": text.encode("utf-8"),
              "gbk bytes": text.encode("gbk")}[as_]
    sheet = targetwatch.parse(source)
    assert (sheet.region, sheet.report_year, _gdp_target(sheet)) == ("national", 2024, 5.0)
    assert sheet.to_dict() == targetwatch.parse(path).to_dict()


def test_parse_matches_the_cli_byte_for_byte() -> None:
    path = SAMPLES / "beijing-2025.txt"
    cli = subprocess.run([sys.executable, "-m", "targetwatch.cli", "parse", str(path)], capture_output=True,
                         text=True, check=True)
    assert json.loads(cli.stdout) == targetwatch.parse(path).to_dict()


def test_region_by_name_and_facts_json_read_back() -> None:
    sheet = targetwatch.parse(SAMPLES / "beijing-2025.txt", region="北京")
    assert sheet.region == "beijing"
    again = targetwatch.parse(json.dumps(sheet.to_dict(), ensure_ascii=False, indent=1))
    assert again == sheet


def test_errors_are_the_clis() -> None:
    with pytest.raises(targetwatch.UserError, match="no such file"):
        targetwatch.parse("missing-report.txt")
    with pytest.raises(targetwatch.UserError, match="unknown region 'atlantis'"):
        targetwatch.parse(SAMPLES / "national-2024.txt", region="atlantis")
    with pytest.raises(targetwatch.ParseError, match="pass --year"):
        targetwatch.parse("国内生产总值增长5%左右。")
    with pytest.raises(targetwatch.UserError, match="not text"):
        targetwatch.parse(b"\x00\x01\x02binary" * 100)


def test_compare_takes_sheets_and_sources_mixed() -> None:
    old = targetwatch.parse(SAMPLES / "national-2024.txt")
    comparison = targetwatch.compare(old, SAMPLES / "national-2025.txt")
    assert isinstance(comparison, targetwatch.Comparison)
    data = comparison.to_dict()
    assert (data["previous_year"], data["year"]) == (2024, 2025)
    [gdp] = [r for r in data["rows"] if r["check"] == "target_vs_outcome" and r["indicator"] == "gdp_growth"]
    assert gdp["verdict"] == "met"  # 5%左右 -> 5.0%


def test_open_archive_defaults_to_the_clis_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TARGETWATCH_HOME", str(tmp_path))
    with targetwatch.open_archive() as archive:
        archive.add(SAMPLES / "national-2024.txt")
        archive.add((SAMPLES / "national-2025.txt").read_bytes())
        assert archive.years("national") == [2024, 2025]
        records = archive.facts()
        assert {r["report_year"] for r in records} == {2024, 2025}
        assert all(isinstance(v, (str, int, float, bool, type(None))) for r in records for v in r.values())
        headline = archive.facts(headline=True)
        assert headline and not any(r["indicator"].startswith("task:") for r in headline)
        assert [s.indicator for s in archive.history("national", ["cpi"]).series] == ["cpi"]
    assert (tmp_path / "archive.sqlite3").is_file()


def test_import_targetwatch_loads_nothing_heavy() -> None:
    code = ("import sys, targetwatch, targetwatch.diffing.parse; "
            "print(sorted(m for m in ('sqlalchemy', 'bs4', 'celery', 'jinja2', 'httpx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_api_is_declared() -> None:
    for name in targetwatch.__all__:
        assert getattr(targetwatch, name) is not None
    assert (Path(targetwatch.__file__).parent / "py.typed").is_file()
    with pytest.raises(AttributeError):
        targetwatch.no_such_thing  # noqa: B018
