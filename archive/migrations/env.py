"""Alembic environment of the archive.

The archive runs its migrations itself on open (archive.db.migrate), handing over a
connection that is already inside a locked transaction; this file only uses it. Run by hand
(`alembic -c archive/alembic.ini ...`, for writing a new revision), it connects to the URL
given with `-x url=...`.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from targetwatch.archive.models import Base

config = context.config


def _run(connection) -> None:  # noqa: ANN001
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("the archive's migrations run against a live database only (no --sql mode)")

_conn = config.attributes.get("connection")
if _conn is not None:
    _run(_conn)
else:
    _url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not _url:
        raise SystemExit("give the database with -x url=sqlite:///path/archive.sqlite3")
    _engine = create_engine(_url)
    with _engine.begin() as _c:
        _run(_c)
    _engine.dispose()
