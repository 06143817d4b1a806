"""compare_sheets: two reports of one region, the COMPARE.md JSON, and the pairs it refuses."""
from __future__ import annotations

import json

import pytest

from targetwatch.diffing.compare import CHECKS, Comparison, ComparisonError, Tolerance, compare_sheets
from tests.compare.facts import beijing_2023, beijing_2024, outcome, sheet, target


def row(c: Comparison, check: str, indicator: str):
    found = [r for r in c.rows if r.check == check and r.indicator == indicator]
    assert len(found) == 1, f"{check} {indicator}: {len(found)} rows"
    return found[0]


def test_beijing_2023_growth_target_was_met_by_0_7_points():
    c = compare_sheets(beijing_2023(), beijing_2024())
    r = row(c, "target_vs_outcome", "gdp_growth")
    assert (r.verdict, r.margin, r.margin_unit, r.period) == ("met", pytest.approx(0.7), "pp", 2023)
    assert r.target.text == "地区生产总值增长4.5%以上"
    assert r.outcome.text == "地区生产总值增长5.2%"


def test_national_2022_growth_target_was_missed_by_2_5_points(national):
    r = row(compare_sheets(national[2022], national[2023]), "target_vs_outcome", "gdp_growth")
    assert (r.verdict, r.margin) == ("missed", pytest.approx(-2.5))


def test_national_2023_cpi_ceiling_was_met_with_2_8_to_spare(national):
    r = row(compare_sheets(national[2023], national[2024]), "target_vs_outcome", "cpi")
    assert (r.verdict, r.margin, r.margin_unit) == ("met", pytest.approx(2.8), "pp")


def test_national_2025_cpi_target_is_lowered_from_2024s(national):
    r = row(compare_sheets(national[2024], national[2025]), "target_vs_target", "cpi")
    assert (r.verdict, r.change, r.change_unit, r.period) == ("lowered", pytest.approx(-1.0), "pp", 2025)
    assert r.previous.text == "居民消费价格涨幅3%左右"
    assert r.current.text == "居民消费价格涨幅2%左右"


def test_national_2025_targets_against_2024_actuals(national):
    c = compare_sheets(national[2024], national[2025])
    assert row(c, "target_vs_last_outcome", "cpi").verdict == "above"
    assert row(c, "target_vs_last_outcome", "gdp_growth").verdict == "equal"


def test_every_target_of_the_old_report_gets_a_verdict(national):
    c = compare_sheets(national[2023], national[2024])
    judged = {r.indicator for r in c.by_check("target_vs_outcome")}
    assert judged == {f.indicator for f in national[2023].targets()}
    verdicts = {r.indicator: r.verdict for r in c.by_check("target_vs_outcome")}
    assert verdicts["deficit_ratio"] == "not_reported"
    assert verdicts["income_growth"] == "met"  # 基本同步: income 2.9% against GDP 3%, within 0.5pp
    assert verdicts["grain_output"] == "met"


def test_targets_present_in_one_year_only_are_new_or_dropped():
    old = sheet("national", 2021, target("gdp_growth", 2021, "at_least", 6.0),
                target("task:新开工改造城镇老旧小区", 2021, "exact", 53_000, "个", "新开工改造城镇老旧小区5.3万个"))
    new = sheet("national", 2022, target("gdp_growth", 2022, "about", 5.5),
                target("grain_output", 2022, "at_least", 1.3e12, "斤"))
    verdicts = {r.indicator: r.verdict for r in compare_sheets(old, new).by_check("target_vs_target")}
    assert verdicts == {"gdp_growth": "lowered", "grain_output": "new", "task:新开工改造城镇老旧小区": "not_repeated"}


def test_multi_year_figures_are_listed_apart_never_judged(national):
    c = compare_sheets(national[2022], national[2023])
    assert all(not r.indicator.endswith(("_avg", "_multi")) for r in c.rows)
    assert [f.indicator for f in c.multi_year] == ["gdp_growth_avg"]
    assert row(c, "target_vs_outcome", "gdp_growth").outcome.text == "全年国内生产总值增长3%"


def test_a_figure_about_several_years_is_not_taken_for_one_years_outcome():
    old = sheet("national", 2022, target("task:新建高标准农田", 2022, "exact", 1e8, "亩"), target("gdp_growth", 2022, "about", 5.5))
    new = sheet("national", 2023, outcome("task:新建高标准农田", 2022, "exact", 4.56e8, "亩", period_start=2018),
                target("gdp_growth", 2023, "about", 5.0))
    r = row(compare_sheets(old, new), "target_vs_outcome", "task:新建高标准农田")
    assert r.verdict == "not_reported"


def test_outcomes_without_a_target_are_listed_not_dropped(national):
    c = compare_sheets(national[2023], national[2024])
    assert [f.indicator for f in c.outcomes_without_target] == ["gdp_total"]


