"""Two reports of one region, a year apart: were last year's targets met, and how did they move.

This is the COMPARE.md contract (../shared/contract/COMPARE.md). Readers come for verdicts they
can quote, so every verdict carries the two facts (and their report sentences) it was read
from, and every rule that involves judgement is a documented parameter rather than a hidden
constant:

- Direction. The catalog says which way is better (`higher`, `lower`, `ceiling`, `policy`);
  an `at_most` target (以内, 不超过) is a ceiling whatever the indicator. Tasks are
  commitments to build or add, so more is better, except a level the report wants low
  (失业率, 浓度, 降至…). Margins are signed so that positive is always better.
- 左右 (`about`). "About 5%" is met by 4.8% in any official or press reading, and missed by
  3%: an `about` target is met when the outcome is no worse than the target by more than
  `Tolerance` (default 0.5 percentage points for rates, 5% of the target for levels). Such a
  verdict is flagged `within_tolerance`, so nobody mistakes it for an outright beat.
- Policy settings (赤字率, 专项债券) are plans, not goals: spending more than planned is
  neither better nor worse. Their target-vs-outcome verdict is `not_comparable` with the
  plain `difference`, while their year-over-year move (raised/lowered) is reported as usual.
- Qualitative targets are judged only where a rule can do it honestly (`judge_qualitative`):
  居民收入增长与经济增长(保持)(基本)同步 against the same year's GDP outcome as an `about` target
  (met when income growth is at most the 左右 tolerance for rates below GDP growth), 高于/快于
  经济增长 as an `at_least` one (met when income growth is at or above GDP growth), 保持正增长/
  实现正增长 against zero, 与上年基本持平 as "about 0". Each such verdict's note says what was
  compared with what.
- A task of last year's report that this year's report does not mention is `not_repeated`,
  not `dropped`: reports list different tasks each year, and silence is not cancellation.
- Multi-year figures (`_avg`, `_multi`, `period_start`) are not one year's result and are
  never set against one year's target; they are listed apart (`multi_year`).

No I/O here: callers (the CLI, the archive, the digest) hand in FactSheets.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from targetwatch.diffing.catalog import CATALOG, base_id, better_direction
from targetwatch.diffing.fmt import figure, signed
from targetwatch.diffing.headline import is_headline
from targetwatch.diffing.match import SIMILARITY_THRESHOLD, Match, convert, pair_facts
from targetwatch.diffing.model import Fact, FactSheet

CHECKS: tuple[str, ...] = ("target_vs_outcome", "target_vs_target", "target_vs_last_outcome")
PERCENT_UNITS = frozenset({"%", "pp"})

Direction = Literal["higher", "lower", "none"]


class ComparisonError(ValueError):
    """Two reports that cannot be compared; the message says why and what to give instead."""


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far an outcome may fall short of a 左右 (`about`) target and still count as met.

    `points` applies to rates (unit % or pp) in percentage points; `relative` applies to
    levels (元, 人, 斤, …) as a share of the target. Rates and levels need different rules:
    half a point is a lot for a growth rate of 5% and nothing for 1200万人.
    """

    points: float = 0.5
    relative: float = 0.05

    def __post_init__(self) -> None:
        if not (self.points >= 0 and self.relative >= 0):
            raise ValueError("a tolerance cannot be negative")

    def allowance(self, target: float, unit: str | None) -> float:
        if unit in PERCENT_UNITS:
            return self.points
        return abs(target) * self.relative

    def to_dict(self) -> dict[str, float]:
        return {"points": self.points, "relative": self.relative}

    @classmethod
    def parse(cls, text: str) -> "Tolerance":
        """Read a user's setting: '0.3' or '0.3pp' (rates), '3%' (levels), '0.3pp,3%', 'strict'.

        A bare number is percentage points because rates are what most targets are.
        """
        spec = text.strip().lower()
        if spec in ("strict", "none", "off"):
            return cls(0.0, 0.0)
        points, relative = cls().points, cls().relative
        parts = [p for p in re.split(r"[,，;/\s]+", spec) if p]
        if not parts:
            raise ValueError("an empty tolerance; give e.g. 0.5pp, 5% or 0.5pp,5%")
        for part in parts:
            m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(pp|个百分点|%)?", part)
            if not m:
                raise ValueError(f"cannot read tolerance {part!r}; give e.g. 0.5pp, 5% or 0.5pp,5% (or 'strict')")
            number = float(m.group(1))
            if m.group(2) == "%":
                relative = number / 100
            else:
                points = number
        return cls(points, relative)

    def describe(self) -> str:
        """'±0.5个百分点（比率）、±5%（总量）' for page footers: readers must know the rule."""
        return f"±{_short(self.points)}个百分点（比率）、±{_short(self.relative * 100)}%（总量）"


