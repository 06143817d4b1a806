"""Engines, transactions and schema migration: everything that differs between SQLite and PostgreSQL.

The rest of the package writes plain SQLAlchemy and asks this module for a read or a write
transaction. SQLite needs help to be a safe multi-process store: WAL so that readers do not
block the writer, a busy timeout so that a second writer waits instead of failing, and
`BEGIN IMMEDIATE` for writes so that two writers never both read and then both try to
upgrade their lock (which SQLite resolves by failing one of them at once, busy timeout or
not). PostgreSQL needs none of that; it has row locks and `SKIP LOCKED`.
"""
from __future__ import annotations

import importlib.util
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc, make_url, pool, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.orm import Session

from targetwatch.archive.errors import ArchiveUnavailable, SchemaTooNew

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 60.0
"""Long enough to outlast another process's import of one report, short enough to report a stuck lock."""

_WRITE = "archive_write"
_MIGRATE_LOCK_KEY = 0x7477_6172_6368  # "twarch": one advisory lock id for every targetwatch archive


def normalize_url(raw: str) -> URL:
    """Parse a database URL, choosing psycopg 3 for bare `postgresql://` (psycopg2 is not a dependency)."""
    try:
        url = make_url(raw)
    except exc.ArgumentError as e:
        raise ArchiveUnavailable(f"{raw!r} is not a database URL (expected e.g. sqlite:///path/archive.sqlite3 "
                                 "or postgresql+psycopg://user@host/db)", fixable=True) from e
    if url.drivername in ("postgresql", "postgres") and importlib.util.find_spec("psycopg2") is None:
        url = url.set(drivername="postgresql+psycopg")
    return url


def display_url(url: URL | str) -> str:
    """The URL as it may be shown to a user: never with its password."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except exc.ArgumentError:
            return url
    return url.render_as_string(hide_password=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def create_archive_engine(raw_url: str, *, echo: bool = False) -> Engine:
    url = normalize_url(raw_url)
    try:
        if url.get_backend_name() == "sqlite":
            engine = _sqlite_engine(url, echo)
        else:
            engine = create_engine(url, echo=echo, pool_pre_ping=True)
    except (exc.NoSuchModuleError, ModuleNotFoundError, ImportError) as e:
        raise ArchiveUnavailable(f"cannot use {display_url(url)}: the database driver is not installed or the "
                                 f"URL scheme is unknown ({e}); use sqlite:///… or postgresql+psycopg://…",
                                 fixable=True) from e
    except exc.ArgumentError as e:
        raise ArchiveUnavailable(f"cannot use {display_url(url)}: {e}", fixable=True) from e
    return engine


def _sqlite_engine(url: URL, echo: bool) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or "mode=memory" in str(url.query)
    kwargs: dict = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}}
    if in_memory:
        # One connection shared by everyone, or each connection would see its own empty database.
        kwargs["poolclass"] = pool.StaticPool
    elif not database.startswith("file:"):
        try:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ArchiveUnavailable(f"cannot create the folder of {database}: {e.strerror or e}") from e
    engine = create_engine(url, echo=echo, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI objects
        # Take transaction control away from the sqlite3 module (it would BEGIN lazily and
        # never for DDL); _on_begin below issues the BEGIN we want.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
            cur.execute("PRAGMA foreign_keys = ON")
            if not in_memory:
                _retry_while_locked(lambda: _ensure_wal(cur))
                cur.execute("PRAGMA synchronous = NORMAL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        mode = "IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _ensure_wal(cur) -> None:  # noqa: ANN001 - a sqlite3 cursor
    # WAL is stored in the file, so only the first connection ever needs to switch; asking
    # first keeps every later connection away from the exclusive lock the switch takes.
    if (cur.execute("PRAGMA journal_mode").fetchone() or ("",))[0].lower() != "wal":
        cur.execute("PRAGMA journal_mode = WAL")


def _retry_while_locked(step, deadline_s: float = SQLITE_BUSY_TIMEOUT_S) -> None:  # noqa: ANN001
    """Run `step`, retrying while SQLite says the file is locked.

    SQLite does not call its busy handler everywhere: switching the journal mode, or opening a
    WAL file while the last connection of another process checkpoints and removes it, can fail
    at once with "database is locked" although waiting a moment would succeed. Two processes
    opening a fresh archive together hit exactly that.
    """
    give_up = time.monotonic() + deadline_s
    pause = 0.01
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as e:
            message = str(e).lower()
            if ("locked" not in message and "busy" not in message) or time.monotonic() >= give_up:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One write transaction: committed when the block ends, rolled back entirely on any error."""
    with Session(engine.execution_options(**{_WRITE: True}), expire_on_commit=False) as session:
        with session.begin():
            yield session


