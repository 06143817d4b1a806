"""Tasks (quantified commitments), report layouts, and region/year read from the text."""
from __future__ import annotations

import pytest

from targetwatch.diffing.errors import UnknownRegion, UnknownYear
from targetwatch.diffing.meta import infer_region, infer_year
from targetwatch.diffing.parse import parse_report
from tests.parser.test_facts import YEAR, in_review, in_targets


def tasks(text: str, region: str = "beijing", year: int = YEAR):
    return [f for f in parse_report(text, region, year).facts if f.is_task]


def test_the_same_commitment_gets_the_same_id_in_consecutive_years() -> None:
    old = tasks(in_targets("地区生产总值增长5%左右。\n建设筹集保障性租赁住房7万套。"))
    new = tasks(in_review("建设筹集保障性租赁住房8.2万套。", YEAR + 1), year=YEAR + 1)
    assert [f.indicator for f in old] == [f.indicator for f in new] == ["task:建设筹集保障性租赁住房"]
    assert (old[0].kind, old[0].period, old[0].value, old[0].unit) == ("target", YEAR, 70000, "套")
    assert (new[0].kind, new[0].period, new[0].value) == ("outcome", YEAR, 82000)


def test_an_enumeration_is_split_and_each_item_keeps_its_subject() -> None:
    found = tasks(in_targets("地区生产总值增长5%左右。\n老旧小区综合整治新开工300个、完工200个，老楼加装电梯新开工1000部、完工600部。"))
    by_value = {f.value: f for f in found}
    assert set(by_value) == {300, 200, 1000, 600}
    assert "老旧小区" in by_value[300].indicator and "老旧小区" in by_value[200].indicator
    assert by_value[300].indicator != by_value[200].indicator
    assert "加装电梯" in by_value[600].indicator
    assert by_value[600].unit == "部"


@pytest.mark.parametrize("sentence,value,unit,key", [
    ("妥善安置34.4万名受灾群众。", 344000, "名", "受灾群众"),
    ("759所受灾学校全部如期开学。", 759, "所", "受灾学校"),
    ("1万余套受损农民住房完成修缮。", 10000, "套", "农民住房"),
    ("近七成受灾乡村民宿已正常运营。", 70, "%", "民宿"),
    ("新开业大型商业设施面积近240万平方米。", 2.4e6, "平方米", "商业设施"),
    ("迭代推出170余项新的试点举措。", 170, "项", "试点举措"),
    ("上市公司数量增至开市时的近三倍。", 3, "倍", "上市公司"),
])
def test_a_figure_before_its_noun_still_names_the_thing_counted(sentence, value, unit, key) -> None:
    found = tasks(in_review(sentence))
    assert len(found) == 1
    f = found[0]
    assert (f.value, f.unit) == (pytest.approx(value), unit)
    assert key in f.indicator + f.label + f.text


def test_growth_of_a_task_total_keeps_the_subject() -> None:
    found = tasks(in_review("北京向天津、河北输出技术合同成交额748.7亿元、增长1.1倍。"))
    units = {f.unit: f for f in found}
    assert units["元"].value == pytest.approx(7.487e10)
    assert units["倍"].value == 1.1
    assert "技术合同成交额" in units["倍"].indicator


@pytest.mark.parametrize("sentence", [
    "实施轨道交通101线、22号线等重大项目。",
    "全力应对“23·7”极端强降雨。",
    "圆满完成第三届“一带一路”国际合作高峰论坛服务保障任务。",
    "启动高级别自动驾驶示范区建设4.0阶段任务。",
    "2024年是实现“十四五”规划目标任务的关键一年。",
    "1月21日上午，北京市第十六届人民代表大会第二次会议开幕。",
    "推动“两个示范区”建设取得更大突破，支持“三校一院”交钥匙项目。",
])
def test_ordinals_names_and_dates_make_no_facts(sentence: str) -> None:
    assert parse_report(in_review(sentence), "beijing", YEAR).facts == ()


