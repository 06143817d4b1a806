"""Two task figures pair only when their words allow them to count the same thing.

Every phrase here is a report's own (region and years in the case name). The first table holds
pairs an audit found wrong: similar words, different measures, and a wrong 未完成 (or 完成) read
from them. The second holds rewordings that must still pair, so that the rule refuses what it
should and nothing more.
"""
from __future__ import annotations

import pytest

from targetwatch.diffing.compare import compare_sheets
from targetwatch.diffing.match import different_subjects, pair_facts, subjects
from targetwatch.diffing.model import Fact
from tests.compare.facts import outcome, sheet, target


def T(label: str, comparator: str, value: float, unit: str, text: str, period: int = 2025) -> Fact:
    """A task target of report `period` as the parser gives it: id and label from the phrase."""
    return target(f"task:{label}", period, comparator, value, unit, text, label=label)


def O(label: str, comparator: str, value: float, unit: str, text: str, period: int = 2025) -> Fact:
    """A task outcome for `period`, stated in the next year's report."""
    return outcome(f"task:{label}", period, comparator, value, unit, text, label=label)


def at(fact: Fact, start: int) -> Fact:
    """The fact where the report has it: list items sit one separator (、) apart."""
    return fact.with_(span=(start, start + len(fact.text)))


NOT_THE_SAME = [
    ("tianjin 2025/26: carriers there are (建好) against projects approved in the year (获批)",
     T("建好国家级农业产业融合发展载体", "exact", 19, "个", "建好19个国家级农业产业融合发展载体"),
     O("获批建设国家级农业产业融合发展项目", "exact", 3, "个", "获批建设3个国家级农业产业融合发展项目"), "kind"),
    ("heilongjiang 2025/26: an area kept (稳定在) against the area added (新增)",
     T("绿色有机食品基地面积稳定", "at_least", 1e8, "亩", "绿色有机食品基地面积稳定在1亿亩以上"),
     O("新增绿色有机食品基地面积", "exact", 5.36e6, "亩", "新增绿色有机食品基地面积536万亩"), "kind"),
    ("hainan 2025/26: firms there are (达220家) against firms added (新增46家)",
     T("高新技术精英行动企业", "exact", 220, "家", "高新技术“精英行动”企业达220家"),
     O("新增高新技术精英行动企业", "exact", 46, "家", "新增46家高新技术“精英行动”企业"), "kind"),
    ("jilin 2025/26: area added (新增200万亩) against the area there is (达到4179万亩), was a wrong 完成",
     T("保护性耕作面积新增", "exact", 2e6, "亩", "保护性耕作面积新增200万亩"),
     O("保护性耕作面积", "exact", 4.179e7, "亩", "保护性耕作面积达到4179万亩"), "kind"),
    ("shanghai 2018/19: new line (新增41公里) against the network's length (总长达到705公里)",
     T("新增轨道交通运营线路", "exact", 41, "公里", "新增轨道交通运营线路41公里", 2018),
     O("轨道交通运营线路总长", "exact", 705, "公里", "轨道交通运营线路总长达到705公里", 2018), "kind"),
    ("guangxi 2025/26: projects carried on (推进) against projects started (开工)",
     T("自治区层面统筹推进重大项目", "at_least", 2200, "个", "自治区层面统筹推进重大项目2200个以上"),
     O("自治区重大项目开工", "exact", 390, "个", "自治区重大项目开工390个"), "kind"),
    ("guangxi 2025/26: projects over 1亿 against projects over 10亿",
     T("文旅重大项目", "at_least", 200, "个", "200个以上投资超亿元的文旅重大项目"),
     O("重大项目", "exact", 14, "个", "投资超10亿元重大项目14个"), "size"),
    ("anhui 2025/26: projects over 1亿 against projects of any size",
     T("新开工亿元以上重点项目", "at_least", 1000, "个", "全年新开工亿元以上重点项目1000个以上"),
     O("开工重点项目", "exact", 2000, "个", "全年开工重点项目2000个"), "size"),
    ("jilin 2025/26: industrial investment's share against private investment's share",
     T("产业投资占比", "at_least", 50, "%", "产业投资占比超过50％"),
     O("民间投资占比", "exact", 34, "%", "民间投资占比34%"), "name"),
    ("shanxi 2025/26: manufacturing investment against private investment",
     T("制造业投资增长", "exact", 8, "%", "制造业投资增长8%"),
     O("民间投资增长", "exact", 2.8, "%", "民间投资增长2.8%"), "name"),
    ("heilongjiang 2025/26: manufacturers' upgrade investment against high-tech manufacturing investment",
     T("制造业技改投资增长", "at_least", 30, "%", "制造业技改投资增长30%以上"),
     O("高技术制造业投资增长", "exact", 11.5, "%", "高技术制造业投资增长11.5%"), "name"),
    ("zhejiang 2025/26: cross-border e-commerce exports against all exports",
     T("跨境电商出口增长", "exact", 20, "%", "服务贸易、数字贸易、跨境电商出口分别增长6%、8%、20%"),
     O("外贸出口增长", "exact", 7.2, "%", "外贸出口增长7.2%"), "name"),
    ("hubei 2025/26: industry's value added against high-tech manufacturing's",
     T("规上工业增加值增长", "about", 7.5, "%", "规上工业增加值增长7.5％左右"),
     O("高技术制造业增加值增长", "exact", 15.5, "%", "高技术制造业增加值增长15.5%"), "name"),
]


