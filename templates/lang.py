"""Figures, verdicts and names in the reader's language: Chinese as the reports write them, or English.

Foreign desks quote "GDP growth: target about 5%, actual 5.4%, met (+0.4 pp)", not
"5%左右". Chinese output keeps `diffing.fmt` (4.4万亿元, 5%左右); English output puts the
magnitude in thousands/millions/billions/trillions and the qualifier in words. Task names
have no translation on file, so they stay in the report's Chinese whatever the language.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from targetwatch.diffing import fmt as chinese
from targetwatch.diffing.catalog import indicator_name_en
from targetwatch.diffing.model import Fact

if TYPE_CHECKING:  # pragma: no cover
    from targetwatch.diffing.compare import Tolerance
from targetwatch.diffing.regions import region_name, region_name_en

LANGS: tuple[str, ...] = ("zh", "en")
PAGES: dict[str, str] = {"zh": "", "en": "/en"}
"""Where below its root the web app serves its pages in each language (web.app.EnglishPages);
digests link to their language's pages."""

VERDICTS_EN: dict[str, str] = {
    "met": "met", "missed": "missed", "not_reported": "not reported", "not_comparable": "not comparable",
    "raised": "raised", "lowered": "lowered", "unchanged": "unchanged", "reworded": "reworded", "new": "new",
    "dropped": "dropped", "not_repeated": "not repeated", "above": "above last actual", "below": "below last actual", "equal": "equal to last actual",
    "pending": "pending",
}

UNITS_EN: dict[str, str] = {
    "元": " yuan", "人": " people", "斤": " jin", "吨": " t", "公斤": " kg", "千克": " kg", "亩": " mu",
    "公顷": " ha", "公里": " km", "千米": " km", "米": " m", "平方米": " m²", "户": " households",
    "套": " units", "家": " firms", "个": "", "项": "", "倍": "x", "人次": " person-times", "批次": " batches",
    "件": " items",
    # measure words that only count (the label says what: 座 bridges, 所 schools, 张 beds …)
    "座": "", "所": "", "张": "", "辆": "", "条": "", "处": "", "间": "", "栋": "", "台": "", "艘": "", "架": "",
    "只": "", "头": "", "次": " times", "场": " events", "名": " people", "位": "", "支": "", "片": "",
    "部": "", "列": "", "类": "", "宗": "", "批": "", "例": "", "篇": "", "幢": "", "门": "", "种": " kinds",
    "千瓦": " kW", "兆瓦": " MW", "千瓦时": " kWh", "美元": " US dollars", "岁": " years of age",
    "平方公里": " km²", "小时": " hours", "立方米": " m³", "微克/立方米": " μg/m³", "天": " days",
    "标准箱": " TEU", "场次": " events", "吨标准煤": " t of standard coal", "户次": " household-times",
    "架次": " flights", "‰": "‰",
}
_MAGNITUDES_EN = ((1e12, " trillion"), (1e9, " billion"), (1e6, " million"))
_QUALIFIER_EN = {"about": "about {}", "at_least": "≥{}", "at_most": "≤{}", "exact": "{}"}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def number_en(v: float) -> str:
    """Digits grouped the English way (7,800 and 1,494,000: every figure of four digits or more,
    so a column or a line never shows 7800 beside 10,000); decimals as diffing.fmt.number
    writes them (33,757.93)."""
    text = chinese.number(v)
    whole, dot, frac = text.partition(".")
    if "e" in text or len(whole.lstrip("-")) < 4:
        return text
    return f"{int(whole):,}" + dot + frac


def scaled_en(v: float, unit: str | None) -> str:
    """4.4e12 元 -> '4.4 trillion yuan'; 0.7 pp -> '0.7 pp'; 1.2e7 人 -> '12 million people'."""
    u = unit or ""
    if u == "%":
        return number_en(v) + "%"
    if u == "pp":
        return number_en(v) + " pp"
    name = UNITS_EN.get(u, " " + u if u else "")
    a = abs(v)
    for size, word in _MAGNITUDES_EN:
        if a >= size:
            return number_en(round(v / size, 4)) + word + name
    return number_en(v) + name


_AXIS_EN = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))


def axis(v: float, unit: str | None, lang: str = "zh") -> str:
    """A chart's tick label, short enough for its 60-pixel margin: '100tn', '4%', '12m'.

    The unit is in the chart's title and the table beside it; 'trillion yuan' on every tick
    would not fit.
    """
    if lang != "en":
        return chinese.scaled(v, unit)
    if unit in ("%", "pp"):
        return scaled_en(v, unit)
    for size, word in _AXIS_EN:
        if abs(v) >= size:
            return chinese.number(round(v / size, 2)) + word
    return chinese.number(v)


def figure_en(fact: Fact | None) -> str:
    """'about 5%', '≥12 million people', '5–5.5%', 'qualitative' (the wording is in the quote)."""
    if fact is None:
        return "—"
    if fact.comparator == "none":
        return "no target" if fact.kind == "target" else "not reported"
    if fact.comparator == "qualitative":
        return "qualitative"
    if fact.comparator == "range" and fact.low is not None and fact.high is not None:
        return f"{scaled_en(fact.low, fact.unit)}–{scaled_en(fact.high, fact.unit)}"
    if fact.value is None:
        return "—"
    return _QUALIFIER_EN.get(fact.comparator, "{}").format(scaled_en(fact.value, fact.unit))


def figure(fact: Fact | None, lang: str = "zh") -> str:
    if fact is None:
        return "—"
    return figure_en(fact) if lang == "en" else chinese.figure(fact)


def signed(value: float | None, unit: str | None, lang: str = "zh") -> str:
    """'+0.7个百分点' or '+0.7 pp'; '—' when there is none."""
    if value is None:
        return "—"
    if lang != "en":
        return chinese.change(value, unit)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + scaled_en(abs(value), unit)


def scaled(value: float, unit: str | None, lang: str = "zh") -> str:
    return scaled_en(value, unit) if lang == "en" else chinese.scaled(value, unit)


def verdict(v: str | None, lang: str = "zh", within_tolerance: bool = False) -> str:
    if v is None:
        return "—"
    if lang == "en":
        return VERDICTS_EN.get(v, v) + (" (within tolerance)" if within_tolerance else "")
    return chinese.verdict(v) + ("（容差内）" if within_tolerance else "")


def indicator(indicator_id: str, fact: Fact | None = None, region: str | None = None, lang: str = "zh") -> str:
    """The heading of an indicator; English for catalog ids, the report's words for tasks."""
    if lang == "en" and not indicator_id.startswith("task:"):
        return indicator_name_en(indicator_id)
    return chinese.indicator_name(indicator_id, fact, region)


def period(fact: Fact, lang: str = "zh") -> str:
    """'2023年' / '2018-2022年' in Chinese; '2023' / '2018–2022' in English."""
    if lang != "en":
        return chinese.period(fact)
    if fact.period_start is not None and fact.period_start != fact.period:
        return f"{fact.period_start}–{fact.period}"
    return str(fact.period)


def tolerance(t: "Tolerance", lang: str = "zh") -> str:
    """The 左右 tolerance as footers state it; the Chinese is Tolerance.describe() itself."""
    if lang != "en":
        return t.describe()
    return f"±{t.points:g} pp for rates, ±{t.relative * 100:g}% of the target for levels"


def region(region_id: str, lang: str = "zh") -> str:
    return region_name_en(region_id) if lang == "en" else region_name(region_id)
