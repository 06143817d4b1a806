"""The pipeline as plain functions: discover → fetch → parse → compare → build digests → send.

Celery tasks (worker.tasks) are thin wrappers over these, and `targetwatch run` / `demo`
call them in-process without a broker, so there is one pipeline whichever way it runs.

Every step is keyed so that running it again, after a crash or a redelivered task, does
nothing twice:
- fetch+parse: the archive adds a document once per (region, year, content hash);
- compare: a comparison equal to the stored one is not stored again;
- digests: one outbox row per (subscription, watermark it starts from), under the
  outbox's UNIQUE key, and the watermark moves only to what that row covers;
- send: the outbox's claim/mark protocol (worker.mail.outbox).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from targetwatch.archive.errors import DocumentRejected
from targetwatch.archive.importer import EXTENSIONS, ReportFile
from targetwatch.archive.records import AddResult, DigestItem, Queued, SubscriptionInfo
from targetwatch.diffing.compare import Comparison, ComparisonError, compare_sheets
from targetwatch.diffing.regions import normalize_region
from targetwatch.config import Settings
from targetwatch.worker.schedule import ServiceConfig

_log = logging.getLogger("targetwatch.worker")
_NAMED = re.compile(r"^(?P<region>[a-z]+)[-_/](?P<year>(?:19|20)\d\d)$")


# --- reports from files (the demo's samples, `run --from-folder`) ---------------------------

def sample_files() -> list[ReportFile]:
    """The reports shipped in worker/samples (package data): national 2023-2025, beijing 2024-2025."""
    folder = resources.files("targetwatch.worker").joinpath("samples")
    return report_files(Path(str(folder)))


def report_files(folder: Path) -> list[ReportFile]:
    """Reports named region-year.txt (or region/year.txt) under `folder`, oldest first."""
    out = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file() or path.suffix.lower() not in EXTENSIONS:
            continue
        stem = path.stem if path.parent == Path(folder) else f"{path.parent.name}-{path.stem}"
        m = _NAMED.match(stem.lower())
        region = normalize_region(m.group("region")) if m else None
        if m and region:
            suffix = path.suffix.lower()
            out.append(ReportFile(path, region, int(m.group("year")), False,
                                  EXTENSIONS[suffix] if suffix != ".txt" else None))
    return sorted(out, key=lambda f: (f.year, f.region))


@dataclass
class Imported:
    added: list[AddResult] = field(default_factory=list)
    unchanged: list[AddResult] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (what, why)

    def merge(self, other: "Imported") -> None:
        self.added += other.added
        self.unchanged += other.unchanged
        self.failed += other.failed


def import_files(archive: Any, files: Iterable[ReportFile]) -> Imported:
    out = Imported()
    for f in files:
        try:
            result = archive.add_document(f.path.read_bytes(), region=f.region, year=f.year,
                                          content_type=f.content_type,
                                          source_url=f.path.resolve().as_uri())
        except (DocumentRejected, OSError) as exc:
            out.failed.append((str(f.path), str(exc)))
            continue
        (out.added if result.created else out.unchanged).append(result)
    return out


# --- reports from the official sites ----------------------------------------------------------

def check_sources(archive: Any, settings: Settings, config: ServiceConfig,
                  regions: Iterable[str] | None = None) -> list[Any]:
    """Discovery: report URLs not archived yet (scrapers.discover.Candidate), politely.

    Index pages are read with conditional GET against the fetch state kept in the archive,
    and each source's health is recorded, so a source that dies is visible.
    """
    from targetwatch.scrapers.discover import IndexReader, discover, record_health

    return [c for r in check_sources_reports(archive, settings, config, regions) for c in r.new]


def check_sources_reports(archive: Any, settings: Settings, config: ServiceConfig,
                          regions: Iterable[str] | None = None) -> list[Any]:
    """check_sources, per source (scrapers.discover.SourceReport); a failing source is a WARNING."""
    from targetwatch.scrapers.discover import IndexReader, discover, record_health
    from targetwatch.worker.health import SUSPECT_AFTER

    registry = _registry(settings)
    wanted = set(regions) if regions is not None else None
    sources = [s for s in registry.enabled() if wanted is None or s.id in wanted]
    state = archive.state_store()
    with _fetcher(archive, config) as fetcher:
        reports = discover(sources, IndexReader(fetcher), archive.known_urls(),
                           include_registry=config.fetch.include_registry, archived_years=archive.years)
    for health in record_health(state, reports, sources_with_index={s.id for s in sources if s.index}):
        if health.failures:
            _log.warning("source %s failed (%d check(s) in a row%s): %s", health.source, health.failures,
                         "; SUSPECT" if health.failures >= SUSPECT_AFTER else "", health.last_error)
    return reports


def fetch_report(archive: Any, settings: Settings, config: ServiceConfig, url: str, region: str,
                 year: int | None) -> AddResult:
    """Fetch one report (all its pages), parse and archive it; a second call is a no-op.

    Raises scrapers.http.FetchError / scrapers.document.NotText when the page cannot be had,
    DocumentRejected when it is not a report the parser can read.
    """
    from targetwatch.scrapers.article import fetch_document

    registry = _registry(settings)
    source = registry.get(region) if region in registry else registry.for_url(url)
    with _fetcher(archive, config) as fetcher:
        got = fetch_document(url, fetcher, source)
    data, content_type = got.archivable()
    return archive.add_document(data, region=region, year=year, content_type=content_type, source_url=url)


def _registry(settings: Settings) -> Any:
    from targetwatch.scrapers.registry import load_registry

    return load_registry(home=settings.home)


def _fetcher(archive: Any, config: ServiceConfig) -> Any:
    from targetwatch.scrapers.http import Fetcher

    f = config.fetch
    return Fetcher(state=archive.state_store(), allow_private=f.allow_private, timeout=f.timeout,
                   min_interval=f.min_interval, retries=2)


# --- comparisons ---------------------------------------------------------------------------

def compare_reports(archive: Any, keys: Iterable[tuple[str, int]]) -> list[Comparison]:
    """For each new (region, year): compare it with year-1 and, if archived, year+1 with it.

    A report archived late (last year's, after this year's) completes a comparison too.
    """
    done: set[tuple[str, int]] = set()
    out = []
    for region, year in keys:
        for newer in (year, year + 1):
            if (region, newer) in done:
                continue
            done.add((region, newer))
            new, old = archive.factsheet(region, newer), archive.factsheet(region, newer - 1)
            if new is None or old is None:
                continue
            try:
                c = compare_sheets(old, new)
            except ComparisonError:
                continue
            archive.save_comparison(region, newer, newer - 1, c)
            out.append(c)
    return out


def uncompared(archive: Any) -> list[tuple[str, int]]:
    """(region, year) pairs archived with the year before but without a current comparison.

    What the sweep works from: the archive's state, not the event that a fetch created a
    document, so a report archived while the broker was down, or by a fetch whose compare
    task was lost, is compared all the same.
    """
    out = []
    for region in archive.regions():
        years = set(archive.years(region))
        out += [(region, y) for y in sorted(years) if y - 1 in years and archive.comparison(region, y) is None]
    return out


@dataclass(frozen=True, slots=True)
class Swept:
    compared: tuple[tuple[str, int], ...]
    queued: int


def sweep(archive: Any) -> Swept:
    """Finish whatever the archive shows unfinished: missing comparisons, digests not queued.

    Idempotent like each step it calls: a second sweep right after the first finds nothing.
    Weekly digests are left to their own schedule.
    """
    todo = uncompared(archive)
    done = compare_reports(archive, todo)
    queued = build_digests(archive, cadence="on-new-report")
    return Swept(tuple((c.region, c.year) for c in done), sum(q.created for q in queued))


# --- digests -------------------------------------------------------------------------------

def digest_key(subscription_id: int, watermark: int) -> str:
    """Fixed by where the digest starts, so a rerun after a crash finds the same row."""
    return f"digest:{subscription_id}:after-document:{watermark}"


@dataclass(frozen=True, slots=True)
class Planned:
    subscription: SubscriptionInfo
    key: str
    payload: dict[str, Any]


def plan_digests(archive: Any, *, cadence: str | None = None, emails: Iterable[str] | None = None) -> list[Planned]:
    """What each active subscription's next digest would contain (reads only)."""
    subs = archive.subscriptions(cadence=cadence)
    if emails is not None:
        keep = {e.strip().lower() for e in emails}
        subs = [s for s in subs if s.email in keep]
    if not subs:
        return []
    newest = archive.max_document_id()
    start = min(s.last_document_id or 0 for s in subs)
    if newest <= start:
        return []
    docs = [d for d in archive.documents(since_id=start) if d.id <= newest]
    out = []
    for sub in subs:
        mark = sub.last_document_id or 0
        mine = [d for d in docs if d.id > mark and sub.wants(d.region)]
        if not mine:
            continue  # the watermark stays: nothing is lost by looking at those documents again
        latest: dict[tuple[str, int], Any] = {}
        for d in mine:  # one section per report, the newest version of it
            if not d.alternate or (d.region, d.report_year) not in latest:
                latest[(d.region, d.report_year)] = d
        reports = [{"region": d.region, "year": d.report_year, "document_id": d.id}
                   for d in sorted(latest.values(), key=lambda d: (d.region != "national", d.region, d.report_year))]
        payload = {"from": mark, "upto": max(d.id for d in mine), "reports": reports, "lang": sub.lang}
        out.append(Planned(sub, digest_key(sub.id, mark), payload))
    return out


