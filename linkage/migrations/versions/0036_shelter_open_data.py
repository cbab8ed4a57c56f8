"""A shelter's kana, address and the disasters it serves, as the open data lists carry them

Revision ID: 0036
Revises: 0035
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``name_kana``, ``address`` and ``hazards`` to ``shelters``."""
    with op.batch_alter_table("shelters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_kana", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("address", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("hazards", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the three columns."""
    with op.batch_alter_table("shelters", schema=None) as batch_op:
        batch_op.drop_column("hazards")
        batch_op.drop_column("address")
        batch_op.drop_column("name_kana")
