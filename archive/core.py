"""The part of the Archive that every store module shares: the engine and its transactions.

Each store module (documents, facts, comparisons, subscriptions, outbox, fetch state) is a
mixin over this class, so that callers see one `Archive` object while each concern stays in
a small file of its own.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine, exc
from sqlalchemy.orm import Session

from targetwatch.archive import db

T = TypeVar("T")

RACE_RETRIES = 6
"""How often a write that lost a race (a unique constraint another writer just satisfied) is retried."""


class ArchiveCore:
    def __init__(self, url: str, *, migrate: bool = True, echo: bool = False) -> None:
        """Open (and, unless `migrate` is False, create or upgrade in place) the archive at `url`."""
        self.engine: Engine = db.open_engine(url, run_migrations=migrate, echo=echo)

    @property
    def url(self) -> str:
        """The database URL without its password, for messages."""
        return db.display_url(self.engine.url)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):  # noqa: ANN204 - returns the concrete Archive
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with db.read_session(self.engine) as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with db.write_session(self.engine) as session:
            yield session

    def _write_retrying(self, work: Callable[[Session], T]) -> T:
        """Run `work` in a write transaction, again from scratch if another writer won a race.

        Every unique constraint of the archive is a "someone else already did this" signal:
        the retry sees their row and turns into a no-op or takes the next number.
        """
        for attempt in range(RACE_RETRIES):
            try:
                with self._write() as session:
                    return work(session)
            except exc.IntegrityError as e:
                if not is_unique_violation(e) or attempt == RACE_RETRIES - 1:
                    raise
        raise AssertionError("unreachable")


def is_unique_violation(error: exc.IntegrityError) -> bool:
    """A duplicate (someone else's row is already there), as opposed to a NOT NULL or foreign key bug."""
    orig = error.orig
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL unique_violation
        return True
    return "UNIQUE constraint failed" in str(orig)  # SQLite, for primary keys too
