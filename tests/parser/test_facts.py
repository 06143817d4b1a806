"""What the parser reads from report sentences: a specification by real phrases.

Each case puts one real sentence into the part of a report it comes from (the review of
last year, or this year's 主要预期目标 paragraph) and states the facts a careful reader
takes from it. The scaffolding around the sentence is minimal and written for the tests.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from targetwatch.diffing.model import Fact
from targetwatch.diffing.parse import parse_report

YEAR = 2024


def in_review(sentence: str, year: int = YEAR) -> str:
    return f"{year}年政府工作报告\n各位代表：\n一、{year - 1}年工作回顾\n{sentence}\n"


def in_targets(sentence: str, year: int = YEAR) -> str:
    return (f"{year}年政府工作报告\n各位代表：\n一、{year - 1}年工作回顾\n过去一年，我们做了大量工作。\n"
            f"二、{year}年主要任务\n今年经济社会发展的主要预期目标是：{sentence}\n")


def catalog(text: str, region: str = "beijing", year: int = YEAR) -> dict[tuple[str, str, int], Fact]:
    sheet = parse_report(text, region=region, year=year)
    return {(f.indicator, f.kind, f.period): f for f in sheet.facts if not f.is_task}


@dataclass(frozen=True)
class Expect:
    indicator: str
    comparator: str
    value: float | None = None
    unit: str | None = None
    low: float | None = None
    high: float | None = None


OUTCOMES = [
    ("国内生产总值超过126万亿元，增长5.2%。",
     [Expect("gdp_total", "at_least", 1.26e14, "元"), Expect("gdp_growth", "exact", 5.2, "%")]),
    ("全市地区生产总值增长5.2%、约4.4万亿元。",
     [Expect("gdp_growth", "exact", 5.2, "%"), Expect("gdp_total", "about", 4.4e12, "元")]),
    ("一般公共预算收入增长8.2%、突破6000亿元。",
     [Expect("budget_revenue_growth", "exact", 8.2, "%"), Expect("budget_revenue_total", "at_least", 6e11, "元")]),
    ("城镇新增就业1244万人，城镇调查失业率平均为5.2%。",
     [Expect("new_urban_jobs", "exact", 1.244e7, "人"), Expect("surveyed_unemployment", "exact", 5.2, "%")]),
    ("居民消费价格上涨0.2%。", [Expect("cpi", "exact", 0.2, "%")]),
    ("居民消费价格涨幅控制在2.6%。", [Expect("cpi", "exact", 2.6, "%")]),
    ("粮食产量57121万吨，增产2.5%。", [Expect("grain_output", "exact", 5.7121e8, "吨")]),
    ("粮食产量1.39万亿斤，再创历史新高。", [Expect("grain_output", "exact", 1.39e12, "斤")]),
    ("财政收入6.85万亿元，增长11.7%。",
     [Expect("budget_revenue_total", "exact", 6.85e12, "元"), Expect("budget_revenue_growth", "exact", 11.7, "%")]),
    ("国内生产总值达到33.5万亿元，比上年增长8.7%。",
     [Expect("gdp_total", "exact", 3.35e13, "元"), Expect("gdp_growth", "exact", 8.7, "%")]),
    ("城镇新增就业超143万人。", [Expect("new_urban_jobs", "at_least", 1.43e6, "人")]),
    ("粮食总产量连续9年稳定在1300亿斤以上。", [Expect("grain_output", "at_least", 1.3e11, "斤")]),
    ("粮食播种面积1266.6万亩、产量514.4万吨，均超额完成国家任务。", [Expect("grain_output", "exact", 5.144e6, "吨")]),
    ("粮食年产量超760亿斤。", [Expect("grain_output", "at_least", 7.6e10, "斤")]),
    ("粮食、油料、蔬菜产量分别达118.3万吨、33万吨、165万吨。", [Expect("grain_output", "exact", 1.183e6, "吨")]),
    ("城镇新增就业连续4年超过90万人。", [Expect("new_urban_jobs", "at_least", 9e5, "人")]),
    ("年末城镇调查失业率从上半年5.5%降到5.3%。", [Expect("surveyed_unemployment", "exact", 5.3, "%")]),
    ("自审自发地方政府专项债券1542亿元。", [Expect("special_bonds", "exact", 1.542e11, "元")]),
    # The economy named by its quarters only: 全年 closes the run, 总量 follows it.
    ("实现三季度增长4.6%、追平全国，四季度增长5.6%、高于全国0.2个百分点，全年增长4.8%、总量达5.3万亿元。",
     [Expect("gdp_growth", "exact", 4.8, "%"), Expect("gdp_total", "exact", 5.3e12, "元")]),
    ("发行地方政府专项债券资金1327亿元。", [Expect("special_bonds", "exact", 1.327e11, "元")]),
    ("新发行地方政府专项债券2157亿元。", [Expect("special_bonds", "exact", 2.157e11, "元")]),
    ("全省地区生产总值突破2万亿元、达到23562亿元。", [Expect("gdp_total", "exact", 2.3562e12, "元")]),
    ("地方一般公共预算收入突破4000亿元、达到4211亿元。",
     [Expect("budget_revenue_total", "exact", 4.211e11, "元")]),
    ("预计全省地区生产总值迈上14万亿元新台阶。", [Expect("gdp_total", "at_least", 1.4e13, "元")]),
    ("进出口总额突破9万亿元、增长9.8%。", [Expect("trade_growth", "exact", 9.8, "%")]),
    ("居民人均可支配收入达到8.5万元、增长6.6%。", [Expect("income_growth", "exact", 6.6, "%")]),
    ("单位国内生产总值能耗下降5.6%。", [Expect("energy_intensity_reduction", "exact", 5.6, "%")]),
    ("全国居民人均可支配收入实际增长7.4%。", [Expect("income_growth", "exact", 7.4, "%")]),
    ("调查失业率在5.3%以下。", [Expect("surveyed_unemployment", "at_most", 5.3, "%")]),
    ("年末城镇调查失业率降到5.5%。", [Expect("surveyed_unemployment", "exact", 5.5, "%")]),
    ("城镇登记失业率4.1%。", [Expect("registered_unemployment", "exact", 4.1, "%")]),
    ("全社会固定资产投资增长25.8%。", [Expect("fixed_asset_investment_growth", "exact", 25.8, "%")]),
    ("社会消费品零售总额5.4万亿元，增长13.3%。", [Expect("retail_sales_growth", "exact", 13.3, "%")]),
    ("货物进出口总额增长7.7%。", [Expect("trade_growth", "exact", 7.7, "%")]),
    ("预计全市地区生产总值增长5.2%左右，城镇调查失业率4.1%左右。",
     [Expect("gdp_growth", "about", 5.2, "%"), Expect("surveyed_unemployment", "about", 4.1, "%")]),
    ("全疆地区生产总值同比增长6.1%、突破2万亿元大关。",
     [Expect("gdp_growth", "exact", 6.1, "%"), Expect("gdp_total", "at_least", 2e12, "元")]),
    ("一般公共预算收入下降3.1%。", [Expect("budget_revenue_growth", "exact", -3.1, "%")]),
    ("居民消费价格指数（CPI）上涨0.4%。", [Expect("cpi", "exact", 0.4, "%")]),
    ("城镇新增就业人员65.3万人。", [Expect("new_urban_jobs", "exact", 6.53e5, "人")]),
    ("全省实现地区生产总值5.3万亿元，比上年增长5.8%。",
     [Expect("gdp_total", "exact", 5.3e12, "元"), Expect("gdp_growth", "exact", 5.8, "%")]),
    ("地区生产总值（GDP）增长6%。", [Expect("gdp_growth", "exact", 6, "%")]),
    ("规模以上工业增加值增长7%，地区生产总值增长5.5%。", [Expect("gdp_growth", "exact", 5.5, "%")]),
    ("一般公共预算收入完成4200亿元，同口径增长4%。",
     [Expect("budget_revenue_total", "exact", 4.2e11, "元"), Expect("budget_revenue_growth", "exact", 4, "%")]),
    ("城镇调查失业率平均值为5.0%。", [Expect("surveyed_unemployment", "exact", 5.0, "%")]),
    ("地区生产总值跨过3万亿元。", [Expect("gdp_total", "at_least", 3e12, "元")]),
    ("居民消费价格指数上涨2%左右。", [Expect("cpi", "about", 2, "%")]),
    ("国内生产总值达到９５９３３亿元，比上年增长７．３％。",
     [Expect("gdp_total", "exact", 9.5933e12, "元"), Expect("gdp_growth", "exact", 7.3, "%")]),
    # 降幅 (the size of a fall) connects a reduction to its figure as 降低 does
    ("单位国内生产总值能耗降幅超过3%；可再生能源新增装机3.7亿千瓦。",
     [Expect("energy_intensity_reduction", "at_least", 3, "%")]),
    # last year's target quoted beside the outcome: the outcome is the figure that happened
    ("去年政府工作报告提出，物价涨幅要从１４．８％降到１０％左右，经过上下各方面的努力，实际回落到６．１％，明显低于预定的调控目标。",
     [Expect("cpi", "exact", 6.1, "%")]),
    # the like-for-like figure in brackets is the one a target is judged on
    ("地方一般公共预算收入达3507.6亿元、增长1.7%（同口径增长2.5%以上），全体居民人均可支配收入增长5%。",
     [Expect("budget_revenue_growth", "at_least", 2.5, "%"), Expect("budget_revenue_total", "exact", 3.5076e11, "元")]),
    # 带动 right before the name: the region's own figure, driven by what the clause before says
    ("盘活国有“三资”3708亿元，带动一般公共预算收入增长6.6％、居全国前列。",
     [Expect("budget_revenue_growth", "exact", 6.6, "%")]),
    ("全年基础设施、制造业投资分别增长9.4%、9.1%，带动固定资产投资增长5.1%，一定程度弥补了消费收缩缺口。",
     [Expect("fixed_asset_investment_growth", "exact", 5.1, "%")]),
    # how the growth is measured, between name and figure
    ("社会消费品零售总额扣除价格因素增长百分之十一点六。", [Expect("retail_sales_growth", "exact", 11.6, "%")]),
    ("一般公共预算收入剔除虚增空转因素后完成10.4亿元；社会消费品零售总额完成159.5亿元，同比增长6.9%。",
     [Expect("budget_revenue_total", "exact", 1.04e9, "元"), Expect("retail_sales_growth", "exact", 6.9, "%")]),
    # the circumstances of a figure, between name and figure
    ("全年实现生产总值增长1.7%，地方一般公共预算收入在更大规模减税降费的情况下下降1.7%。",
     [Expect("budget_revenue_growth", "exact", -1.7, "%")]),
    # 总产 after a clause about 粮食 is the grain harvest
    ("粮食生产再获丰收，总产达到557亿斤，连续12年稳定在500亿斤以上。",
     [Expect("grain_output", "exact", 5.57e10, "斤")]),
    ("粮食连续五年增产，总产量５２８５０万吨，创历史最高水平。", [Expect("grain_output", "exact", 5.285e8, "吨")]),
    ("全疆粮食播种面积4440万亩、新增202.9万亩，粮食增产42.2亿斤，总产466亿斤、全国排名上升到第13位。",
     [Expect("grain_output", "exact", 4.66e10, "斤")]),
    # the clause about 粮食 runs over 、 and quotes to the comma before
    ("新建和改造高标准农田298万亩，粮食面积、总产、单产实现“两增一稳”，总产762亿斤，又交出一份沉甸甸的答卷。",
     [Expect("grain_output", "exact", 7.62e10, "斤")]),
    # older and longer names of catalog figures (national 1992-2014, hainan 2025)
    ("国民生产总值比上年增长百分之十二点八。", [Expect("gdp_growth", "exact", 12.8, "%")]),
    ("国民生产总值接近２４０００亿元，五年平均每年增长百分之七点九。", [Expect("gdp_total", "about", 2.4e12, "元")]),
    ("全国物价基本平稳，全年零售物价上涨百分之二点九。", [Expect("cpi", "exact", 2.9, "%")]),
    ("商品零售价格涨幅为0．8％。", [Expect("cpi", "exact", 0.8, "%")]),
    ("国内市场繁荣，购销两旺，社会商品零售总额实际比上年增长百分之十。", [Expect("retail_sales_growth", "exact", 10, "%")]),
    ("推进节能减排和污染防治，能源消耗强度下降3.7%。", [Expect("energy_intensity_reduction", "exact", 3.7, "%")]),
    ("货物贸易增长20%，服务贸易增长23.9%。", [Expect("trade_growth", "exact", 20, "%")]),
    ("社会消费品零售额增长4.8%。", [Expect("retail_sales_growth", "exact", 4.8, "%")]),
    ("地方公共财政预算收入达到15.07亿元,同比增长10.3%。",
     [Expect("budget_revenue_total", "exact", 1.507e9, "元"), Expect("budget_revenue_growth", "exact", 10.3, "%")]),
    # national 2013's words, without its starting level and years (从2009年的2.8%降到去年的1.5%左右)
    ("财政赤字占国内生产总值的比重降到1.5%左右。", [Expect("deficit_ratio", "about", 1.5, "%")]),
    # thousands set apart with the full-width comma (national 1956, 1980)
    ("粮食产量33，212万吨，比上年增加2，737万吨。", [Expect("grain_output", "exact", 3.3212e8, "吨")]),
    ("粮食总产量达到３，６８０亿斤，完成年度计划的１０２％。", [Expect("grain_output", "exact", 3.68e11, "斤")]),
    ("1979年社会商品零售总额1，753亿元，比上年增加225亿元，增长14.7％。",
     [Expect("retail_sales_growth", "exact", 14.7, "%")]),
]


@pytest.mark.parametrize("sentence,expected", OUTCOMES, ids=[s for s, _ in OUTCOMES])
def test_review_sentences_state_last_years_outcomes(sentence: str, expected: list[Expect]) -> None:
    found = catalog(in_review(sentence))
    for e in expected:
        fact = found.get((e.indicator, "outcome", YEAR - 1))
        assert fact is not None, f"{e.indicator} not read from {sentence}; got {sorted(found)}"
        assert fact.comparator == e.comparator
        assert fact.value == pytest.approx(e.value)
        assert fact.unit == e.unit


TARGETS = [
    ("国内生产总值增长5%左右", Expect("gdp_growth", "about", 5, "%")),
    ("地区生产总值增长5.5%以上", Expect("gdp_growth", "at_least", 5.5, "%")),
    ("地区生产总值增长5%左右、努力争取更好结果", Expect("gdp_growth", "about", 5, "%")),
    ("国内生产总值增长7.5%", Expect("gdp_growth", "exact", 7.5, "%")),
    ("国内生产总值增长6.5%－7%", Expect("gdp_growth", "range", None, "%", 6.5, 7)),
    ("国内生产总值增长6%-6.5%", Expect("gdp_growth", "range", None, "%", 6, 6.5)),
    ("地区生产总值增长4.5%—5%", Expect("gdp_growth", "range", None, "%", 4.5, 5)),
    ("城镇新增就业1200万人以上", Expect("new_urban_jobs", "at_least", 1.2e7, "人")),
    ("城镇新增就业85万人", Expect("new_urban_jobs", "exact", 8.5e5, "人")),
    ("城镇调查失业率全年控制在5.5%以内", Expect("surveyed_unemployment", "at_most", 5.5, "%")),
    ("城镇调查失业率5.5%左右", Expect("surveyed_unemployment", "about", 5.5, "%")),
    ("城镇登记失业率控制在4.6%以内", Expect("registered_unemployment", "at_most", 4.6, "%")),
    ("居民消费价格涨幅控制在4%左右", Expect("cpi", "about", 4, "%")),
    ("居民消费价格涨幅2%", Expect("cpi", "exact", 2, "%")),
    ("居民消费价格总水平涨幅控制在4.8%左右", Expect("cpi", "about", 4.8, "%")),
    ("粮食产量保持在1.3万亿斤以上", Expect("grain_output", "at_least", 1.3e12, "斤")),
    ("粮食产量725亿斤以上", Expect("grain_output", "at_least", 7.25e10, "斤")),
    ("单位国内生产总值能耗降低2.5%左右", Expect("energy_intensity_reduction", "about", 2.5, "%")),
    ("单位国内生产总值能耗下降3.4%以上", Expect("energy_intensity_reduction", "at_least", 3.4, "%")),
    ("一般公共预算收入同口径增长5.5%左右", Expect("budget_revenue_growth", "about", 5.5, "%")),
    ("地方一般公共预算收入增长2%", Expect("budget_revenue_growth", "exact", 2, "%")),
    ("外贸进出口总值增长10%以上", Expect("trade_growth", "at_least", 10, "%")),
    ("进出口总额增长10%左右", Expect("trade_growth", "about", 10, "%")),
    ("固定资产投资增长4.5%左右", Expect("fixed_asset_investment_growth", "about", 4.5, "%")),
    ("社会消费品零售总额增长4%左右", Expect("retail_sales_growth", "about", 4, "%")),
    ("居民人均可支配收入增长5%左右", Expect("income_growth", "about", 5, "%")),
    ("居民收入增长与经济增长基本同步", Expect("income_growth", "qualitative")),
    ("居民收入增长和经济增长同步", Expect("income_growth", "qualitative")),
    ("能耗强度目标在“十四五”规划期内统筹考核，并留有适当弹性", Expect("energy_intensity_reduction", "none")),
    ("进出口稳量提质", Expect("trade_growth", "qualitative")),
    ("进出口总额保持正增长", Expect("trade_growth", "qualitative")),
    ("进出口量稳质升", Expect("trade_growth", "qualitative")),
    ("进出口回稳向好", Expect("trade_growth", "qualitative")),
    ("居民消费价格保持合理水平", Expect("cpi", "qualitative")),
    ("居民消费价格总水平上涨幅度控制在2%左右", Expect("cpi", "about", 2, "%")),
    # the price index with last year as 100 (shanghai 2003-2006)
    ("居民消费价格指数101左右", Expect("cpi", "about", 1, "%")),
    ("居民消费价格指数103左右", Expect("cpi", "about", 3, "%")),
    ("居民消费价格指数为103左右", Expect("cpi", "about", 3, "%")),
    ("城镇登记失业率4.5%左右,居民消费价格指数103,全社会研究与发展经费支出相当于全市生产总值的2.5%",
     Expect("cpi", "exact", 3, "%")),
    ("粮食产量34，250万吨", Expect("grain_output", "exact", 3.425e8, "吨")),
    ("力争货物和服务进出口增长6%", Expect("trade_growth", "exact", 6, "%")),
    ("居民人均可支配收入和经济增长同步", Expect("income_growth", "qualitative")),
    ("居民收入增速高于经济增速", Expect("income_growth", "qualitative")),
    ("固定资产投资实现正增长", Expect("fixed_asset_investment_growth", "qualitative")),
    ("粮食产量保持稳定", Expect("grain_output", "qualitative")),
    ("粮食产量只增不减", Expect("grain_output", "qualitative")),
    ("粮食播种面积1.1亿亩、产量825亿斤以上", Expect("grain_output", "at_least", 8.25e10, "斤")),
    ("正常年景下粮食产量达到900亿斤以上", Expect("grain_output", "at_least", 9e10, "斤")),
    ("外贸进出口稳中提质", Expect("trade_growth", "qualitative")),
    # A two-tier target: the floor is the target, 力争 names the stretch.
    ("地区生产总值增长7%以上、力争达到8%", Expect("gdp_growth", "at_least", 7, "%")),
    ("单位国内生产总值能耗和主要污染物排放量继续下降", Expect("energy_intensity_reduction", "none")),
    # the central government named as the one who set it (national 2004, 2005): still the economy's target
    ("中央提出今年经济增长预期目标为７％左右", Expect("gdp_growth", "about", 7, "%")),
    # older and longer names of catalog figures (national 1992-2014, hainan 2026)
    ("国民生产总值增长百分之六", Expect("gdp_growth", "exact", 6, "%")),
    ("社会商品零售总额增长百分之十二点三", Expect("retail_sales_growth", "exact", 12.3, "%")),
    ("零售物价上涨幅度控制在百分之六以内", Expect("cpi", "at_most", 6, "%")),
    ("商品零售价格涨幅控制在3％以内", Expect("cpi", "at_most", 3, "%")),
    ("今年能源消耗强度要降低3.9%以上", Expect("energy_intensity_reduction", "at_least", 3.9, "%")),
    ("货物贸易增长10%，跨境电商增长快于货物贸易", Expect("trade_growth", "exact", 10, "%")),
    # targets stated in words
    ("努力实现居民收入增长和经济发展同步", Expect("income_growth", "qualitative")),
    ("居民收入增长与经济发展同步", Expect("income_growth", "qualitative")),
    ("城乡居民人均收入实际增长与经济增长同步", Expect("income_growth", "qualitative")),
    ("居民收入稳步增长", Expect("income_growth", "qualitative")),
    ("居民消费价格合理回升", Expect("cpi", "qualitative")),
    ("居民消费价格涨幅与全国一致", Expect("cpi", "qualitative")),
    ("经济增长速度的调控目标定为８％，物价上涨幅度比去年的实际涨幅低一些", Expect("cpi", "qualitative")),
    ("单位地区生产总值能耗保持下降", Expect("energy_intensity_reduction", "none")),
    ("单位生产总值能耗完成“十四五”考核目标", Expect("energy_intensity_reduction", "none")),
    ("单位地区生产总值能耗完成“十四五”国家考核目标", Expect("energy_intensity_reduction", "none")),
    ("完成国家下达的粮食生产目标任务", Expect("grain_output", "qualitative")),
    ("完成国家下达粮食播种面积和产量目标任务", Expect("grain_output", "qualitative")),
    ("居民消费价格涨幅2％左右，完成国家下达的粮食生产、单位生产总值二氧化碳减排目标任务",
     Expect("grain_output", "qualitative")),
    ("确保完成国家下达的“十四五”能耗强度下降目标", Expect("energy_intensity_reduction", "none")),
    ("全面完成“十四五”期间能耗强度下降和主要污染物总量减排目标", Expect("energy_intensity_reduction", "none")),
    ("固定资产投资增速保持在全国平均水平以上，一般公共预算收入增长3％", Expect("fixed_asset_investment_growth", "qualitative")),
    ("进出口总额力争保持正增长", Expect("trade_growth", "qualitative")),
    ("进出口总额争取实现正增长", Expect("trade_growth", "qualitative")),
    ("居民人均可支配收入增长快于经济增长", Expect("income_growth", "qualitative")),
    ("居民可支配收入与经济增长基本同步", Expect("income_growth", "qualitative")),
    ("居民人均可支配收入增幅与经济增长保持同步", Expect("income_growth", "qualitative")),
    ("城乡居民家庭人均可支配收入增幅力争高于经济增幅", Expect("income_growth", "qualitative")),
    ("居民消费价格指数与国家价格调控目标保持衔接", Expect("cpi", "qualitative")),
    ("地方财政收入与经济保持同步增长", Expect("budget_revenue_growth", "qualitative")),
    ("地方财政收入保持与国内生产总值同步增长", Expect("budget_revenue_growth", "qualitative")),
    ("地方财政收入增幅略高于经济增长", Expect("budget_revenue_growth", "qualitative")),
    ("全市一般公共预算收入与经济保持同步增长", Expect("budget_revenue_growth", "qualitative")),
    ("万元生产总值综合能耗进一步下降", Expect("energy_intensity_reduction", "none")),
    ("单位生产总值能耗、主要污染物排放量进一步降低", Expect("energy_intensity_reduction", "none")),
    ("单位生产总值能耗、单位生产总值二氧化碳排放量、主要污染物排放量进一步下降",
     Expect("energy_intensity_reduction", "none")),
]


@pytest.mark.parametrize("sentence,e", TARGETS, ids=[s for s, _ in TARGETS])
def test_targets_paragraph_sets_this_years_targets(sentence: str, e: Expect) -> None:
    found = catalog(in_targets(sentence + "。"))
    fact = found.get((e.indicator, "target", YEAR))
    assert fact is not None, f"{e.indicator} not read from {sentence}; got {sorted(found)}"
    assert fact.comparator == e.comparator
    if e.comparator == "range":
        assert (fact.low, fact.high) == (pytest.approx(e.low), pytest.approx(e.high))
    elif e.value is not None:
        assert fact.value == pytest.approx(e.value)
        assert fact.unit == e.unit
    else:
        assert fact.value is None


def test_policy_figures_outside_the_targets_paragraph() -> None:
    text = in_targets("国内生产总值增长5%左右。") + "赤字率拟按3%安排。拟安排地方政府专项债券3.9万亿元。\n"
    found = catalog(text)
    assert found[("deficit_ratio", "target", YEAR)].value == 3
    assert found[("special_bonds", "target", YEAR)].value == pytest.approx(3.9e12)
    assert found[("special_bonds", "target", YEAR)].unit == "元"


def test_local_special_bonds_said_the_older_way() -> None:
    text = in_targets("国内生产总值增长6.5%左右。") + "今年安排地方专项债券1.35万亿元，比去年增加5500亿元。\n"
    bonds = catalog(text)[("special_bonds", "target", YEAR)]
    assert (bonds.value, bonds.unit) == (pytest.approx(1.35e12), "元")


def test_a_report_that_sets_no_growth_target_says_none() -> None:
    text = in_targets("城镇新增就业900万人以上。") + "需要说明的是，我们没有提出全年经济增速具体目标。\n"
    fact = catalog(text)[("gdp_growth", "target", YEAR)]
    assert fact.comparator == "none" and fact.value is None


NOT_CATALOG = [
    ("新产业新业态新模式增加值占国内生产总值的比重达到17%以上。", "gdp_growth"),
    ("人均地区生产总值达到19万元。", "gdp_total"),
    ("酒泉经济总量突破千亿、达到1042亿元。", "gdp_total"),
    ("第一季度市生产总值增长3.1%。", "gdp_growth"),
    ("脱贫地区农村居民收入增长8.4%。", "income_growth"),
    ("城镇居民人均可支配收入实际增长8.5%。", "income_growth"),
    ("城乡居民人均可支配收入分别增长5%、6.5%左右。", "income_growth"),
    ("城乡居民人均可支配收入增长5.3%、8.1%。", "income_growth"),
    ("中央一般公共预算收入增长3%。", "budget_revenue_growth"),
    ("研究与试验发展经费支出占国内生产总值比重达到2.2%。", "gdp_growth"),
    ("海洋生产总值突破2万亿元。", "gdp_total"),
    ("服务进出口增长14.4%。", "trade_growth"),
    ("财政收入增长1.36倍，年均增加3647亿元。", "budget_revenue_total"),  # an increase, not the level
    ("一般公共预算收入增加近1000亿元。", "budget_revenue_total"),
    ("经济总量超500亿元的县域增至12个。", "gdp_total"),  # a class of counties
    ("新增经济总量超200亿元县2个、达到29个。", "gdp_total"),
    ("粮食综合生产能力达到1400亿斤。", "grain_output"),  # a capacity, not a harvest
    ("粮食播种面积稳定在1.3亿亩。", "grain_output"),
    # 带动 with the region between: the trade the trains drove, not the province's
    ("中欧班列（西安）开行6037列、增长21.1％，带动陕西进出口415.4亿元、增长11.7％。", "trade_growth"),
    ("棉花生产稳定，总产达到500万吨。", "grain_output"),  # 总产 of a crop other than 粮食
    # what is taken out is a part (gansu 2026's words in one clause), not a measure (扣除价格因素)
    ("固定资产投资扣除房地产开发投资后增长2.7%。", "fixed_asset_investment_growth"),
    ("企业有序出海、合理布局，货物贸易出口达3.9万亿元、增长9.5%。", "trade_growth"),  # exports only
    ("农民人均纯收入，１９８２年为２７０元，１９８７年提高到４６３元，扣除物价上涨因素，平均每年增长８．６％。", "cpi"),
]


@pytest.mark.parametrize("sentence,indicator", NOT_CATALOG, ids=[s for s, _ in NOT_CATALOG])
def test_figures_about_a_part_or_a_share_are_not_the_headline(sentence: str, indicator: str) -> None:
    found = catalog(in_review(sentence))
    assert (indicator, "outcome", YEAR - 1) not in found, found.get((indicator, "outcome", YEAR - 1))


@pytest.mark.parametrize("sentence,indicator", [
    ("农村居民收入稳步增长", "income_growth"),  # a part of the residents
    ("城镇居民人均可支配收入和经济增长同步", "income_growth"),
    ("促进粮价合理回升", "cpi"),  # grain prices, not consumer prices
])
def test_words_about_a_part_are_no_qualitative_target(sentence: str, indicator: str) -> None:
    assert (indicator, "target", YEAR) not in catalog(in_targets(sentence + "。"))


def test_headline_sentence_wins_over_later_mentions() -> None:
    text = in_review("全年国内生产总值增长5.2%，城镇新增就业1244万人。\n二季度国内生产总值增长6.3%。")
    assert catalog(text)[("gdp_growth", "outcome", YEAR - 1)].value == 5.2


def test_five_year_review_gives_averages_and_spans() -> None:
    text = ("2023年政府工作报告\n一、过去一年和五年工作回顾\n过去一年，全年国内生产总值增长3%。\n"
            "过去五年极不寻常。\n——经济发展再上新台阶。国内生产总值增加到121万亿元，五年年均增长5.2%。\n"
            "二、对今年政府工作的建议\n今年发展主要预期目标是：国内生产总值增长5%左右。\n")
    found = catalog(text, "national", 2023)
    assert found[("gdp_growth", "outcome", 2022)].value == 3
    avg = found[("gdp_growth_avg", "outcome", 2022)]
    assert (avg.value, avg.period_start) == (5.2, 2018)
    # the level the review says was reached is 2022's level (FACTS.md), not a total of the span
    total = found[("gdp_total", "outcome", 2022)]
    assert (total.value, total.period_start) == (1.21e14, None)
    assert ("gdp_total_multi", "outcome", 2022) not in found
    assert found[("gdp_growth", "target", 2023)].value == 5


def test_growth_against_an_earlier_base_year_is_multi_year() -> None:
    found = catalog(in_review("2007年，国内生产总值达到24.66万亿元，比2002年增长65.5%。", 2008), "national", 2008)
    assert found[("gdp_total", "outcome", 2007)].value == pytest.approx(2.466e13)
    multi = found[("gdp_growth_multi", "outcome", 2007)]
    assert (multi.value, multi.period_start) == (65.5, 2003)
    assert ("gdp_growth", "outcome", 2007) not in found


def test_next_five_year_plan_goals_are_targets_of_the_plan_end() -> None:
    text = ("2026年甘肃省政府工作报告\n一、2025年工作回顾\n地区生产总值增长5.8%。\n"
            "二、“十五五”时期的主要目标和重点任务\n“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5%以上。\n"
            "三、2026年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。\n")
    found = catalog(text, "gansu", 2026)
    goal = found[("gdp_growth_avg", "target", 2030)]
    assert (goal.value, goal.comparator, goal.period_start) == (5, "at_least", 2026)
    assert found[("gdp_growth", "target", 2026)].value == 5.5
    assert found[("gdp_growth", "outcome", 2025)].value == 5.8


def test_every_fact_quotes_its_source_exactly() -> None:
    text = in_review("全市地区生产总值增长5.2%、约4.4万亿元，新增中小学学位2万个。")
    sheet = parse_report(text, "beijing", YEAR)
    assert sheet.facts
    for f in sheet.facts:
        assert text[f.span[0]:f.span[1]] == f.text


def test_full_width_digits_are_quoted_as_written() -> None:
    text = in_review("国内生产总值达到９５９３３亿元，比上年增长７．３％。")
    fact = catalog(text)[("gdp_growth", "outcome", YEAR - 1)]
    assert "７．３％" in fact.text


@pytest.mark.parametrize("sentence,indicator,kind,text,label", [
    ("粮食产量33，212万吨，比上年增加2，737万吨。", "grain_output", "outcome", "粮食产量33，212万吨", "粮食产量"),
    ("粮食产量34，250万吨。", "grain_output", "target", "粮食产量34，250万吨", "粮食产量"),
    ("居民消费价格指数103左右。", "cpi", "target", "居民消费价格指数103左右", "居民消费价格指数"),
    ("居民消费价格指数为103左右。", "cpi", "target", "居民消费价格指数为103左右", "居民消费价格指数为"),
])
def test_a_figure_read_through_the_view_is_quoted_as_written(sentence: str, indicator: str, kind: str, text: str,
                                                            label: str) -> None:
    """The view reads 33，212 as 33,212 and an index as a change in percent; the fact says what the report wrote."""
    period = YEAR - 1 if kind == "outcome" else YEAR
    found = catalog(in_review(sentence) if kind == "outcome" else in_targets(sentence))
    fact = found[(indicator, kind, period)]
    assert (fact.text, fact.label) == (text, label)


def test_a_grouped_figure_keeps_its_clause() -> None:
    """The comma inside 661，800亩 ends no clause: the task's subject is what the clause opens with."""
    sheet = parse_report(in_review("服务面积由６６１，８００亩增加到３，１３７，３００亩。"), "national", YEAR)
    [task] = [f for f in sheet.facts if f.is_task]
    assert (task.label, task.value, task.unit) == ("服务面积", 3_137_300, "亩")


