"""The language of a subscriber's digests.

Revision ID: 0006_digest_lang
Revises: 0005_service
Create Date: 2026-12-02

Digests were Chinese only; a subscriber may now ask for English (`targetwatch subscribe
--lang en`). Every existing subscription keeps the Chinese it had.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_digest_lang"
down_revision = "0005_service"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("subscriptions", sa.Column("lang", sa.String(8), nullable=False, server_default="zh"))


def downgrade() -> None:
    raise NotImplementedError("the archive never goes back: downgrading would lose history")
