"""A municipality's own QR ID card: its format, and the cards linked to people

Revision ID: 0027
Revises: 0025
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``city_card_formats`` and ``city_cards``."""
    op.create_table(
        "city_card_formats",
        sa.Column("municipality_id", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("id_pattern", sa.String(length=100), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("municipality_id"),
    )
    op.create_table(
        "city_cards",
        sa.Column("municipality_id", sa.String(length=64), nullable=False),
        sa.Column("card_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("staff", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("linked_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("municipality_id", "card_id"),
    )
    with op.batch_alter_table("city_cards", schema=None) as batch_op:
        batch_op.create_index("ix_city_cards_person", ["person_id"], unique=False)


def downgrade() -> None:
    """Drop ``city_cards`` and ``city_card_formats``."""
    with op.batch_alter_table("city_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_city_cards_person")
    op.drop_table("city_cards")
    op.drop_table("city_card_formats")