@pytest.mark.parametrize("sentence", [
    "全年工业企业经济效益综合指数为156.8。",
    "上证指数3000点。",
    "居民消费价格指数以1978年为100。",
])
def test_an_index_of_anything_but_prices_is_no_cpi(sentence: str) -> None:
    assert "cpi" not in {i for i, _, _ in catalog(in_targets(sentence))}


@pytest.mark.parametrize("sentence,expected", [
    ("城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内。",
     {"surveyed_unemployment": ("at_most", 5), "cpi": ("at_most", 3)}),
    ("城镇调查失业率、城镇登记失业率分别为4.8%左右和4.3%左右。",
     {"surveyed_unemployment": ("about", 4.8), "registered_unemployment": ("about", 4.3)}),
    ("城镇调查失业率和登记失业率都稳定在4.3%以内。",
     {"surveyed_unemployment": ("at_most", 4.3), "registered_unemployment": ("at_most", 4.3)}),
    ("城乡居民人均可支配收入分别增长8%和10%。", {}),
    # A list without 分别 or 都: every catalog name in it shares the one figure.
    ("社会消费品零售总额、固定资产投资增长4%左右。",
     {"retail_sales_growth": ("about", 4), "fixed_asset_investment_growth": ("about", 4)}),
    # A catalog name listed with something else: it takes its own figure, the other is a task.
    ("一般公共预算收入、税收收入分别增长4.5%、3%。", {"budget_revenue_growth": ("exact", 4.5)}),
    # …but not when the first item says whose figures these are, or the figures are relative.
    ("新片区规上工业总产值、全社会固定资产投资分别增长72.7%和62%。", {}),
    ("单位地区生产总值能耗、主要污染物排放强度分别约为全国平均的70%、60%。", {}),
])
def test_figures_shared_out_over_several_names(sentence: str, expected: dict) -> None:
    found = {k[0]: (f.comparator, f.value) for k, f in catalog(in_targets(sentence)).items()}
    assert found == {k: (c, pytest.approx(v)) for k, (c, v) in expected.items()}


