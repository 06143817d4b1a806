"""Task commitments are matched across years by id, then by wording, and say how sure they are."""
from __future__ import annotations

import pytest

from targetwatch.diffing.compare import compare_sheets
from targetwatch.diffing.match import convert, pair_facts, same_measure, similarity
from tests.compare.facts import outcome, sheet, target


@pytest.mark.parametrize("a,b,low,high", [
    ("改造城镇老旧小区", "城镇老旧小区改造", 0.8, 0.9),
    ("新建高标准农田", "建设高标准农田", 0.6, 0.7),
    ("新增中小学学位", "新增城镇就业", 0.0, 0.2),
    ("新增中小学学位", "新增中小学学位", 1.0, 1.0),
    ("", "新增学位", 0.0, 0.0),
])
def test_similarity_is_the_dice_coefficient_of_character_bigrams(a, b, low, high):
    assert low <= similarity(a, b) <= high


def test_same_id_pairs_exactly_with_full_confidence():
    p = pair_facts([target("task:新开工改造城镇老旧小区", 2021, "exact", 53_000, "个")],
                   [outcome("task:新开工改造城镇老旧小区", 2021, "exact", 56_000, "个")])
    (a, b, m), = p.pairs
    assert (m.method, m.score) == ("exact", 1.0)
    assert m.to_dict() == {"method": "exact", "score": 1.0}


def test_a_reworded_task_pairs_by_similar_wording_and_states_its_score():
    p = pair_facts([target("task:新开工改造城镇老旧小区", 2021, "exact", 53_000, "个")],
                   [outcome("task:城镇老旧小区改造", 2021, "exact", 56_000, "个")])
    (a, b, m), = p.pairs
    assert m.method == "similar" and 0.5 <= m.score < 1.0
    assert m.to_dict()["old"] == "task:新开工改造城镇老旧小区"
    assert m.to_dict()["new"] == "task:城镇老旧小区改造"


def test_similar_wording_in_another_unit_does_not_pair():
    p = pair_facts([target("task:新建保障性住房", 2023, "exact", 1000, "套")],
                   [outcome("task:保障性住房新建", 2023, "exact", 1000, "户")])
    assert not p.pairs and len(p.only_old) == 1 and len(p.only_new) == 1


def test_catalog_indicators_pair_by_id_only():
    p = pair_facts([target("budget_revenue_growth", 2023, "exact", 5.0)],
                   [outcome("budget_revenue_total", 2023, "exact", 6e11, "元")])
    assert not p.pairs


@pytest.mark.parametrize("old,new", [
    ("task:比上年减少", "task:比上年增加"),                      # opposite directions
    ("task:中央财政安排科技投入", "task:中央财政安排"),          # only filler in common
    ("task:新增中小学学位", "task:新增城镇就业"),
])
def test_phrases_that_only_look_alike_do_not_pair(old, new):
    p = pair_facts([target(old, 2006, "exact", 7.16e10, "元")], [outcome(new, 2006, "exact", 2.7e9, "元")])
    assert not p.pairs


def test_each_fact_pairs_at_most_once_best_score_first():
    olds = [target("task:城镇老旧小区改造", 2021, "exact", 53_000, "个")]
    news = [outcome("task:老旧小区改造", 2021, "exact", 1, "个"), outcome("task:城镇老旧小区改造提升", 2021, "exact", 2, "个")]
    p = pair_facts(olds, news)
    (a, b, m), = p.pairs
    assert b.indicator == "task:城镇老旧小区改造提升"
    assert [f.indicator for f in p.only_new] == ["task:老旧小区改造"]


def test_unmatched_tasks_are_listed_in_the_comparison():
    old = sheet("beijing", 2024, target("gdp_growth", 2024, "about", 5.0),
                target("task:增加中小学学位", 2024, "exact", 20_000, "个", "新增中小学学位2万个"),
                target("task:建设保障性租赁住房", 2024, "exact", 70_000, "套", "建设筹集保障性租赁住房7万套"))
    new = sheet("beijing", 2025, outcome("gdp_growth", 2024, "exact", 5.2),
                outcome("task:中小学学位增加", 2024, "exact", 24_000, "个", "增加中小学学位2.4万个"),
                outcome("task:完成造林", 2024, "exact", 100_000, "亩", "完成造林10万亩"),
                target("gdp_growth", 2025, "about", 5.0))
    c = compare_sheets(old, new)
    tvo = {r.indicator: r for r in c.by_check("target_vs_outcome")}
    assert tvo["task:增加中小学学位"].verdict == "met"
    assert tvo["task:增加中小学学位"].match.method == "similar"
    assert tvo["task:建设保障性租赁住房"].verdict == "not_reported"
    assert [f.indicator for f in c.outcomes_without_target] == ["task:完成造林"]
    tvt = {r.indicator: r.verdict for r in c.by_check("target_vs_target")}
    assert tvt["task:增加中小学学位"] == "not_repeated" and tvt["task:建设保障性租赁住房"] == "not_repeated"


def test_the_similarity_threshold_is_a_parameter():
    old = sheet("beijing", 2024, target("gdp_growth", 2024, "about", 5.0),
                target("task:增加中小学学位", 2024, "exact", 20_000, "个"))
    new = sheet("beijing", 2025, outcome("task:中小学学位增加", 2024, "exact", 24_000, "个"),
                target("gdp_growth", 2025, "about", 5.0))
    strict = compare_sheets(old, new, similarity=1.0)
    assert {r.indicator: r.verdict for r in strict.by_check("target_vs_outcome")}["task:增加中小学学位"] == "not_reported"


@pytest.mark.parametrize("value,unit,to,expected", [
    (1.0, "吨", "斤", 2000.0),
    (1.0, "公里", "米", 1000.0),
    (1.0, "公顷", "亩", 15.0),
    (1.0, "套", "户", None),
    (5.0, "%", "%", 5.0),
])
def test_units_convert_only_between_measures_of_the_same_thing(value, unit, to, expected):
    assert convert(value, unit, to) == expected
    assert same_measure(unit, to) is (expected is not None)
