"""protection_audit: who cleared a person's DV protection, for which municipality, and why

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the audit table of DV-protection clearings."""
    op.create_table(
        "protection_audit",
        sa.Column("audit_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("municipality_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("audit_id"),
    )
    op.create_index("ix_protection_audit_person", "protection_audit", ["person_id", "at_ms"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_protection_audit_person", table_name="protection_audit")
    op.drop_table("protection_audit")
