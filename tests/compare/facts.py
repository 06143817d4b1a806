"""Fact builders with real figures from the national and Beijing reports.

The comparison is specified on these before the parser exists; each text is the phrase the
report really uses, so a rendering test also shows what a reader will see.
"""
from __future__ import annotations

import itertools

import pytest

from targetwatch.diffing.compare import Judgement
from targetwatch.diffing.model import Fact, FactSheet

_pos = itertools.count(100, 100)


def fact(indicator: str, kind: str, period: int, comparator: str, value: float | None = None, unit: str | None = "%",
         text: str | None = None, *, label: str | None = None, low: float | None = None, high: float | None = None,
         period_start: int | None = None) -> Fact:
    start = next(_pos)
    text = text or indicator
    if comparator in ("qualitative", "none"):
        value, unit = None, None
    return Fact(indicator=indicator, label=label or indicator.removeprefix("task:"), kind=kind,  # type: ignore[arg-type]
                period=period, comparator=comparator, value=value, unit=unit, text=text,  # type: ignore[arg-type]
                span=(start, start + len(text)), low=low, high=high, period_start=period_start)


def target(indicator: str, period: int, comparator: str, value: float | None = None, unit: str | None = "%",
           text: str | None = None, **kw) -> Fact:
    return fact(indicator, "target", period, comparator, value, unit, text, **kw)


def outcome(indicator: str, period: int, comparator: str, value: float | None = None, unit: str | None = "%",
            text: str | None = None, **kw) -> Fact:
    return fact(indicator, "outcome", period, comparator, value, unit, text, **kw)


def assert_judged(j: Judgement, verdict: str, delta: float | None, unit: str | None) -> None:
    """A judgement has this verdict, and this difference in this unit (or none at all)."""
    assert j.verdict == verdict
    if delta is None:
        assert j.delta is None
    else:
        assert j.delta == pytest.approx(delta)
        assert j.unit == unit


def sheet(region: str, year: int, *facts: Fact) -> FactSheet:
    return FactSheet(region=region, report_year=year, extractor_version="test", facts=tuple(facts))


def national_2022() -> FactSheet:
    return sheet(
        "national", 2022,
        outcome("gdp_growth", 2021, "exact", 8.1, "%", "增长8.1%"),
        target("gdp_growth", 2022, "about", 5.5, "%", "国内生产总值增长5.5%左右"),
        target("new_urban_jobs", 2022, "at_least", 11_000_000, "人", "城镇新增就业1100万人以上"),
        target("surveyed_unemployment", 2022, "at_most", 5.5, "%", "城镇调查失业率全年控制在5.5%以内"),
        target("cpi", 2022, "about", 3.0, "%", "居民消费价格涨幅3%左右"),
        target("income_growth", 2022, "qualitative", text="居民收入增长与经济增长基本同步"),
        target("grain_output", 2022, "at_least", 1.3e12, "斤", "粮食产量保持在1.3万亿斤以上"),
        target("energy_intensity_reduction", 2022, "none", text="能耗强度目标在“十四五”规划期内统筹考核"),
        target("deficit_ratio", 2022, "about", 2.8, "%", "赤字率拟按2.8%左右安排"),
        target("special_bonds", 2022, "exact", 3.65e12, "元", "今年拟安排地方政府专项债券3.65万亿元"),
    )


def national_2023() -> FactSheet:
    return sheet(
        "national", 2023,
        outcome("gdp_growth", 2022, "exact", 3.0, "%", "全年国内生产总值增长3%"),
        outcome("new_urban_jobs", 2022, "exact", 12_060_000, "人", "城镇新增就业1206万人"),
        outcome("surveyed_unemployment", 2022, "exact", 5.5, "%", "年末城镇调查失业率降到5.5%"),
        outcome("cpi", 2022, "exact", 2.0, "%", "居民消费价格上涨2%"),
        outcome("grain_output", 2022, "exact", 1.37e12, "斤", "粮食产量1.37万亿斤"),
        outcome("gdp_growth_avg", 2022, "exact", 5.2, "%", "五年年均增长5.2%", period_start=2018),
        target("gdp_growth", 2023, "about", 5.0, "%", "国内生产总值增长5%左右"),
        target("new_urban_jobs", 2023, "about", 12_000_000, "人", "城镇新增就业1200万人左右"),
        target("surveyed_unemployment", 2023, "about", 5.5, "%", "城镇调查失业率5.5%左右"),
        target("cpi", 2023, "about", 3.0, "%", "居民消费价格涨幅3%左右"),
        target("income_growth", 2023, "qualitative", text="居民收入增长与经济增长基本同步"),
        target("grain_output", 2023, "at_least", 1.3e12, "斤", "粮食产量保持在1.3万亿斤以上"),
        target("energy_intensity_reduction", 2023, "qualitative", text="单位国内生产总值能耗和主要污染物排放量继续下降"),
        target("deficit_ratio", 2023, "exact", 3.0, "%", "赤字率拟按3%安排"),
        target("special_bonds", 2023, "exact", 3.8e12, "元", "今年拟安排地方政府专项债券3.8万亿元"),
    )