def five_year_review(sentence: str, year: int = 2026) -> dict[tuple[str, str, int], Fact]:
    text = (f"{year}年政府工作报告\n一、{year - 1}年和“十四五”时期工作回顾\n过去一年，地区生产总值增长5%。\n"
            f"过去五年极不寻常。{sentence}\n二、{year}年主要任务\n今年主要预期目标是：地区生产总值增长5%左右。\n")
    return catalog(text, "hebei", year)


@pytest.mark.parametrize("sentence,indicator,value,comparator", [
    # a level reached at the end of the span is that year's level, not a total (FACTS.md)
    ("全省生产总值从2020年的3.68万亿元增长到2025年的4.93万亿元。", "gdp_total", 4.93e12, "exact"),
    ("城镇累计新增就业106万人。", "new_urban_jobs_multi", 1.06e6, "exact"),
    ("城镇新增就业累计超过41万人。", "new_urban_jobs_multi", 4.1e5, "at_least"),
    ("地方一般公共预算收入累计超1.6万亿元。", "budget_revenue_total_multi", 1.6e12, "at_least"),
    ("单位GDP能耗累计下降16%左右。", "energy_intensity_reduction_multi", 16, "about"),
    ("全省地区生产总值历史性迈上4000亿元台阶。", "gdp_total", 4e11, "at_least"),
    ("一般公共预算收入累计完成3.7万亿元，5年增长18.7%。", "budget_revenue_growth_multi", 18.7, "exact"),
    # a streak in the same sentence (连续7年优秀) does not set the years of the figure
    ("考核连续7年优秀，单位GDP能耗累计下降16%左右。", "energy_intensity_reduction_multi", 16, "about"),
    ("经济规模进入5万亿元以上。", "gdp_total", 5e12, "at_least"),
])
def test_five_year_levels_and_totals(sentence: str, indicator: str, value: float, comparator: str) -> None:
    fact = five_year_review(sentence)[(indicator, "outcome", 2025)]
    # a total over the span starts in 2021; a level reached at its end is 2025's alone
    start = 2021 if indicator.endswith(("_multi", "_avg")) else None
    assert (fact.value, fact.comparator, fact.period_start) == (pytest.approx(value), comparator, start)


