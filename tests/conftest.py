"""Shared test fixtures: where the shared corpus lives, and a private data folder per test."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TARGETWATCH_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


PG_ENV = "TARGETWATCH_TEST_POSTGRES_URL"


def postgres_schema_url(prefix: str = "tw_test") -> Iterator[str]:
    """A fresh schema in the PostgreSQL test database, reached through the URL's search_path.

    A schema costs a few milliseconds where a database costs most of a second, and the
    archive only ever uses unqualified names, so it cannot tell the difference. Without
    TARGETWATCH_TEST_POSTGRES_URL the PostgreSQL variant is reported as skipped, with why.
    """
    from sqlalchemy import create_engine

    from targetwatch.archive.db import normalize_url

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set, so the PostgreSQL variant does not run")
    url = normalize_url(base)
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def corpus_path() -> Path:
    if not (CORPUS / "reports").is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (set TARGETWATCH_SHARED)")
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    return corpus_path()


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the developer's real data folder."""
    home = tmp_path_factory.mktemp("twhome")
    monkeypatch.setenv("TARGETWATCH_HOME", str(home))
    for var in ("TARGETWATCH_DATABASE_URL", "TARGETWATCH_BROKER_URL", "TARGETWATCH_SMTP_URL"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def archive_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty (not even migrated) archive database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db' / 'archive.sqlite3'}"
    else:
        yield from postgres_schema_url("tw_test")


@pytest.fixture
def archive(archive_url: str):  # noqa: ANN201 - the Archive type lives in a package the tests import lazily
    from targetwatch.archive import Archive

    arc = Archive(archive_url)
    try:
        yield arc
    finally:
        arc.close()
