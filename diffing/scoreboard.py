"""Every region's verdicts for one year, side by side: who met, who missed, who moved a target.

A comparison answers for one region; journalists ask across regions ("which provinces
missed their 2025 GDP target?"). The scoreboard is the same comparison run for every
region that has both reports, its rows pooled with a `region` field. The verdicts are
`diffing.compare`'s (one engine, so a region's line here never disagrees with its own
comparison page).

- `target_vs_outcome` for YEAR: the targets report YEAR set, against the outcomes report
  YEAR+1 states. Missed targets come first, worst margin first, then the met ones from
  the narrowest margin up, then what cannot be judged.
- `target_vs_target` for YEAR: report YEAR-1's targets against report YEAR's: who raised,
  lowered or kept each target, the deepest cut first.

A region whose reports are not both archived is listed in `regions_missing` with the
report it lacks, and a compared region that set no target for an indicator is listed in
`without_target`: silence must never read as a pass.

Pure: callers hand in FactSheets (the archive does so in `Archive.scoreboard`).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from targetwatch.diffing.catalog import CATALOG, base_id, indicator_name_en
from targetwatch.diffing.compare import (DEFAULT_TOLERANCE, ComparisonError, Row, Tolerance, as_tolerance,
                                         compare_sheets, one_year)
from targetwatch.diffing.fmt import indicator_name
from targetwatch.diffing.model import FactSheet
from targetwatch.diffing.regions import BY_ID as REGIONS_BY_ID
from targetwatch.diffing.regions import region_name, region_name_en

Check = Literal["target_vs_outcome", "target_vs_target"]
SCOREBOARD_CHECKS: tuple[str, ...] = ("target_vs_outcome", "target_vs_target")

TVO_RANK = {"missed": 0, "met": 1, "not_comparable": 2, "not_reported": 3}
"""Order of target-vs-outcome verdicts on the board: the news first, the unjudgeable last."""
TVT_RANK = {"lowered": 0, "unchanged": 1, "raised": 2, "reworded": 3, "new": 4, "dropped": 5, "not_repeated": 6,
            "not_comparable": 7}

_CATALOG_ORDER = {ind.id: i for i, ind in enumerate(CATALOG)}


class ScoreboardError(ValueError):
    """A scoreboard that cannot be built as asked; the message names what is available."""


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One region's row of one check: the COMPARE.md row, with the region it belongs to."""

    region: str
    row: Row

    @property
    def indicator(self) -> str:
        return self.row.indicator

    @property
    def verdict(self) -> str:
        return self.row.verdict

    def to_dict(self) -> dict[str, Any]:
        out = {"region": self.region, "region_name": region_name(self.region),
               "region_name_en": region_name_en(self.region)}
        out.update(self.row.to_dict())
        out["indicator_name"] = indicator_name(self.row.indicator, self.row.subject, self.region)
        out["indicator_name_en"] = indicator_name_en(self.row.indicator)
        return out


@dataclass(frozen=True, slots=True)
class MissingRegion:
    """A region left off the board, and why: which report it lacks (`reports` are their years).

    `missing` is `targets` (the report setting YEAR's targets), `outcomes` (the report
    stating YEAR's outcomes), `previous_targets` (for target_vs_target, the report of
    YEAR-1), or `reports` when both are absent. `note` explains a report that is archived
    but cannot be used (it states no main targets).
    """

    region: str
    missing: str
    reports: tuple[int, ...]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"region": self.region, "region_name": region_name(self.region),
                "region_name_en": region_name_en(self.region), "missing": self.missing,
                "reports": list(self.reports), "note": self.note}


