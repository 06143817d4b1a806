"""Comparisons, the worker's tables (subscriptions, the delivery outbox, fetch state) and
alternate copies of a report.

Revision ID: 0002_worker
Revises: 0001_archive
Create Date: 2026-11-25

`documents.alternate` marks a second copy of a report from another source (the corpus's
alt/ folders): kept, re-parsed and exported, but never taken as the report of its year
while a primary copy exists. Existing documents are all primary.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_worker"
down_revision = "0001_archive"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # A plain ADD COLUMN (not a batch copy): SQLite can add a NOT NULL column with a default
    # in place, and copying documents would fight the foreign keys of its children.
    op.add_column("documents", sa.Column("alternate", sa.Boolean, nullable=False, server_default=sa.false()))

    op.create_table(
        "comparisons",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("region", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("previous_year", sa.Integer, nullable=False),
        sa.Column("extractor_version", sa.String(40), nullable=False),
        sa.Column("old_fact_set_id", sa.Integer),
        sa.Column("new_fact_set_id", sa.Integer),
        sa.Column("data_hash", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_comparisons"),
        sa.ForeignKeyConstraint(["old_fact_set_id"], ["fact_sets.id"], name="fk_comparisons_old_fact_set_id_fact_sets"),
        sa.ForeignKeyConstraint(["new_fact_set_id"], ["fact_sets.id"], name="fk_comparisons_new_fact_set_id_fact_sets"),
        sa.UniqueConstraint("region", "year", "previous_year", "extractor_version", "data_hash",
                            name="uq_comparisons_result"),
    )
    op.create_index("ix_comparisons_region_year", "comparisons", ["region", "year"])

    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("regions", sa.JSON, nullable=False),
        sa.Column("cadence", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("unsubscribe_token", sa.String(64), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.Column("last_digest_at", _TS),
        sa.Column("last_document_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_subscriptions"),
        sa.UniqueConstraint("email", name="uq_subscriptions_email"),
        sa.UniqueConstraint("unsubscribe_token", name="uq_subscriptions_unsubscribe_token"),
        sa.CheckConstraint("cadence IN ('on-new-report', 'weekly')", name="ck_subscriptions_cadence"),
    )
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("payload", sa.JSON),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_digests"),
        sa.UniqueConstraint("key", name="uq_digests_key"),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subscription_id", sa.Integer, nullable=False),
        sa.Column("digest_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", _TS, nullable=False),
        sa.Column("claimed_at", _TS),
        sa.Column("last_error", sa.Text),
        sa.Column("message_id", sa.String(300)),
        sa.Column("sent_at", _TS),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.ForeignKeyConstraint(["subscription_id"], ["subscriptions.id"],
                                name="fk_deliveries_subscription_id_subscriptions"),
        sa.ForeignKeyConstraint(["digest_id"], ["digests.id"], name="fk_deliveries_digest_id_digests"),
        sa.UniqueConstraint("subscription_id", "digest_id", name="uq_deliveries_subscription_digest"),
        sa.CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="ck_deliveries_status"),
    )
    op.create_index("ix_deliveries_due", "deliveries", ["status", "next_attempt_at"])
    op.create_table(
        "fetch_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("etag", sa.String(400)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("last_checked_at", _TS),
        sa.Column("last_success_at", _TS),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_at", _TS),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_fetch_state"),
        sa.UniqueConstraint("url", name="uq_fetch_state_url"),
    )


def downgrade() -> None:
    raise NotImplementedError("the archive never goes back: downgrading would lose history")
