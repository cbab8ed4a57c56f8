"""Card links proven at the counter: the proofs taken, whose nonces are never accepted again

Revision ID: 0025
Revises: 0024
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``card_link_proofs``."""
    op.create_table(
        "card_link_proofs",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("card_key", sa.String(length=80), nullable=False),
        sa.Column("staff", sa.String(length=64), nullable=False),
        sa.Column("challenge_id", sa.String(length=64), nullable=True),
        sa.Column("signed_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("outcome", sa.String(length=48), nullable=False),
        sa.Column("recorded_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("nonce"),
    )
    with op.batch_alter_table("card_link_proofs", schema=None) as batch_op:
        batch_op.create_index("ix_card_link_proofs_person", ["person_id"], unique=False)


def downgrade() -> None:
    """Drop ``card_link_proofs``."""
    with op.batch_alter_table("card_link_proofs", schema=None) as batch_op:
        batch_op.drop_index("ix_card_link_proofs_person")
    op.drop_table("card_link_proofs")