DEFAULT_TOLERANCE = Tolerance()


def _short(x: float) -> str:
    return f"{x:g}"


# --- which way is better ------------------------------------------------------------------

_LEVEL_DOWN = re.compile(r"(?:降|减|压|控制)(?:至|到|在)")
_REDUCTION = re.compile(r"下降|降低|减少|压减|削减|减排|淘汰|化解|退出|压降|去产能")
_KEPT_LOW = re.compile(r"失业率|浓度|死亡|事故|负债率|赤字率|发生率|能耗强度|排放强度")


def task_direction(fact: Fact) -> Direction:
    """More is better for a commitment, unless the figure is a level to be kept low.

    A reduction stated as an amount (压减粗钢产量5000万吨, 减少贫困人口1000万) is still a
    quantity where more is better; a level (降至0.6%, 失业率, PM2.5浓度) is not.
    """
    words = fact.label or fact.indicator.removeprefix("task:")
    if _LEVEL_DOWN.search(fact.text) and not _REDUCTION.search(words):
        return "lower"
    if _REDUCTION.search(words):
        return "higher"
    if _KEPT_LOW.search(words):
        return "lower"
    return "higher"


def direction(target: Fact) -> Direction:
    better = better_direction(target.indicator)
    if better == "policy":
        return "none"
    if target.comparator == "at_most" or better in ("lower", "ceiling"):
        return "lower"
    if target.is_task:
        return task_direction(target)
    return "higher"


# --- numbers ------------------------------------------------------------------------------

def is_multi_year(fact: Fact) -> bool:
    """A figure about a span of years (五年来年均, 累计), which no one-year check may use."""
    return base_id(fact.indicator) != fact.indicator or (
        fact.period_start is not None and fact.period_start < fact.period)


def value_of(fact: Fact) -> float | None:
    """The figure to compare: the value, or a range's midpoint when only the bounds are given."""
    if not fact.has_number:
        return None
    if fact.value is not None:
        return fact.value
    if fact.low is not None and fact.high is not None:
        return (fact.low + fact.high) / 2
    return fact.low if fact.low is not None else fact.high


def _bounds(fact: Fact) -> tuple[float, float]:
    v = value_of(fact)
    assert v is not None
    if fact.comparator == "range" and fact.low is not None and fact.high is not None:
        return fact.low, fact.high
    return v, v


def delta_unit(unit: str | None) -> str | None:
    """Differences of rates are percentage points, not percent (5.2% − 4.5% = 0.7个百分点)."""
    return "pp" if unit in PERCENT_UNITS else unit


def tidy(x: float) -> float:
    """Round away float noise (5.2 − 4.5 = 0.7000000000000002) without touching real digits."""
    if x == 0 or not math.isfinite(x):
        return 0.0 if x == 0 else x
    out = float(f"{x:.12g}")
    return 0.0 if out == 0 else out


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- single judgements (used by the comparison and by the history) --------------------------

@dataclass(frozen=True, slots=True)
class Judgement:
    verdict: str
    delta: float | None = None
    unit: str | None = None
    note: str | None = None
    within_tolerance: bool = False
    difference: float | None = None


