"""The install's identity, for Message-IDs that never repeat across installs or re-created databases.

Revision ID: 0005_service
Revises: 0004_corrections
Create Date: 2026-12-01

Two installs (or one database dropped and created again) number their deliveries from 1,
so a Message-ID made of the delivery id and the sender's domain repeats, and a mail
archive or client that drops duplicates by Message-ID would drop a real digest. The one
row of `install` holds a random identity drawn when the table is created; Message-IDs
carry it.
"""
from __future__ import annotations

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005_service"
down_revision = "0004_corrections"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "install",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("install_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_install"),
        sa.UniqueConstraint("install_id", name="uq_install_install_id"),
    )
    op.bulk_insert(table, [{"id": 1, "install_id": secrets.token_hex(8), "created_at": datetime.now(UTC)}])


def downgrade() -> None:
    raise NotImplementedError("the archive never goes back: downgrading would lose history")
