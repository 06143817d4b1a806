"""The schema is created and upgraded in place on open, and nothing archived is lost on the way."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from targetwatch.archive import Archive, ArchiveUnavailable, SchemaTooNew
from targetwatch.archive.db import create_archive_engine, current_revision, head_revision, migrate
from targetwatch.archive.models import Base
from targetwatch.archive.ingest import facts_hash, sha256
from tests.archive.conftest import fact, report_bytes, sheet_parser

FIRST = "0001_archive"
RAW = report_bytes("beijing", 2024)
TEXT = RAW.decode()


def _fill_first_schema(url: str) -> None:
    """Write a document, its text and two facts with the first revision's schema, by hand.

    Ids are left to the database (the first row of each fresh table is 1), as the code of
    that revision would have done.
    """
    engine = create_archive_engine(url)
    assert migrate(engine, FIRST) == FIRST
    now = datetime(2025, 3, 5, 1, 2, 3, tzinfo=UTC)
    facts = (fact(period=2024, span=(5, 11)), fact("cpi", period=2024, value=2.0, span=(12, 18)))
    with engine.begin() as c:
        c.execute(text("INSERT INTO documents (region, report_year, version, content_hash, size, raw, "
                       "content_type, source_url, etag, last_modified, fetched_at, archived_at) VALUES "
                       "('beijing', 2024, 1, :h, :n, :raw, 'text/plain', 'https://www.beijing.gov.cn/r.htm', "
                       "'\"e1\"', NULL, :now, :now)"),
                  {"h": sha256(RAW), "n": len(RAW), "raw": RAW, "now": now})
        c.execute(text("INSERT INTO document_texts (document_id, text_hash, text, media, charset, title, "
                       "extracted_at) VALUES (1, :th, :t, 'text', 'utf-8', NULL, :now)"),
                  {"th": sha256(TEXT.encode()), "t": TEXT, "now": now})
        c.execute(text("INSERT INTO fact_sets (document_id, text_id, extractor_version, facts_hash, fact_count, "
                       "title, parsed_at) VALUES (1, 1, '0.9.0', :fh, 2, NULL, :now)"),
                  {"fh": facts_hash(facts), "now": now})
        for i, f in enumerate(facts):
            c.execute(text("INSERT INTO facts (fact_set_id, ordinal, indicator, label, kind, period, comparator, "
                           "value, unit, text, span_start, span_end) VALUES (1, :i, :ind, :lab, :k, :p, :c, :v, "
                           ":u, :t, :s0, :s1)"),
                      {"i": i, "ind": f.indicator, "lab": f.label, "k": f.kind, "p": f.period, "c": f.comparator,
                       "v": f.value, "u": f.unit, "t": f.text, "s0": f.span[0], "s1": f.span[1]})
    engine.dispose()
    return facts


def test_upgrading_from_the_first_schema_keeps_every_row(archive_url: str) -> None:
    facts = _fill_first_schema(archive_url)
    with Archive(archive_url) as arc:  # opening migrates to head in place
        assert current_revision(arc.engine) == head_revision()
        [doc] = arc.documents()
        assert (doc.id, doc.region, doc.report_year, doc.version, doc.alternate) == (1, "beijing", 2024, 1, False)
        assert doc.etag == '"e1"' and doc.fetched_at == datetime(2025, 3, 5, 1, 2, 3, tzinfo=UTC)
        assert arc.raw(1) == RAW and arc.text(1) == TEXT
        sheet = arc.factsheet("beijing", 2024)
        assert sheet.facts == facts and sheet.extractor_version == "0.9.0"
        assert arc.known_urls() == {"https://www.beijing.gov.cn/r.htm"}
        # The upgraded database is fully usable: new versions, new tables.
        v2 = arc.add_document(report_bytes("beijing", 2024, "修订"), region="beijing", year=2024,
                              parser=sheet_parser(fact(period=2024)))
        assert v2.document.version == 2 and v2.document.id == 2
        sub = arc.subscribe("reader@example.org", ["beijing"])
        assert sub.last_document_id == 2
        arc.state_store()  # the newest tables exist
        assert arc.fetch_state("https://x") is None
        install = arc.install_id()  # 0005_service drew this install's identity
        assert len(install) == 16 and int(install, 16) >= 0


def test_upgrading_from_each_revision_to_the_next_keeps_worker_rows(archive_url: str) -> None:
    engine = create_archive_engine(archive_url)
    migrate(engine, "0002_worker")
    now = datetime(2025, 3, 5, tzinfo=UTC)
    with engine.begin() as c:
        c.execute(text("INSERT INTO subscriptions (email, regions, cadence, active, unsubscribe_token, created_at, "
                       "updated_at) VALUES ('a@example.org', '[\"*\"]', 'weekly', :t, 'tok', :now, :now)"),
                  {"t": True, "now": now})
        c.execute(text("INSERT INTO fetch_state (url, etag, content_hash, last_checked_at, last_success_at, failures) "
                       "VALUES ('https://www.gov.cn/a.htm', '\"x\"', 'h1', :now, :now, 0)"), {"now": now})
    engine.dispose()
    with Archive(archive_url) as arc:
        assert arc.subscription("a@example.org").cadence == "weekly"
        assert arc.subscription("a@example.org").lang == "zh"  # 0006: digests stay as they were
        state = arc.state_store().get_url("https://www.gov.cn/a.htm")
        assert state.etag == '"x"' and state.sha256 == "h1" and state.memo == {}


def test_the_models_describe_the_migrated_schema(archive_url: str) -> None:
    with Archive(archive_url) as arc, arc.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []


def test_opening_again_and_opening_twice_at_once_are_harmless(archive_url: str) -> None:
    a = Archive(archive_url)
    b = Archive(archive_url)
    try:
        a.add_document(report_bytes("beijing", 2025), region="beijing", year=2025, parser=sheet_parser())
        assert b.years("beijing") == [2025]
    finally:
        a.close()
        b.close()


def test_a_database_from_a_newer_targetwatch_is_refused_untouched(archive_url: str) -> None:
    with Archive(archive_url) as arc, arc.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaTooNew, match="newer version"):
        Archive(archive_url)
    engine = create_archive_engine(archive_url)
    assert current_revision(engine) == "9999_future"
    engine.dispose()


def test_urls_that_cannot_be_opened_say_so(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(ArchiveUnavailable) as bad_scheme:
        Archive("nosuchdb://somewhere/archive")
    assert bad_scheme.value.fixable
    with pytest.raises(ArchiveUnavailable) as not_a_url:
        Archive("just some words")
    assert not_a_url.value.fixable
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ArchiveUnavailable, match="cannot create the folder"):
        Archive(f"sqlite:///{blocker}/sub/archive.sqlite3")
    with pytest.raises(ArchiveUnavailable, match="cannot open the archive") as down:
        Archive("postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2")
    assert not down.value.fixable and "127.0.0.1" in str(down.value)


def test_a_password_never_appears_in_messages() -> None:
    with pytest.raises(ArchiveUnavailable) as err:
        Archive("postgresql+psycopg://user:s3cret@127.0.0.1:1/db?connect_timeout=2")
    assert "s3cret" not in str(err.value)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path) -> None:  # noqa: ANN001
    with Archive(f"sqlite:///{tmp_path / 'a.sqlite3'}") as arc, arc.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10000
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
