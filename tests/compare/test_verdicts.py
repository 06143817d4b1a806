"""Target against outcome: the rules of COMPARE.md, one table row per rule."""
from __future__ import annotations

import pytest

from targetwatch.diffing.compare import DEFAULT_TOLERANCE, Tolerance, direction, is_multi_year, judge
from tests.compare.facts import assert_judged, outcome, target

T = target
O = outcome

# (rule, target, outcome, verdict, margin, margin_unit)
CASES = [
    ("beijing 2023: 4.5%以上 met by 5.2% with +0.7 pp",
     T("gdp_growth", 2023, "at_least", 4.5, "%", "地区生产总值增长4.5%以上"), O("gdp_growth", 2023, "exact", 5.2),
     "met", 0.7, "pp"),
    ("national 2022: 5.5%左右 missed by 3% with -2.5 pp",
     T("gdp_growth", 2022, "about", 5.5), O("gdp_growth", 2022, "exact", 3.0), "missed", -2.5, "pp"),
    ("national 2023: a CPI ceiling of 3%左右 is met by 0.2% (+2.8)",
     T("cpi", 2023, "about", 3.0), O("cpi", 2023, "exact", 0.2), "met", 2.8, "pp"),
    ("a CPI above its ceiling beyond the tolerance is missed (2007: 3%以内 vs 4.8%)",
     T("cpi", 2007, "at_most", 3.0), O("cpi", 2007, "exact", 4.8), "missed", -1.8, "pp"),
    ("unemployment is lower-is-better: 5.5%左右 vs 5.2% is met by +0.3",
     T("surveyed_unemployment", 2023, "about", 5.5), O("surveyed_unemployment", 2023, "exact", 5.2), "met", 0.3, "pp"),
    ("at_most met exactly on the line (5.5%以内 vs 5.5%)",
     T("surveyed_unemployment", 2022, "at_most", 5.5), O("surveyed_unemployment", 2022, "exact", 5.5), "met", 0.0, "pp"),
    ("exact on a higher-is-better figure: met when actual >= target (7.5% vs 7.8%)",
     T("gdp_growth", 2012, "exact", 7.5), O("gdp_growth", 2012, "exact", 7.8), "met", 0.3, "pp"),
    ("exact on a higher-is-better figure: missed below target",
     T("gdp_growth", 2012, "exact", 7.5), O("gdp_growth", 2012, "exact", 7.4), "missed", -0.1, "pp"),
    ("a level target has a margin in its own unit (1200万人左右 vs 1244万人 = +44万人)",
     T("new_urban_jobs", 2023, "about", 12_000_000, "人"), O("new_urban_jobs", 2023, "exact", 12_440_000, "人"),
     "met", 440_000, "人"),
    ("range: inside the range is met, margin from the lower bound (6.5%-7% vs 6.7%)",
     T("gdp_growth", 2016, "range", None, "%", low=6.5, high=7.0), O("gdp_growth", 2016, "exact", 6.7), "met", 0.2, "pp"),
    ("range: above the range on the better side is met",
     T("gdp_growth", 2019, "range", None, "%", low=6.0, high=6.5), O("gdp_growth", 2019, "exact", 7.0), "met", 1.0, "pp"),
    ("range: below the range is missed",
     T("gdp_growth", 2019, "range", None, "%", low=6.0, high=6.5), O("gdp_growth", 2019, "exact", 5.9),
     "missed", -0.1, "pp"),
    ("grain in 吨 against a target in 斤 is converted (1.3万亿斤以上 vs 6.95亿吨)",
     T("grain_output", 2022, "at_least", 1.3e12, "斤"), O("grain_output", 2022, "exact", 6.95e8, "吨"),
     "met", 9e10, "斤"),
    ("no outcome in the next report: not_reported",
     T("gdp_growth", 2023, "about", 5.0), None, "not_reported", None, None),
    ("an outcome that says nothing (comparator none): not_reported",
     T("gdp_growth", 2023, "about", 5.0), O("gdp_growth", 2023, "none"), "not_reported", None, None),
    ("a qualitative target cannot be met or missed",
     T("income_growth", 2023, "qualitative", text="居民收入增长与经济增长基本同步"), O("income_growth", 2023, "exact", 6.1),
     "not_comparable", None, None),
    ("no target set (2020's GDP): not_comparable",
     T("gdp_growth", 2020, "none", text="没有提出全年经济增速具体目标"), O("gdp_growth", 2020, "exact", 2.3),
     "not_comparable", None, None),
    ("a qualitative outcome cannot be judged",
     T("cpi", 2024, "about", 2.0), O("cpi", 2024, "qualitative", text="物价总体平稳"), "not_comparable", None, None),
    ("units that measure different things: not_comparable",
     T("task:建设保障性住房", 2023, "exact", 2000, "套"), O("task:建设保障性住房", 2023, "exact", 2000, "户"),
     "not_comparable", None, None),
    ("a policy setting (deficit ratio) gets no met/missed",
     T("deficit_ratio", 2022, "about", 2.8), O("deficit_ratio", 2022, "exact", 2.8), "not_comparable", None, None),
    ("special bonds are a policy setting too",
     T("special_bonds", 2023, "exact", 3.8e12, "元"), O("special_bonds", 2023, "exact", 3.8e12, "元"),
     "not_comparable", None, None),
    ("a task is higher-is-better: 5.3万个 met by 5.6万个 (+3000个)",
     T("task:新开工改造城镇老旧小区", 2021, "exact", 53_000, "个"), O("task:新开工改造城镇老旧小区", 2021, "exact", 56_000, "个"),
     "met", 3000, "个"),
    ("a task stating a reduction amount is still more-is-better (减少贫困人口1000万以上 vs 1232万)",
     T("task:减少农村贫困人口", 2014, "at_least", 10_000_000, "人"), O("task:减少农村贫困人口", 2014, "exact", 12_320_000, "人"),
     "met", 2_320_000, "人"),
]


