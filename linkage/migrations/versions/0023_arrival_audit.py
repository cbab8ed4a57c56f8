"""arrival_audit: people brought into a kiosk's scope when they arrived there with a pass or
a proven card (who, which device, which shelter, by what proof, which household members)

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the audit table of arrivals."""
    op.create_table(
        "arrival_audit",
        sa.Column("audit_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("shelter_id", sa.String(length=64), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("proof", sa.String(length=128), nullable=False),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("dv_protected", sa.Boolean(), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("audit_id"),
    )
    op.create_index("ix_arrival_audit_person", "arrival_audit", ["person_id", "at_ms"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_arrival_audit_person", table_name="arrival_audit")
    op.drop_table("arrival_audit")
