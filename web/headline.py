"""Which indicators lead a page: the few figures every reader of a work report looks for first.

One place so the front page, the region pages and the scoreboard agree. This is narrower
than `targetwatch.diffing.headline`, which decides which rows a comparison's default view
holds (every catalog indicator, and matched tasks with clean labels): a front-page line has
room for six figures, so these are the six, in the order a reader scans them.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

HEADLINE_INDICATORS: tuple[str, ...] = (
    "gdp_growth", "surveyed_unemployment", "cpi", "new_urban_jobs", "income_growth", "budget_revenue_growth",
)
"""In the order a reader scans them: growth, jobs, prices, then incomes and the budget."""

T = TypeVar("T")


def headline_rank(indicator: str) -> int:
    try:
        return HEADLINE_INDICATORS.index(indicator)
    except ValueError:
        return len(HEADLINE_INDICATORS)


def is_headline(indicator: str) -> bool:
    return indicator in HEADLINE_INDICATORS


def headline_first(items: Iterable[T], indicator_of) -> list[T]:  # noqa: ANN001 - a key function
    """The items with headline indicators first (in headline order), the rest as they came."""
    return sorted(items, key=lambda x: headline_rank(indicator_of(x)))
