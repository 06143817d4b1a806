"""What the pages and the API read: the archive's reports, comparisons and histories, cached.

A history of the national reports is some seventy fact sheets; a comparison of one pair
is tens of milliseconds. Both are pure functions of the archived facts, so they are kept
until the archive changes. "Changes" is the newest document id, the newest correction id, the
newest fact set id and the installed parser's version (a new report, a withdrawal, restore or
relabel, a re-parse, or a new parser), looked up at most once a second (indexed queries; a page
reads the cache dozens of times); a short time-to-live catches anything else.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from targetwatch.archive.records import DocumentInfo
from targetwatch.diffing.compare import CHECKS, Comparison, ComparisonError, compare_sheets
from targetwatch.diffing.headline import Tally, main_targets, target_tally, task_tally
from targetwatch.diffing.history import History, build_history
from targetwatch.diffing.model import Fact, FactSheet
from targetwatch.diffing.regions import BY_ID
from targetwatch.templates import lang as L
from targetwatch.templates.words import words
from targetwatch.web.headline import headline_rank, is_headline
from targetwatch.web.refusals import Refusal, comparison_refusal

T = TypeVar("T")

CACHE_TTL_SECONDS = 60.0
RECHECK_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class RegionCard:
    """One region on the front page: its latest report and last year's verdicts, answers first."""

    region: str
    years: tuple[int, ...]
    latest: int
    targets: tuple[Fact, ...]
    """Headline targets the latest report sets for its own year."""
    comparison: Comparison | None
    """The latest report against the one before, when both are archived and comparable."""

    @property
    def tally(self) -> Tally:
        """Last year's main targets met, missed…: diffing.headline.target_tally, the numbers of
        `targetwatch compare`'s 主要目标 line; empty without a comparison."""
        return target_tally(self.comparison) if self.comparison else Tally({})

    @property
    def verdicts(self) -> dict[str, int]:
        """`tally`'s counts by verdict (the API's last_year_verdicts): tasks are not in them."""
        return self.tally.counts

    @property
    def task_verdicts(self) -> dict[str, int]:
        """Verdict counts of last year's tasks found in both reports (diffing.headline.task_tally),
        kept apart from the targets' (the API's last_year_task_verdicts)."""
        return task_tally(self.comparison).counts if self.comparison else {}

    @property
    def missed(self) -> tuple[str, ...]:
        """Main targets (those `tally` counts) that were missed, headline ones first."""
        if self.comparison is None:
            return ()
        rows = [r for r in main_targets(self.comparison) if r.verdict == "missed"]
        return tuple(r.indicator for r in sorted(rows, key=lambda r: headline_rank(r.indicator)))


@dataclass(frozen=True, slots=True)
class NoComparison:
    """Why a report has no comparison: a report is not archived (`key` names which), or the
    comparison refused (`refusal`, web.refusals: its kind in page words, the library's line
    as its detail). Said in the page's language by text()."""

    key: str
    region: str
    year: int
    refusal: Refusal | None = None

    def text(self, lang: str) -> str:
        if self.refusal is not None:
            return self.refusal.text(lang)
        return words(lang, self.key, name=L.region(self.region, lang), y=self.year, prev=self.year - 1)

    @property
    def detail(self) -> str:
        """The library's own words, where they say more than text() (else "")."""
        return self.refusal.detail if self.refusal is not None else ""


@dataclass
class _Cache:
    key: tuple[Any, ...] = ()
    checked: float = 0.0
    values: dict[tuple[Any, ...], Any] = field(default_factory=dict)


