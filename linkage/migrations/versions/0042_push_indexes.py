"""Cheaper index upkeep per pushed event: presence indexed by shelter only, with room on its
pages (a check-in or check-out at the person's shelter rewrites the row in place, without new
index entries); on PostgreSQL events by type and stamp as a block-range index

Revision ID: 0042
Revises: 0041
"""

from __future__ import annotations

from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index ``presence`` on ``shelter_id`` alone (was ``shelter_id, state``); on PostgreSQL
    leave 30 % of each of its pages free for rows rewritten in place, and index ``events`` by
    type and stamp with a block-range index (was a B-tree)."""
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.drop_index("ix_presence_shelter")
        batch_op.create_index("ix_presence_shelter", ["shelter_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE presence SET (fillfactor = 70)")
        op.drop_index("ix_events_type_hlc", table_name="events")
        # Each filled block range is summarised by autovacuum at once: a range not yet
        # summarised is read whatever the window.
        op.create_index(
            "ix_events_type_hlc",
            "events",
            ["type", "hlc"],
            postgresql_using="brin",
            postgresql_with={"autosummarize": "on"},
        )


def downgrade() -> None:
    """The indexes as they were: presence on ``shelter_id`` and ``state``, with full pages;
    events by type and stamp as a B-tree."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE presence RESET (fillfactor)")
        op.drop_index("ix_events_type_hlc", table_name="events")
        op.create_index("ix_events_type_hlc", "events", ["type", "hlc"])
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.drop_index("ix_presence_shelter")
        batch_op.create_index("ix_presence_shelter", ["shelter_id", "state"], unique=False)