@pytest.mark.parametrize("case,old,new,why", NOT_THE_SAME, ids=[c[0] for c in NOT_THE_SAME])
def test_figures_that_count_different_things_do_not_pair(case, old, new, why):
    assert different_subjects(subjects([old])[0], subjects([new])[0]) == why
    p = pair_facts([old], [new])
    assert not p.pairs and p.only_old == (old,) and p.only_new == (new,)


STILL_THE_SAME = [
    ("a verb of its own is not another thing counted (建设 / 新建)",
     T("建设高标准农田", "exact", 1e7, "亩", "建设高标准农田1000万亩"),
     O("新建高标准农田", "exact", 9.1e6, "亩", "新建高标准农田910万亩")),
    ("shandong 2025/26: 培育 / 新培育, and a narrower name (省级现代)",
     T("培育海洋特色产业集聚区", "about", 10, "个", "培育10个左右海洋特色产业集聚区"),
     O("新培育省级现代海洋特色产业集聚区", "exact", 7, "个", "新培育省级现代海洋特色产业集聚区7个")),
    ("guangdong 2025/26: the outcome's name lost its first words (规模以上工业企业达7.6万家、增加值增长3%)",
     T("规模以上工业增加值增长", "about", 6, "%", "规模以上工业增加值增长6%左右"),
     O("增加值增长", "exact", 3, "%", "增加值增长3%")),
    ("liaoning 2025/26: 规上 is 规模以上 shortened",
     T("规模以上工业增加值增长", "at_least", 4.5, "%", "规模以上工业增加值增长4.5%以上"),
     O("规上工业增加值增长", "exact", 0.6, "%", "规上工业增加值增长0.6%")),
    ("fujian 2025/26: the same words in another order (重大科技 / 科技重大)",
     T("实施省重大科技创新项目", "at_least", 10, "个", "实施10个以上省重大科技创新项目"),
     O("实施省科技重大创新项目", "exact", 12, "个", "实施省科技重大创新项目12个")),
    ("jilin 2025/26: R&D (R＆D) is 研发, and 全社会 only narrows the name",
     T("RD经费投入增长", "about", 10, "%", "R＆D经费投入增长10％左右"),
     O("全社会研发经费投入增长", "exact", 12, "%", "全社会研发经费投入增长12%")),
    ("two levels: shanghai 2013/14 轨道交通运营线路达到567公里 / 总长达到538公里",
     T("轨道交通运营线路", "exact", 567, "公里", "轨道交通运营线路达到567公里", 2013),
     O("运营线路总长", "exact", 538, "公里", "总长达到538公里", 2013)),
    ("two additions of one size class (投资超10亿元)",
     T("引进重大项目", "exact", 20, "个", "引进投资超10亿元重大项目20个"),
     O("重大项目", "exact", 14, "个", "引进投资超10亿元重大项目14个")),
]


@pytest.mark.parametrize("case,old,new", STILL_THE_SAME, ids=[c[0] for c in STILL_THE_SAME])
def test_rewordings_of_one_figure_still_pair(case, old, new):
    assert different_subjects(subjects([old])[0], subjects([new])[0]) is None
    (a, b, m), = pair_facts([old], [new]).pairs
    assert (a, b) == (old, new)