def test_an_average_after_a_from_to_sentence_stays_an_average() -> None:
    found = five_year_review("地区生产总值由2020年的162.4亿元增加到2025年的287.9亿元，年均增长12.1%。")
    assert found[("gdp_growth_avg", "outcome", 2025)].period_start == 2021
    assert ("gdp_growth_multi", "outcome", 2025) not in found


def test_a_look_back_opening_the_part_on_the_next_plan_is_an_outcome() -> None:
    text = ("2026年上海市政府工作报告\n一、2025年工作回顾\n全市生产总值增长5.4%。\n"
            "二、关于第十五个五年规划纲要（草案）的说明\n"
            "“十四五”时期，上海发展历程极不寻常。全市生产总值从4.16万亿元增加到5.67万亿元，"
            "单位生产总值能耗累计下降14%。\n“十五五”时期，全市生产总值年均增长5%左右。\n")
    found = catalog(text, "shanghai", 2026)
    assert found[("gdp_total", "outcome", 2025)].value == pytest.approx(5.67e12)
    assert found[("energy_intensity_reduction_multi", "outcome", 2025)].value == 14
    assert found[("gdp_growth_avg", "target", 2030)].period_start == 2026
    assert not any(k[1] == "target" and k[2] == 2026 for k in found)


def test_an_unsaid_span_is_the_plan_that_ends_or_starts_there() -> None:
    # No 五年/十四五 anywhere near: the average of a 2026 review is the 十四五 one.
    found = catalog(in_review("地区生产总值年均增长5.2%。", 2026), "shaanxi", 2026)
    assert found[("gdp_growth_avg", "outcome", 2025)].period_start == 2021


