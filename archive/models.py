"""The archive's tables as the current code sees them (the head of archive/migrations).

Migrations are the source of truth for the schema of an existing database; these classes
must describe the same thing (tests/archive/test_migrations.py compares them). Rows are
only ever added, apart from the bookkeeping columns of subscriptions, deliveries and fetch
state, which describe the present rather than history.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CADENCES = ("on-new-report", "weekly")
DIGEST_LANGS = ("zh", "en")
"""The languages a digest is written in: templates.lang.LANGS (tests/worker keep the two equal)."""
DELIVERY_STATUSES = ("pending", "sending", "sent", "failed")


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on both backends (SQLite would otherwise hand back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Document(Base):
    """One document exactly as fetched or read; a changed page is a new row with the next version."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("region", "report_year", "content_hash", name="uq_documents_content"),
        UniqueConstraint("region", "report_year", "version", name="uq_documents_version"),
        Index("ix_documents_content_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(40))
    report_year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    raw: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded only when asked for
    content_type: Mapped[str | None] = mapped_column(String(200))
    source_url: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(400))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime] = mapped_column(UTCDateTime)
    alternate: Mapped[bool] = mapped_column(Boolean, server_default=false())
    genre: Mapped[str | None] = mapped_column(String(20))
    """report, summary or not_report (diffing.genre); NULL for documents archived before 0004: reports."""
    forced: Mapped[bool] = mapped_column(Boolean, server_default=false())
    """Archived with --force although it did not look like a work report."""
    sample: Mapped[bool] = mapped_column(Boolean, server_default=false())
    """An abridged sample of `targetwatch demo`, never a real report."""
    incomplete: Mapped[bool] = mapped_column(Boolean, server_default=false())
    """No facts or no targets part: stands for its year only when nothing better is archived."""
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_why: Mapped[str | None] = mapped_column(Text)


class Correction(Base):
    """One correction of the archive by a person: withdraw, restore or relabel; never undone by deleting."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    why: Mapped[str | None] = mapped_column(Text)
    old_region: Mapped[str | None] = mapped_column(String(40))
    old_year: Mapped[int | None] = mapped_column(Integer)
    new_region: Mapped[str | None] = mapped_column(String(40))
    new_year: Mapped[int | None] = mapped_column(Integer)
    new_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


class DocumentText(Base):
    """The text the parser read; kept per document so that fact spans always point into it."""

    __tablename__ = "document_texts"
    __table_args__ = (UniqueConstraint("document_id", "text_hash", name="uq_document_texts_text"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    text_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, deferred=True)
    media: Mapped[str] = mapped_column(String(10))
    charset: Mapped[str] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(Text)
    extracted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FactSet(Base):
    """One parse of one document's text; a re-parse that finds something new adds another.

    Deliberately no uniqueness on the content: if a parser flips back to an earlier result,
    that result must become the newest set again, so the decision to store is made by
    comparing with the current set (archive.reparse), not by a constraint.
    """

    __tablename__ = "fact_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("document_texts.id"))
    extractor_version: Mapped[str] = mapped_column(String(40))
    facts_hash: Mapped[str] = mapped_column(String(64))
    fact_count: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    parsed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FactRow(Base):
    """One fact of FACTS.md, flattened into columns so that SQL and spreadsheets can use it."""

    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("fact_set_id", "ordinal", name="uq_facts_ordinal"),
                      Index("ix_facts_indicator", "indicator"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_set_id: Mapped[int] = mapped_column(ForeignKey("fact_sets.id"))
    ordinal: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    period: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[int | None] = mapped_column(Integer)
    comparator: Mapped[str] = mapped_column(String(12))
    value: Mapped[float | None] = mapped_column(Double)
    low: Mapped[float | None] = mapped_column(Double)
    high: Mapped[float | None] = mapped_column(Double)
    unit: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    section: Mapped[str | None] = mapped_column(Text)


class Comparison(Base):
    """A COMPARE.md object as computed at some time; a different result is a new row."""

    __tablename__ = "comparisons"
    __table_args__ = (
        UniqueConstraint("region", "year", "previous_year", "extractor_version", "data_hash",
                         name="uq_comparisons_result"),
        Index("ix_comparisons_region_year", "region", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    previous_year: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(String(40))
    old_fact_set_id: Mapped[int | None] = mapped_column(ForeignKey("fact_sets.id"))
    new_fact_set_id: Mapped[int | None] = mapped_column(ForeignKey("fact_sets.id"))
    data_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (CheckConstraint("cadence IN ('on-new-report', 'weekly')", name="cadence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    regions: Mapped[list[str]] = mapped_column(JSON)
    cadence: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean)
    unsubscribe_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_document_id: Mapped[int | None] = mapped_column(Integer)
    lang: Mapped[str] = mapped_column(String(8), server_default="zh")
    """The language of the subscriber's digests (templates.lang.LANGS), their links' pages' too."""


class Digest(Base):
    """What a digest is about (its key) and, optionally, the content shared by its deliveries."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[Any | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Delivery(Base):
    """One email of one digest to one subscriber: the outbox row that makes sending exactly-once."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "digest_id", name="uq_deliveries_subscription_digest"),
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"))
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id"))
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(300))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FetchState(Base):
    """What the scrapers last saw at a URL: validators for conditional GET, and the last outcome."""

    __tablename__ = "fetch_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    etag: Mapped[str | None] = mapped_column(String(400))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(Integer, server_default="0")
    status: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    memo: Mapped[Any | None] = mapped_column(JSON)


class SourceHealth(Base):
    """Per source (a registry entry), whether it still works: a source can die quietly."""

    __tablename__ = "source_health"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(200), unique=True)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, server_default="0")
    last_found: Mapped[int | None] = mapped_column(Integer)


class Install(Base):
    """This archive's identity (one row), drawn at random when the table was created."""

    __tablename__ = "install"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    install_id: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