def test_a_name_in_a_list_counts_what_the_list_counts():
    """qinghai 2025/26: 勘探新增…、天然气200亿立方米 is new reserves, 生产原油…、天然气56.5亿立方米 output.

    The two share the id task:天然气 and were judged 未完成 (56.5亿 against 200亿); the outcome is
    the output of which the 2025 report wanted 60亿立方米以上, and that pair is the one to judge.
    """
    reserves = at(T("勘探新增石油地质储量", "exact", 3e7, "吨", "勘探新增石油地质储量3000万吨"), 14358)
    gas_reserves = at(T("天然气", "exact", 2e10, "立方米", "天然气200亿立方米"), 14375)
    gas_output_target = at(T("天然气产量稳定", "at_least", 6e9, "立方米", "天然气产量稳定在60亿立方米以上"), 14386)
    oil = at(O("生产原油", "exact", 2.39e6, "吨", "生产原油239万吨"), 5118)
    gas = at(O("天然气", "exact", 5.65e9, "立方米", "天然气56.5亿立方米"), 5128)
    targets, outcomes = [reserves, gas_reserves, gas_output_target], [oil, gas]
    assert [s.kind for s in subjects(targets).values()] == ["added", "added", "standing"]
    assert [s.kind for s in subjects(outcomes).values()] == ["standing", "standing"]
    p = pair_facts(targets, outcomes)
    assert [(a.text, b.text) for a, b, _ in p.pairs] == [("天然气产量稳定在60亿立方米以上", "天然气56.5亿立方米")]
    assert gas_reserves in p.only_old


def test_a_list_passes_its_verb_only_to_bare_names_right_after_it():
    """hunan 2025: 力争新增百亿企业10家、省级以上专精特新中小企业800家、单项冠军企业40家以上 are all new firms."""
    listed = [at(T("新增百亿企业", "exact", 10, "家", "力争新增百亿企业10家"), 8909),
              at(T("省级以上专精特新中小企业", "exact", 800, "家", "省级以上专精特新中小企业800家"), 8921),
              at(T("单项冠军企业", "at_least", 40, "家", "单项冠军企业40家以上"), 8938)]
    assert [s.kind for s in subjects(listed).values()] == ["added"] * 3
    apart = [listed[0], at(listed[2], 9000)]  # not the next item: says nothing of its own
    assert [s.kind for s in subjects(apart).values()] == ["added", None]
    with_verb = [listed[0], at(T("建设农村幸福院", "exact", 750, "个", "建设农村幸福院750个"), 8921)]
    assert [s.kind for s in subjects(with_verb).values()] == ["added", None]  # 建设 speaks for itself


def test_a_pair_refused_leaves_the_target_not_reported_in_the_comparison():
    """tianjin 2026: the target without its outcome is 未报告, not 未完成, and the outcome is listed."""
    carriers = T("建好国家级农业产业融合发展载体", "exact", 19, "个", "建好19个国家级农业产业融合发展载体")
    approved = O("获批建设国家级农业产业融合发展项目", "exact", 3, "个", "获批建设3个国家级农业产业融合发展项目")
    old = sheet("tianjin", 2025, target("gdp_growth", 2025, "about", 5.0), carriers)
    new = sheet("tianjin", 2026, outcome("gdp_growth", 2025, "exact", 4.8), approved,
                target("gdp_growth", 2026, "about", 4.5))
    c = compare_sheets(old, new)
    row = next(r for r in c.by_check("target_vs_outcome") if r.indicator == carriers.indicator)
    assert (row.verdict, row.outcome) == ("not_reported", None)
    assert approved in c.outcomes_without_target


def test_the_same_id_does_not_pair_figures_that_count_different_things():
    old = [T("天然气", "exact", 2e10, "立方米", "勘探新增天然气200亿立方米")]
    new = [O("天然气", "exact", 5.65e9, "立方米", "生产天然气56.5亿立方米")]
    assert not pair_facts(old, new).pairs
    same = [O("天然气", "exact", 1.8e10, "立方米", "勘探新增天然气180亿立方米")]
    (_, _, m), = pair_facts(old, same).pairs
    assert m.method == "exact"