@dataclass(frozen=True, slots=True)
class Scoreboard:
    year: int
    check: str
    rows: tuple[ScoreRow, ...]
    regions_missing: tuple[MissingRegion, ...]
    regions_compared: tuple[str, ...] = ()
    without_target: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Per indicator on the board: compared regions that set no target for it."""
    tolerance: Tolerance = DEFAULT_TOLERANCE
    headline_only: bool = True
    reports: tuple[int, int] = field(default=(0, 0))
    """The two report years read: (targets, outcomes) or (previous targets, targets)."""

    @property
    def indicators(self) -> tuple[str, ...]:
        """Indicators on the board, in catalog order (tasks after, as first met)."""
        seen: dict[str, None] = {}
        for r in sorted(self.rows, key=lambda r: _indicator_key(r.indicator)):
            seen.setdefault(r.indicator, None)
        return tuple(seen)

    def rows_of(self, indicator: str) -> tuple[ScoreRow, ...]:
        return tuple(r for r in self.rows if r.indicator == indicator)

    @property
    def regions(self) -> tuple[str, ...]:
        """Regions with rows, in board order (the one with the worst miss first)."""
        seen: dict[str, None] = {}
        for r in self.rows:
            seen.setdefault(r.region, None)
        return tuple(seen)

    def cell(self, region: str, indicator: str) -> Row | None:
        """One region's row of one indicator: a region × indicator grid reads the board this way."""
        return next((r.row for r in self.rows if r.region == region and r.indicator == indicator), None)

    def counts(self, region: str) -> dict[str, int]:
        """Verdict counts of one region ("2 missed, 5 met")."""
        return dict(Counter(r.verdict for r in self.rows if r.region == region))

    def summary(self) -> dict[str, dict[str, int]]:
        """Verdict counts per indicator: the headline ("3 of 31 provinces missed")."""
        out: dict[str, dict[str, int]] = {i: {} for i in self.indicators}
        for (ind, verdict), n in Counter((r.indicator, r.verdict) for r in self.rows).items():
            out[ind][verdict] = n
        for ind in out:
            tol = sum(1 for r in self.rows_of(ind) if r.row.within_tolerance)
            if tol:
                out[ind]["met_within_tolerance"] = tol
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "check": self.check,
            "reports": {"old": self.reports[0], "new": self.reports[1]},
            "headline_only": self.headline_only,
            "about_tolerance": self.tolerance.to_dict(),
            "summary": self.summary(),
            "rows": [r.to_dict() for r in self.rows],
            "regions_compared": list(self.regions_compared),
            "regions_missing": [m.to_dict() for m in self.regions_missing],
            "without_target": {ind: list(regs) for ind, regs in self.without_target},
        }


def report_years(year: int, check: str) -> tuple[int, int]:
    """Which two reports a check of YEAR reads, older first."""
    if check == "target_vs_outcome":
        return year, year + 1
    if check == "target_vs_target":
        return year - 1, year
    raise ScoreboardError(f"unknown check {check!r}; use one of {', '.join(SCOREBOARD_CHECKS)}")


def available_years(sheets: Mapping[str, Sequence[FactSheet]], check: str = "target_vs_outcome") -> list[int]:
    """The years for which at least one region has both reports the check needs."""
    return years_with_both({r: [s.report_year for s in ss] for r, ss in sheets.items()}, check)


def years_with_both(report_index: Mapping[str, Iterable[int]], check: str = "target_vs_outcome") -> list[int]:
    """The same from region -> archived report years, which the archive knows without loading facts."""
    out: set[int] = set()
    for years in report_index.values():
        have = set(years)
        for y in have:
            year = y if check == "target_vs_outcome" else y + 1
            old, new = report_years(year, check)
            if old in have and new in have:
                out.add(year)
    return sorted(out)


def year_ranges(years: Sequence[int]) -> str:
    """'1954-1959, 1978-1987, 2025': a long list of years a reader can take in."""
    parts: list[str] = []
    run: list[int] = []
    for y in sorted(set(years)):
        if run and y != run[-1] + 1:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
            run = []
        run.append(y)
    if run:
        parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return ", ".join(parts)