def judge(target: Fact, outcome: Fact | None, tolerance: Tolerance = DEFAULT_TOLERANCE,
          gdp: Fact | None = None) -> Judgement:
    """Target against outcome: met, missed, not_reported or not_comparable, with a signed margin.

    `gdp` is the same year's GDP growth outcome, used by qualitative targets tied to it.
    """
    if target.comparator == "none":
        return Judgement("not_comparable", note="未设定目标")
    if outcome is None or outcome.comparator == "none":
        return Judgement("not_reported", note="下一年的报告未给出这项数字")
    if target.comparator == "qualitative":
        return judge_qualitative(target, outcome, tolerance, gdp)
    reported = value_of(outcome)
    if reported is None:
        return Judgement("not_comparable", note="实际情况没有数字")
    actual = convert(reported, outcome.unit, target.unit)
    if actual is None:
        return Judgement("not_comparable", note=_units_note(target.unit, outcome.unit))
    unit = delta_unit(target.unit)
    low, high = _bounds(target)
    way = direction(target)
    if way == "none":
        diff = tidy(actual - (value_of(target) or 0.0))
        said = "与安排一致" if diff == 0 else f"实际比安排{signed(diff, unit)}"
        return Judgement("not_comparable", unit=unit, difference=diff, note=f"政策安排，不论多少为好；{said}")
    margin = actual - low if way == "higher" else high - actual
    margin = tidy(margin)
    if margin >= 0 or _close(margin, 0):
        return Judgement("met", margin, unit)
    if target.comparator == "about":
        allowed = tolerance.allowance(value_of(target) or 0.0, target.unit)
        if -margin <= allowed or _close(-margin, allowed):
            return Judgement("met", margin, unit, note="在“左右”的容差之内", within_tolerance=True)
    return Judgement("missed", margin, unit)


_IN_STEP = re.compile(r"[与和同](?:地区)?经济增长(?:保持|基本|总体)*同步")
"""居民收入增长与经济增长同步 and its wordings (和…基本同步, 与…保持同步, 与…保持基本同步)."""
_ABOVE = re.compile(r"(?:高于|快于|超过|不低于|跑赢)(?:全省|全市|全区|地区)?经济(?:增长速度|增长|增速)")
"""居民收入增速高于经济增速 and its wordings (快于经济增长, 高于经济增长速度)."""
_POSITIVE = re.compile(r"(?:保持|实现)正增长")
_FLAT = re.compile(r"与上年基本持平|与上年持平|基本持平")


def judge_qualitative(target: Fact, outcome: Fact, tolerance: Tolerance = DEFAULT_TOLERANCE,
                      gdp: Fact | None = None) -> Judgement:
    """A worded target that a stated rule can judge; any other stays not_comparable.

    A target tied to economic growth is a target whose figure is the same year's GDP growth
    outcome, judged by the contract's rule for its wording: "in step with growth" (同步) as an
    `about` target (met when income growth is no more than the tolerance for rates below GDP
    growth), "above growth" (高于, 快于) as an `at_least` one (met when income growth is at or
    above GDP growth). The margin is income growth − GDP growth either way.
    """
    words = target.text or target.label
    actual = value_of(outcome)
    rate = outcome.unit in PERCENT_UNITS
    if actual is None or not rate:
        return Judgement("not_comparable", note="目标为定性表述")
    allowed = tolerance.points
    in_step, above = bool(_IN_STEP.search(words)), bool(_ABOVE.search(words))
    if in_step or above:
        said = "与经济增长同步" if in_step else "高于经济增长"
        growth = value_of(gdp) if gdp is not None and gdp.unit in PERCENT_UNITS else None
        if gdp is None or growth is None:
            return Judgement("not_comparable", note=f"目标为“{said}”，但报告未给出同年经济增长实绩")
        margin = tidy(actual - growth)
        what = "居民收入增速" if base_id(target.indicator) == "income_growth" else "实际增速"
        compared = f"比较{what}（{figure(outcome)}）与同年地区生产总值增速（{figure(gdp)}）"
        if in_step:
            ok = margin >= 0 or -margin <= allowed or _close(-margin, allowed)
            rule = (f"规则：“与经济增长同步”{compared}，{what}不低于经济增速、"
                    f"或低得不超过{_short(allowed)}个百分点为完成")
            return Judgement("met" if ok else "missed", margin, "pp", note=rule, within_tolerance=ok and margin < 0)
        ok = margin >= 0 or _close(margin, 0)
        rule = f"规则：“高于经济增长”{compared}，{what}不低于经济增速为完成"
        return Judgement("met" if ok else "missed", margin, "pp", note=rule)
    if _POSITIVE.search(words):
        rule = "规则：“正增长”按实际增速高于0判定"
        return Judgement("met" if actual > 0 else "missed", tidy(actual), "pp", note=rule)
    if _FLAT.search(words):
        margin = tidy(actual)
        ok = margin >= 0 or -margin <= allowed or _close(-margin, allowed)
        rule = f"规则：“基本持平”按0左右判定，低于0超过{_short(allowed)}个百分点为未完成"
        return Judgement("met" if ok else "missed", margin, "pp", note=rule, within_tolerance=ok and margin < 0)
    return Judgement("not_comparable", note="目标为定性表述")


