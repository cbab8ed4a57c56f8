"""municipalities as entities of their own; those already named by shelters or people are kept

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table and a row, named by its id, for every municipality already in use."""
    op.create_table(
        "municipalities",
        sa.Column("municipality_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("municipality_id"),
    )
    # Shelters and imported residents named municipalities before they were managed; each
    # gets a row (its id as its name, for an administrator to rename) so nothing is orphaned.
    op.execute(
        sa.text(
            "INSERT INTO municipalities (municipality_id, name, created_at_ms) "
            "SELECT m, m, :now FROM (SELECT municipality_id AS m FROM shelters UNION "
            "SELECT municipality_id FROM persons WHERE municipality_id IS NOT NULL) AS used"
        ).bindparams(now=time.time_ns() // 1_000_000)
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("municipalities")
