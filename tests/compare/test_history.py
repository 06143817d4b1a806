"""build_history: every indicator's targets and outcomes over the years, judged like a comparison."""
from __future__ import annotations

import json

import pytest

from targetwatch.diffing.history import HistoryError, build_history
from tests.compare.facts import beijing_2024, outcome, sheet, target


def test_a_years_target_comes_from_its_report_and_its_outcome_from_the_next(national):
    h = build_history(list(national.values()))
    gdp = {p.year: p for p in h.get("gdp_growth").points}
    assert gdp[2022].target.text == "国内生产总值增长5.5%左右"
    assert gdp[2022].outcome.text == "全年国内生产总值增长3%"
    assert (gdp[2022].verdict, gdp[2022].margin) == ("missed", pytest.approx(-2.5))
    assert gdp[2023].verdict == "met"


def test_the_verdicts_are_those_of_the_comparison(national):
    from targetwatch.diffing.compare import compare_sheets

    h = build_history(list(national.values()))
    for year in (2022, 2023, 2024):
        c = compare_sheets(national[year], national[year + 1])
        for r in c.by_check("target_vs_outcome"):
            p = next(p for p in h.get(r.indicator).points if p.year == year)
            assert (p.verdict, p.margin) == (r.verdict, r.margin), r.indicator


def test_the_latest_target_is_pending_not_unreported(national):
    cpi = build_history(list(national.values())).get("cpi")
    last = cpi.points[-1]
    assert (last.year, last.verdict) == (2025, "pending")


def test_each_year_says_how_the_target_moved(national):
    cpi = {p.year: p for p in build_history(list(national.values())).get("cpi").points}
    assert cpi[2022].move is None  # no 2021 report given
    assert cpi[2024].move == "unchanged"
    assert (cpi[2025].move, cpi[2025].change) == ("lowered", pytest.approx(-1.0))


def test_headline_indicators_come_first_in_catalog_order(national):
    ids = [s.indicator for s in build_history(list(national.values())).series]
    assert ids[:3] == ["gdp_growth", "gdp_total", "cpi"]


def test_reports_may_come_in_any_order(national):
    a = build_history(list(national.values())).to_dict()
    b = build_history(list(reversed(national.values()))).to_dict()
    assert a == b


def test_the_history_json_is_serialisable_and_names_the_series(national):
    d = build_history(list(national.values())).to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["years"] == [2022, 2023, 2024, 2025]
    gdp = d["series"][0]
    assert gdp["name"] == "国内生产总值增长"  # the national wording, not 地区生产总值
    assert gdp["points"][1]["target_change"] is None or "verdict" in gdp["points"][1]["target_change"]


def test_multi_year_figures_are_kept_apart(national):
    h = build_history(list(national.values()))
    assert h.get("gdp_growth_avg") is None
    assert [f.indicator for f in h.multi_year] == ["gdp_growth_avg"]


def test_tasks_mentioned_in_one_report_have_no_history_unless_asked():
    a = sheet("beijing", 2024, target("gdp_growth", 2024, "about", 5.0),
              target("task:增加中小学学位", 2024, "exact", 20_000, "个"), target("task:建设口袋公园", 2024, "exact", 50, "个"))
    b = sheet("beijing", 2025, outcome("task:增加中小学学位", 2024, "exact", 24_000, "个"),
              target("gdp_growth", 2025, "about", 5.0))
    ids = [s.indicator for s in build_history([a, b]).series]
    assert "task:增加中小学学位" in ids and "task:建设口袋公园" not in ids
    assert "task:建设口袋公园" in [s.indicator for s in build_history([a, b], min_task_reports=1).series]


def test_grain_is_plotted_in_one_unit_across_a_change_of_unit():
    a = sheet("national", 2015, target("grain_output", 2015, "at_least", 5.5e8, "吨"), target("gdp_growth", 2015, "about", 7.0))
    b = sheet("national", 2016, outcome("grain_output", 2015, "exact", 6.2e8, "吨"),
              target("grain_output", 2016, "at_least", 1.1e12, "斤"), target("gdp_growth", 2016, "about", 6.5))
    s = build_history([a, b]).get("grain_output")
    plot = {p.year: p for p in s.plot()}
    assert s.unit == "斤"
    assert plot[2015].target == pytest.approx(1.1e12) and plot[2015].outcome == pytest.approx(1.24e12)


def test_only_keeps_the_asked_indicators_in_the_asked_order(national):
    h = build_history(list(national.values())).only(["cpi", "gdp_growth"])
    assert [s.indicator for s in h.series] == ["cpi", "gdp_growth"]


@pytest.mark.parametrize("rule,sheets,message", [
    ("no reports", lambda n: [], "no reports"),
    ("two regions", lambda n: [n[2024], beijing_2024()], "several regions"),
    ("a year twice", lambda n: [n[2024], n[2024]], "two reports of 2024"),
])
def test_reports_that_cannot_make_one_history_are_refused(national, rule, sheets, message):
    with pytest.raises(HistoryError, match=message):
        build_history(sheets(national))
