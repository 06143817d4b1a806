"""`targetwatch archive export`: the research panel as CSV, JSON and SQLite, end to end."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from targetwatch.archive.export import FACT_COLUMNS, VERDICT_COLUMNS, canonical_unit, in_canonical, web_url
from targetwatch.cli.main import main


def report(region: str, name: str, year: int, grain: str, gdp_out: str, gdp_target: str) -> bytes:
    return (f"{name}{year}年政府工作报告\n一、{year - 1}年工作回顾\n地区生产总值增长{gdp_out}，粮食产量{grain}。\n"
            f"二、{year}年主要预期目标\n地区生产总值增长{gdp_target}，粮食产量{grain}以上。新建高标准农田100万亩。\n"
            ).encode()


@pytest.fixture
def tw(capsys, monkeypatch, archive_url: str, tmp_path: Path):  # noqa: ANN001, ANN201
    """An archive of two provinces, grain in 吨 in one and in 斤 in the other; runs `targetwatch ARGS`."""
    monkeypatch.setenv("TARGETWATCH_DATABASE_URL", archive_url)
    root = tmp_path / "reports"
    for region, name, grain in (("shaanxi", "陕西省", "1300万吨"), ("jilin", "吉林省", "880亿斤")):
        (root / region).mkdir(parents=True)
        (root / region / "2025.txt").write_bytes(report(region, name, 2025, grain, "5.5%", "5%左右"))
        (root / region / "2026.txt").write_bytes(report(region, name, 2026, grain, "4.2%", "5%左右"))

    def run(*argv: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_:
            main(list(argv))
        out, err = capsys.readouterr()
        return exit_.value.code, out, err

    code, _, err = run("archive", "import", str(root), "--no-progress")
    assert code == 0, err
    return run


def test_facts_carry_names_canonical_units_and_no_local_paths(tw) -> None:  # noqa: ANN001
    code, out, _ = tw("archive", "export", "--format", "csv")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    assert tuple(reader.fieldnames or ()) == FACT_COLUMNS
    rows = list(reader)
    grain = {(r["region"], r["kind"]): r for r in rows if r["indicator"] == "grain_output"}
    assert (grain[("shaanxi", "target")]["unit"], grain[("jilin", "target")]["unit"]) == ("吨", "斤")
    assert {r["canonical_unit"] for r in grain.values()} == {"斤"}
    assert float(grain[("shaanxi", "target")]["canonical_value"]) == 13_000_000 * 2000
    assert float(grain[("shaanxi", "target")]["value"]) == 13_000_000  # the original is kept
    first = rows[0]
    assert (first["region_name"], first["region_name_en"]) in {("陕西", "Shaanxi"), ("吉林", "Jilin")}
    assert all(r["source_url"] == "" for r in rows)  # imported from files: no file:// path
    gdp = next(r for r in rows if r["indicator"] == "gdp_growth")
    assert (gdp["indicator_name"], gdp["indicator_name_en"], gdp["headline"]) == ("地区生产总值增长", "GDP growth",
                                                                                  "true")


def test_headline_drops_the_tasks_and_json_has_the_same_records(tw, tmp_path: Path) -> None:  # noqa: ANN001
    _, out, _ = tw("archive", "export")
    every = list(csv.DictReader(io.StringIO(out)))
    assert any(r["indicator"].startswith("task:") for r in every)
    target = tmp_path / "h.json"
    code, _, err = tw("archive", "export", "--headline", "--format", "json", "-o", str(target))
    records = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0 and f"wrote {len(records)} facts" in err
    assert records and not any(r["indicator"].startswith("task:") for r in records)
    assert len(records) == sum(not r["indicator"].startswith("task:") for r in every)
    assert list(records[0]) == list(FACT_COLUMNS)


def test_verdicts_one_row_per_comparison_row(tw) -> None:  # noqa: ANN001
    code, out, _ = tw("archive", "export", "--what", "verdicts", "--headline")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    assert tuple(reader.fieldnames or ()) == VERDICT_COLUMNS
    rows = list(reader)
    tvo = {(r["region"], r["indicator"]): r for r in rows if r["check"] == "target_vs_outcome"}
    gdp = tvo[("jilin", "gdp_growth")]
    assert (gdp["year"], gdp["period"], gdp["verdict"], gdp["margin"]) == ("2026", "2025", "missed", "-0.8")
    assert (gdp["older_text"], gdp["newer_text"]) == ("地区生产总值增长5%左右", "地区生产总值增长4.2%")
    grain = tvo[("shaanxi", "grain_output")]
    assert grain["verdict"] == "met" and grain["canonical_unit"] == "斤"
    assert {r["check"] for r in rows} >= {"target_vs_outcome", "target_vs_target"}


def test_sqlite_panel_has_facts_only_indexes_and_datasette_metadata(tw, tmp_path: Path) -> None:  # noqa: ANN001
    db_path = tmp_path / "panel.db"
    code, _, err = tw("archive", "export", "--format", "sqlite", "-o", str(db_path))
    assert code == 0 and "panel.metadata.json" in err
    with sqlite3.connect(db_path) as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
        indexes = {r[0] for r in db.execute("select name from sqlite_master where type = 'index'")}
        assert tables == {"facts", "verdicts", "regions", "indicators"}
        assert {"ix_facts_region", "ix_facts_report_year", "ix_facts_indicator", "ix_verdicts_region",
                "ix_verdicts_year", "ix_verdicts_indicator"} <= indexes
        columns = [r[1] for r in db.execute("pragma table_info(facts)")]
        assert tuple(columns) == FACT_COLUMNS
        meta = json.loads((tmp_path / "panel.metadata.json").read_text(encoding="utf-8"))
        assert meta["title"] and meta["source"] and meta["license"]
        panel = meta["databases"]["panel"]
        assert set(panel["queries"]) == {"targets_vs_outcomes", "missed_by_year", "region_targets"}
        assert panel["tables"]["facts"]["columns"]["canonical_unit"]
        # every canned query runs on the file as written
        params = {"indicator": "gdp_growth", "region": "jilin", "year": "2026"}
        missed = db.execute(panel["queries"]["missed_by_year"]["sql"]).fetchall()
        assert [m[:4] for m in missed] == [(2025, "gdp_growth", "GDP growth", 2)]
        assert set(missed[0][4].split(", ")) == {"Shaanxi", "Jilin"}
        tvo = db.execute(panel["queries"]["targets_vs_outcomes"]["sql"], params).fetchall()
        assert len(tvo) == 2 and {r[8] for r in tvo} == {"missed"}
        targets = db.execute(panel["queries"]["region_targets"]["sql"], params).fetchall()
        assert {r[0] for r in targets} >= {"gdp_growth", "grain_output"}
    private = ("subscriptions", "deliveries", "digests", "outbox", "tokens")
    assert not any(p in t for t in tables for p in private)


def test_sqlite_needs_a_file_and_bad_paths_are_one_line(tw, tmp_path: Path) -> None:  # noqa: ANN001
    code, _, err = tw("archive", "export", "--format", "sqlite")
    assert code == 2 and "give --output PATH" in err and err.count("\n") == 1
    code, _, err = tw("archive", "export", "--format", "sqlite", "-o", str(tmp_path / "no" / "such" / "p.db"))
    assert code == 2 and "cannot write" in err and "Traceback" not in err


@pytest.mark.parametrize("url,kept", [("https://www.gd.gov.cn/gkmlpt/content/4/4656/post_4656789.html", True),
                                      ("http://www.gov.cn/x.htm", True), ("file:///home/me/reports/2025.txt", False),
                                      (None, False), ("", False)])
def test_only_web_addresses_are_sources(url: str | None, kept: bool) -> None:
    assert web_url(url) == (url if kept else None)


def test_canonical_units() -> None:
    assert canonical_unit("grain_output", "公斤") == "斤" and in_canonical(5.0, "公斤", "斤") == 10.0
    assert canonical_unit("gdp_total", "元") == "元"
    assert canonical_unit("task:新建高标准农田", "亩") == "亩"
    assert canonical_unit("gdp_growth", None) is None
