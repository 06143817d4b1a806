"""Figures written back the Chinese way (4.4万亿元, 1200万人, 5%左右) for tables, pages and mail.

Readers of these reports think in 万 and 亿, so a value stored as 4.4e12 yuan is shown as the
report would write it, not as 4400000000000.
"""
from __future__ import annotations

from targetwatch.diffing.catalog import lookup
from targetwatch.diffing.model import Fact

_PREFIX = {"about": "", "at_least": "", "at_most": "", "exact": "", "range": ""}
_SUFFIX = {"about": "左右", "at_least": "以上", "at_most": "以内", "exact": "", "range": ""}


def number(v: float) -> str:
    """Shortest decimal form: 5.0 -> '5', 5.25 -> '5.25', 33757.93 -> '33757.93' (reports give
    up to four decimals; significant-digit formatting would drop them from large figures)."""
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    if abs(v) >= 1e-4:
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return f"{v:g}"


def scaled(v: float, unit: str | None) -> str:
    """A base-unit quantity with its magnitude put back: 4.4e12 元 -> '4.4万亿元'."""
    u = unit or ""
    if u in ("%", "pp", "倍"):
        suffix = {"%": "%", "pp": "个百分点", "倍": "倍"}[u]
        return number(v) + suffix
    a = abs(v)
    for size, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if a >= size and (a / size) == round(a / size, 4):
            return number(round(v / size, 4)) + word + u
    return number(v) + u


def figure(fact: Fact) -> str:
    """The fact's figure with its qualifier: '5%左右', '1200万人以上', '6.5%-7%', '与经济增长同步'."""
    if fact.comparator == "none":
        return "未设目标" if fact.kind == "target" else "未报告"
    if fact.comparator == "qualitative":
        return "定性表述"
    if fact.comparator == "range" and fact.low is not None and fact.high is not None:
        return f"{scaled(fact.low, fact.unit)}-{scaled(fact.high, fact.unit)}"
    if fact.value is None:
        return "—"
    return scaled(fact.value, fact.unit) + _SUFFIX.get(fact.comparator, "")


def change(value: float, unit: str | None) -> str:
    """A signed difference: +0.7个百分点, -2.5个百分点, +1.2万人."""
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + scaled(abs(value), unit)


VERDICTS: dict[str, str] = {
    "met": "完成",
    "missed": "未完成",
    "not_reported": "未报告",
    "not_comparable": "不可比",
    "raised": "上调",
    "lowered": "下调",
    "unchanged": "持平",
    "reworded": "表述调整",
    "new": "新增",
    "dropped": "取消",
    "not_repeated": "今年未再提及",
    "above": "高于上年实际",
    "below": "低于上年实际",
    "equal": "等于上年实际",
    "pending": "待下年报告",
}
"""Verdict ids of the comparison contract as a Chinese reader would say them."""


def verdict(v: str | None) -> str:
    """'met' -> '完成'; an unknown id is shown as is rather than hidden."""
    if v is None:
        return "—"
    return VERDICTS.get(v, v)


def indicator_name(indicator: str, fact: Fact | None = None, region: str | None = None) -> str:
    """A heading a reader recognises: the catalog's Chinese name, else the report's own words.

    Task ids are normalised phrases that may read oddly; the label the report used is what a
    journalist would quote, so it wins when there is one.
    """
    ind = lookup(indicator)
    if ind is not None:
        name = ind.name
        if region == "national" and name.startswith("地区"):
            name = "国内" + name[2:]
        if indicator.endswith("_avg"):
            return name + "（年均）"
        if indicator.endswith("_multi"):
            return name + "（累计）"
        return name
    if fact is not None and fact.label:
        return fact.label
    return indicator.removeprefix("task:")


def period(fact: Fact) -> str:
    """'2023年', or '2018-2022年' for a figure about several years."""
    if fact.period_start is not None and fact.period_start != fact.period:
        return f"{fact.period_start}-{fact.period}年"
    return f"{fact.period}年"


def signed(value: float | None, unit: str | None) -> str:
    """A margin or change for a table cell: '+0.7个百分点', '−2.5个百分点', '—' when there is none."""
    if value is None:
        return "—"
    return change(value, unit)