@pytest.mark.parametrize("part", [
    # a part on the next plan whose heading says neither 规划 nor 目标
    "二、“十五五”时期发展的主要考虑\n（三）关于“十五五”时期发展的主要目标。其中地区生产总值年均增长5%左右。\n",
    # a part that first looks back, then turns to the plan with the document's name
    "二、“十四五”时期发展成就和“十五五”时期主要目标任务\n过去五年，地区生产总值年均增长5.1%。\n"
    "根据《中国共产党某某委员会关于制定国民经济和社会发展第十五个五年规划的建议》，编制了纲要草案，"
    "提出地区生产总值年均增长5%左右。\n",
])
def test_plan_goals_in_a_part_about_the_next_plan(part: str) -> None:
    text = "2026年政府工作报告\n一、2025年工作回顾\n地区生产总值增长5.3%。\n" + part + \
        "三、2026年工作安排\n今年主要预期目标是：地区生产总值增长5%以上。\n"
    found = catalog(text, "jiangxi", 2026)
    goal = found[("gdp_growth_avg", "target", 2030)]
    assert (goal.value, goal.period_start) == (5, 2026)
    assert found[("gdp_growth", "target", 2026)].comparator == "at_least"
    assert ("gdp_growth_avg", "target", 2026) not in found


def test_a_plan_goal_introduced_by_a_verb() -> None:
    text = ("2026年政府工作报告\n一、2025年工作回顾\n地区生产总值增长5%。\n"
            "二、“十五五”时期的主要目标\n“十五五”规划纲要（草案）提出地区生产总值年均增长5%—5.5%。\n")
    goal = catalog(text, "hunan", 2026)[("gdp_growth_avg", "target", 2030)]
    assert (goal.low, goal.high, goal.period_start) == (5, 5.5, 2026)


def test_a_planned_average_growth_of_the_economy() -> None:
    text = ("2026年政府工作报告\n一、2025年工作回顾\n地区生产总值增长5%。\n"
            "二、“十五五”时期的主要目标\n“十五五”时期，经济年均增长5%左右。\n")
    goal = catalog(text, "henan", 2026)[("gdp_growth_avg", "target", 2030)]
    assert (goal.value, goal.comparator, goal.period_start) == (5, "about", 2026)


def test_a_programme_name_or_a_base_period_is_not_the_span() -> None:
    found = five_year_review("大力实施全面振兴新突破三年行动，地区生产总值年均增长4.5%。")
    assert found[("gdp_growth_avg", "outcome", 2025)].period_start == 2021  # not 2023
    tasks_ = [f for f in parse_report(
        "2026年政府工作报告\n一、“十四五”时期工作回顾\n过去五年极不寻常。实际使用外资比“十三五”时期增长78.9%。\n",
        "liaoning", 2026).facts if f.is_task]
    assert [(f.period_start, f.period) for f in tasks_] == [(2021, 2025)]  # 十四五 against 十三五


def test_five_years_looked_back_on_in_the_second_sentence() -> None:
    text = ("2026年政府工作报告\n一、2025年及“十四五”时期工作回顾\n2025年，地区生产总值增长5.5%。\n"
            "各位代表！2025年是“十四五”收官之年。五年来，我们牢记嘱托。\n"
            "——人民生活水平实现新跃升。居民人均可支配收入增长34.3%。\n")
    found = catalog(text, "shandong", 2026)
    assert found[("income_growth_multi", "outcome", 2025)].period_start == 2021
    assert ("income_growth", "outcome", 2025) not in found
    assert found[("gdp_growth", "outcome", 2025)].value == 5.5


def test_a_figure_over_fewer_years_than_the_review_says_so() -> None:
    fact = five_year_review("财政收入达到1350亿元，3年增长58.6%。")[("budget_revenue_growth_multi", "outcome", 2025)]
    assert (fact.period_start, fact.value) == (2023, 58.6)


def plan_part(sentence: str, year: int = 2026) -> str:
    return (f"{year}年政府工作报告\n一、{year - 1}年工作回顾\n地区生产总值增长5%。\n"
            f"二、“十五五”时期的主要目标\n“十五五”时期经济社会发展的主要目标是：{sentence}\n"
            f"三、{year}年工作安排\n今年主要预期目标是：地区生产总值增长5%左右。\n")


@pytest.mark.parametrize("text,region,year,indicator,kind,period,comparator,value", [
    # a rate is never summed over a span: a plan's cap is a target of its last year (FACTS.md)
    (plan_part("服务贸易年均增速5%左右，城镇调查失业率控制在5%以内。"), "beijing", 2026,
     "surveyed_unemployment", "target", 2030, "at_most", 5),
    (plan_part("高质量充分就业取得新进展，城镇调查失业率控制在5.5%左右。"), "gansu", 2026,
     "surveyed_unemployment", "target", 2030, "about", 5.5),
    # …and a review's "kept at" is the level of the review's last year
    (in_review("过去五年极不寻常。实施积极的就业政策，每年新增就业岗位60万个左右，城镇登记失业率保持在4.5%以内。", 2013),
     "shanghai", 2013, "registered_unemployment", "outcome", 2012, "at_most", 4.5),
])
def test_a_rate_of_a_multi_year_part_is_its_last_years(text: str, region: str, year: int, indicator: str, kind: str,
                                                       period: int, comparator: str, value: float) -> None:
    found = catalog(text, region, year)
    fact = found[(indicator, kind, period)]
    assert (fact.comparator, fact.value, fact.period_start) == (comparator, value, None)
    assert not any(k[0] == indicator + "_multi" for k in found)


def test_so_much_each_year_of_a_review_is_an_average() -> None:
    found = five_year_review("千方百计促进就业，城镇新增就业每年超过90万人，吸引高校毕业生就业创业每年超过40万人。")
    avg = found[("new_urban_jobs_avg", "outcome", 2025)]
    assert (avg.value, avg.comparator, avg.period_start) == (9e5, "at_least", 2021)
    assert ("new_urban_jobs_multi", "outcome", 2025) not in found


def _facts_of(text: str, region: str, year: int, quote: str) -> list[tuple[str, str, int | None, int]]:
    """(indicator suffix, kind, period_start, period) of the facts whose text holds `quote`."""
    out = []
    for f in parse_report(text, region, year).facts:
        if quote in f.text:
            suffix = "_avg" if f.indicator.endswith("_avg") else "_multi" if f.indicator.endswith("_multi") else ""
            out.append((suffix, f.kind, f.period_start, f.period))
    return out


