"""Celery tasks: thin wrappers that run one pipeline step each and queue the next.

    check(regions) ─► fetch(url) per new report ─► compare(region, year) ─► digests ─► send_due
    weekly_digest ─► digests(weekly) ─► send_due
    sweep (beat, every few minutes) ─► compare what is uncompared, queue digests, send_due

Each task queues the next for speed, but none relies on it: the sweep derives the same work
from the archive's state, so a task lost with the broker (or never queued because a worker
died between two steps) is done at the next sweep.

Each step is idempotent (see targetwatch.worker.steps), so a task redelivered after a worker died,
or run twice by an impatient operator, repeats nothing: a document is archived once per
content hash, a digest once per (subscription, watermark), a delivery sent once.
Failures that time may cure (a site or the database down, the mail server refusing
connections) are retried with exponential backoff capped at celery.retry_delay_max, which
the configuration keeps below the broker's visibility timeout.
"""
from __future__ import annotations

import os
from typing import Any

from celery import current_app, shared_task
from celery.utils.log import get_task_logger

from targetwatch.worker import steps as pipeline

log = get_task_logger(__name__)
_archives: dict[int, Any] = {}


def _settings_and_config() -> tuple[Any, Any]:
    conf = current_app.conf
    settings = getattr(conf, "targetwatch_settings", None)
    config = getattr(conf, "targetwatch_config", None)
    if settings is None or config is None:
        from targetwatch.config import load_settings
        from targetwatch.worker.schedule import load_config

        settings = settings or load_settings()
        config = config or load_config(settings.home)
    return settings, config


def _archive() -> Any:
    """One Archive per worker process (not inherited across fork: engines must not be shared)."""
    pid = os.getpid()
    arc = _archives.get(pid)
    if arc is None:
        from targetwatch.archive import Archive

        settings, _ = _settings_and_config()
        arc = _archives[pid] = Archive(settings.database_url)
    return arc


def _transient() -> tuple[type[BaseException], ...]:
    from targetwatch.archive.errors import ArchiveUnavailable
    from targetwatch.scrapers.http import FetchError
    from sqlalchemy.exc import OperationalError

    from targetwatch.worker.mail.transport import TransportUnavailable

    return (ArchiveUnavailable, OperationalError, TransportUnavailable, FetchError, ConnectionError)


def _retry(task: Any, exc: BaseException) -> Any:
    _, config = _settings_and_config()
    delay = min(config.celery.retry_delay_max, 10 * 2 ** task.request.retries)
    log.warning("%s failed (%s: %s); retry %d in %ds", task.name, type(exc).__name__, exc, task.request.retries + 1,
                delay)
    return task.retry(exc=exc, countdown=delay, max_retries=8)


@shared_task(name="targetwatch.check", bind=True)
def check(self: Any, regions: list[str] | None = None) -> int:
    """Discovery for some regions; queues one fetch per report not archived yet."""
    settings, config = _settings_and_config()
    try:
        candidates = pipeline.check_sources(_archive(), settings, config, regions)
    except _transient() as exc:
        raise _retry(self, exc) from exc
    if candidates:
        # One digest per check, whatever number of reports it found: the fetches run in a
        # chain that ends with building the digests, so two reports of one region arrive in
        # one mail with the comparison between them (not one mail each, the first built
        # before the second report was archived).
        from celery import chain

        steps = [fetch.si(c.url, c.region, c.year if c.year_from in ("title", "registry") else None, False)
                 for c in candidates]
        chain(*steps, digests.si("on-new-report")).delay()
    log.info("check %s: %d new report URL(s)", ",".join(regions or ["all"]), len(candidates))
    return len(candidates)


