"""Discovery: read each source's index pages and list the report URLs not archived yet.

`discover()` touches neither the network nor the archive itself: it is given a way to read a
listing page (`read_page`, normally an `IndexReader` over a `Fetcher`) and a way to ask
whether a URL is archived (`is_known`: a set of URLs or a callable), so that the worker,
the CLI and the tests can each plug in their own. `IndexReader` keeps what it parsed from
each index page in the fetch state, so an index that answers 304 is not parsed again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Collection, Iterable, Protocol
from urllib.parse import urlsplit, urlunsplit

from targetwatch.scrapers.document import NotText, decode
from targetwatch.scrapers.http import FetchError, Fetcher
from targetwatch.scrapers.listing import Link, date_in_url, extract_links, next_pages, year_in_title
from targetwatch.scrapers.registry import Source
from targetwatch.scrapers.state import SourceHealth, StateStore, record_failure, record_success


@dataclass(frozen=True, slots=True)
class ListingPage:
    url: str
    links: tuple[Link, ...]
    next_pages: tuple[str, ...]
    not_modified: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    region: str
    year: int
    url: str
    title: str
    date: str | None
    year_from: str  # "title" (stated in the link text), "date" (publication date), "registry"
    found_on: str  # the index page it was listed on, or "registry"
    evidence: str = ""  # for registry entries: the SOURCES.md label (P/M/C/I)


@dataclass(slots=True)
class SourceReport:
    """What discovery saw for one source; `new` is what the caller should fetch."""

    region: str
    candidates: list[Candidate] = field(default_factory=list)
    new: list[Candidate] = field(default_factory=list)
    pages_read: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # pages that failed after the first one
    error: str | None = None  # the source as a whole failed (first index page unreadable, no links)

    @property
    def ok(self) -> bool:
        return self.error is None


class PageReader(Protocol):
    def __call__(self, url: str, source: Source) -> ListingPage: ...


KnownUrls = Collection[str] | Callable[[str], bool]


def as_predicate(known: KnownUrls) -> Callable[[str], bool]:
    """A set or a callable -> a callable that also accepts the http/https twin of a URL.

    Many portals moved from http to https; the registry and the archive may hold either.
    """
    base: Callable[[str], bool] = known if callable(known) else known.__contains__  # type: ignore[assignment]

    def check(url: str) -> bool:
        if base(url):
            return True
        parts = urlsplit(url)
        twin = {"http": "https", "https": "http"}.get(parts.scheme)
        return bool(twin) and base(urlunsplit(parts._replace(scheme=twin)))

    return check


def classify(source: Source, links: Iterable[Link], found_on: str, *,
             this_year: int | None = None) -> list[Candidate]:
    """Links that are reports of this source, each with its year.

    The year comes from the title ("2025年政府工作报告"); a title without one falls back to
    the publication date (date column or URL), which is right for fresh posts and wrong
    for re-posted archives, hence `year_from`.
    """
    limit = (this_year or date.today().year) + 1
    out: list[Candidate] = []
    for link in links:
        if not source.title_matches(link.title) or not source.url_matches(link.url):
            continue
        year, how = year_in_title(link.title), "title"
        if year is None:
            when = link.date or date_in_url(link.url)
            year, how = (int(when[:4]), "date") if when else (None, "")
        if year is None or not 1949 <= year <= limit:
            continue
        out.append(Candidate(source.id, year, link.url, link.title, link.date, how, found_on))
    return out


def discover_source(source: Source, read_page: PageReader, is_known: KnownUrls = (), *,
                    include_registry: bool = True, max_pages: int | None = None,
                    this_year: int | None = None, archived_years: Collection[int] = ()) -> SourceReport:
    """One source's report links; `new` leaves out archived URLs and every year in `archived_years`
    (a report archived from another URL, a file or a mirror is not new because its link differs)."""
    known = as_predicate(is_known)
    have_years = frozenset(archived_years)
    report = SourceReport(source.id)
    budget = max_pages or source.max_pages
    seen_urls: dict[str, Candidate] = {}
    first_error: str | None = None
    index_ok = 0
    for index_url in source.index:
        queue = [index_url]
        visited: set[str] = set()
        while queue and len(visited) < budget:
            url = queue.pop(0)
            if url in visited:
                continue
            visited.add(url)
            try:
                page = read_page(url, source)
            except (FetchError, NotText) as exc:
                if url == index_url:
                    first_error = first_error or f"{url}: {exc}"
                else:
                    report.problems.append(f"{url}: {exc}")
                break  # the rest of this index's pages hang off the failed one
            if url == index_url:
                index_ok += 1
            report.pages_read.append(url)
            for cand in classify(source, page.links, url, this_year=this_year):
                seen_urls.setdefault(cand.url, cand)
            queue.extend(p for p in page.next_pages if p not in visited and p not in queue)
    listed = len(seen_urls)
    if include_registry:
        for known_report in source.reports:
            seen_urls.setdefault(known_report.url, Candidate(
                source.id, known_report.year, known_report.url, known_report.note, None, "registry", "registry",
                known_report.evidence))
    report.candidates = sorted(seen_urls.values(), key=lambda c: (-c.year, c.url))
    report.new = [c for c in report.candidates if not known(c.url) and c.year not in have_years]
    if source.index and index_ok == 0:
        more = len(source.index) - 1
        report.error = (first_error or "no index page could be read") + (f" (and {more} more index pages)" if more else "")
    elif source.index and listed == 0:
        report.error = (f"read {len(report.pages_read)} index page(s) but found no report links "
                        "(has the layout or the column moved? check the registry entry)")
    return report


def discover(sources: Iterable[Source], read_page: PageReader, is_known: KnownUrls = (), *,
             include_registry: bool = True, max_pages: int | None = None,
             this_year: int | None = None,
             archived_years: Callable[[str], Collection[int]] | None = None) -> list[SourceReport]:
    """Report URLs per source that `is_known` does not know; one failing source never stops the others."""
    return [discover_source(s, read_page, is_known, include_registry=include_registry, max_pages=max_pages,
                            this_year=this_year, archived_years=archived_years(s.id) if archived_years else ())
            for s in sources]


def record_health(state: StateStore, reports: Iterable[SourceReport], *, sources_with_index: Collection[str] = ()
                  ) -> list[SourceHealth]:
    """Write each source's outcome into the state so that `discover --status` can show a dead one."""
    out = []
    for r in reports:
        if sources_with_index and r.region not in sources_with_index:
            continue
        if r.ok:
            listed = sum(1 for c in r.candidates if c.found_on != "registry")
            out.append(record_success(state, r.region, found=listed))
        else:
            out.append(record_failure(state, r.region, r.error or "failed"))
    return out


