"""Headquarters staff per municipality, and the consent to name one's shelter on the safety list

Revision ID: 0035
Revises: 0033
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0033"
branch_labels = None
depends_on = None


SHELTER_ON_SAFETY_LIST = {
    "definition_id": "safety-publication-shelter",
    "kind": "sharing",
    "title": "Naming your shelter on the safety list",
    "purpose": "Show which shelter you are at beside your name on the public safety list.",
    "data_categories": '["name","safety-status","whereabouts"]',
    "recipients": '["the public"]',
    "retention": "Until withdrawn or the notice is taken down.",
}


def upgrade() -> None:
    """Create ``hq_staff``; add the definition ``safety-publication-shelter``."""
    op.create_table(
        "hq_staff",
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("municipality_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("granted_by", sa.String(length=64), nullable=False),
        sa.Column("granted_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "municipality_id", "role"),
    )
    defs = sa.table("consent_definitions", *(sa.column(c) for c in SHELTER_ON_SAFETY_LIST))
    # A downgrade keeps the definition, so an upgrade after one finds it already there.
    present = op.get_bind().execute(
        sa.select(defs.c.definition_id).where(
            defs.c.definition_id == SHELTER_ON_SAFETY_LIST["definition_id"]
        )
    )
    if present.first() is None:
        op.bulk_insert(defs, [SHELTER_ON_SAFETY_LIST])


def downgrade() -> None:
    """Drop ``hq_staff`` (the consent definition stays: records may name it)."""
    op.drop_table("hq_staff")
