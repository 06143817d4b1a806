"""Is the service well? Source health, the outbox, beat and the queue, read from where they live.

One store for each fact: source health and the outbox in the archive (every worker, `run`
and `discover` write there), the beat leader and the queue in Redis. `targetwatch status`
and `targetwatch discover --status` both read them through this module, so they cannot
disagree.

A source is not suspect after one failure: official portals go down for an afternoon, and
a single timeout is noise. It is suspect after SUSPECT_AFTER failures in a row, or when its
season is over without this year's report in the archive (a portal that still answers but
moved its column looks healthy to the fetcher: only the missing report gives it away).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from targetwatch.worker.schedule import ServiceConfig

SUSPECT_AFTER = 3
"""Consecutive failed checks before a source is called suspect (one or two are 'failing')."""


@dataclass(frozen=True, slots=True)
class SourceStatus:
    region: str
    verdict: str  # ok, failing, SUSPECT, SILENT, never checked, no index
    why: str
    last_success: str | None
    last_error_at: str | None
    last_error: str | None
    failures: int
    last_found: int | None
    enabled: bool = True

    @property
    def suspect(self) -> bool:
        return self.verdict in ("SUSPECT", "SILENT")


def season_months(config: ServiceConfig, region: str) -> tuple[int, ...]:
    for season in config.schedule.seasons:
        if region in season.regions:
            return season.daily_months
    return ()


def source_status(region: str, health: Any, *, has_index: bool, enabled: bool, archived_years: Iterable[int],
                  months: tuple[int, ...], now: datetime | None = None) -> SourceStatus:
    """The verdict on one source from its health record (scrapers.state.SourceHealth or None)."""
    now = now or datetime.now(UTC)
    fields = dict(last_success=getattr(health, "last_success", None),
                  last_error_at=getattr(health, "last_error_at", None),
                  last_error=getattr(health, "last_error", None), failures=getattr(health, "failures", 0) or 0,
                  last_found=getattr(health, "last_found", None), enabled=enabled)
    if not has_index:
        return SourceStatus(region, "no index", "the registry lists no index page to check", **fields)
    if health is None:
        return SourceStatus(region, "never checked", "no check has run for it yet", **fields)
    failures = fields["failures"]
    if failures >= SUSPECT_AFTER:
        since = (fields["last_success"] or "never")[:10]
        return SourceStatus(region, "SUSPECT", f"{failures} failed checks in a row (last success: {since})",
                            **fields)
    if failures:
        return SourceStatus(region, "failing", f"{failures} failed check(s) in a row; suspect after "
                            f"{SUSPECT_AFTER}", **fields)
    if months and now.month > max(months) and now.year not in set(archived_years):
        # It answers, but its season is over without this year's report: a moved column?
        return SourceStatus(region, "SILENT", f"its season (months {','.join(map(str, months))}) is over and "
                            f"no {now.year} report is archived", **fields)
    return SourceStatus(region, "ok", "", **fields)


def sources_status(archive: Any, registry: Any, config: ServiceConfig, regions: Iterable[str] | None = None,
                   *, now: datetime | None = None) -> list[SourceStatus]:
    health = {h.source: h for h in archive.state_store().all_health()}
    ids = list(regions) if regions is not None else [s.id for s in registry.enabled()]
    out = []
    for rid in ids:
        src = registry.get(rid)
        out.append(source_status(rid, health.get(rid), has_index=bool(src.index), enabled=src.enabled,
                                 archived_years=archive.years(rid), months=season_months(config, rid), now=now))
    return out


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    pending: int
    sending: int
    oldest_sending_seconds: float | None  # age of the oldest claim: far above lease_seconds means a stuck sender
    sent: int
    failed: int
    uncertain: int  # a sender died handing it over; resent with the same Message-ID
    uncertain_resent: int


def outbox_status(archive: Any, *, now: datetime | None = None) -> OutboxStatus:
    from targetwatch.worker.mail.outbox import UNCERTAIN

    now = now or datetime.now(UTC)
    rows = archive.deliveries()
    count = {s: sum(d.status == s for d in rows) for s in ("pending", "sending", "sent", "failed")}
    claims = [d.claimed_at for d in rows if d.status == "sending" and d.claimed_at is not None]
    uncertain = [d for d in rows if (d.last_error or "").startswith(UNCERTAIN)]
    return OutboxStatus(count["pending"], count["sending"],
                        (now - min(claims)).total_seconds() if claims else None, count["sent"], count["failed"],
                        len(uncertain), sum(d.status == "sent" for d in uncertain))


@dataclass(frozen=True, slots=True)
class BrokerStatus:
    reachable: bool
    error: str | None = None
    leader: dict[str, Any] | None = None  # what the leading beat wrote about itself
    lock_held: bool = False
    queued: int | None = None  # tasks waiting in the targetwatch queue
    unacked: int | None = None  # tasks taken by a worker and not finished (or of a dead worker)


def broker_status(broker_url: str | None, key_prefix: str) -> BrokerStatus | None:
    """None without a broker (the service then runs as `targetwatch run`)."""
    if not broker_url:
        return None
    import redis

    from targetwatch.worker.beat import leader

    try:
        client = redis.Redis.from_url(broker_url, socket_timeout=5, socket_connect_timeout=5)
        return BrokerStatus(True, leader=leader(client, key_prefix),
                            lock_held=bool(client.exists(f"{key_prefix}redbeat:lock")),
                            queued=int(client.llen(f"{key_prefix}targetwatch")),
                            unacked=int(client.hlen(f"{key_prefix}unacked")))
    except (redis.RedisError, OSError) as exc:
        return BrokerStatus(False, error=f"{type(exc).__name__}: {exc}")


def last_check(statuses: Iterable[SourceStatus]) -> str | None:
    times = [t for s in statuses for t in (s.last_success, s.last_error_at) if t]
    return max(times) if times else None


def as_json(value: Any) -> str:
    from dataclasses import asdict

    return json.dumps(asdict(value), ensure_ascii=False)
