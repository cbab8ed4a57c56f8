"""Events by type and time, for the headquarters' hourly arrivals and departures

Revision ID: 0040
Revises: 0038
"""

from __future__ import annotations

from alembic import op

revision = "0040"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index ``events`` on ``type`` and ``hlc``: the last day's moves are read without
    scanning every event ever stored."""
    op.create_index("ix_events_type_hlc", "events", ["type", "hlc"])


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_events_type_hlc", table_name="events")