@pytest.mark.parametrize("rule,tgt,out,verdict,margin,unit", CASES, ids=[c[0] for c in CASES])
def test_target_against_outcome(rule, tgt, out, verdict, margin, unit):
    assert_judged(judge(tgt, out), verdict, margin, unit)


@pytest.mark.parametrize("shortfall,tolerance,verdict", [
    (0.4, DEFAULT_TOLERANCE, "met"),
    (0.5, DEFAULT_TOLERANCE, "met"),
    (0.6, DEFAULT_TOLERANCE, "missed"),
    (0.4, Tolerance(points=0.3), "missed"),
    (0.1, Tolerance(0.0, 0.0), "missed"),
])
def test_about_target_is_met_within_the_documented_tolerance(shortfall, tolerance, verdict):
    j = judge(target("gdp_growth", 2014, "about", 7.5), outcome("gdp_growth", 2014, "exact", 7.5 - shortfall), tolerance)
    assert j.verdict == verdict
    assert j.delta == pytest.approx(-shortfall)
    assert j.within_tolerance == (verdict == "met")


def test_about_tolerance_for_levels_is_relative_to_the_target():
    tgt = target("new_urban_jobs", 2023, "about", 12_000_000, "人")
    assert judge(tgt, outcome("new_urban_jobs", 2023, "exact", 11_500_000, "人")).verdict == "met"  # 4.2% short
    assert judge(tgt, outcome("new_urban_jobs", 2023, "exact", 11_300_000, "人")).verdict == "missed"  # 5.8% short
    assert judge(tgt, outcome("new_urban_jobs", 2023, "exact", 11_300_000, "人"), Tolerance(relative=0.1)).verdict == "met"


def test_tolerance_only_applies_to_about_targets():
    """以上 is a floor: 7.4% against 7.5%以上 is missed, however close."""
    j = judge(target("gdp_growth", 2014, "at_least", 7.5), outcome("gdp_growth", 2014, "exact", 7.4))
    assert j.verdict == "missed"


def test_about_ceiling_overshoot_within_tolerance_is_met_but_flagged():
    j = judge(target("cpi", 2011, "about", 4.0), outcome("cpi", 2011, "exact", 4.3))
    assert (j.verdict, j.within_tolerance) == ("met", True)
    assert j.delta == pytest.approx(-0.3)


def test_policy_settings_report_the_plain_difference():
    j = judge(target("deficit_ratio", 2020, "at_least", 3.6), outcome("deficit_ratio", 2020, "exact", 3.7))
    assert j.verdict == "not_comparable"
    assert j.difference == pytest.approx(0.1)


@pytest.mark.parametrize("spec,points,relative", [
    ("0.5pp,5%", 0.5, 0.05),
    ("0.3", 0.3, 0.05),
    ("0.3pp", 0.3, 0.05),
    ("3%", 0.5, 0.03),
    ("0.2个百分点 2%", 0.2, 0.02),
    ("strict", 0.0, 0.0),
])
def test_tolerance_setting_reads_points_and_shares(spec, points, relative):
    t = Tolerance.parse(spec)
    assert (t.points, t.relative) == pytest.approx((points, relative))


@pytest.mark.parametrize("spec", ["", "half", "-1", "0.5pp,abc"])
def test_unreadable_tolerance_is_refused(spec):
    with pytest.raises(ValueError):
        Tolerance.parse(spec)


@pytest.mark.parametrize("fact,way", [
    (target("gdp_growth", 2024, "about", 5.0), "higher"),
    (target("cpi", 2024, "about", 3.0), "lower"),
    (target("surveyed_unemployment", 2024, "about", 5.5), "lower"),
    (target("registered_unemployment", 2012, "at_most", 4.6), "lower"),
    (target("deficit_ratio", 2024, "exact", 3.0), "none"),
    (target("task:新增中小学学位", 2024, "exact", 20_000, "个"), "higher"),
    (target("task:压减粗钢产能", 2016, "exact", 45_000_000, "吨"), "higher"),
    (target("task:PM2.5平均浓度", 2024, "exact", 30, "微克/立方米"), "lower"),
    (target("task:贫困发生率", 2019, "exact", 0.6, "%", "贫困发生率降至0.6%"), "lower"),
    (target("task:新增中小学学位", 2024, "at_most", 20_000, "个"), "lower"),
])
def test_direction_comes_from_the_catalog_the_comparator_and_the_wording(fact, way):
    assert direction(fact) == way


