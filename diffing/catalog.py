"""The indicator catalog: canonical ids, their Chinese names and which direction is better.

The ids are the contract's (FACTS.md); comparisons read `better` to sign margins, and the
extractor reads `names` to recognise the figure. Keeping both here means a new indicator is
one entry, not an edit in three modules.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Better = Literal["higher", "lower", "ceiling", "policy"]


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    unit: str
    better: Better
    names: tuple[str, ...]
    """Subject phrases that name the figure in reports, longest first within a family."""
    name_en: str = ""
    """The English heading foreign desks use (as in the State Council's own English translation)."""


CATALOG: tuple[Indicator, ...] = (
    Indicator("gdp_growth", "地区生产总值增长", "%", "higher",
              ("国内生产总值增长", "地区生产总值增长", "生产总值增长", "国民生产总值增长", "经济增长", "经济增速"), name_en="GDP growth"),
    Indicator("gdp_total", "地区生产总值", "元", "higher",
              ("国内生产总值", "地区生产总值", "生产总值", "国民生产总值", "经济总量"), name_en="GDP"),
    Indicator("cpi", "居民消费价格涨幅", "%", "ceiling",
              ("居民消费价格涨幅", "居民消费价格上涨", "居民消费价格总水平", "居民消费价格", "消费价格涨幅",
               "物价涨幅", "物价总水平", "商品零售价格涨幅", "零售物价上涨幅度", "物价上涨幅度"), name_en="CPI increase"),
    Indicator("surveyed_unemployment", "城镇调查失业率", "%", "lower",
              ("城镇调查失业率", "调查失业率"), name_en="Surveyed urban unemployment rate"),
    Indicator("registered_unemployment", "城镇登记失业率", "%", "lower",
              ("城镇登记失业率", "登记失业率"), name_en="Registered urban unemployment rate"),
    Indicator("new_urban_jobs", "城镇新增就业", "人", "higher",
              ("城镇新增就业", "新增城镇就业", "城镇新增就业人数"), name_en="New urban jobs"),
    Indicator("budget_revenue_growth", "一般公共预算收入增长", "%", "higher",
              ("一般公共预算收入增长", "财政收入增长"), name_en="General public budget revenue growth"),
    Indicator("budget_revenue_total", "一般公共预算收入", "元", "higher",
              ("地方一般公共预算收入", "一般公共预算收入", "地方级一般公共预算收入", "公共财政预算收入",
               "公共财政收入", "地方财政收入", "财政收入"), name_en="General public budget revenue"),
    Indicator("income_growth", "居民人均可支配收入增长", "%", "higher",
              ("居民人均可支配收入增长", "居民收入增长", "人均可支配收入增长"), name_en="Per capita disposable income growth"),
    Indicator("grain_output", "粮食产量", "斤", "higher",
              ("粮食产量", "粮食总产量", "粮食总产"), name_en="Grain output"),
    Indicator("energy_intensity_reduction", "单位国内生产总值能耗降低", "%", "higher",
              ("单位国内生产总值能耗", "单位地区生产总值能耗", "单位生产总值能耗", "万元国内生产总值能耗",
               "万元地区生产总值能耗", "万元生产总值能耗", "能耗强度", "能源消耗强度", "单位国内生产总值能源消耗"),
              name_en="Cut in energy use per unit of GDP"),
    Indicator("deficit_ratio", "赤字率", "%", "policy", ("赤字率", "财政赤字占国内生产总值的比重"), name_en="Deficit-to-GDP ratio"),
    Indicator("special_bonds", "地方政府专项债券", "元", "policy", ("地方政府专项债券", "专项债券"), name_en="Local government special-purpose bonds"),
    Indicator("fixed_asset_investment_growth", "固定资产投资增长", "%", "higher",
              ("固定资产投资增长", "固定资产投资"), name_en="Fixed-asset investment growth"),
    Indicator("retail_sales_growth", "社会消费品零售总额增长", "%", "higher",
              ("社会消费品零售总额增长", "社会消费品零售总额", "社会商品零售总额"), name_en="Retail sales growth"),
    Indicator("trade_growth", "进出口总额增长", "%", "higher",
              ("进出口总额增长", "进出口增长", "外贸进出口", "货物进出口总额", "进出口总额", "进出口", "货物贸易增长"), name_en="Foreign trade growth"),
)

BY_ID: dict[str, Indicator] = {i.id: i for i in CATALOG}


def base_id(indicator: str) -> str:
    """The catalog id behind a multi-year variant (`gdp_growth_avg` -> `gdp_growth`)."""
    for suffix in ("_avg", "_multi"):
        if indicator.endswith(suffix):
            return indicator[: -len(suffix)]
    return indicator


def lookup(indicator: str) -> Indicator | None:
    return BY_ID.get(base_id(indicator))


def indicator_name_en(indicator: str) -> str:
    """An English heading for an id: the catalog's name, with (avg.)/(cumulative) for multi-year
    variants; a `task:` id keeps the report's Chinese words, since no translation is on file."""
    ind = lookup(indicator)
    if ind is None:
        return indicator.removeprefix("task:")
    if indicator.endswith("_avg"):
        return ind.name_en + " (annual avg.)"
    if indicator.endswith("_multi"):
        return ind.name_en + " (cumulative)"
    return ind.name_en


def better_direction(indicator: str) -> Better:
    """Which way is better for an indicator id; `task:` ids and unknown ids count as higher.

    Tasks are commitments to build, add or finish something, so more is better; the few
    that are reductions (减少, 下降, 压减) are recognised by the comparison from their label.
    """
    ind = lookup(indicator)
    return ind.better if ind else "higher"
