"""Task labels name the thing counted (diffing.tasks, diffing.lists), phrase by phrase from real reports.

Each row is the words before a figure and the words after it, as the extractor hands them to
`clean_label`, and the label a reader should see; every expected label also passes the headline
rules (diffing.headline.label_problem), so a repaired label can enter a headline view.
"""
from __future__ import annotations

import pytest

from targetwatch.diffing.headline import label_problem
from targetwatch.diffing.parse import parse_report
from targetwatch.diffing.tasks import clean_label, needs_subject, subject_of, task_id
from tests.parser.test_facts import YEAR, in_review, in_targets


def tasks(text: str, year: int = YEAR):
    return [f for f in parse_report(text, "guangdong", year).facts if f.is_task]


# A figure inside the label means the cut point was wrong: the next item of a list, or the
# figure that counts the noun after it, or a date, stood in the words kept.
FIGURE_INSIDE = [
    ("新增", "备案博物馆和29家类博物馆", "新增备案博物馆"),                   # 15家 of 新增15家备案博物馆和29家…
    ("累计建成", "数字化车间和183个智能工厂", "建成数字化车间"),
    ("实施", "农村饮水水源保障工程和25个城乡供水一体化工程", "实施农村饮水水源保障工程"),
    ("", "省重点项目完成投资7295亿元", "省重点项目完成投资"),              # 1593个 of 1593个省重点项目…
    ("引进投资", "重大项目14个", "引进投资重大项目"),                       # 10亿元 of 引进投资10亿元以上…
    ("新开工", "制造业项目248个", "新开工制造业项目"),
    ("推出", "1181项对照学习沪苏浙创新政策和举措", "推出对照学习沪苏浙创新政策和举措"),
    ("", "的村集体经营性收入超过10万元", "村集体经营性收入"),
    ("汽车货物周转量比1954年增长", "", "汽车货物周转量增长"),
    ("全市人均预期寿命较2020年提高", "", "人均预期寿命提高"),
    ("国民生产总值1987年达到", "", "国民生产总值"),
    ("重点园区2025年营业收入", "", "重点园区营业收入"),
    ("群众安全感连续8年保持在", "", "群众安全感保持"),
    ("16条省级重点产业链", "", "省级重点产业链"),                        # the count of a 分别 list item
    ("高新技术企业5年增加", "", "高新技术企业增加"),
]

# A verb of change (扩大到, 由…) says what happens to a number without saying to which.
VERB_ONLY = [
    ("居民服务“一卡通办”事项扩大到", "", "居民服务一卡通办事项"),
    ("农民专业合作社发展到", "", "农民专业合作社"),
    ("市属重点国企由", "整合为33家", "市属重点国企"),
    ("将农村部分计划生育家庭奖励扶助标准由人均", "提高到720元", "农村部分计划生育家庭奖励扶助标准"),
    ("财政补助标准由每人每年", "提高到380元", "财政补助标准"),
    ("殡葬基本服务费由平均", "下降到1000元左右", "殡葬基本服务费"),
    ("再制造产品进口目录扩展到", "", "再制造产品进口目录"),
    ("困难残疾人生活补贴标准分别从每人每月", "", "困难残疾人生活补贴标准"),
]

# Edges: a particle or qualifier left from the figure (80%的…, 65岁及以上…), a joining word
# that belongs to a word (惠及, 参与), a preposition that opens a name (无理由, 自由贸易港).
EDGES = [
    ("", "的县级医院达到三级综合医院水平", "县级医院达到三级综合医院水平"),
    ("及以上老年人医养结合服务率超过", "", "老年人医养结合服务率"),
    ("惠及", "儿童", "惠及儿童"),
    ("发放租赁补贴惠及", "", "发放租赁补贴"),
    ("我区参与的", "科技成果获国家科学技术奖", "参与科技成果获国家科学技术奖"),
    ("线下无理由退货承诺店超", "", "线下无理由退货承诺店"),
    ("推动出台", "自由贸易港法规", "推动出台自由贸易港法规"),
]

# Of 达到二级医院服务能力的县域医疗卫生次中心 the figure counts the noun after 的; of
# 背街巷道的综合改造 (no verb before 的) the one before it. A long run is cut where a word ends.
HEADS = [
    ("新增", "达到二级医院服务能力的县域医疗卫生次中心", "新增县域医疗卫生次中心"),
    ("开展首批", "以县城为重要载体的新型城镇化建设试点", "开展首批新型城镇化建设试点"),
    ("完成", "背街巷道的综合改造", "完成背街巷道的综合改造"),
    ("", "村卫生室实现与乡镇卫生院一体化管理", "村卫生室实现与乡镇卫生院一体"),
]


@pytest.mark.parametrize("pre,post,label", FIGURE_INSIDE + VERB_ONLY + EDGES + HEADS)
def test_the_label_names_what_the_figure_counts(pre: str, post: str, label: str) -> None:
    assert clean_label(pre, post) == label
    assert label_problem(label) is None


