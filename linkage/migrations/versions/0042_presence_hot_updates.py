"""Presence indexed by shelter only, with room on its pages: a check-in or check-out at the
person's shelter rewrites the row in place, without new index entries

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
    leave a third of each page free for rows rewritten in place."""
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.drop_index("ix_presence_shelter")
        batch_op.create_index("ix_presence_shelter", ["shelter_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE presence SET (fillfactor = 70)")


def downgrade() -> None:
    """Index ``presence`` on ``shelter_id`` and ``state`` again, with full pages."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE presence RESET (fillfactor)")
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.drop_index("ix_presence_shelter")
        batch_op.create_index("ix_presence_shelter", ["shelter_id", "state"], unique=False)