def _review_of_five_years(sentence: str, year: int) -> str:
    return f"{year}年政府工作报告\n一、过去五年的回顾\n过去五年，我们做了大量工作。{sentence}\n"


@pytest.mark.parametrize("text,year,quote,expected", [
    # a level the review dates to its last year (or 去年) is that year's, not a total of the span
    (_review_of_five_years("在经济持续增长和效益改善的基础上，2000年国家财政收入达13380亿元，平均每年增长16.5％。", 2001),
     2001, "13380亿元", ("", "outcome", None, 2000)),
    (_review_of_five_years("粮食产量屡创历史新高，去年达到54641万吨，连续7年增产。", 2011),
     2011, "54641万吨", ("", "outcome", None, 2010)),
    (_review_of_five_years("全国粮食连续四年增产，2007年产量达到50150万吨。", 2008),
     2008, "50150万吨", ("", "outcome", None, 2007)),
    # a figure against the year before (比上年) is one year's, in any part
    (_review_of_five_years("国民经济实现了快速增长，国民生产总值比上年增长百分之十二点八。", 1993),
     1993, "十二点八", ("", "outcome", None, 1992)),
    # a level reached (由…增加到, 下降到) is the last year's
    (_review_of_five_years("公路通车里程由１９９７年的１２３万公里增加到２００２年的１７６万公里。", 2003),
     2003, "１７６万公里", ("", "outcome", None, 2002)),
    (_review_of_five_years("九年义务教育人口覆盖率达到85％以上，青壮年文盲率下降到6％。", 1998),
     1998, "6％", ("", "outcome", None, 1997)),
    # …but a change against a base year stays a change over the span
    (_review_of_five_years("实施积极的就业政策，切实加强创业扶持、就业援助和就业培训，2007年末全市从业人员比2002年末增加110多万人。",
                           2008),
     2008, "110多万人", ("_multi", "outcome", 2003, 2007)),
    # the span said in a part about one year: 五年来, “十一五”前四年
    (in_review("城乡居民储蓄大幅度增加，存款余额达到46280亿元。五年来城镇新增就业3555万人。", 1998), 1998, "3555万人",
     ("_multi", "outcome", 1993, 1997)),
    (in_review("“十一五”前四年累计单位国内生产总值能耗下降１４．３８％。", 2010), 2010, "１４．３８％",
     ("_multi", "outcome", 2006, 2009)),
    # a plan named as the figure's (“八五”计划, “十一五”年均) gives its years, not those of the part
    (in_targets("国内生产总值增长8%左右。按调整后的“八五”计划，国民经济增长速度由原定平均每年百分之六调高到百分之八至九。", 1993)
     .replace("今年经济社会发展", "今后五年，我们要努力工作。\n今年经济社会发展"), 1993, "百分之六", ("_avg", "target", 1991, 1995)),
    (plan_part("“十五”期间国内生产总值增长速度比原来预计的高一些，“十一五”年均增长7.5%。", 2006), 2006, "7.5%",
     ("_avg", "target", 2006, 2010)),
    # a decimal before 年 is a number (14.2年, PM2.5年均), not a span of years
    (plan_part("新增劳动力平均受教育年限达到14.2年，人均预期寿命再提高1.5岁。"), 2026, "1.5岁",
     ("_multi", "target", 2026, 2030)),
    (in_review("PM2.5年均浓度为27微克/立方米。", 2022), 2022, "27微克", ("", "outcome", None, 2021)),
])
def test_the_years_of_figures_in_multi_year_parts(text: str, year: int, quote: str,
                                                  expected: tuple[str, str, int | None, int]) -> None:
    found = _facts_of(text, "national", year, quote)  # (several facts may quote one clause: 由原定…调高到)
    assert found and set(found) == {expected}


def test_the_next_plans_goal_after_a_quoted_plan_name() -> None:
    text = ("2026年政府工作报告\n一、2025年工作回顾\n地区生产总值增长5.3%。\n二、2026年主要任务\n"
            "今年主要预期目标是：地区生产总值增长5%。力争“十五五”时期地区生产总值年均增长5%左右。\n")
    goal = catalog(text, "shaanxi", 2026)[("gdp_growth_avg", "target", 2030)]
    assert (goal.value, goal.period_start) == (5, 2026)


def test_a_sentence_turning_to_last_year_speaks_for_the_next_one() -> None:
    text = ("2011年政府工作报告\n一、“十一五”时期的回顾\n过去五年，国内生产总值年均增长11.2%。\n"
            "三、2011年的工作\n2011年，是“十二五”开局之年。过去一年，我们的各项工作取得了很大成绩。"
            "国内生产总值增长10.3%，城镇新增就业1168万人。今年，国内生产总值增长8%左右。\n")
    found = catalog(text, "national", 2011)
    assert found[("gdp_growth", "outcome", 2010)].value == 10.3
    assert found[("new_urban_jobs", "outcome", 2010)].value == 1.168e7
    assert found[("gdp_growth", "target", 2011)].value == 8


@pytest.mark.parametrize(("sentence", "year", "indicator", "kind", "period", "comparator", "value"), [
    # 与上年基本持平 of a price level is a change of 0, `about` (FACTS.md)
    ("全市生产总值增长5%，居民消费价格与上年基本持平。", 2025, "cpi", "outcome", 2024, "about", 0.0),
    # …and so of any growth rate (shanghai 2011, guizhou 2025's wording)
    ("全市生产总值增长10.3%，全社会固定资产投资总额与上年基本持平。", 2011, "fixed_asset_investment_growth", "outcome",
     2010, "about", 0.0),
    ("全省生产总值增长5%，固定资产投资同比持平。", 2025, "fixed_asset_investment_growth", "outcome", 2024, "about", 0.0),
    ("全市生产总值增长5%，地方一般公共预算收入与上年基本持平。", 2021, "budget_revenue_growth", "outcome", 2020,
     "about", 0.0),
    # a deficit ratio stated in the review is last year's outcome
    ("货物进出口总额增长7.7%。财政赤字率控制在2.8%，中央财政收支符合预算。", 2023, "deficit_ratio", "outcome", 2022,
     "exact", 2.8),
])
def test_review_phrases_of_the_sharper_contract(sentence: str, year: int, indicator: str, kind: str, period: int,
                                                comparator: str, value: float) -> None:
    found = catalog(in_review(sentence, year), "national", year)
    fact = found[(indicator, kind, period)]
    assert (fact.comparator, fact.value) == (comparator, value)
    assert fact.unit == "%"


@pytest.mark.parametrize(("sentence", "indicator", "value", "unit"), [
    # an aside holding a figure of its own: the figure after it is the name's (chongqing 2026)
    ("外贸进出口在对美贸易下降超3成的情况下增长12%。", "trade_growth", 12.0, "%"),
    ("地区生产总值在上年增长13%的基础上增长10.5%。", "gdp_growth", 10.5, "%"),
    # a short first sentence about 粮食 is the subject of a bare 总产量 in the next (jilin 2025)
    ("——粮食生产再创新高。播种面积达到8780.7万亩，单产连续3年居粮食主产省第1位，总产量达到853.2亿斤。",
     "grain_output", 853.2e8, "斤"),
])
def test_a_review_figure_whose_name_stands_further_back(sentence: str, indicator: str, value: float,
                                                         unit: str) -> None:
    fact = catalog(in_review(sentence, 2026), "chongqing", 2026)[(indicator, "outcome", 2025)]
    assert (fact.value, fact.unit) == (value, unit)


@pytest.mark.parametrize("sentence", [
    "扣除房地产开发投资后，固定资产投资增长2.7%。",  # gansu 2026: the rest of investment, not all of it
    "剔除房地产开发投资后，全省固定资产投资增长3%。",
])
def test_a_figure_of_what_is_left_after_a_part_is_taken_out_is_no_catalog_figure(sentence: str) -> None:
    assert ("fixed_asset_investment_growth", "outcome", 2025) not in catalog(in_review(sentence, 2026), "gansu", 2026)
    # a price adjustment only measures the whole in real terms
    real = catalog(in_review("扣除价格因素后，社会消费品零售总额增长5.2%。", 2026), "gansu", 2026)
    assert real[("retail_sales_growth", "outcome", 2025)].value == 5.2


@pytest.mark.parametrize(("sentence", "indicator", "start"), [
    ("这两年中，社会商品零售总额增长百分之十六，财政收入增长百分之四十四点四。", "budget_revenue_growth_multi", 1977),
    ("两年来，社会商品零售总额增长16%，财政收入增长44.4%。", "budget_revenue_growth_multi", 1977),
    ("近三年，财政收入增长44.4%。", "budget_revenue_growth_multi", 1976),
])
def test_a_review_sentence_opening_on_the_last_few_years_covers_them(sentence: str, indicator: str,
                                                                     start: int) -> None:
    """National 1979: a sentence of last year's review that opens with 这两年中 gives two-year changes."""
    found = catalog(in_review("财政收入增长28%。" + sentence, 1979), "national", 1979)
    assert found[(indicator, "outcome", 1978)].period_start == start
    assert found[("budget_revenue_growth", "outcome", 1978)].value == 28  # the sentence before is last year's