@pytest.mark.parametrize("fact,multi", [
    (outcome("gdp_growth_avg", 2022, "exact", 5.2, period_start=2018), True),
    (outcome("gdp_total_multi", 2022, "exact", 121e12, "元"), True),
    (outcome("task:新建高标准农田", 2022, "exact", 4.56e8, "亩", period_start=2018), True),
    (outcome("gdp_growth", 2022, "exact", 3.0), False),
])
def test_multi_year_figures_are_recognised(fact, multi):
    assert is_multi_year(fact) is multi


def test_a_policy_setting_says_whether_it_went_as_planned():
    assert judge(target("special_bonds", 2023, "exact", 3.8e12, "元"),
                 outcome("special_bonds", 2023, "exact", 3.8e12, "元")).note.endswith("与安排一致")
    assert "+0.1个百分点" in judge(target("deficit_ratio", 2020, "at_least", 3.6),
                                    outcome("deficit_ratio", 2020, "exact", 3.7)).note


# Targets tied to economic growth, worded as the reports word them (scoreboard 2025: beijing,
# shanghai, hunan), each judged by the contract's rule for its wording against the same year's
# GDP growth outcome: 同步 as an `about` target, 高于/快于 as an `at_least` one.
GROWTH_TIED = [
    ("beijing 2025: 与经济增长同步, 4.4% against GDP 5.4%", "居民收入增长与经济增长同步", 4.4, 5.4, "missed", -1.0),
    ("shanghai 2025: 与经济增长保持同步, 4.1% against 5.4%", "居民收入增长与经济增长保持同步", 4.1, 5.4, "missed", -1.3),
    ("hunan 2025: 增速高于经济增速, 5% against 4.8%", "居民收入增速高于经济增速", 5.0, 4.8, "met", 0.2),
    ("national 2022: 与经济增长基本同步 within the tolerance, 2.9% against 3%", "居民收入增长与经济增长基本同步",
     2.9, 3.0, "met", -0.1),
    ("与经济增长保持基本同步, 5.1% against 5%", "居民人均可支配收入增长与经济增长保持基本同步", 5.1, 5.0, "met", 0.1),
    ("和经济增长同步, 5.5% against 5.3%", "居民收入增长和经济增长同步", 5.5, 5.3, "met", 0.2),
    ("高于经济增长速度 has no tolerance: 5.2% against 5.4%", "居民人均可支配收入增速高于经济增长速度", 5.2, 5.4, "missed", -0.2),
    ("快于经济增长, at GDP growth exactly", "居民收入增长快于经济增长", 5.0, 5.0, "met", 0.0),
]


@pytest.mark.parametrize("case,words,income,gdp,verdict,margin", GROWTH_TIED, ids=[c[0] for c in GROWTH_TIED])
def test_income_tied_to_growth_is_judged_against_the_years_gdp(case, words, income, gdp, verdict, margin):
    j = judge(T("income_growth", 2025, "qualitative", text=words), O("income_growth", 2025, "exact", income),
              gdp=O("gdp_growth", 2025, "exact", gdp))
    assert_judged(j, verdict, margin, "pp")
    assert j.within_tolerance == (verdict == "met" and margin < 0)
    # the note says what was compared with what, in figures
    assert f"居民收入增速（{income:g}%）与同年地区生产总值增速（{gdp:g}%）" in j.note


def test_the_rule_of_each_wording_is_stated_plainly():
    gdp = O("gdp_growth", 2025, "exact", 5.4)
    in_step = judge(T("income_growth", 2025, "qualitative", text="居民收入增长与经济增长同步"),
                    O("income_growth", 2025, "exact", 4.4), gdp=gdp)
    assert in_step.note == ("规则：“与经济增长同步”比较居民收入增速（4.4%）与同年地区生产总值增速（5.4%），"
                            "居民收入增速不低于经济增速、或低得不超过0.5个百分点为完成")
    above = judge(T("income_growth", 2025, "qualitative", text="居民收入增速高于经济增速"),
                  O("income_growth", 2025, "exact", 5.0), gdp=gdp)
    assert above.note == ("规则：“高于经济增长”比较居民收入增速（5%）与同年地区生产总值增速（5.4%），"
                          "居民收入增速不低于经济增速为完成")
    strict = judge(T("income_growth", 2025, "qualitative", text="居民收入增长与经济增长同步"),
                   O("income_growth", 2025, "exact", 5.2), Tolerance(0.0, 0.0), gdp=gdp)
    assert strict.verdict == "missed" and "低得不超过0个百分点" in strict.note


def test_a_growth_tied_target_without_the_years_gdp_is_not_comparable():
    j = judge(T("income_growth", 2025, "qualitative", text="居民收入增速高于经济增速"), O("income_growth", 2025, "exact", 5.0))
    assert j.verdict == "not_comparable" and j.note == "目标为“高于经济增长”，但报告未给出同年经济增长实绩"