def _title_may_match(source: Source, title: str) -> bool:
    return bool(title) and re.search(source.title_pattern, title) is not None


class IndexReader:
    """Reads listing pages through a Fetcher, remembering parsed links per page.

    With a state store the GET is conditional: a 304 (or a body with the same hash) reuses
    the links parsed last time, kept in the URL's state memo.
    """

    MEMO_KEY = "listing"

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher

    def __call__(self, url: str, source: Source) -> ListingPage:
        state = self.fetcher.state
        if source.delay:
            host = urlsplit(url).netloc.lower()
            if host:
                self.fetcher.set_host_interval(host, source.delay)
        res = self.fetcher.get(url, conditional=state is not None, headers=dict(source.headers))
        if state is not None and (res.not_modified or res.changed is False):
            st = state.get_url(url)
            memo = st.memo.get(self.MEMO_KEY) if st else None
            if memo and memo.get("pattern") == source.title_pattern:
                return ListingPage(url, tuple(Link(*item) for item in memo.get("links", [])),
                                   tuple(memo.get("next", [])), not_modified=True)
            if res.not_modified:  # validators survived but the memo did not: read it again
                res = self.fetcher.get(url, conditional=False, headers=dict(source.headers))
        text, _ = decode(res.content, res.content_type, forced=source.charset or None)
        base = res.url or url
        page = ListingPage(url, tuple(extract_links(text, base)), tuple(next_pages(text, base)))
        if state is not None:
            st = state.get_url(url)
            if st is not None:
                # Only links that may be reports: a portal's menu has hundreds, and the state
                # file is rewritten on every update. The pattern is kept to notice an edit.
                maybe = [[lk.url, lk.title, lk.date] for lk in page.links if _title_may_match(source, lk.title)]
                st.memo[self.MEMO_KEY] = {"pattern": source.title_pattern, "links": maybe,
                                          "next": list(page.next_pages)}
                state.put_url(url, st)
        return page