def no_board_message(year: int, check: str, available: Sequence[int], *, chosen: bool = False) -> str:
    """Why there is no scoreboard of `year`, and which years have one."""
    old_year, new_year = report_years(year, check)
    what = "targets and the outcomes" if check == "target_vs_outcome" else "previous and the current targets"
    have = (f"years with both: {year_ranges(available)}" if available
            else "no year has both; add reports with 'targetwatch archive import'")
    scope = "none of the chosen regions has" if chosen else "no archived region has"
    return f"no {year} scoreboard: {scope} the {what} for {year} (reports {old_year} and {new_year}); {have}"


def is_headline(indicator: str) -> bool:
    return not indicator.startswith("task:")


def headline_sheet(sheet: FactSheet) -> FactSheet:
    """The sheet without its task facts: catalog indicators pair by id alone, so their rows
    are the same, and the comparison is many times faster."""
    return FactSheet(sheet.region, sheet.report_year, sheet.extractor_version,
                     tuple(f for f in sheet.facts if is_headline(f.indicator)), sheet.title)


def _indicator_key(indicator: str) -> tuple[int, int, str]:
    pos = _CATALOG_ORDER.get(base_id(indicator))
    if pos is not None:
        return (0, pos, indicator)
    return (2 if indicator.startswith("task:") else 1, 0, indicator)


def _sort_key(check: str):  # noqa: ANN202 - a key function for ScoreRow
    if check == "target_vs_outcome":
        def key(r: ScoreRow) -> tuple:
            margin = r.row.margin
            return (TVO_RANK.get(r.verdict, 9), _indicator_key(r.indicator), margin is None,
                    margin if margin is not None else 0.0, r.region)
    else:
        def key(r: ScoreRow) -> tuple:
            change = r.row.change
            return (_indicator_key(r.indicator), change is None, change if change is not None else 0.0,
                    TVT_RANK.get(r.verdict, 9), r.region)
    return key


def _by_year(region_sheets: Iterable[FactSheet]) -> dict[int, FactSheet]:
    return {s.report_year: s for s in region_sheets}


def _wanted_indicators(sheets: Mapping[str, Sequence[FactSheet]], indicators: Sequence[str],
                       years: tuple[int, int]) -> tuple[str, ...]:
    """The indicators asked for, checked against what the reports contain."""
    known = {ind.id for ind in CATALOG}
    unknown = [i for i in indicators if i not in known and not i.startswith("task:")]
    if unknown:
        raise ScoreboardError(f"unknown indicator {', '.join(unknown)}; catalog indicators are: "
                              f"{', '.join(ind.id for ind in CATALOG)} (or a task: id from a report)")
    tasks = [i for i in indicators if i.startswith("task:")]
    if tasks:
        present = {f.indicator for ss in sheets.values() for s in ss if s.report_year in years for f in s.facts}
        absent = [t for t in tasks if t not in present]
        if absent:
            raise ScoreboardError(f"no region's {years[0]} or {years[1]} report has {', '.join(absent)}; "
                                  "list the task ids of a report with 'targetwatch parse FILE --format table'")
    return tuple(dict.fromkeys(indicators))


