"""Per-URL fetch state: the validators for the next conditional GET and how the last tries went.

This is state about the present, so it is updated in place (unlike documents); the scrapers'
state interface can be backed by these three methods.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from targetwatch.archive.core import ArchiveCore
from targetwatch.archive.models import FetchState, utcnow
from targetwatch.archive.records import FetchStateInfo
from targetwatch.archive.statestore import ArchiveStateStore


def _info(f: FetchState) -> FetchStateInfo:
    return FetchStateInfo(f.url, f.etag, f.last_modified, f.content_hash, f.last_checked_at, f.last_success_at,
                          f.last_error, f.last_error_at, f.failures or 0)


class FetchStateStore(ArchiveCore):
    def state_store(self) -> ArchiveStateStore:
        """This archive as the scrapers' StateStore (validators per URL, health per source)."""
        return ArchiveStateStore(self)

    def fetch_state(self, url: str) -> FetchStateInfo | None:
        with self._read() as s:
            row = s.scalar(select(FetchState).where(FetchState.url == url))
            return None if row is None else _info(row)

    def fetch_states(self) -> list[FetchStateInfo]:
        with self._read() as s:
            return [_info(r) for r in s.scalars(select(FetchState).order_by(FetchState.url))]

    def record_fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                     content_hash: str | None = None, not_modified: bool = False,
                     now: datetime | None = None) -> FetchStateInfo:
        """A successful fetch (`not_modified` for a 304: the stored hash stays, validators are
        refreshed if the server sent new ones). Resets the failure count."""
        now = now or utcnow()

        def work(session: Session) -> FetchStateInfo:
            row = self._row(session, url)
            if not_modified:
                row.etag = etag or row.etag
                row.last_modified = last_modified or row.last_modified
            else:
                row.etag, row.last_modified = etag, last_modified
                if content_hash and content_hash != row.content_hash:
                    row.content_hash, row.changed_at = content_hash, now
            row.last_checked_at = row.last_success_at = now
            row.failures = 0
            session.flush()
            return _info(row)

        return self._write_retrying(work)

    def record_fetch_error(self, url: str, error: str, *, now: datetime | None = None) -> FetchStateInfo:
        """A failed fetch; the validators of the last success are kept."""
        now = now or utcnow()

        def work(session: Session) -> FetchStateInfo:
            row = self._row(session, url)
            row.last_checked_at = row.last_error_at = now
            row.last_error = error[:4000]
            row.failures = (row.failures or 0) + 1
            session.flush()
            return _info(row)

        return self._write_retrying(work)

    @staticmethod
    def _row(session: Session, url: str) -> FetchState:
        row = session.scalar(select(FetchState).where(FetchState.url == url).with_for_update())
        if row is None:
            row = FetchState(url=url, failures=0)
            session.add(row)
            session.flush()  # a concurrent first fetch of the same URL fails here and is retried
        return row
