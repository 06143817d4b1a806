"""Trust: what kind of text each document is, and corrections that never delete anything.

Revision ID: 0004_corrections
Revises: 0003_source_health
Create Date: 2026-12-01

`documents` gains what the archive knows about each document beyond its key: its `genre`
(report, summary or not_report; NULL for documents archived before, which were reports),
whether it was archived with --force, whether it is an abridged `sample` of the demo,
whether it is `incomplete` (no facts or no targets part), and whether it is withdrawn now
(`withdrawn_at`, `withdrawn_why`). Every correction (withdraw, restore, relabel) is a row of
`corrections`: who, when, why, and for a relabel the document it became.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_corrections"
down_revision = "0003_source_health"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("documents", sa.Column("genre", sa.String(20)))
    op.add_column("documents", sa.Column("forced", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("documents", sa.Column("sample", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("documents", sa.Column("incomplete", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("documents", sa.Column("withdrawn_at", _TS))
    op.add_column("documents", sa.Column("withdrawn_why", sa.Text))
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("why", sa.Text),
        sa.Column("old_region", sa.String(40)),
        sa.Column("old_year", sa.Integer),
        sa.Column("new_region", sa.String(40)),
        sa.Column("new_year", sa.Integer),
        sa.Column("new_document_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_corrections"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_corrections_document_id_documents"),
        sa.ForeignKeyConstraint(["new_document_id"], ["documents.id"],
                                name="fk_corrections_new_document_id_documents"),
    )
    op.create_index("ix_corrections_document_id", "corrections", ["document_id"])


def downgrade() -> None:
    raise NotImplementedError("the archive never goes back: downgrading would lose history")
