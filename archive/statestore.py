"""The scrapers' StateStore (scrapers/state.py) kept in the archive's database.

With it, the validators for conditional GET and the health of each source live beside the
documents (one backup, one place for several worker processes) instead of in a JSON file.
Timestamps are ISO strings on the scrapers' side and UTC datetimes in the tables.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from targetwatch.scrapers.state import SourceHealth as HealthValue
from targetwatch.scrapers.state import UrlState

from targetwatch.archive.core import ArchiveCore
from targetwatch.archive.models import FetchState, SourceHealth


def _to_dt(value: str | None) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def _to_iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


class ArchiveStateStore:
    """Implements scrapers.state.StateStore on an Archive; get one with `archive.state_store()`."""

    def __init__(self, archive: ArchiveCore) -> None:
        self._archive = archive

    def get_url(self, url: str) -> UrlState | None:
        with self._archive._read() as s:
            row = s.scalar(select(FetchState).where(FetchState.url == url))
            if row is None or (row.last_success_at is None and row.content_hash is None and row.etag is None):
                return None
            return UrlState(etag=row.etag, last_modified=row.last_modified, sha256=row.content_hash,
                            status=row.status, checked_at=_to_iso(row.last_checked_at),
                            changed_at=_to_iso(row.changed_at), memo=dict(row.memo or {}))

    def put_url(self, url: str, state: UrlState) -> None:
        """Record a successful visit; failures and error history of the URL are kept."""
        def work(session: Session) -> None:
            row = session.scalar(select(FetchState).where(FetchState.url == url).with_for_update())
            if row is None:
                row = FetchState(url=url, failures=0)
                session.add(row)
            checked = _to_dt(state.checked_at)
            row.etag, row.last_modified, row.content_hash = state.etag, state.last_modified, state.sha256
            row.status, row.changed_at, row.memo = state.status, _to_dt(state.changed_at), dict(state.memo)
            row.last_checked_at = checked
            row.last_success_at = checked or row.last_success_at
            row.failures = 0
            session.flush()

        self._archive._write_retrying(work)

    def get_health(self, source: str) -> HealthValue | None:
        with self._archive._read() as s:
            row = s.scalar(select(SourceHealth).where(SourceHealth.source == source))
            return None if row is None else self._health(row)

    def put_health(self, health: HealthValue) -> None:
        def work(session: Session) -> None:
            row = session.scalar(select(SourceHealth).where(SourceHealth.source == health.source)
                                 .with_for_update())
            if row is None:
                row = SourceHealth(source=health.source)
                session.add(row)
            row.last_success_at, row.last_error_at = _to_dt(health.last_success), _to_dt(health.last_error_at)
            row.last_error, row.failures, row.last_found = health.last_error, health.failures, health.last_found
            session.flush()

        self._archive._write_retrying(work)

    def all_health(self) -> list[HealthValue]:
        with self._archive._read() as s:
            return [self._health(r) for r in s.scalars(select(SourceHealth).order_by(SourceHealth.source))]

    @staticmethod
    def _health(row: SourceHealth) -> HealthValue:
        return HealthValue(source=row.source, last_success=_to_iso(row.last_success_at),
                           last_error_at=_to_iso(row.last_error_at), last_error=row.last_error,
                           failures=row.failures or 0, last_found=row.last_found)
