"""Links from a Digital Agency app account (issuer, sub) to the person its card proved

A row is written when a sign-in with the Digital Agency's デジタル認証アプリ finds exactly one
person by the four items the card proved (linkage/web/digital_auth.py); later sign-ins find the
person by it. ``verified_at_ms`` is when the app last proved the items.

Revision ID: 0021
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the link table."""
    op.create_table(
        "digital_auth_links",
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("linked_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("verified_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.person_id"]),
        sa.PrimaryKeyConstraint("issuer", "subject"),
    )
    op.create_index("ix_digital_auth_links_person", "digital_auth_links", ["person_id"])


def downgrade() -> None:
    """Drop the link table."""
    op.drop_index("ix_digital_auth_links_person", table_name="digital_auth_links")
    op.drop_table("digital_auth_links")
