"""Back the scrapers' StateStore (scrapers/state.py): more per-URL state, and source health.

Revision ID: 0003_source_health
Revises: 0002_worker
Create Date: 2026-11-25

`fetch_state` gains the HTTP status of the last visit, when the content last changed and the
caller's memo (links found on an index page, a robots.txt); `source_health` records per
source when it last worked and how it has been failing since.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_source_health"
down_revision = "0002_worker"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("fetch_state", sa.Column("status", sa.Integer))
    op.add_column("fetch_state", sa.Column("changed_at", _TS))
    op.add_column("fetch_state", sa.Column("memo", sa.JSON))
    op.create_table(
        "source_health",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("last_success_at", _TS),
        sa.Column("last_error_at", _TS),
        sa.Column("last_error", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_found", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_source_health"),
        sa.UniqueConstraint("source", name="uq_source_health_source"),
    )


def downgrade() -> None:
    raise NotImplementedError("the archive never goes back: downgrading would lose history")