@pytest.mark.parametrize("pre,label", [
    ("220千伏及以上输电线路总长超", "220千伏及以上输电线路总长"),
    ("每千人口拥有3岁以下婴幼儿托位数达", "每千人口拥有3岁以下婴幼儿托位数"),
])
def test_a_figure_that_qualifies_the_name_stays(pre: str, label: str) -> None:
    """Only a leading count (16条…) or a date goes: without 220千伏及以上 the name says less, so it
    stays, and the headline rules keep such a label out of the default view."""
    assert clean_label(pre, "") == label
    assert label_problem(label) == "figure"


def test_digits_of_a_name_stay_and_the_label_is_clean() -> None:
    """2.5年 of PM2.5年均浓度 is no duration: only 较2020年 goes, and PM2.5 is a name, not a figure."""
    label = clean_label("全省PM2.5年均浓度较2020年下降", "")
    assert label == "PM2.5年均浓度下降"  # the decimal point stays: PM25 is no pollutant
    assert label_problem(label) is None


@pytest.mark.parametrize("pre,post", [
    ("即比一九五二年增长", ""),   # the subject is in the clause before: the item borrows it
    ("", "/月和485元/月"),        # the second figure of 740元/月和485元/月: the first one's subject
])
def test_a_bare_change_or_a_second_figure_waits_for_a_subject(pre: str, post: str) -> None:
    assert needs_subject(clean_label(pre, post))


@pytest.mark.parametrize("label,subject", [
    ("老旧小区综合整治新开工", "老旧小区综合整治"),
    ("旅客周转量增长", "旅客周转量"),        # not 旅客周转量增长增长 for the item after it
    ("建设筹集保障性租赁住房", "建设筹集保障性租赁住房"),
])
def test_the_subject_an_enumerated_item_borrows(label: str, subject: str) -> None:
    assert subject_of(label) == subject


def test_a_dated_subject_keeps_its_id_across_years() -> None:
    """重点园区2025年营业收入 and 重点园区2026年营业收入: the date leaves the label, so the id matches."""
    assert task_id(clean_label("重点园区2025年营业收入", "")) == task_id(clean_label("重点园区2026年营业收入", ""))


@pytest.mark.parametrize("sentence,expected", [
    # guangdong 2025: two items, each with the figure it starts from and the one it reaches
    ("困难残疾人生活补贴、重度残疾人护理补贴标准分别从每人每月202元、270元提高到209元、280元。",
     {202: "困难残疾人生活补贴", 209: "困难残疾人生活补贴", 270: "重度残疾人护理补贴标准",
      280: "重度残疾人护理补贴标准"}),
    # the words the items share (产量, 领域投资, 机场旅客吞吐量) complete the short ones
    ("水果、蔬菜、茶叶产量分别达2050万吨、4200万吨、16万吨。",
     {2.05e7: "水果产量", 4.2e7: "蔬菜产量", 1.6e5: "茶叶产量"}),
    ("全年交通、水利、能源、市政领域投资分别达2300亿元、600亿元、1700亿元、900亿元。",
     {2.3e11: "交通领域投资", 6e10: "水利领域投资", 1.7e11: "能源领域投资", 9e10: "市政领域投资"}),
    ("厦门、福州机场旅客吞吐量分别达2790.6万人次、1600万人次。",
     {27906000: "厦门机场旅客吞吐量", 1.6e7: "福州机场旅客吞吐量"}),
    ("一、二、三产业增加值分别增长4%、5.3%、6%。",
     {4: "一产业增加值增长", 5.3: "二产业增加值增长", 6: "三产业增加值增长"}),
])
def test_each_item_of_a_respectively_list_is_named_in_full(sentence: str, expected: dict) -> None:
    found = {round(f.value, 2): f.label for f in tasks(in_review(sentence))}
    assert found == {round(k, 2): v for k, v in expected.items()}
    assert all(label_problem(label) is None for label in found.values())


@pytest.mark.parametrize("sentence,value,label", [
    ("新增15家备案博物馆和29家类博物馆。", 15, "新增备案博物馆"),
    ("建成数字化车间1096个。", 1096, "建成数字化车间"),
    ("产业化龙头企业发展到22家。", 22, "产业化龙头企业"),
    ("行政许可事项缩减到130项。", 130, "行政许可事项"),
])
def test_labels_from_a_whole_sentence(sentence: str, value: float, label: str) -> None:
    found = {f.value: f.label for f in tasks(in_targets("地区生产总值增长5%左右。\n" + sentence))}
    assert found[value] == label


@pytest.mark.parametrize(("pre", "label"), [
    ("细颗粒物(PM2.5)平均浓度", "细颗粒物PM2.5平均浓度"),  # brackets go, the decimal point stays
    ("实施优化营商环境6.0版改革举措", "实施优化营商环境6.0版改革举措"),
    ("PM10.平均浓度", "PM10平均浓度"),  # a point after the digits is punctuation
    ("工业互联网.标识解析节点", "工业互联网标识解析节点"),  # and so is one between words
])
def test_a_label_keeps_a_decimal_point_and_drops_every_other(pre: str, label: str) -> None:
    assert clean_label(pre, "") == label