def test_a_headline_stated_twice_is_judged_once_on_its_first_figure():
    old = sheet("national", 2023, target("gdp_growth", 2023, "about", 5.0))
    new = sheet("national", 2024, outcome("gdp_growth", 2023, "exact", 5.2, text="增长5.2%"),
                outcome("gdp_growth", 2023, "exact", 5.2, text="经济增长5.2%"), target("gdp_growth", 2024, "about", 5.0))
    rows = compare_sheets(old, new).by_check("target_vs_outcome")
    assert len(rows) == 1 and rows[0].outcome.text == "增长5.2%"


def test_rows_come_in_check_order_with_headline_indicators_first(national):
    c = compare_sheets(national[2023], national[2024])
    checks = [r.check for r in c.rows]
    assert checks == sorted(checks, key=CHECKS.index)
    assert c.by_check("target_vs_outcome")[0].indicator == "gdp_growth"


def test_the_tolerance_can_be_set_per_comparison():
    old = sheet("national", 2014, target("gdp_growth", 2014, "about", 7.5))
    new = sheet("national", 2015, outcome("gdp_growth", 2014, "exact", 7.4), target("gdp_growth", 2015, "about", 7.0))
    assert row(compare_sheets(old, new), "target_vs_outcome", "gdp_growth").verdict == "met"
    strict = compare_sheets(old, new, about_tolerance=Tolerance(0.0, 0.0))
    assert row(strict, "target_vs_outcome", "gdp_growth").verdict == "missed"
    assert row(compare_sheets(old, new, about_tolerance=0.05), "target_vs_outcome", "gdp_growth").verdict == "missed"
    assert strict.to_dict()["about_tolerance"] == {"points": 0.0, "relative": 0.0}


# --- the JSON contract --------------------------------------------------------------------

def test_json_has_the_contract_keys(national):
    d = compare_sheets(national[2023], national[2024]).to_dict()
    assert (d["region"], d["year"], d["previous_year"]) == ("national", 2024, 2023)
    json.dumps(d, ensure_ascii=False)
    for r in d["rows"]:
        assert {"check", "indicator", "period", "verdict"} <= set(r)
        if r["check"] == "target_vs_target":
            assert {"previous", "current", "change", "change_unit"} <= set(r)
        else:
            assert {"target", "outcome"} <= set(r)
        if r["check"] == "target_vs_outcome":
            assert {"margin", "margin_unit"} <= set(r)


def test_json_rows_carry_facts_of_the_facts_contract(national):
    d = compare_sheets(national[2022], national[2023]).to_dict()
    gdp = next(r for r in d["rows"] if r["check"] == "target_vs_outcome" and r["indicator"] == "gdp_growth")
    assert gdp["target"]["text"] == "国内生产总值增长5.5%左右"
    assert {"indicator", "label", "kind", "period", "comparator", "value", "low", "high", "unit", "text",
            "span"} <= set(gdp["target"])
    assert gdp["verdict"] == "missed" and gdp["margin"] == -2.5 and gdp["margin_unit"] == "pp"


def test_json_margins_carry_no_float_noise():
    d = compare_sheets(beijing_2023(), beijing_2024()).to_dict()
    gdp = next(r for r in d["rows"] if r["check"] == "target_vs_outcome")
    assert gdp["margin"] == 0.7


def test_json_summary_counts_verdicts_per_check(national):
    s = compare_sheets(national[2024], national[2025]).to_dict()["summary"]
    assert set(s) == set(CHECKS)
    assert s["target_vs_target"]["lowered"] == 1


# --- pairs that cannot be compared ----------------------------------------------------------

@pytest.mark.parametrize("rule,old,new,message", [
    ("two regions", beijing_2023, lambda: sheet("national", 2024, target("gdp_growth", 2024, "about", 5.0)),
     "different regions"),
    ("the same year twice", beijing_2024, beijing_2024, "both reports are of 2024"),
    ("the old report newer than the new", beijing_2024, beijing_2023, "swap"),
    ("years not consecutive", beijing_2023,
     lambda: sheet("beijing", 2025, target("gdp_growth", 2025, "about", 5.0)), "not consecutive"),
    ("an old report with no targets", lambda: sheet("beijing", 2023, outcome("gdp_growth", 2022, "exact", 0.7)),
     beijing_2024, "no main targets"),
    ("a new report with no targets", beijing_2023, lambda: sheet("beijing", 2024, outcome("gdp_growth", 2023, "exact", 5.2)),
     "no main targets"),
    ("task figures alone are not main targets",
     lambda: sheet("national", 2002, target("task:拟发行长期建设国债", 2002, "exact", 1.5e11, "元")),
     lambda: sheet("national", 2003, target("gdp_growth", 2003, "about", 7.0)), "no main targets"),
])
def test_pairs_that_cannot_be_compared_are_refused_with_a_reason(rule, old, new, message):
    with pytest.raises(ComparisonError, match=message):
        compare_sheets(old(), new())