def test_a_flattened_report_without_line_breaks_is_read_like_any_other() -> None:
    text = ("政府工作报告 ——2024年1月23日上海市第十六届人民代表大会第二次会议上 各位代表： 一、2023年工作回顾 "
            "过去一年，全市生产总值达到4.72万亿元、增长5%。 二、2024年主要任务 综合各方面因素，建议今年全市经济"
            "社会发展的主要预期目标是：全市生产总值增长5%左右，城镇调查失业率5%以内。 今年重点做好以下工作。")
    sheet = parse_report(text)
    assert (sheet.region, sheet.report_year) == ("shanghai", 2024)
    found = {(f.indicator, f.kind): f.value for f in sheet.facts}
    assert found[("gdp_growth", "target")] == 5
    assert found[("gdp_growth", "outcome")] == 5
    assert found[("gdp_total", "outcome")] == pytest.approx(4.72e12)
    assert found[("surveyed_unemployment", "target")] == 5


def test_a_review_that_opens_before_any_heading_is_read_as_last_year() -> None:
    # A web copy glued the heading 一、2003年工作的回顾 to the paragraph before it, so no heading is seen:
    # the paragraph that opens 刚刚过去的2003年 starts the review by itself.
    text = ("政府工作报告 ——2004年1月22日在上海市第十二届人民代表大会第二次会议 各位代表： 　　现在，我代表上海市"
            "人民政府，向大会作政府工作报告，请予审议。一、2003年工作的回顾 　　刚刚过去的2003年是不平凡的一年。"
            "全市国内生产总值预计实现6240亿元，比上年增长11.8%；城镇登记失业率为4.9%。")
    found = {(f.indicator, f.kind, f.period): f.value for f in parse_report(text, "shanghai", 2004).facts}
    assert found[("gdp_growth", "outcome", 2003)] == 11.8
    assert found[("registered_unemployment", "outcome", 2003)] == 4.9


def test_years_written_in_numerals_turn_the_parts_of_an_old_report() -> None:
    # 一九五八年 holds 九五 (the ninth five-year plan's name) and is a year in numerals, as the 1950s reports
    # write them: the part headed （二）争取一九五八年… is the year's plan, not a look back at 1957.
    text = ("各位代表：\n（一）一九五七年经济战线上的胜利\n一九五七年钢产量达到五百二十四万吨。\n"
            "（二）争取一九五八年国民经济的新跃进\n一九五八年钢产量拟定为六百二十四万八千吨。\n")
    facts = parse_report(text, "national", 1958).facts
    assert {(f.value, f.kind, f.period, f.period_start) for f in facts} == {
        (5240000.0, "outcome", 1957, None), (6248000.0, "target", 1958, None)}


def test_a_news_summary_with_markdown_headings() -> None:
    text = ("# 一文读懂北京市政府工作报告：2024年GDP增长目标设定在5%左右\n"
            "1月21日上午，北京市市长殷勇作政府工作报告。\n**回顾2023年工作**\n"
            "**2023年全市地区生产总值增长5.2%**\n2023年，全市地区生产总值增长5.2%，城镇调查失业率4.4%。\n"
            "**2024年重点任务**\n报告指出，今年全市经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n")
    sheet = parse_report(text, "beijing", 2024)
    found = {(f.indicator, f.kind, f.period): f for f in sheet.facts}
    assert found[("gdp_growth", "outcome", 2023)].value == 5.2
    assert found[("gdp_growth", "target", 2024)].value == 5
    # The bold sub-title repeats the figure; the fact is quoted from the body, not the title.
    assert found[("gdp_growth", "outcome", 2023)].span[0] > text.index("2023年，")
    assert not any(f.span[0] < text.index("2023年，") and f.kind == "outcome" for f in sheet.facts)


def test_glossary_after_the_report_is_not_read() -> None:
    text = in_targets("地区生产总值增长5%左右。") + "名词解释\n1.某某工程：计划新建学校300所。\n"
    assert not any(f.value == 300 for f in parse_report(text, "sichuan", YEAR).facts)


