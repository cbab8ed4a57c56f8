"""Event sites' last day, their attendance consent and the audit of deleting attendees'
records; each shelter's supplies

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


EVENT_ATTENDANCE = {
    "definition_id": "event-attendance",
    "kind": "storage",
    "title": "Your attendance at community events",
    "purpose": "Record your check-in and check-out at a community event for its organisers.",
    "data_categories": '["identity","whereabouts"]',
    "recipients": '["the event\'s organisers at the municipality"]',
    "retention": "Deleted a set number of days (30 by default) after the event's last day.",
}


def upgrade() -> None:
    """Add ``ends_on`` and ``purged_at_ms`` to ``shelters``; create ``event_purges`` and
    ``shelter_supplies``; add the definition ``event-attendance``."""
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
    defs = sa.table("consent_definitions", *(sa.column(c) for c in EVENT_ATTENDANCE))
    # A downgrade keeps the definition, so an upgrade after one finds it already there.
    present = op.get_bind().execute(
        sa.select(defs.c.definition_id).where(
            defs.c.definition_id == EVENT_ATTENDANCE["definition_id"]
        )
    )
    if present.first() is None:
        op.bulk_insert(defs, [EVENT_ATTENDANCE])


def downgrade() -> None:
    """Drop ``shelter_supplies``, ``event_purges`` and the two columns (the consent definition
    stays: records may name it)."""
    op.drop_table("shelter_supplies")
    op.drop_table("event_purges")
    with op.batch_alter_table("shelters", schema=None) as batch_op:
        batch_op.drop_column("purged_at_ms")
        batch_op.drop_column("ends_on")
