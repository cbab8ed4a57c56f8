"""Event sites' last day and the audit of deleting attendees' records; each shelter's supplies

Revision ID: 0037
Revises: 0036
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``ends_on`` and ``purged_at_ms`` to ``shelters``; create ``event_purges`` and
    ``shelter_supplies``."""
    with op.batch_alter_table("shelters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ends_on", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("purged_at_ms", sa.BigInteger(), nullable=True))
    op.create_table(
        "event_purges",
        sa.Column("purge_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("shelter_id", sa.String(length=64), nullable=False),
        sa.Column("ends_on", sa.String(length=10), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("presences", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("purge_id"),
    )
    op.create_table(
        "shelter_supplies",
        sa.Column("shelter_id", sa.String(length=64), nullable=False),
        sa.Column("item", sa.String(length=32), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("requested", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("shelter_id", "item"),
    )


def downgrade() -> None:
    """Drop ``shelter_supplies``, ``event_purges`` and the two columns."""
    op.drop_table("shelter_supplies")
    op.drop_table("event_purges")
    with op.batch_alter_table("shelters", schema=None) as batch_op:
        batch_op.drop_column("purged_at_ms")
        batch_op.drop_column("ends_on")