def build_digests(archive: Any, *, cadence: str | None = None, emails: Iterable[str] | None = None) -> list[Queued]:
    """Queue, for each active subscription, a digest of the reports new since its watermark.

    Each row and its watermark move are written in one transaction (Archive.enqueue_digests),
    keyed by where the digest starts: a rerun, or a second builder racing this one, finds
    the same row and moves the watermark to the same place.
    """
    plans = plan_digests(archive, cadence=cadence, emails=emails)
    return archive.enqueue_digests([DigestItem(p.subscription.id, p.key, p.payload) for p in plans])


# --- the whole run, in-process -------------------------------------------------------------

@dataclass
class RunReport:
    imported: Imported = field(default_factory=Imported)
    candidates: list[Any] = field(default_factory=list)
    sources: list[Any] = field(default_factory=list)  # scrapers.discover.SourceReport per source checked
    comparisons: list[Comparison] = field(default_factory=list)
    queued: list[Queued] = field(default_factory=list)
    sent: Any = None  # worker.mail.outbox.SendReport


def run_once(archive: Any, settings: Settings, config: ServiceConfig, *, files: Iterable[ReportFile] = (),
             discover: bool = True, regions: Iterable[str] | None = None, cadence: str | None = "on-new-report",
             send: bool = True) -> RunReport:
    """One pass of the pipeline in this process (`targetwatch run`, `targetwatch demo`)."""
    report = RunReport()
    report.imported.merge(import_files(archive, files))
    if discover:
        from targetwatch.scrapers.document import NotText
        from targetwatch.scrapers.http import FetchError

        report.sources = check_sources_reports(archive, settings, config, regions)
        report.candidates = [c for r in report.sources for c in r.new]
        for cand in report.candidates:
            year = cand.year if cand.year_from in ("title", "registry") else None
            try:
                result = fetch_report(archive, settings, config, cand.url, cand.region, year)
            except (FetchError, NotText, DocumentRejected) as exc:
                report.imported.failed.append((cand.url, str(exc)))
                continue
            (report.imported.added if result.created else report.imported.unchanged).append(result)
    keys = [(r.document.region, r.document.report_year) for r in report.imported.added]
    report.comparisons = compare_reports(archive, keys)
    report.queued = build_digests(archive, cadence=cadence)
    if send:
        report.sent = send_outbox(archive, settings, config)
    return report


def send_outbox(archive: Any, settings: Settings, config: ServiceConfig, *, limit: int | None = None,
                budget: float | None = None) -> Any:
    from targetwatch.worker.mail import transport_for
    from targetwatch.worker.mail.message import unsubscribe_link
    from targetwatch.worker.mail.outbox import send_due

    return send_due(archive, transport_for(settings, timeout=config.delivery.smtp_timeout), settings.mail_from,
                    lease=config.lease, max_attempts=config.delivery.max_attempts,
                    unsubscribe_url=unsubscribe_link(config.delivery.unsubscribe_url, settings.base_url), limit=limit,
                    claim_batch=config.delivery.claim_batch, budget=budget)