@pytest.mark.parametrize("head,year", [
    ("政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n", 2024),
    ("2025年北京市政府工作报告\n来源：北京日报\n", 2025),
    ("2026年甘肃省政府工作报告\n——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上\n", 2026),
    ("各位代表：\n首先报告２００１年的工作\n一、2001年工作回顾\n", 2002),
])
def test_the_year_is_read_from_title_dateline_or_review(head: str, year: int) -> None:
    from targetwatch.diffing.textview import ascii_view

    assert infer_year(ascii_view(head + "过去一年，经济平稳运行。\n")) == year


@pytest.mark.parametrize("head,region", [
    ("——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理 李强\n", "national"),
    ("2025年北京市政府工作报告\n", "beijing"),
    ("——2025年1月13日在福建省第十四届人民代表大会第三次会议上\n", "fujian"),
    ("现在，我代表自治区人民政府向大会报告工作。宁夏回族自治区\n", "ningxia"),
    ("海拉尔区人民政府区长 某某\n现在，我代表海拉尔区人民政府作工作报告\n", "hailaer"),
    # Early national reports have no dateline naming the NPC; they speak of 我国, never of 全省.
    ("各位代表：\n我們第一届全國人民代表大會第一次會議……現在，我代表中央人民政府作工作報告。\n", "national"),
    ("各位代表：\n刚刚过去的1984年，是我国各族人民取得伟大成就的一年。我国经济……我国外交……"
     "我国农业……我国工业……我国科技……\n", "national"),
    ("各位代表：\n我受中共中央和国务院的委托，向大会作报告。全国农民……我国农业……我国粮食……"
     "我国棉花……山西省昔阳县大寨……我国水利……\n", "national"),
    # …while a province's report that mentions 我国 as often still names itself (全省).
    ("各位代表：\n过去一年，全省经济稳中有进。我国经济……我国外贸……我国农业……我国工业……我国科技……"
     "山西的煤炭……山西转型……山西能源……\n", "shanxi"),
])
def test_the_region_is_read_from_the_opening(head: str, region: str) -> None:
    assert infer_region(head) == region


def test_without_year_or_region_the_parser_says_what_to_pass() -> None:
    with pytest.raises(UnknownYear, match="--year"):
        parse_report("这是一段没有年份的文字。", region="national")
    with pytest.raises(UnknownYear, match="--year"):
        parse_report("这是一段没有年份的文字。")  # the year is asked first, as before
    with pytest.raises(UnknownRegion, match="--region"):
        parse_report("2024年工作回顾\n地区生产总值增长5%。")


def test_a_text_that_is_not_a_report_gives_no_facts() -> None:
    text = "菜谱：西红柿炒鸡蛋\n准备两个鸡蛋、三个西红柿，少许盐。\n先把鸡蛋打散。"
    assert parse_report(text, "beijing", 2024).facts == ()


def test_a_stray_space_inside_a_line_does_not_cut_the_paragraph() -> None:
    from targetwatch.diffing.structure import split_paragraphs

    text = "一、2023年工作回顾\n　　国内生产总值增长 5.2%，城镇新增就业1244万人。 \n二、2024年主要任务\n"
    spans = split_paragraphs(text)
    assert [text[a:b] for a, b in spans] == ["一、2023年工作回顾", "国内生产总值增长 5.2%，城镇新增就业1244万人。",
                                             "二、2024年主要任务"]


def test_lines_lose_their_blanks_and_blank_lines_make_no_paragraphs() -> None:
    from targetwatch.diffing.structure import split_paragraphs

    # Any whitespace after a break goes with the break (\x0b too); at a line's end only the
    # blanks (spaces, tabs, full-width spaces, no-break spaces, \r) are trimmed.
    text = "　　标题 \r\n\n\t 第一段。\u3000\n\x0b第二段\x0b \n\n\n"
    assert [text[a:b] for a, b in split_paragraphs(text)] == ["标题", "第一段。", "第二段\x0b"]
    assert split_paragraphs("") == [] and split_paragraphs("\n \n") == []