def build_scoreboard(sheets: Mapping[str, Sequence[FactSheet]], year: int, *, check: str = "target_vs_outcome",
                     indicators: Sequence[str] | None = None, regions: Sequence[str] | None = None,
                     headline_only: bool = True,
                     about_tolerance: Tolerance | float | None = DEFAULT_TOLERANCE) -> Scoreboard:
    """The scoreboard of `year` over `sheets` (region id -> that region's archived sheets).

    `indicators` keeps only those ids (catalog ids or `task:` ids; a task id needs
    `headline_only=False`, which is implied when one is asked for); `regions` keeps only
    those regions, each of which must be in `sheets`. Raises ScoreboardError when the
    request cannot be answered: a check it does not know, a region not archived, an
    unknown indicator, or a year for which no region has both reports (naming the years
    that have).
    """
    old_year, new_year = report_years(year, check)
    tol = as_tolerance(about_tolerance)
    wanted = _wanted_indicators(sheets, indicators or (), (old_year, new_year))
    if any(i.startswith("task:") for i in wanted):
        headline_only = False
    if regions:
        asked = list(dict.fromkeys(regions))
        absent = [r for r in asked if r not in sheets]
        if absent:
            have = ", ".join(sorted(sheets)) or "none"
            raise ScoreboardError(f"{', '.join(absent)}: not in the archive; archived regions: {have}")
        pool = {r: sheets[r] for r in asked}
    else:
        pool = dict(sheets)
    if not any({old_year, new_year} <= {s.report_year for s in ss} for ss in pool.values()):
        raise ScoreboardError(no_board_message(year, check, available_years(pool, check), chosen=bool(regions)))

    rows: list[ScoreRow] = []
    missing: list[MissingRegion] = []
    compared: list[str] = []
    for region in sorted(pool, key=_region_order):
        by_year = _by_year(pool[region])
        old, new = by_year.get(old_year), by_year.get(new_year)
        if old is None or new is None:
            missing.append(_missing(region, check, old is None, new is None, old_year, new_year))
            continue
        if headline_only:
            old, new = headline_sheet(old), headline_sheet(new)
        try:
            comparison = compare_sheets(old, new, about_tolerance=tol)
        except ComparisonError as exc:
            missing.append(_unusable(region, check, old, new, old_year, str(exc)))
            continue
        compared.append(region)
        for r in comparison.by_check(check):
            if headline_only and not is_headline(r.indicator):
                continue
            if wanted and r.indicator not in wanted:
                continue
            rows.append(ScoreRow(region, r))
    rows.sort(key=_sort_key(check))
    board = Scoreboard(year=year, check=check, rows=tuple(rows), regions_missing=tuple(missing),
                       regions_compared=tuple(compared), tolerance=tol, headline_only=headline_only,
                       reports=(old_year, new_year))
    on_board = wanted or board.indicators
    have_row = {(r.region, r.indicator) for r in rows}
    without = tuple((ind, tuple(reg for reg in compared if (reg, ind) not in have_row))
                    for ind in on_board if not ind.startswith("task:"))
    return Scoreboard(year=board.year, check=board.check, rows=board.rows, regions_missing=board.regions_missing,
                      regions_compared=board.regions_compared, without_target=tuple((i, r) for i, r in without if r),
                      tolerance=tol, headline_only=headline_only, reports=board.reports)


def _region_order(region: str) -> tuple[int, str]:
    known = list(REGIONS_BY_ID)
    return (known.index(region), region) if region in REGIONS_BY_ID else (len(known), region)


def _missing(region: str, check: str, no_old: bool, no_new: bool, old_year: int, new_year: int) -> MissingRegion:
    reports = tuple(y for y, gone in ((old_year, no_old), (new_year, no_new)) if gone)
    if no_old and no_new:
        return MissingRegion(region, "reports", reports)
    if check == "target_vs_outcome":
        return MissingRegion(region, "targets" if no_old else "outcomes", reports)
    return MissingRegion(region, "previous_targets" if no_old else "targets", reports)


def _unusable(region: str, check: str, old: FactSheet, new: FactSheet, old_year: int, why: str) -> MissingRegion:
    """A pair compare_sheets refuses: a report that states no main targets (主要预期目标)."""
    if not any(not f.is_task for f in one_year(old.targets(), old_year)):
        return MissingRegion(region, "targets" if check == "target_vs_outcome" else "previous_targets",
                             (old.report_year,), note=why)
    # The newer report sets no targets of its own, and the comparison engine does not read
    # such a pair; say so rather than show its outcomes half-judged.
    return MissingRegion(region, "outcomes" if check == "target_vs_outcome" else "targets", (new.report_year,),
                         note=why)


__all__ = ["MissingRegion", "SCOREBOARD_CHECKS", "ScoreRow", "Scoreboard", "ScoreboardError", "available_years",
           "build_scoreboard", "no_board_message", "report_years", "years_with_both"]