def _units_note(a: str | None, b: str | None) -> str:
    return f"单位不同（{a or '无'}与{b or '无'}），无法比较"


def _wording(fact: Fact) -> str:
    return re.sub(r"[\s，。；、,.;]+", "", fact.text or fact.label)


def move(previous: Fact | None, current: Fact | None) -> Judgement:
    """Last year's target against this year's: raised, lowered, unchanged, reworded, new, dropped.

    A report that sets no target (2020's GDP) after a figure has dropped the figure, and a
    figure after no target is new; a qualitative wording in place of a figure is a rewording.
    A report that is silent on last year's target has not repeated it: silence is not
    cancellation, so comparisons, histories and scoreboards all say `not_repeated`.
    """
    if previous is None and current is None:
        raise ValueError("move() needs at least one target")
    if previous is None:
        return Judgement("new")
    if current is None:
        return Judgement("not_repeated", note="今年的报告未再提及（不等于取消）")
    pv, cv = value_of(previous), value_of(current)
    if pv is not None and cv is not None:
        before = convert(pv, previous.unit, current.unit)
        if before is None:
            return Judgement("not_comparable", note=_units_note(previous.unit, current.unit))
        unit = delta_unit(current.unit)
        if _close(before, cv):
            same_bounds = (previous.comparator != "range" or (
                _close(previous.low or 0, current.low or 0) and _close(previous.high or 0, current.high or 0)))
            if previous.comparator == current.comparator and same_bounds:
                return Judgement("unchanged", 0.0, unit)
            return Judgement("reworded", 0.0, unit, note=f"由“{figure(previous)}”改为“{figure(current)}”")
        change = tidy(cv - before)
        return Judgement("raised" if change > 0 else "lowered", change, unit)
    if pv is None and cv is None:
        if previous.comparator == current.comparator and (
                previous.comparator == "none" or _wording(previous) == _wording(current)):
            return Judgement("unchanged")
        if current.comparator == "none":
            return Judgement("dropped", note="今年未设定目标")
        if previous.comparator == "none":
            return Judgement("new", note="上年未设定目标")
        return Judgement("reworded")
    if cv is None:
        if current.comparator == "none":
            return Judgement("dropped", note="今年未设定目标")
        return Judgement("reworded", note="数字目标改为定性表述")
    if previous.comparator == "none":
        return Judgement("new", note="上年未设定目标")
    return Judgement("reworded", note="定性表述改为数字目标")


def against_last(target: Fact, last: Fact | None) -> Judgement:
    """This year's target against last year's actual: above, below or equal, by how much."""
    if target.comparator == "none":
        return Judgement("not_comparable", note="未设定目标")
    if last is None or last.comparator == "none":
        return Judgement("not_reported", note="报告未给出上年的这项数字")
    tv, lv = value_of(target), value_of(last)
    if tv is None or lv is None:
        return Judgement("not_comparable", note="一方没有数字")
    actual = convert(lv, last.unit, target.unit)
    if actual is None:
        return Judgement("not_comparable", note=_units_note(target.unit, last.unit))
    diff = tidy(tv - actual)
    verdict = "equal" if _close(diff, 0) else ("above" if diff > 0 else "below")
    return Judgement(verdict, diff, delta_unit(target.unit))