@pytest.mark.timeout(20)
def test_a_long_run_of_blank_lines_is_read_once() -> None:
    from targetwatch.diffing.structure import split_paragraphs

    text = "正文。" + "\n \u3000\n" * 100_000  # every break of the run could start a paragraph
    assert split_paragraphs(text) == [(0, 3)]


@pytest.mark.parametrize("sentence,value,unit", [
    ("冰雪运动参与人次超630万。", 6.3e6, "人次"),
    ("全市常住人口2185.8万。", 2.1858e7, "人"),
])
def test_an_amount_without_measure_word_takes_it_from_its_subject(sentence: str, value: float, unit: str) -> None:
    found = tasks(in_review(sentence))
    assert [(f.value, f.unit) for f in found] == [(pytest.approx(value), unit)]


def test_an_amount_whose_unit_nobody_wrote_is_left_out() -> None:
    assert tasks(in_review("脱贫人口务工规模超过3300万。")) == []


def test_a_share_written_as_a_fraction() -> None:
    found = tasks(in_review("技能大赛获得13块金牌、占全国1/3。"))
    assert [(round(f.value, 2), f.unit) for f in found if f.unit == "%"] == [(33.33, "%")]


@pytest.mark.parametrize("sentence,task_id,value", [
    ("打造10个“数字领航”企业。", "task:打造数字领航企业", 10),
    ("新增国家级专精特新“小巨人”企业450家。", "task:新增国家级专精特新小巨人企业", 450),
    ("建成“司机之家”37个。", "task:建成司机之家", 37),
    ("新增“京通”便民便企服务200项。", "task:新增京通便民便企服务", 200),
])
def test_a_quoted_name_is_part_of_the_subject(sentence: str, task_id: str, value: float) -> None:
    [fact] = tasks(in_targets(sentence))
    assert (fact.indicator, fact.value) == (task_id, value)
    assert "“" in fact.text and "”" in fact.text


@pytest.mark.parametrize("sentence,expected", [
    ("城镇、农村居民人均可支配收入分别增长3.4%、5.2%。",
     {"task:城镇居民人均可支配收入增长": 3.4, "task:农村居民人均可支配收入增长": 5.2}),
    ("城镇和农村常住居民人均可支配收入分别增长3.9%和5.7%。",
     {"task:城镇常住居民人均可支配收入增长": 3.9, "task:农村常住居民人均可支配收入增长": 5.7}),
    ("城乡居民人均可支配收入分别增长5.3%、7%。",
     {"task:城镇居民人均可支配收入增长": 5.3, "task:农村居民人均可支配收入增长": 7}),
    ("一产、二产、三产增加值分别增长6%、5.2%、5.2%。",
     {"task:一产增加值增长": 6, "task:二产增加值增长": 5.2, "task:三产增加值增长": 5.2}),
    ("急难型、支出型临时救助最低标准分别提高100元、150元。",
     {"task:急难型临时救助最低标准提高": 100, "task:支出型临时救助最低标准提高": 150}),
    ("原煤、原油、天然气产量分别增长72.1%、31.2%、141%。",  # the items share the last one's 产量
     {"task:原煤产量增长": 72.1, "task:原油产量增长": 31.2, "task:天然气产量增长": 141}),
])
def test_each_item_of_a_respectively_list_gets_its_own_id(sentence: str, expected: dict) -> None:
    found = {f.indicator: f.value for f in tasks(in_review(sentence))}
    assert found == pytest.approx(expected)


