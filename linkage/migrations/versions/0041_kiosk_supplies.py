"""Supplies entered at a shelter's kiosk: each record's HLC, so that the later of HQ's and a
kiosk's entry of an item wins

Revision ID: 0041
Revises: 0039
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0041"
down_revision = "0039"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``hlc`` to ``shelter_supplies`` (null for records entered before: any stamp wins)."""
    with op.batch_alter_table("shelter_supplies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hlc", sa.String(length=128), nullable=True))


def downgrade() -> None:
    """Drop ``hlc``."""
    with op.batch_alter_table("shelter_supplies", schema=None) as batch_op:
        batch_op.drop_column("hlc")