def write_engine(engine: Engine) -> Engine:
    """The engine whose transactions are writes (on SQLite: `BEGIN IMMEDIATE`)."""
    return engine.execution_options(**{_WRITE: True})


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """One write transaction on a plain connection (no ORM session), for a hot single statement."""
    with write_engine(engine).begin() as conn:
        yield conn


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A consistent snapshot for reading; never takes SQLite's write lock."""
    with Session(engine, expire_on_commit=False) as session:
        with session.begin():
            yield session


# --- migrations -----------------------------------------------------------------------------

def _alembic_config(connection=None):  # noqa: ANN001, ANN202 - alembic types imported lazily
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


_REVISION_LINE = re.compile(r'^(down_revision|revision)\s*=\s*(?:"([^"]*)"|None)', re.M)


def head_from_files(folder: Path | None = None) -> str | None:
    """The head revision read from the migration files' text, without loading alembic.

    Opening the archive happens on every command; alembic (its script directory, mako) is
    worth loading only when there is a migration to run. A tree with more than one head (or
    a file this cannot read) gives None, and the full check decides.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((folder or MIGRATIONS / "versions").glob("*.py")):
        found = dict((k, v) for k, v in _REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(engine: Engine) -> str | None:
    """alembic_version's row, by plain SQL (None when the table is not there yet)."""
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, "alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def migrate(engine: Engine, revision: str = "head") -> str | None:
    """Bring the schema to `revision` in place, in one transaction; returns the revision reached.

    Called on every open, so the common case (already at head) costs one small query and no
    lock. Two processes opening a fresh database at once are serialized by an advisory lock
    (PostgreSQL) or the write lock (SQLite); the second finds the work done.
    """
    if revision == "head":
        head = head_from_files()
        if head is not None and _stored_revision(engine) == head:
            return head
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    cfg = _alembic_config()
    script = ScriptDirectory.from_config(cfg)
    target = script.get_current_head() if revision == "head" else revision

    def check(conn) -> str | None:  # noqa: ANN001
        current = MigrationContext.configure(conn).get_current_revision()
        if current is not None:
            try:
                script.get_revision(current)
            except CommandError:
                raise SchemaTooNew(
                    f"the archive at {display_url(engine.url)} has schema revision {current}, which this "
                    "version of targetwatch does not know: it was written by a newer version; upgrade "
                    "targetwatch (the archive is left untouched)") from None
        return current

    with engine.connect() as conn:
        if check(conn) == target:
            return target
    with engine.execution_options(**{_WRITE: True}).connect() as conn:
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATE_LOCK_KEY})
            if check(conn) != target:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
    return target


def open_engine(raw_url: str, *, run_migrations: bool = True, echo: bool = False) -> Engine:
    """An engine on a database that is reachable and (unless told otherwise) at the head schema."""
    engine = create_archive_engine(raw_url, echo=echo)
    try:
        if run_migrations:
            migrate(engine)
        else:
            with engine.connect():
                pass
    except SchemaTooNew:
        engine.dispose()
        raise
    except (exc.OperationalError, exc.InterfaceError, exc.ProgrammingError, exc.DatabaseError) as e:
        engine.dispose()
        reason = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
        raise ArchiveUnavailable(f"cannot open the archive at {display_url(engine.url)}: {reason}") from e
    return engine