def national_2024() -> FactSheet:
    return sheet(
        "national", 2024,
        outcome("gdp_total", 2023, "at_least", 126e12, "元", "国内生产总值超过126万亿元"),
        outcome("gdp_growth", 2023, "exact", 5.2, "%", "增长5.2%"),
        outcome("new_urban_jobs", 2023, "exact", 12_440_000, "人", "城镇新增就业1244万人"),
        outcome("surveyed_unemployment", 2023, "exact", 5.2, "%", "城镇调查失业率平均为5.2%"),
        outcome("cpi", 2023, "exact", 0.2, "%", "居民消费价格上涨0.2%"),
        outcome("grain_output", 2023, "exact", 1.39e12, "斤", "粮食产量1.39万亿斤"),
        outcome("income_growth", 2023, "exact", 6.1, "%", "居民人均可支配收入增长6.1%"),
        target("gdp_growth", 2024, "about", 5.0, "%", "国内生产总值增长5%左右"),
        target("new_urban_jobs", 2024, "at_least", 12_000_000, "人", "城镇新增就业1200万人以上"),
        target("surveyed_unemployment", 2024, "about", 5.5, "%", "城镇调查失业率5.5%左右"),
        target("cpi", 2024, "about", 3.0, "%", "居民消费价格涨幅3%左右"),
        target("income_growth", 2024, "qualitative", text="居民收入增长和经济增长同步"),
        target("grain_output", 2024, "at_least", 1.3e12, "斤", "粮食产量1.3万亿斤以上"),
        target("energy_intensity_reduction", 2024, "about", 2.5, "%", "单位国内生产总值能耗降低2.5%左右"),
        target("deficit_ratio", 2024, "exact", 3.0, "%", "赤字率拟按3%安排"),
        target("special_bonds", 2024, "exact", 3.9e12, "元", "拟安排地方政府专项债券3.9万亿元"),
    )


def national_2025() -> FactSheet:
    return sheet(
        "national", 2025,
        outcome("gdp_total", 2024, "exact", 134.9e12, "元", "国内生产总值达到134.9万亿元"),
        outcome("gdp_growth", 2024, "exact", 5.0, "%", "增长5%"),
        outcome("new_urban_jobs", 2024, "exact", 12_560_000, "人", "城镇新增就业1256万人"),
        outcome("surveyed_unemployment", 2024, "exact", 5.1, "%", "城镇调查失业率平均为5.1%"),
        outcome("cpi", 2024, "exact", 0.2, "%", "居民消费价格上涨0.2%"),
        outcome("income_growth", 2024, "exact", 5.1, "%", "居民人均可支配收入实际增长5.1%"),
        outcome("grain_output", 2024, "at_least", 1.4e12, "斤", "粮食产量首次跃上1.4万亿斤新台阶"),
        outcome("energy_intensity_reduction", 2024, "at_least", 3.0, "%", "单位国内生产总值能耗降幅超过3%"),
        target("gdp_growth", 2025, "about", 5.0, "%", "国内生产总值增长5%左右"),
        target("surveyed_unemployment", 2025, "about", 5.5, "%", "城镇调查失业率5.5%左右"),
        target("new_urban_jobs", 2025, "at_least", 12_000_000, "人", "城镇新增就业1200万人以上"),
        target("cpi", 2025, "about", 2.0, "%", "居民消费价格涨幅2%左右"),
        target("income_growth", 2025, "qualitative", text="居民收入增长和经济增长同步"),
        target("grain_output", 2025, "about", 1.4e12, "斤", "粮食产量1.4万亿斤左右"),
        target("energy_intensity_reduction", 2025, "about", 3.0, "%", "单位国内生产总值能耗降低3%左右"),
        target("deficit_ratio", 2025, "about", 4.0, "%", "赤字率拟按4%左右安排"),
        target("special_bonds", 2025, "exact", 4.4e12, "元", "拟安排地方政府专项债券4.4万亿元"),
    )


def beijing_2023() -> FactSheet:
    return sheet(
        "beijing", 2023,
        target("gdp_growth", 2023, "at_least", 4.5, "%", "地区生产总值增长4.5%以上"),
    )


def beijing_2024() -> FactSheet:
    return sheet(
        "beijing", 2024,
        outcome("gdp_growth", 2023, "exact", 5.2, "%", "地区生产总值增长5.2%"),
        outcome("surveyed_unemployment", 2023, "exact", 4.4, "%", "城镇调查失业率4.4%"),
        outcome("budget_revenue_growth", 2023, "exact", 8.2, "%", "一般公共预算收入增长8.2%"),
        target("gdp_growth", 2024, "about", 5.0, "%", "地区生产总值增长5%左右"),
        target("budget_revenue_growth", 2024, "exact", 5.0, "%", "一般公共预算收入增长5%"),
        target("surveyed_unemployment", 2024, "at_most", 5.0, "%", "城镇调查失业率控制在5%以内"),
        target("cpi", 2024, "about", 3.0, "%", "居民消费价格涨幅3%左右"),
    )


NATIONAL = {2022: national_2022, 2023: national_2023, 2024: national_2024, 2025: national_2025}

