"""All regions side by side for one year, for the web: the archive's scoreboard (issue 11), cached.

`Archive.scoreboard(year)` judges the targets the `year` reports set against the outcomes
the `year+1` reports give (targetwatch.diffing.scoreboard), so `/scoreboard/2025` is "how did
2025 go"; regions lacking one of the reports are in its `regions_missing` with the reason.
This module only caches it with the site's other data and picks the grid's columns.
"""
from __future__ import annotations

from targetwatch.diffing.scoreboard import Scoreboard, ScoreboardError
from targetwatch.templates.scoreboard import Headline, headlines, missing_reason
from targetwatch.web.data import SiteData
from targetwatch.web.headline import HEADLINE_INDICATORS

__all__ = ["Scoreboard", "ScoreboardError", "board_for", "board_headlines", "columns", "missing_text",
           "years_with_boards"]


def years_with_boards(data: SiteData) -> list[int]:
    """Years for which at least one region has both reports (Y and Y+1)."""
    return data._cached(("scoreboard-years",), data.archive.scoreboard_years)  # noqa: SLF001 - the site's cache


def board_for(data: SiteData, year: int) -> Scoreboard:
    """The scoreboard of `year` (headline indicators); ScoreboardError when no region can answer it."""
    return data._cached(("scoreboard", year), lambda: data.archive.scoreboard(year))  # noqa: SLF001


def columns(board: Scoreboard, most: int = 8) -> tuple[str, ...]:
    """The grid's indicator columns: the headline ones, then the most widely reported others."""
    seen: dict[str, int] = {}
    for r in board.rows:
        if not r.indicator.startswith("task:"):
            seen[r.indicator] = seen.get(r.indicator, 0) + 1
    cols = [i for i in HEADLINE_INDICATORS if i in seen]
    rest = sorted((i for i in seen if i not in cols), key=lambda i: (-seen[i], board.indicators.index(i)))
    return tuple(cols + rest)[:max(most, len(cols))]


def board_headlines(board: Scoreboard, lang: str = "zh") -> list[tuple[Headline, str]]:
    """The one-line answers of the headline indicators ("地区生产总值增长：31个地区中，10个未完成…"),
    in headline order; the grid below has every indicator. A dozen lines would push it off
    the first screen."""
    total = len(board.regions_compared) or len(board.regions)
    lines = [h for h in headlines(board, lang) if h.indicator in HEADLINE_INDICATORS]
    lines.sort(key=lambda h: HEADLINE_INDICATORS.index(h.indicator))
    return [(h, h.text(lang, total)) for h in lines]


def missing_text(board: Scoreboard, lang: str = "zh") -> list[tuple[str, str]]:
    return [(m.region, missing_reason(m, lang)) for m in board.regions_missing]