class SiteData:
    """The read side of the web app over one Archive; safe to share between request threads."""

    def __init__(self, archive: Any, *, ttl: float = CACHE_TTL_SECONDS,
                 recheck: float = RECHECK_SECONDS) -> None:  # an archive.Archive
        self.archive = archive
        self.ttl = ttl
        self.recheck = recheck
        self._revision: tuple[Any, ...] = ()
        self._revision_at = -1e9
        self._cache = _Cache()
        self._lock = threading.Lock()

    # --- the cache ---------------------------------------------------------------------------

    def revision(self) -> tuple[Any, ...]:
        """What the cache is valid for; asked of the archive at most every `recheck` seconds."""
        now = time.monotonic()
        if now - self._revision_at >= self.recheck:
            self._revision = (self.archive.max_document_id(), self.archive.max_correction_id(),
                              self.archive.max_fact_set_id(), self.archive.extractor_version)
            self._revision_at = now
        return self._revision

    def _cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        now = time.monotonic()
        rev = self.revision()
        with self._lock:
            if rev != self._cache.key or now - self._cache.checked > self.ttl:
                self._cache = _Cache(rev, now)
            cache = self._cache
            if key in cache.values:
                return cache.values[key]
        value = compute()
        with self._lock:
            cache.values[key] = value
        return value

    # --- reports -----------------------------------------------------------------------------

    def regions(self) -> list[str]:
        """Archived region ids, the national reports first, then the catalogue's order."""
        order = {r: i for i, r in enumerate(BY_ID)}
        return self._cached(("regions",), lambda: sorted(self.archive.regions(),
                                                         key=lambda r: (order.get(r, len(order)), r)))

    def years(self, region: str) -> list[int]:
        return self._cached(("years", region), lambda: self.archive.years(region))

    def sheets(self, region: str) -> dict[int, FactSheet]:
        return self._cached(("sheets", region),
                            lambda: {s.report_year: s for s in self.archive.factsheets(region)})

    def sheet(self, region: str, year: int) -> FactSheet | None:
        return self.sheets(region).get(year)

    def documents(self, region: str, year: int) -> list[DocumentInfo]:
        return self._cached(("documents", region, year), lambda: self.archive.documents(region, year))

    def recent_documents(self, region: str | None = None, limit: int = 50) -> list[DocumentInfo]:
        """The newest archived documents (primary versions), newest first: the feeds' entries."""
        def compute() -> list[DocumentInfo]:
            docs = self.archive.documents(region, include_alternates=False)
            return sorted(docs, key=lambda d: (d.archived_at, d.id), reverse=True)[:limit]

        return self._cached(("recent", region, limit), compute)

    # --- comparisons and histories -----------------------------------------------------------

    def comparison(self, region: str, year: int) -> tuple[Comparison | None, NoComparison | None]:
        """Report `year` against report `year - 1`: the comparison, or None and why not."""
        def compute() -> tuple[Comparison | None, NoComparison | None]:
            new, old = self.sheet(region, year), self.sheet(region, year - 1)
            if new is None:
                return None, NoComparison("web_why_unarchived", region, year)
            if old is None:
                return None, NoComparison("web_why_no_prev", region, year)
            try:
                return compare_sheets(old, new), None
            except ComparisonError as exc:
                return None, NoComparison("", region, year, comparison_refusal(old, new, exc))

        return self._cached(("comparison", region, year), compute)

    def history(self, region: str) -> History | None:
        def compute() -> History | None:
            sheets = list(self.sheets(region).values())
            return build_history(sheets) if sheets else None

        return self._cached(("history", region), compute)

    def card(self, region: str) -> RegionCard | None:
        def compute() -> RegionCard | None:
            years = tuple(self.years(region))
            if not years:
                return None
            latest = years[-1]
            sheet = self.sheet(region, latest)
            targets = () if sheet is None else headline_targets(sheet)
            comparison, _ = self.comparison(region, latest)
            return RegionCard(region, years, latest, targets, comparison)

        return self._cached(("card", region), compute)

    def cards(self) -> list[RegionCard]:
        return [c for c in (self.card(r) for r in self.regions()) if c is not None]


def headline_targets(sheet: FactSheet) -> tuple[Fact, ...]:
    """The headline targets a report sets for its own year, one per indicator, in headline order."""
    seen: dict[str, Fact] = {}
    for f in sheet.targets():
        if f.period == sheet.report_year and is_headline(f.indicator) and f.indicator not in seen \
                and f.period_start is None:
            seen[f.indicator] = f
    return tuple(sorted(seen.values(), key=lambda f: headline_rank(f.indicator)))


def verdict_total(summary: dict[str, int]) -> int:
    return sum(summary.values())


__all__ = ["CHECKS", "NoComparison", "RegionCard", "SiteData", "headline_targets"]