@pytest.mark.parametrize("sentence,expected", [
    # a 分别 that opens its clause shares its figures over the clauses before it (jiangxi 2025, xinjiang 2025)
    ("生产型企业进出口占外贸比重78.7%，机电产品出口占出口比重62.6%，分别提高11.1、11.2个百分点。",
     {"task:生产型企业进出口占外贸比重提高": 11.1, "task:机电产品出口占出口比重提高": 11.2}),
    ("全年接待游客突破3亿人次，游客花费3595.42亿元，分别增长14%和21%。",
     {"task:接待游客增长": 14, "task:游客花费增长": 21}),
])
def test_a_respectively_clause_speaks_of_the_clauses_before(sentence: str, expected: dict) -> None:
    found = {f.indicator: f.value for f in tasks(in_review(sentence)) if f.unit in ("%", "pp")}
    assert {k: v for k, v in found.items() if "增长" in k or "提高" in k} == pytest.approx(expected)


@pytest.mark.parametrize("sentence,expected", [
    ("全省地区生产总值5000亿元，一般公共预算收入300亿元，分别增长5.2%和3%。",
     {"gdp_total": 5000e8, "gdp_growth": 5.2, "budget_revenue_total": 300e8, "budget_revenue_growth": 3}),
    ("社会消费品零售总额1.2万亿元，固定资产投资8000亿元，分别增长5%、4%。",
     {"retail_sales_growth": 5, "fixed_asset_investment_growth": 4}),
])
def test_catalog_names_of_the_clauses_before_a_respectively_clause_take_its_figures(sentence: str,
                                                                                     expected: dict) -> None:
    sheet = parse_report(in_review(sentence), region="jiangxi", year=YEAR)
    found = {f.indicator: f.value for f in sheet.facts if not f.is_task}
    assert found == pytest.approx(expected)


def test_a_fall_shared_by_position_is_left_to_the_tasks() -> None:
    sheet = parse_report(in_review("地区生产总值5000亿元，一般公共预算收入300亿元，分别下降1.2%和3%。"),
                         region="jiangxi", year=YEAR)
    assert "gdp_growth" not in {f.indicator for f in sheet.facts}


def test_a_clause_with_two_figures_is_not_one_item_of_a_respectively_clause() -> None:
    found = {f.indicator for f in tasks(in_review("兰州高新区全国排名53位、提升3位，张掖经开区全国排名49位，分别提升6位、5位。"))}
    assert not any("53位" in k for k in found), found


def test_the_last_qualifier_of_a_respectively_list_holds_for_bare_figures() -> None:
    found = {f.indicator: f.comparator for f in tasks(in_targets("城乡居民人均可支配收入分别增长5%、6.5%左右。"))}
    assert found == {"task:城镇居民人均可支配收入增长": "about", "task:农村居民人均可支配收入增长": "about"}


def test_the_same_item_gets_the_same_id_listed_or_alone() -> None:
    listed = tasks(in_review("城镇、农村居民人均可支配收入分别增长3.4%、5.2%。"))
    alone = tasks(in_review("城镇居民人均可支配收入增长4.1%。", YEAR + 1), year=YEAR + 1)
    assert alone[0].indicator in {f.indicator for f in listed}


def test_an_annual_mean_concentration_is_one_years_figure() -> None:
    [fact] = tasks(in_review("细颗粒物（PM2.5）年均浓度下降到30微克/立方米。"))
    assert not fact.indicator.endswith(("_avg", "_multi")) and fact.period == YEAR - 1


def test_a_long_subject_is_cut_where_a_word_ends() -> None:
    [fact] = tasks(in_targets("亿元地区生产总值生产安全事故死亡率和单位地区生产总值生产安全事故死亡率控制在0.01以内。"
                              .replace("0.01以内", "0.01%以内")))
    label = fact.indicator.removeprefix("task:")
    assert label.startswith("单位地区生产总值") and len(label) <= 24


@pytest.mark.parametrize("pre,label", [
    ("四大主导产业［2］占GDP比重提高", "四大主导产业占GDP比重提高"),  # a footnote marker
    ("2025年医疗旅游人次", "医疗旅游人次"),  # the year is the period, not the name
])
def test_labels_leave_out_notes_and_years(pre: str, label: str) -> None:
    from targetwatch.diffing.textview import ascii_view
    from targetwatch.diffing.tasks import clean_label

    assert clean_label(ascii_view(pre), "") == label
