"""End to end over the real national reports: parse, compare, render."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from targetwatch.diffing.compare import CHECKS, compare_sheets
from targetwatch.diffing.history import build_history
from targetwatch.diffing.model import FactSheet
from tests.conftest import corpus_path
from targetwatch.cli.main import main
from targetwatch.templates.render import render_comparison, render_history


pytestmark = pytest.mark.corpus

YEARS = range(2004, 2026)


@lru_cache(maxsize=None)
def report(year: int) -> tuple[str, FactSheet]:
    from targetwatch.diffing.parse import parse_report
    from targetwatch.scrapers.document import extract_text

    path = corpus_path() / "reports" / "national" / f"{year}.txt"
    text = extract_text(path.read_bytes()).text
    return text, parse_report(text, region="national", year=year)


def rows(old: int, new: int, check: str) -> dict:
    c = compare_sheets(report(old)[1], report(new)[1])
    return {r.indicator: r for r in c.by_check(check)}


@pytest.mark.parametrize("old,new,check,indicator,verdict,delta", [
    (2022, 2023, "target_vs_outcome", "gdp_growth", "missed", -2.5),
    (2023, 2024, "target_vs_outcome", "gdp_growth", "met", 0.2),
    (2023, 2024, "target_vs_outcome", "cpi", "met", 2.8),
    (2024, 2025, "target_vs_target", "cpi", "lowered", -1.0),
    (2024, 2025, "target_vs_target", "deficit_ratio", "raised", 1.0),
    (2016, 2017, "target_vs_outcome", "gdp_growth", "met", 0.2),
])
def test_worked_examples_on_the_real_reports(corpus, old, new, check, indicator, verdict, delta):
    r = rows(old, new, check)[indicator]
    assert r.verdict == verdict
    assert (r.margin if check == "target_vs_outcome" else r.change) == pytest.approx(delta)


def test_history_says_of_each_target_move_what_the_comparison_says(corpus):
    """One verdict for one pair of years, wherever it is read: a target the next report is silent
    on is `not_repeated` in history as in compare (not `dropped`, which a report says itself),
    and a task compare pairs across years, reworded or not, is one line of the history."""
    sheets = [report(y)[1] for y in YEARS]
    h = build_history(sheets, min_task_reports=1)
    at = {(p.year, p.target): (s, p) for s in h.series for p in s.points if p.target is not None}
    seen, reworded = set(), 0
    for old, new in zip(YEARS, YEARS[1:]):
        for r in compare_sheets(report(old)[1], report(new)[1]).by_check("target_vs_target"):
            if r.current is None:  # the year says nothing of it; its line has no point for that year
                assert r.verdict == "not_repeated", (r.indicator, old, new)
                series, _ = at[(old, r.previous)]
                assert all(p.year != new or p.target is None for p in series.points), (r.indicator, old, new)
            else:
                series, p = at[(new, r.current)]
                assert p.move == r.verdict, (r.indicator, old, new)
                if r.previous is not None:  # last year's target is on the same line
                    assert any(q.year == old and q.target == r.previous for q in series.points), (r.indicator, old)
                    reworded += r.previous.indicator != r.current.indicator
            seen.add(r.verdict)
    assert {"not_repeated", "dropped", "new"} <= seen
    assert reworded > 0  # tasks reworded from one year to the next are followed


def test_2020_set_no_growth_target_and_2021_set_one_again(corpus):
    assert rows(2019, 2020, "target_vs_target")["gdp_growth"].verdict == "dropped"
    assert rows(2020, 2021, "target_vs_outcome")["gdp_growth"].verdict == "not_comparable"
    assert rows(2020, 2021, "target_vs_target")["gdp_growth"].verdict == "new"


@pytest.mark.parametrize("year", YEARS[1:])
def test_every_consecutive_national_pair_compares(corpus, year):
    old_text, old = report(year - 1)
    new_text, new = report(year)
    c = compare_sheets(old, new)
    d = json.loads(json.dumps(c.to_dict(), ensure_ascii=False))
    assert (d["year"], d["previous_year"]) == (year, year - 1)
    assert {r["check"] for r in d["rows"]} <= set(CHECKS)
    for r in c.by_check("target_vs_outcome"):
        if r.verdict == "missed":
            assert r.margin < 0
        if r.verdict == "met" and not r.within_tolerance:
            assert r.margin >= 0
        assert r.target.text in old_text  # every quote is the report's own words
        if r.outcome is not None:
            assert r.outcome.text in new_text
    assert render_comparison(c, "html")


def test_the_whole_national_history_renders(corpus):
    h = build_history([report(y)[1] for y in YEARS])
    assert h.years == tuple(YEARS)
    gdp = {p.year: p for p in h.get("gdp_growth").points}
    assert gdp[2022].verdict == "missed"
    out = render_history(h, "html")
    assert "<svg" in out and "<script" not in out


def test_compare_command_on_two_report_files(corpus, capsys):
    folder: Path = corpus / "reports" / "national"
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "--old", str(folder / "2023.txt"), "--new", str(folder / "2024.txt"), "--region", "national",
              "--format", "json"])
    out, err = capsys.readouterr()
    assert exit_.value.code == 0, err
    gdp = next(r for r in json.loads(out)["rows"] if r["check"] == "target_vs_outcome" and r["indicator"] == "gdp_growth")
    assert (gdp["verdict"], gdp["margin"], gdp["margin_unit"]) == ("met", 0.2, "pp")


def test_compare_command_refuses_a_report_without_targets(corpus, capsys):
    """The national report of 2002 has no 主要预期目标 paragraph."""
    folder: Path = corpus / "reports" / "national"
    report(2002)
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "--old", str(folder / "2002.txt"), "--new", str(folder / "2003.txt"), "--region", "national"])
    _, err = capsys.readouterr()
    assert exit_.value.code == 2 and "no main targets" in err and err.count("\n") == 1


def test_compare_and_history_read_the_real_archive(corpus, capsys, tmp_path, monkeypatch):
    store = pytest.importorskip("targetwatch.archive.store")
    url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    monkeypatch.setenv("TARGETWATCH_DATABASE_URL", url)
    with store.Archive(url) as archive:
        for year in (2023, 2024):
            data = (corpus / "reports" / "national" / f"{year}.txt").read_bytes()
            archive.add_document(data, region="national", year=year)
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "national", "2024", "--format", "json"])
    out, err = capsys.readouterr()
    assert exit_.value.code == 0, err
    cpi = next(r for r in json.loads(out)["rows"] if r["check"] == "target_vs_outcome" and r["indicator"] == "cpi")
    assert (cpi["verdict"], cpi["margin"]) == ("met", 2.8)
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "national", "2023"])
    _, err = capsys.readouterr()
    assert exit_.value.code == 2 and "no 2022 report of national in the archive" in err
    with pytest.raises(SystemExit) as exit_:
        main(["history", "national", "--indicator", "cpi", "--format", "csv"])
    out, _ = capsys.readouterr()
    assert exit_.value.code == 0 and "national,cpi," in out
