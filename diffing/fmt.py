"""Figures written back the Chinese way (4.4万亿元, 1200万人, 5%左右) for tables, pages and mail.

Readers of these reports think in 万 and 亿, so a value stored as 4.4e12 yuan is shown as the
report would write it, not as 4400000000000.
"""
from __future__ import annotations

from diffing.model import Fact

_PREFIX = {"about": "", "at_least": "", "at_most": "", "exact": "", "range": ""}
_SUFFIX = {"about": "左右", "at_least": "以上", "at_most": "以内", "exact": "", "range": ""}


def number(v: float) -> str:
    """Shortest decimal form: 5.0 -> '5', 5.25 -> '5.25'."""
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.6g}" if abs(v) >= 1e-4 else f"{v:g}"


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
