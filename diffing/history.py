"""Each indicator's targets and outcomes over many years of one region's reports.

A single comparison answers "did last year go to plan"; the history answers the questions
journalists ask next: how often is the growth target met, when did the jobs target first
reach 1200万, which year set no target at all. It is built from the same judgements as the
comparison (`diffing.compare.judge` and `move`), so a year's verdict never differs between
the comparison page and the history chart.

The target of year Y comes from report Y, its outcome from report Y+1 (the next report's
review). A target continues last year's series wherever the comparison pairs the two: by
id, or a task reworded (措辞相近), so history and compare give one move for one pair of years;
within one year a task's target and outcome pair like in the comparison, rewording included.
A task mentioned in a single report has no history and is left out unless
`min_task_reports=1`. The latest year's target has no outcome
until the next report arrives: its verdict is `pending`, not `not_reported`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from targetwatch.diffing.catalog import lookup
from targetwatch.diffing.compare import (DEFAULT_TOLERANCE, ComparisonError, Direction, Tolerance, as_tolerance,
                             direction, is_multi_year, judge, move, one_year, order_key, value_of)
from targetwatch.diffing.fmt import indicator_name
from targetwatch.diffing.match import SIMILARITY_THRESHOLD, Match, convert, pair_facts
from targetwatch.diffing.model import Fact, FactSheet


class HistoryError(ComparisonError):
    """Reports that cannot make one history (several regions, one year twice, none at all)."""


@dataclass(frozen=True, slots=True)
class Point:
    """One year of one indicator: its target, its outcome, the verdict and the target's move."""

    year: int
    target: Fact | None
    outcome: Fact | None
    verdict: str | None = None
    margin: float | None = None
    margin_unit: str | None = None
    within_tolerance: bool = False
    move: str | None = None
    change: float | None = None
    change_unit: str | None = None
    match: Match | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "target": self.target.to_dict() if self.target else None,
            "outcome": self.outcome.to_dict() if self.outcome else None,
            "verdict": self.verdict,
            "margin": self.margin,
            "margin_unit": self.margin_unit,
            "within_tolerance": self.within_tolerance,
            "target_change": None if self.move is None else {
                "verdict": self.move, "change": self.change, "change_unit": self.change_unit},
            "match": self.match.to_dict() if self.match else None,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class PlotPoint:
    """A point's figures in the series' unit, None where there is no comparable figure."""

    year: int
    target: float | None
    target_low: float | None
    target_high: float | None
    outcome: float | None
    verdict: str | None


@dataclass(frozen=True, slots=True)
class Series:
    indicator: str
    """The id of its first fact; `task:…#2` for a second line of one task id, when compare does not
    pair the two (the same words counting another thing), so that every series has its own key."""
    name: str
    unit: str | None
    direction: Direction
    points: tuple[Point, ...]

    def plot(self) -> tuple[PlotPoint, ...]:
        """The figures a chart needs, converted to one unit (grain switched from 吨 to 斤)."""
        out = []
        for p in self.points:
            t = tl = th = o = None
            if p.target is not None and value_of(p.target) is not None:
                t = convert(value_of(p.target), p.target.unit, self.unit)  # type: ignore[arg-type]
                if p.target.comparator == "range" and p.target.low is not None and p.target.high is not None:
                    tl = convert(p.target.low, p.target.unit, self.unit)
                    th = convert(p.target.high, p.target.unit, self.unit)
            if p.outcome is not None and value_of(p.outcome) is not None:
                o = convert(value_of(p.outcome), p.outcome.unit, self.unit)  # type: ignore[arg-type]
            out.append(PlotPoint(p.year, t, tl, th, o, p.verdict))
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "name": self.name, "unit": self.unit, "direction": self.direction,
                "points": [p.to_dict() for p in self.points]}


@dataclass(frozen=True, slots=True)
class History:
    region: str
    years: tuple[int, ...]
    series: tuple[Series, ...]
    multi_year: tuple[Fact, ...] = ()
    tolerance: Tolerance = DEFAULT_TOLERANCE

    def get(self, indicator: str) -> Series | None:
        return next((s for s in self.series if s.indicator == indicator), None)

    def headline(self) -> "History":
        """The default view's series (diffing.headline: the catalog indicators); `--all` shows every one."""
        from targetwatch.diffing.headline import is_headline_series

        return History(self.region, self.years, tuple(s for s in self.series if is_headline_series(s)),
                       self.multi_year, self.tolerance)

    def only(self, indicators: list[str] | tuple[str, ...]) -> "History":
        """The same history restricted to some indicators (`--indicator`), in the order given."""
        picked = tuple(s for i in indicators for s in self.series if s.indicator == i)
        return History(self.region, self.years, picked, (), self.tolerance)

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "years": list(self.years),
            "about_tolerance": self.tolerance.to_dict(),
            "series": [s.to_dict() for s in self.series],
            "multi_year": [f.to_dict() for f in self.multi_year],
        }


