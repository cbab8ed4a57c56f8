"""The aggregates a partner's purpose may receive; a partner definition's wording in the
residents' languages

Revision ID: 0039
Revises: 0040
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0039"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``aggregates`` to ``partner_purposes`` (none granted) and ``translations`` to
    ``consent_definitions`` (none: the wording is Japanese only, as before)."""
    with op.batch_alter_table("partner_purposes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("aggregates", sa.Text(), nullable=False, server_default="[]"))
    with op.batch_alter_table("consent_definitions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("translations", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the two columns."""
    with op.batch_alter_table("consent_definitions", schema=None) as batch_op:
        batch_op.drop_column("translations")
    with op.batch_alter_table("partner_purposes", schema=None) as batch_op:
        batch_op.drop_column("aggregates")