# --- rows and the comparison -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Row:
    """One line of a comparison. Which facts are set depends on `check` (see `to_dict`)."""

    check: str
    indicator: str
    period: int
    verdict: str
    target: Fact | None = None
    outcome: Fact | None = None
    previous: Fact | None = None
    current: Fact | None = None
    margin: float | None = None
    margin_unit: str | None = None
    change: float | None = None
    change_unit: str | None = None
    match: Match | None = None
    note: str | None = None
    within_tolerance: bool = False
    difference: float | None = None
    direction: Direction | None = None

    @property
    def sides(self) -> tuple[Fact | None, Fact | None]:
        """The two figures compared, older first: how every rendering lays a row out."""
        if self.check == "target_vs_target":
            return self.previous, self.current
        if self.check == "target_vs_last_outcome":
            return self.outcome, self.target
        return self.target, self.outcome

    @property
    def delta(self) -> tuple[float | None, str | None]:
        """The margin (target vs outcome) or the change (the other checks), with its unit."""
        if self.check == "target_vs_outcome":
            return self.margin, self.margin_unit
        return self.change, self.change_unit

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The facts this row was read from, older first: what a rendering quotes."""
        return tuple(f for f in self.sides if f is not None)

    @property
    def subject(self) -> Fact:
        """The fact that names the row (for its heading)."""
        return (self.current or self.target or self.previous or self.outcome)  # type: ignore[return-value]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"check": self.check, "indicator": self.indicator, "period": self.period}
        if self.check == "target_vs_target":
            out["previous"] = _fd(self.previous)
            out["current"] = _fd(self.current)
            out["verdict"] = self.verdict
            out["change"] = self.change
            out["change_unit"] = self.change_unit
        elif self.check == "target_vs_last_outcome":
            out["target"] = _fd(self.target)
            out["outcome"] = _fd(self.outcome)
            out["verdict"] = self.verdict
            out["change"] = self.change
            out["change_unit"] = self.change_unit
        else:
            out["target"] = _fd(self.target)
            out["outcome"] = _fd(self.outcome)
            out["verdict"] = self.verdict
            out["margin"] = self.margin
            out["margin_unit"] = self.margin_unit
            out["within_tolerance"] = self.within_tolerance
            out["direction"] = self.direction
            if self.difference is not None:
                out["difference"] = self.difference
        out["match"] = self.match.to_dict() if self.match else None
        out["note"] = self.note
        out["headline"] = self.headline
        return out

    @property
    def headline(self) -> bool:
        """In the default views (diffing.headline.is_headline: catalog rows, confidently matched tasks)."""
        return is_headline(self)


def _fd(f: Fact | None) -> dict[str, Any] | None:
    return None if f is None else f.to_dict()


@dataclass(frozen=True, slots=True)
class Comparison:
    region: str
    year: int
    previous_year: int
    rows: tuple[Row, ...]
    tolerance: Tolerance = DEFAULT_TOLERANCE
    outcomes_without_target: tuple[Fact, ...] = ()
    multi_year: tuple[Fact, ...] = ()
    versions: tuple[str, str] = ("", "")

    def by_check(self, check: str) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.check == check)

    def summary(self, headline_only: bool = False) -> dict[str, dict[str, int]]:
        """Verdict counts per check, for a digest's headline (完成 4 项、未完成 1 项).

        `headline_only` counts the rows of the headline view (diffing.headline): a reader's
        "未报告 98" should not be 96 task items the next report does not mention.
        """
        from targetwatch.diffing.headline import is_headline

        out: dict[str, dict[str, int]] = {c: {} for c in CHECKS}
        rows = [r for r in self.rows if is_headline(r)] if headline_only else self.rows
        for (check, verdict), n in Counter((r.check, r.verdict) for r in rows).items():
            out[check][verdict] = n
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "year": self.year,
            "previous_year": self.previous_year,
            "rows": [r.to_dict() for r in self.rows],
            "summary": self.summary(),
            "about_tolerance": self.tolerance.to_dict(),
            "outcomes_without_target": [f.to_dict() for f in self.outcomes_without_target],
            "multi_year": [f.to_dict() for f in self.multi_year],
            "extractor_versions": {"old": self.versions[0], "new": self.versions[1]},
        }


_CATALOG_ORDER = {ind.id: i for i, ind in enumerate(CATALOG)}


def order_key(fact: Fact) -> tuple[int, int, int]:
    """Headline indicators in catalog order, then other ids, then tasks as the report lists them."""
    pos = _CATALOG_ORDER.get(base_id(fact.indicator))
    if pos is not None:
        return (0, pos, fact.span[0])
    return (2 if fact.is_task else 1, 0, fact.span[0])


def one_year(facts: Iterable[Fact], period: int) -> list[Fact]:
    """The facts about `period` alone, one per catalog indicator, tasks all kept.

    A headline figure is often stated twice (summary and detail); the first statement with a
    number stands for it. Tasks are not merged: two commitments may share a normalised id,
    and pairing handles them one by one.
    """
    out: list[Fact] = []
    chosen: dict[str, int] = {}
    for f in sorted(facts, key=lambda f: f.span[0]):
        if f.period != period or is_multi_year(f):
            continue
        if f.is_task:
            out.append(f)
            continue
        i = chosen.get(f.indicator)
        if i is None:
            chosen[f.indicator] = len(out)
            out.append(f)
        elif value_of(out[i]) is None and value_of(f) is not None:
            out[i] = f
    return sorted(out, key=order_key)


def as_tolerance(t: Tolerance | float | None) -> Tolerance:
    if t is None:
        return DEFAULT_TOLERANCE
    if isinstance(t, Tolerance):
        return t
    return Tolerance(points=float(t), relative=DEFAULT_TOLERANCE.relative)


def check_pair(old: FactSheet, new: FactSheet) -> None:
    """Refuse pairs whose comparison would be empty or misleading, saying what to give instead.

    A report without main targets (the national report of 2002 has no 主要预期目标 paragraph, a
    news item may have none) would give a page of "not reported" rows that reads like a
    verdict; a few stray task figures do not make it comparable.
    """
    if old.region != new.region:
        raise ComparisonError(f"the reports are of different regions ({old.region} and {new.region}); "
                              "compare two years of the same region")
    y0, y1 = old.report_year, new.report_year
    if y0 == y1:
        raise ComparisonError(f"both reports are of {y1}; give the reports of two consecutive years")
    if y0 > y1:
        raise ComparisonError(f"the old report is of {y0} and the new one of {y1}; swap them")
    if y1 - y0 != 1:
        raise ComparisonError(f"the reports are of {y0} and {y1}, not consecutive years; compare {y1 - 1} "
                              f"with {y1}, or look at the history for longer spans")
    for sheet, period in ((old, y0), (new, y1)):
        if not any(not f.is_task for f in one_year(sheet.targets(), period)):
            raise ComparisonError(f"the {sheet.region} report of {sheet.report_year} states no main targets "
                                  f"(主要预期目标) for {period}, so there is nothing to compare it on")


def compare_sheets(old: FactSheet, new: FactSheet, *, about_tolerance: Tolerance | float | None = DEFAULT_TOLERANCE,
                   similarity: float = SIMILARITY_THRESHOLD) -> Comparison:
    """The comparison of report Y-1 (`old`) and report Y (`new`) of one region.

    `about_tolerance` is a Tolerance, or a number of percentage points for rates (levels keep
    the default 5%). `similarity` is the lowest wording similarity at which reworded tasks
    are paired (see diffing.match). Raises ComparisonError for pairs that cannot be compared.
    """
    tol = as_tolerance(about_tolerance)
    check_pair(old, new)
    y0, y1 = old.report_year, new.report_year
    old_targets = one_year(old.targets(), y0)
    new_outcomes = one_year(new.outcomes(), y0)
    new_targets = one_year(new.targets(), y1)

    rows: list[Row] = []
    met = pair_facts(old_targets, new_outcomes, threshold=similarity)
    gdp = next((f for f in new_outcomes if f.indicator == "gdp_growth"), None)
    tvo: list[tuple[tuple, Row]] = []
    for target, outcome, m in met.pairs:
        tvo.append((order_key(target), _tvo_row(y0, target, outcome, m, tol, gdp)))
    for target in met.only_old:
        tvo.append((order_key(target), _tvo_row(y0, target, None, None, tol)))
    rows.extend(r for _, r in sorted(tvo, key=lambda kr: kr[0]))

    moved = pair_facts(old_targets, new_targets, threshold=similarity)
    tvt: list[tuple[tuple, Row]] = []
    for prev, cur, m in moved.pairs:
        tvt.append(((0,) + order_key(cur), _tvt_row(y1, prev, cur, m)))
    for cur in moved.only_new:
        tvt.append(((0,) + order_key(cur), _tvt_row(y1, None, cur, None)))
    for prev in moved.only_old:
        # Dropped tasks after the rest: their positions are in the other report.
        tvt.append((((1 if prev.is_task else 0),) + order_key(prev), _tvt_row(y1, prev, None, None)))
    rows.extend(r for _, r in sorted(tvt, key=lambda kr: kr[0]))

    last = pair_facts(new_targets, new_outcomes, threshold=similarity)
    tvl: list[tuple[tuple, Row]] = []
    for target, outcome, m in last.pairs:
        tvl.append((order_key(target), _last_row(y1, target, outcome, m)))
    for target in last.only_old:
        if not target.is_task:  # an unpaired task has no last year to speak of
            tvl.append((order_key(target), _last_row(y1, target, None, None)))
    rows.extend(r for _, r in sorted(tvl, key=lambda kr: kr[0]))

    # figures of a span, and a plan's goals for a later year (到2030年…达到…, a plain target of 2030)
    spans = sorted((f for f in new.facts if is_multi_year(f) or (f.kind == "target" and f.period > y1)),
                   key=order_key)
    return Comparison(
        region=new.region, year=y1, previous_year=y0, rows=tuple(rows), tolerance=tol,
        outcomes_without_target=tuple(met.only_new), multi_year=tuple(spans),
        versions=(old.extractor_version, new.extractor_version),
    )


def _tvo_row(period: int, target: Fact, outcome: Fact | None, m: Match | None, tol: Tolerance,
             gdp: Fact | None = None) -> Row:
    j = judge(target, outcome, tol, gdp)
    return Row("target_vs_outcome", target.indicator, period, j.verdict, target=target, outcome=outcome,
               margin=j.delta, margin_unit=j.unit if j.delta is not None else None, match=m, note=j.note,
               within_tolerance=j.within_tolerance, difference=j.difference, direction=direction(target))


def _tvt_row(period: int, prev: Fact | None, cur: Fact | None, m: Match | None) -> Row:
    j = move(prev, cur)
    subject = cur or prev
    assert subject is not None
    return Row("target_vs_target", subject.indicator, period, j.verdict, previous=prev, current=cur,
               change=j.delta, change_unit=j.unit if j.delta is not None else None, match=m, note=j.note)


def _last_row(period: int, target: Fact, outcome: Fact | None, m: Match | None) -> Row:
    j = against_last(target, outcome)
    return Row("target_vs_last_outcome", target.indicator, period, j.verdict, target=target, outcome=outcome,
               change=j.delta, change_unit=j.unit if j.delta is not None else None, match=m, note=j.note)


__all__ = [
    "CHECKS", "Comparison", "ComparisonError", "DEFAULT_TOLERANCE", "Judgement", "Row", "Tolerance",
    "against_last", "check_pair", "compare_sheets", "direction", "is_multi_year", "judge", "judge_qualitative", "move",
    "one_year",
    "value_of",
]
