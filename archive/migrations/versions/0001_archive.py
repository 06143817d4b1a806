"""The first archive: documents as fetched, their text, and the facts parsed from them.

Revision ID: 0001_archive
Revises:
Create Date: 2026-11-25

Frozen: this file describes the schema as first released, whatever archive/models.py says
today. Changes go into a new revision.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_archive"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("region", sa.String(40), nullable=False),
        sa.Column("report_year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("content_type", sa.String(200)),
        sa.Column("source_url", sa.Text),
        sa.Column("etag", sa.String(400)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("fetched_at", _TS),
        sa.Column("archived_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("region", "report_year", "content_hash", name="uq_documents_content"),
        sa.UniqueConstraint("region", "report_year", "version", name="uq_documents_version"),
    )
    op.create_index("ix_documents_content_hash", "documents", ["content_hash"])
    op.create_table(
        "document_texts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("media", sa.String(10), nullable=False),
        sa.Column("charset", sa.String(40), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("extracted_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_document_texts"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_document_texts_document_id_documents"),
        sa.UniqueConstraint("document_id", "text_hash", name="uq_document_texts_text"),
    )
    op.create_table(
        "fact_sets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("text_id", sa.Integer, nullable=False),
        sa.Column("extractor_version", sa.String(40), nullable=False),
        sa.Column("facts_hash", sa.String(64), nullable=False),
        sa.Column("fact_count", sa.Integer, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("parsed_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_fact_sets"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_fact_sets_document_id_documents"),
        sa.ForeignKeyConstraint(["text_id"], ["document_texts.id"], name="fk_fact_sets_text_id_document_texts"),
    )
    op.create_index("ix_fact_sets_document_id", "fact_sets", ["document_id"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fact_set_id", sa.Integer, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("indicator", sa.String(200), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("period", sa.Integer, nullable=False),
        sa.Column("period_start", sa.Integer),
        sa.Column("comparator", sa.String(12), nullable=False),
        sa.Column("value", sa.Double),
        sa.Column("low", sa.Double),
        sa.Column("high", sa.Double),
        sa.Column("unit", sa.String(40)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("section", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_facts"),
        sa.ForeignKeyConstraint(["fact_set_id"], ["fact_sets.id"], name="fk_facts_fact_set_id_fact_sets"),
        sa.UniqueConstraint("fact_set_id", "ordinal", name="uq_facts_ordinal"),
    )
    op.create_index("ix_facts_indicator", "facts", ["indicator"])


def downgrade() -> None:
    raise NotImplementedError("the archive never goes back: downgrading would lose history")