def test_a_sentence_opening_with_a_later_year_plans_for_that_year() -> None:
    """National 1988: 到1992年，… inside the part about 1988 sets 1992's level and the average to it."""
    text = in_targets("今年国民生产总值增长7.5%。到1992年，力争使国民生产总值达到15500亿元左右，平均每年增长7.5%左右。",
                      1988)
    found = catalog(text, "national", 1988)
    assert found[("gdp_total", "target", 1992)].value == 15500e8
    assert found[("gdp_growth_avg", "target", 1992)].period_start == 1988
    assert ("gdp_total", "target", 1988) not in found
    assert found[("gdp_growth", "target", 1988)].value == 7.5
    # the year in numerals (national 1982, on the sixth five-year plan)
    old = catalog(in_targets("工农业总产值增长4%。到一九八五年，全国粮食产量计划达到三亿六千万吨。", 1982), "national", 1982)
    assert old[("grain_output", "target", 1985)].value == 3.6e8


@pytest.mark.parametrize(("sentence", "key", "value"), [
    # 新增就业 without 城镇, in a sentence about employment (tianjin 2026) or after 全年 (hailaer)
    ("出台促进高质量充分就业等政策措施，发放就业创业补贴13亿元，新增就业32.7万人。", ("new_urban_jobs", "outcome", 2025), 32.7e4),
    ("社会保障持续加强。全年实现新增就业5650人，再就业2100人。", ("new_urban_jobs", "outcome", 2025), 5650),
    # special bonds by their short names (shandong 2025, guangdong 2025)
    ("争取新增专项债资金3903亿元。", ("special_bonds", "outcome", 2025), 3903e8),
    ("争取并用好新增专项债券5085亿元，规模为历年之最。", ("special_bonds", "outcome", 2025), 5085e8),
    # a level after a change, joined by 稳步 (neimenggu 2026)
    ("一般公共预算收入增加近1000亿元，稳步达到3000亿元以上。", ("budget_revenue_total", "outcome", 2025), 3000e8),
])
def test_headline_figures_under_their_short_or_joined_names(sentence: str, key: tuple, value: float) -> None:
    found = catalog(in_review(sentence, 2026), "tianjin", 2026)
    assert found[key].value == pytest.approx(value)


@pytest.mark.parametrize(("text", "key", "comparator", "value"), [
    # investment with its growth is fixed-asset investment (guangdong 2026)
    (in_targets("地区生产总值增长5%左右。全年投资增长5%左右。", 2026), ("fixed_asset_investment_growth", "target", 2026),
     "about", 5.0),
    # its quality in place of a figure in the targets paragraph (tianjin 2026)
    (in_targets("地区生产总值增长5%左右；固定资产投资提质增效；城镇新增就业28万人。", 2026),
     ("fixed_asset_investment_growth", "target", 2026), "qualitative", None),
    # each year of a five-year review: the average (shaanxi 2026)
    (_review_of_five_years("每年城镇新增就业40万人以上。", 2026), ("new_urban_jobs_avg", "outcome", 2025), "at_least", 4e5),
])
def test_headline_figures_in_other_shapes(text: str, key: tuple, comparator: str, value: float | None) -> None:
    fact = catalog(text, "tianjin", 2026)[key]
    assert (fact.comparator, fact.value) == (comparator, value)


@pytest.mark.parametrize("sentence", [
    "全年新增营业面积10万平方米，新增就业3000人。",  # the jobs of the new shops, not the region's (hailaer 2016)
    "海口经济圈产业发展规划完成编制，经济总量年均增长5.8%。",  # a part of the region (hainan 2026)
    "投资率为32%，投资完成率129.6%。",  # shares, not investment's growth
])
def test_figures_of_a_part_or_of_something_else_are_no_headline_figures(sentence: str) -> None:
    assert catalog(in_review(sentence, 2026), "hainan", 2026) == {}


@pytest.mark.parametrize("sentence", [
    "城镇新增就业45万人以上的目标，体现了就业优先的政策导向。",  # liaoning 2026
    "固定资产投资今年要增长10%左右，这个目标是等不来的。",  # neimenggu 2025
    "2.实现城镇新增就业18万人以上。",  # neimenggu 2026's list of 民生实事
])
def test_a_main_target_said_again_is_the_same_target_not_a_task(sentence: str) -> None:
    text = in_targets("城镇新增就业45万人以上，固定资产投资增长10%左右。", 2026) + sentence + "\n"
    sheet = parse_report(text, region="liaoning", year=2026)
    assert not [f for f in sheet.facts if f.is_task], [f.indicator for f in sheet.facts if f.is_task]


@pytest.mark.parametrize(("sentence", "value"), [
    ("全省生产总值连续跨越7万亿、8万亿、9万亿三个大台阶。", 9e12),  # zhejiang 2026
    ("经济总量连跨5万亿元、6万亿元两个台阶。", 6e12),  # fujian 2026
    ("地区生产总值年均增长5.2%，经济总量连续迈上4万亿、5万亿两个台阶。", 5e12),  # beijing 2026
])
def test_the_last_of_the_steps_a_level_crossed_is_the_level_reached(sentence: str, value: float) -> None:
    fact = catalog(_review_of_five_years(sentence, 2026), "zhejiang", 2026)[("gdp_total", "outcome", 2025)]
    assert (fact.comparator, fact.value, fact.period_start) == ("at_least", value, None)


def test_a_yearly_output_listed_after_the_sown_area_is_the_grain_output() -> None:
    """Yunnan 2026: 年度产量 after 粮食播种面积 is the level its last year reached."""
    text = _review_of_five_years("粮食播种面积稳定在6200万亩以上、年度产量首次突破2000万吨。", 2026)
    fact = catalog(text, "yunnan", 2026)[("grain_output", "outcome", 2025)]
    assert (fact.comparator, fact.value, fact.unit) == ("at_least", 2e7, "吨")


@pytest.mark.parametrize(("text", "year", "key", "value", "start"), [
    # a span said before the name (national 2008, 2006, 2013)
    (_review_of_five_years("五年全国新增城镇就业5100万人。", 2008), 2008, ("new_urban_jobs_multi", "outcome", 2007), 5.1e7, 2003),
    (_review_of_five_years("平均每年城镇新增就业1000多万人。", 2008), 2008, ("new_urban_jobs_avg", "outcome", 2007), 1e7, 2003),
    (_review_of_five_years("累计新增城镇就业5870万人。", 2013), 2013, ("new_urban_jobs_multi", "outcome", 2012), 5.87e7, 2008),
    # the old national reports' 国家财政收入 (national 2001)
    (_review_of_five_years("2000年国家财政收入达13380亿元，平均每年增长16.5％。", 2001), 2001,
     ("budget_revenue_growth_avg", "outcome", 2000), 16.5, 1996),
    # a sentence that compares its year with a base year speaks of the years between (national 1987, 2006)
    (in_targets("工农业总产值增长7%。1986年同1978年相比，国民生产总值由3480亿元增加到9380亿元，按可比价格计算增长102%；"
                "国家财政收入由1121亿元增加到2220亿元，增长98%。", 1987), 1987, ("budget_revenue_growth_multi", "outcome", 1986),
     98.0, 1979),
    (in_review("2005年与2000年相比，国内生产总值增长57.3%，年均增长9.5%。", 2006), 2006, ("gdp_growth_multi", "outcome", 2005),
     57.3, 2001),
])
def test_figures_of_a_span_the_sentence_names(text: str, year: int, key: tuple, value: float, start: int) -> None:
    fact = catalog(text, "national", year)[key]
    assert (fact.value, fact.period_start) == (pytest.approx(value), start)


def test_the_year_a_sentence_compares_holds_for_its_parts_after_a_semicolon() -> None:
    text = in_targets("工农业总产值增长7%。1986年同1978年相比，国民生产总值由3480亿元增加到9380亿元；"
                      "国家财政收入由1121亿元增加到2220亿元。", 1987)
    found = catalog(text, "national", 1987)
    assert found[("budget_revenue_total", "outcome", 1986)].value == 2220e8
    assert not any(k[1] == "target" for k in found)


@pytest.mark.parametrize(("text", "key", "value"), [
    # the year a change got to (national 2013)
    (in_review("财政赤字占国内生产总值的比重从2009年的2.8%降到去年的1.5%左右。", 2013), ("deficit_ratio", "outcome", 2012), 1.5),
    # income said to grow steadily, in the targets paragraph (national 2009)
    (in_targets("城镇新增就业900万人以上；城乡居民收入稳定增长；居民消费价格总水平涨幅4%左右。", 2009),
     ("income_growth", "target", 2009), None),
])
def test_more_ways_a_headline_figure_is_said(text: str, key: tuple, value: float | None) -> None:
    year = key[2] if key[1] == "target" else key[2] + 1
    assert catalog(text, "national", year)[key].value == value


def test_averages_over_two_spans_that_end_in_the_same_year_are_both_kept() -> None:
    """National 2023: 五年年均增长5.2%，十年增加近70万亿元、年均增长6.2% (2018-2022 and 2013-2022)."""
    text = _review_of_five_years("国内生产总值增加到121万亿元，五年年均增长5.2%，十年增加近70万亿元、年均增长6.2%。", 2023)
    sheet = parse_report(text, region="national", year=2023)
    averages = {(f.period_start, f.period): f.value for f in sheet.facts if f.indicator == "gdp_growth_avg"}
    assert averages == {(2018, 2022): 5.2, (2013, 2022): 6.2}


