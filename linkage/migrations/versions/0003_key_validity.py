"""QR-signing keys get an issuer and an issuing window instead of an active flag

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Signed QR codes allow key ids of at most 32 characters; longer ones never signed anything.
MAX_KID = 32


def upgrade() -> None:
    """Add issuer and validity; keys made before with over-long ids get an empty window."""
    issuer = os.environ.get("KAZASU_ISSUER", "kazasu-platform")
    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("issuer", sa.String(length=255), nullable=False, server_default=issuer)
        )
        batch_op.add_column(
            sa.Column("not_before_s", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("not_after_s", sa.BigInteger(), nullable=True))
        batch_op.drop_column("active")
    keys = sa.table(
        "signing_keys",
        sa.column("kid", sa.String),
        sa.column("created_at_ms", sa.BigInteger),
        sa.column("not_before_s", sa.BigInteger),
        sa.column("not_after_s", sa.BigInteger),
    )
    op.execute(keys.update().values(not_before_s=keys.c.created_at_ms / 1000))
    op.execute(
        keys.update()
        .where(sa.func.length(keys.c.kid) > MAX_KID)
        .values(not_after_s=keys.c.not_before_s - 1)
    )
    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.alter_column("issuer", server_default=None)
        batch_op.alter_column("not_before_s", server_default=None)


def downgrade() -> None:
    """Back to the active flag: the newest key is the active one."""
    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.drop_column("not_after_s")
        batch_op.drop_column("not_before_s")
        batch_op.drop_column("issuer")
    op.execute(
        "UPDATE signing_keys SET active = TRUE WHERE created_at_ms = "
        "(SELECT MAX(created_at_ms) FROM signing_keys)"
    )
