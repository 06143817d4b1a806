"""All regions side by side for one year: were that year's targets met?

The scoreboard of year Y judges the targets the Y reports set against the outcomes the
Y+1 reports give (the `target_vs_outcome` check of each region's comparison), so
`/scoreboard/2025` is "how did 2025 go". Regions that lack one of the two reports are
listed as missing with the report they lack, never silently left out.

Issue 11 puts `Archive.scoreboard(year)` and `targetwatch.diffing.scoreboard` in the
archive and diffing packages; until it lands `board_for` builds the same shape (its
`to_dict()` is the one issue 11 specifies) from the cached comparisons, and is the one
function to swap, so the routes do not change when it does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from targetwatch.diffing.compare import Row
from targetwatch.diffing.regions import region_name
from targetwatch.web.data import SiteData
from targetwatch.web.headline import HEADLINE_INDICATORS, headline_rank

CHECK = "target_vs_outcome"


@dataclass(frozen=True, slots=True)
class BoardRow:
    region: str
    row: Row

    def to_dict(self) -> dict[str, Any]:
        return {**self.row.to_dict(), "region": self.region}


@dataclass(frozen=True, slots=True)
class Missing:
    region: str
    missing: str

    def to_dict(self) -> dict[str, str]:
        return {"region": self.region, "missing": self.missing}


@dataclass(frozen=True, slots=True)
class Board:
    year: int
    check: str
    rows: tuple[BoardRow, ...]
    regions_missing: tuple[Missing, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "check": self.check, "rows": [r.to_dict() for r in self.rows],
                "regions_missing": [m.to_dict() for m in self.regions_missing]}

    @property
    def regions(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for r in self.rows:
            seen.setdefault(r.region, None)
        return tuple(seen)

    def cell(self, region: str, indicator: str) -> Row | None:
        return next((r.row for r in self.rows if r.region == region and r.row.indicator == indicator), None)

    def counts(self, region: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rows:
            if r.region == region:
                out[r.row.verdict] = out.get(r.row.verdict, 0) + 1
        return out

    def columns(self, most: int = 8) -> tuple[str, ...]:
        """Indicators as columns: the headline ones, then the most widely reported others."""
        seen: dict[str, int] = {}
        for r in self.rows:
            if not r.row.indicator.startswith("task:"):
                seen[r.row.indicator] = seen.get(r.row.indicator, 0) + 1
        cols = [i for i in HEADLINE_INDICATORS if i in seen]
        rest = sorted((i for i in seen if i not in cols), key=lambda i: (-seen[i], i))
        return tuple(cols + rest)[:max(most, len(cols))]


def years_with_boards(data: SiteData) -> list[int]:
    """Years for which at least one region has both reports (Y and Y+1)."""
    years: set[int] = set()
    for region in data.regions():
        ys = set(data.years(region))
        years.update(y for y in ys if y + 1 in ys)
    return sorted(years)


def build_board(data: SiteData, year: int) -> Board:
    rows: list[BoardRow] = []
    missing: list[Missing] = []
    for region in data.regions():
        years = set(data.years(region))
        lacking = [y for y in (year, year + 1) if y not in years]
        if lacking:
            missing.append(Missing(region, "、".join(f"{y}年报告" for y in lacking)))
            continue
        comparison, why = data.comparison(region, year + 1)
        if comparison is None:
            missing.append(Missing(region, why or "no comparison"))
            continue
        ordered = sorted(comparison.by_check(CHECK), key=lambda r: headline_rank(r.indicator))
        rows.extend(BoardRow(region, r) for r in ordered)
    return Board(year, CHECK, tuple(rows), tuple(missing))


def board_for(data: SiteData, year: int) -> Board:
    return data._cached(("scoreboard", year), lambda: build_board(data, year))  # noqa: SLF001 - same cache


def region_label(region: str) -> str:
    return region_name(region)
