"""One connection kept for a run of single-statement writes, each committed when it returns.

A sending run records every accepted message before it starts the next (the outbox's
exactly-once window is one message wide), so that write is paid per email. Through the pool
it cost, on PostgreSQL, four round trips: the pool's pre-ping at checkout, BEGIN, the
UPDATE, COMMIT. Here the connection is checked out once per run and, on PostgreSQL, runs in
autocommit: a lone statement is its own transaction there, committed (WAL flushed, with
synchronous_commit as configured) before its reply comes back, so each write is one round
trip and is exactly as durable as it was inside BEGIN/COMMIT. SQLite keeps its
`BEGIN IMMEDIATE` … `COMMIT` (no round trips there; the write lock is taken at once).

What the pre-ping guarded against, a connection the server dropped in the meantime (a
PostgreSQL restart, an idle timeout), is handled by trying once more on a new connection
when a statement fails with a disconnect: the statements written for this are idempotent
(the outbox's "sent" UPDATE matches only rows not yet sent), so a statement that did commit
before the connection died is harmlessly repeated. Any other error, or a second disconnect,
is raised to the caller.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, exc
from sqlalchemy.engine import Connection, CursorResult

from targetwatch.archive import db


class HotWriter:
    """Idempotent one-statement writes on a kept connection; close() (or `with`) gives it back."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._autocommit = not db.is_sqlite(engine)
        self._conn: Connection | None = None

    def __enter__(self) -> HotWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def execute(self, statement: Any, params: dict[str, Any]) -> CursorResult[Any]:
        """Run `statement` as one committed write; once more on a fresh connection after a disconnect."""
        for attempt in (1, 2):
            try:
                return self._run(statement, params)
            except exc.DBAPIError as e:
                self.close()
                if not e.connection_invalidated or attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            try:
                conn.close()
            except exc.DBAPIError:
                pass  # a dead connection: the pool has already discarded it

    def _run(self, statement: Any, params: dict[str, Any]) -> CursorResult[Any]:
        conn = self._connection()
        if self._autocommit:
            result = conn.execute(statement, params)
            conn.commit()  # ends SQLAlchemy's own bookkeeping; nothing is sent in autocommit
            return result
        with conn.begin():
            return conn.execute(statement, params)

    def _connection(self) -> Connection:
        if self._conn is None:
            if self._autocommit:
                self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            else:
                self._conn = db.write_engine(self._engine).connect()
        return self._conn