@shared_task(name="targetwatch.fetch", bind=True)
def fetch(self: Any, url: str, region: str, year: int | None, then_digest: bool = True) -> dict[str, Any]:
    """Fetch, parse and archive one report; a report already archived is a no-op.

    `then_digest=False` (fetches of one check, chained) compares in this task and leaves
    the digest to the end of the chain.
    """
    from targetwatch.archive.errors import DocumentRejected
    from targetwatch.scrapers.document import NotText
    from targetwatch.scrapers.http import FetchError

    settings, config = _settings_and_config()
    try:
        result = pipeline.fetch_report(_archive(), settings, config, url, region, year)
    except (DocumentRejected, NotText) as exc:
        log.warning("%s: not archived: %s", url, exc)
        return {"url": url, "created": False, "error": str(exc)}
    except FetchError as exc:
        status = getattr(exc, "status", None)
        if getattr(exc, "kind", "") in ("robots", "invalid-url", "blocked", "too-large") or \
                (status is not None and 400 <= status < 500):
            # Asking again will not help (404, 410, robots.txt says no): say so once, archive nothing.
            log.warning("%s: %s", url, exc)
            return {"url": url, "created": False, "error": str(exc)}
        raise _retry(self, exc) from exc
    except _transient() as exc:
        raise _retry(self, exc) from exc
    doc = result.document
    # Also when the document was archived already: a redelivered fetch may be the only trace
    # of a compare that was never queued (the sweep would find it too, minutes later).
    # Fetches of one check (then_digest=False) compare here and leave the digest to the
    # end of their chain, so the check sends one digest.
    if then_digest:
        compare.delay(doc.region, doc.report_year)
    else:
        pipeline.compare_reports(_archive(), [(doc.region, doc.report_year)])
    return {"url": url, "created": result.created, "document_id": doc.id, "region": doc.region,
            "year": doc.report_year}


@shared_task(name="targetwatch.compare", bind=True)
def compare(self: Any, region: str, year: int) -> int:
    try:
        done = pipeline.compare_reports(_archive(), [(region, year)])
    except _transient() as exc:
        raise _retry(self, exc) from exc
    digests.delay("on-new-report")
    return len(done)


@shared_task(name="targetwatch.digests", bind=True)
def digests(self: Any, cadence: str | None = "on-new-report") -> int:
    try:
        queued = pipeline.build_digests(_archive(), cadence=cadence)
    except _transient() as exc:
        raise _retry(self, exc) from exc
    if queued:
        send_due.delay()
    return sum(q.created for q in queued)


@shared_task(name="targetwatch.sweep", bind=True)
def sweep(self: Any) -> dict[str, Any]:
    """Beat's catch-all: compare what is archived but not compared, queue digests not queued, send."""
    try:
        swept = pipeline.sweep(_archive())
    except _transient() as exc:
        raise _retry(self, exc) from exc
    if swept.compared or swept.queued:
        log.info("sweep: compared %d report(s), queued %d digest(s)", len(swept.compared), swept.queued)
    send_due.delay()
    return {"compared": [list(k) for k in swept.compared], "queued": swept.queued}


@shared_task(name="targetwatch.weekly_digest")
def weekly_digest() -> int:
    return digests("weekly")


@shared_task(name="targetwatch.send_due", bind=True)
def send_due(self: Any, limit: int | None = None) -> dict[str, Any]:
    """Send what the outbox has due; what stays (server down, 4xx) is retried by the next sweep."""
    import resource

    settings, config = _settings_and_config()
    before = resource.getrusage(resource.RUSAGE_SELF)
    try:
        # Half the soft time limit: the run ends between messages, never by the limit mid-send.
        report = pipeline.send_outbox(_archive(), settings, config, limit=limit,
                                      budget=config.celery.soft_time_limit / 2)
    except _transient() as exc:
        raise _retry(self, exc) from exc
    if report.stopped:
        log.warning("sending stopped: %s", report.stopped)
    if report.more:
        send_due.delay(limit)
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {"sent": len(report.sent), "retrying": len(report.retrying), "failed": len(report.failed),
            "abandoned": len(report.abandoned), "stopped": report.stopped, "pid": os.getpid(),
            "maxrss_kb": after.ru_maxrss,
            "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 3)}


@shared_task(name="targetwatch.run")
def run(folder: str | None = None, discover: bool = False, regions: list[str] | None = None) -> dict[str, Any]:
    """The whole pipeline in one task (a folder import and/or discovery), for operators and tests."""
    from pathlib import Path

    settings, config = _settings_and_config()
    files = pipeline.report_files(Path(folder)) if folder else []
    report = pipeline.run_once(_archive(), settings, config, files=files, discover=discover, regions=regions)
    return {"added": len(report.imported.added), "queued": sum(q.created for q in report.queued),
            "sent": len(report.sent.sent) if report.sent else 0}