def build_history(sheets: list[FactSheet] | tuple[FactSheet, ...], *,
                  about_tolerance: Tolerance | float | None = DEFAULT_TOLERANCE,
                  similarity: float = SIMILARITY_THRESHOLD, min_task_reports: int = 2) -> History:
    """The history of every indicator over the given reports of one region (any order, gaps allowed)."""
    tol = as_tolerance(about_tolerance)
    if not sheets:
        raise HistoryError("no reports to build a history from")
    regions = sorted({s.region for s in sheets})
    if len(regions) > 1:
        raise HistoryError(f"the reports are of several regions ({', '.join(regions)}); a history is of one region")
    by_year: dict[int, FactSheet] = {}
    for s in sheets:
        if s.report_year in by_year:
            raise HistoryError(f"two reports of {s.report_year}; give each year once")
        by_year[s.report_year] = s
    years = sorted(by_year)

    targets = {y: one_year(by_year[y].targets(), y) for y in years}
    outcomes = {y - 1: one_year(by_year[y].outcomes(), y - 1) for y in years}

    cells: dict[str, dict[int, tuple[Fact | None, Fact | None, Match | None]]] = {}
    first_seen: dict[str, tuple] = {}
    names: dict[str, str] = {}  # a series' key (its indicator: the id, or id#2 for a second line) -> the id
    chain: dict[int, str] = {}  # id() of a target -> the key of the series it continues
    for period in sorted(set(targets) | set(outcomes)):
        # A target continues last year's series when compare pairs the two (by id, or a task
        # reworded), so a task's line is the comparison's: one move for one pair of years.
        if period in targets and period - 1 in targets:
            for prev, cur, _ in pair_facts(targets[period - 1], targets[period], threshold=similarity).pairs:
                chain[id(cur)] = chain[id(prev)]
        pairing = pair_facts(targets.get(period, []), outcomes.get(period, []), threshold=similarity)
        found: list[tuple[Fact | None, Fact | None, Match | None]] = [(t, o, m) for t, o, m in pairing.pairs]
        found += [(t, None, None) for t in pairing.only_old]
        found += [(None, o, None) for o in pairing.only_new]
        for t, o, m in found:
            subject = t or o
            assert subject is not None
            key = chain.get(id(t)) if t is not None else None
            if key is None or period in cells.get(key, {}):
                key = _free_key(subject.indicator, period, cells, t is not None)
            if t is not None:
                chain[id(t)] = key
            cells.setdefault(key, {})[period] = (t, o, m)
            names.setdefault(key, subject.indicator)
            first_seen.setdefault(key, (order_key(subject)[:2], period, subject.span[0]))

    gdp = {p: t_o[1] for p, t_o in cells.get("gdp_growth", {}).items() if t_o[1] is not None}
    series = []
    for indicator in sorted(cells, key=lambda i: first_seen[i]):
        row = cells[indicator]
        if indicator.startswith("task:") and len(_reports(row)) < min_task_reports:
            continue
        series.append(_series(indicator, names[indicator], row, by_year, tol, gdp))
    spans = tuple(sorted((f for y in years for f in by_year[y].facts if is_multi_year(f)),
                         key=lambda f: (f.period, order_key(f))))
    return History(regions[0], tuple(years), tuple(series), spans, tol)


def _free_key(indicator: str, period: int, cells: dict[str, dict[int, Any]], is_target: bool) -> str:
    """The key of a series for a fact that continues none: the id itself, unless that id's series
    has this year already, or (for a target) last year's target, which compare did not pair with
    this one (a task that counts another thing under the same words): the two stay apart, as
    in the comparison."""
    row = cells.get(indicator, {})
    last_target = row.get(period - 1, (None, None, None))[0]
    if period not in row and not (is_target and last_target is not None):
        return indicator
    n = 2
    while f"{indicator}#{n}" in cells:
        n += 1
    return f"{indicator}#{n}"


def _reports(row: dict[int, tuple[Fact | None, Fact | None, Match | None]]) -> set[int]:
    """The reports that mention an indicator: its targets' own years, its outcomes' next years."""
    years = {period for period, (t, _, _) in row.items() if t is not None}
    return years | {period + 1 for period, (_, o, _) in row.items() if o is not None}


def _series(key: str, indicator: str, row: dict[int, tuple[Fact | None, Fact | None, Match | None]],
            by_year: dict[int, FactSheet], tol: Tolerance, gdp: dict[int, Fact] | None = None) -> Series:
    points = []
    for period in sorted(row):
        target, outcome, m = row[period]
        verdict = margin = unit = note = None
        within = False
        if target is not None and outcome is None and period + 1 not in by_year:
            verdict, note = "pending", f"the report of {period + 1} is not among these"
        elif target is not None:
            j = judge(target, outcome, tol, (gdp or {}).get(period))
            verdict, margin, note, within = j.verdict, j.delta, j.note, j.within_tolerance
            unit = j.unit if j.delta is not None else None
        mv = change = change_unit = None
        prev = row.get(period - 1, (None, None, None))[0]
        # A move needs both reports: without the previous one, "new" would be a guess.
        if period in by_year and period - 1 in by_year and (prev or target):
            k = move(prev, target)
            mv, change = k.verdict, k.delta
            change_unit = k.unit if k.delta is not None else None
        points.append(Point(period, target, outcome, verdict, margin, unit, within, mv, change, change_unit, m, note))
    facts = [f for p in points for f in (p.target, p.outcome) if f is not None]
    ind = lookup(indicator)
    unit = ind.unit if ind else next((f.unit for f in facts if value_of(f) is not None), None)
    first_target = next((p.target for p in points if p.target is not None), None)
    way: Direction = direction(first_target) if first_target else direction(facts[0])
    label_fact = next((p.target or p.outcome for p in reversed(points)), None)
    region = next(iter(by_year.values())).region
    return Series(key, indicator_name(indicator, label_fact, region), unit, way, tuple(points))