def test_a_years_output_after_a_clause_about_grain_is_the_grain_output() -> None:
    """National 2008: 全国粮食连续四年增产，2007年产量达到50150万吨."""
    found = catalog(_review_of_five_years("全国粮食连续四年增产，2007年产量达到50150万吨。", 2008), "national", 2008)
    assert found[("grain_output", "outcome", 2007)].value == 50150e4


@pytest.mark.parametrize(("text", "key", "value"), [
    # a range's dash of some copies (shanghai 2003)
    (in_targets("国内生产总值增长9%─10%，全社会固定资产投资总额2200亿元以上。", 2003), ("gdp_growth", "target", 2003), 9.5),
    # the span a later figure of the subject covers (shanghai 2016)
    (in_review("全市生产总值达到2.5万亿元，比上年增长6.9%，过去五年年均增长7.5%。", 2016), ("gdp_growth_avg", "outcome", 2015),
     7.5),
    # where a level got to from five years before (shanghai 2018)
    (_review_of_five_years("全市生产总值年均增长7.1%，从五年前的2万亿元跃升到3万亿元，迈上新台阶。", 2018),
     ("gdp_total", "outcome", 2017), 3e12),
])
def test_shanghai_shapes_of_headline_figures(text: str, key: tuple, value: float) -> None:
    year = key[2] if key[1] == "target" else key[2] + 1
    assert catalog(text, "shanghai", year)[key].value == value


def test_this_and_next_year_together_is_a_two_year_target() -> None:
    """今明两年…扩招200万人 sets one figure for two years: judged against neither year alone."""
    text = in_targets("国内生产总值增长6%左右。", 2020).replace(
        "今年经济社会", "今明两年职业技能培训3500万人次以上，高职院校扩招200万人。今年经济社会")
    sheet = parse_report(text.replace("二、2020年主要任务\n", "二、2020年主要任务\n"), region="national", year=2020)
    tasks = {f.label: f for f in sheet.facts if f.is_task}
    f = tasks["高职院校扩招"]
    assert (f.indicator, f.period_start, f.period, f.value) == ("task:高职院校扩招_multi", 2020, 2021, 2e6)
    # a rate said per year stays one year's
    one = parse_report(in_targets("今明两年继续提高企业退休人员基本养老金，人均每年增长10%左右。", 2009),
                       region="national", year=2009)
    assert all(f.period_start is None for f in one.facts if "养老金" in f.text or "每年" in f.text)


@pytest.mark.parametrize(("sentence", "indicator", "value"), [
    # a plan (计划), the turn of a sentence (但), how a target was set (预定, 的调控目标定为) before or
    # between the name and its figure (national 1994, 2014, 1998, 1997); the comparators are numbers.py's
    ("根据这个要求，今年计划国内生产总值增长百分之九。", "gdp_growth", 9),
    ("今年国民生产总值计划增长百分之八，是留有余地的。", "gdp_growth", 8),  # national 1993
    ("财政赤字和国债规模随着经济总量扩大而有所增加，但赤字率稳定在2.1%，体现了财政政策的连续性。", "deficit_ratio", 2.1),
    ("今年全社会固定资产投资预定增长10％或者更多一些。", "fixed_asset_investment_growth", 10),
    ("今年要保持国民经济持续、快速、健康发展，经济增长速度的调控目标定为８％。", "gdp_growth", 8),
])
def test_words_of_intent_around_a_catalog_name(sentence: str, indicator: str, value: float) -> None:
    text = in_targets("城镇新增就业900万人以上。") + sentence + "\n"
    fact = catalog(text, "national")[(indicator, "target", YEAR)]
    assert (fact.value, fact.unit) == (pytest.approx(value), "%")


def test_a_condition_between_the_economy_and_its_planned_growth() -> None:
    """在…的基础上 says what the goal rests on (national 2011): the figure is still the economy's."""
    text = ("2026年政府工作报告\n一、2025年工作回顾\n地区生产总值增长5%。\n二、“十五五”时期的主要目标\n"
            "我国经济增长预期目标是在明显提高质量和效益的基础上年均增长7%。\n")
    goal = catalog(text, "national", 2026)[("gdp_growth_avg", "target", 2030)]
    assert (goal.value, goal.period_start) == (7, 2026)


def test_a_plan_goal_set_as_a_target_of_growth() -> None:
    """增速目标设定为年均增长 (xinjiang 2026): how the goal was set stands between the name and its figure."""
    text = ("2026年政府工作报告\n一、2025年工作回顾\n地区生产总值增长5%。\n二、“十五五”时期的主要目标\n"
            "建议“十五五”时期地区生产总值增速目标设定为年均增长5.5%—6%。\n")
    goal = catalog(text, "xinjiang", 2026)[("gdp_growth_avg", "target", 2030)]
    assert (goal.low, goal.high, goal.period_start) == (5.5, 6, 2026)


def test_a_yearly_average_after_a_from_to_clause_keeps_its_subject() -> None:
    """全社会消费品零售总额 (全|社会消费品零售总额) in the clause before names the bare 平均每年实际增长 (national 2003)."""
    text = ("2003年政府工作报告\n一、过去五年政府工作回顾\n——消费水平明显提高。城乡市场繁荣，全社会消费品零售总额"
            "从１９９７年的２．７３万亿元增加到２００２年的４．１万亿元，平均每年实际增长１０．５％。\n")
    avg = catalog(text, "national", 2003)[("retail_sales_growth_avg", "outcome", 2002)]
    assert (avg.value, avg.period_start) == (10.5, 1998)


# A figure of another kind than its part's, and no fact of the report's: a target set before and quoted
# in the review, a past figure a target builds on, the target a new one replaces. (part, sentence, figures
# that are no fact, figures that stay): the figures are values of any fact, catalog or task.
OFF_KIND = [
    (in_review, "国内生产总值比上年增长7.8％，虽然略低于8％的预定目标，但这是在抵御亚洲金融危机的冲击和战胜国内特大洪涝灾害的情况下取得的。",
     [8], [7.8]),
    (in_review, "稳健的货币政策灵活适度，广义货币M2增长11.3%，低于13%左右的预期目标。", [13], [11.3]),
    (in_review, "但是，全国没有实现年初确定的单位国内生产总值能耗降低4%左右、主要污染物排放总量减少2%的目标。", [4, 2], []),
    (in_review, "去年我在政府工作报告中曾提出，要把全年商品零售物价上涨幅度控制在百分之十以内。虽然在这方面做了很大努力，"
                "涨幅仍然高达百分之二十一点七。", [10], [21.7]),
    (in_review, "减税降费2.36万亿元，超过原定的近2万亿元规模，制造业和小微企业受益最多。", [2e12], [2.36e12]),
    (in_targets, "今年计划国内生产总值增长百分之九。在连续两年增长百分之十三的基础上，安排这样的速度是比较合适的。", [13], [9]),
    (in_targets, "今年经济增长速度的宏观调控目标，定为百分之八。由于已经连续三年增长速度在百分之十一以上，"
                 "当前又存在着较为严重的通货膨胀，今年增长速度比去年低一点是适当的。", [11], [8]),
    (in_targets, "按调整后的“八五”计划，国民经济增长速度由原定平均每年百分之六调高到百分之八。", [6], [8]),
    # a target said met: what happened reached it
    (in_review, "提前一年实现农村中小学生人均公用经费５００元和３００元的目标。", [], [500, 300]),
    (in_review, "保障和改善民生的力度丝毫不减，年初确定的十大类44项民生实事全部完成。", [], [44]),
    # a share of the plan, or the distance from it, is what happened
    (in_review, "１９５５年全国工业总产值完成了原定计划的１０１％，比１９５４年增长８％。", [], [101]),
    (in_review, "一九五七年工业投资额完成六十五亿五千万元，超过原定的年度计划百分之四点一。", [], [4.1]),
]


@pytest.mark.parametrize("part,sentence,dropped,kept", OFF_KIND, ids=[s for _, s, _, _ in OFF_KIND])
def test_a_figure_quoted_from_another_time_is_no_fact(part, sentence: str, dropped: list[float],
                                                      kept: list[float]) -> None:
    sheet = parse_report(part(sentence), region="national", year=YEAR)
    values = [f.value for f in sheet.facts if f.text in sentence]
    for v in dropped:
        assert pytest.approx(v) not in values, [f for f in sheet.facts if f.value == pytest.approx(v)]
    for v in kept:
        assert pytest.approx(v) in values, values


def test_the_years_own_review_beats_a_five_year_review_for_that_year() -> None:
    """A rate held under a cap through a five-year review is the last year's figure too (FACTS.md), but
    the review of that one year says what it was: its mention wins, though the other sentence holds
    more catalog figures and comes first."""
    text = ("2026年政府工作报告\n各位代表：\n一、“十四五”时期工作回顾\n"
            "五年来，城镇新增就业500万人，城镇调查失业率控制在5.5%以内。\n"
            "二、2025年工作回顾\n过去一年，城镇调查失业率5.2%。\n")
    found = catalog(text, "hainan", 2026)
    assert found[("surveyed_unemployment", "outcome", 2025)].value == 5.2
