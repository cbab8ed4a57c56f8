"""QR-signing keys are sealed at rest and can be revoked

The private key column grows to hold a sealed key (``kek1:`` + nonce and AES-GCM ciphertext,
linkage/kek.py). Keys stored in clear by older platforms are sealed right after the schema
change by ``kazasu-platform migrate``, which holds the key-encryption key; the migration itself
never sees it. ``revoked_at_ms``/``revoked_by`` record a revocation.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Widen the private key column; add the revocation columns."""
    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.alter_column(
            "private_key", type_=sa.String(length=128), existing_type=sa.String(length=64)
        )
        batch_op.add_column(sa.Column("revoked_at_ms", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("revoked_by", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Drop the revocation columns. The private key column keeps its width: sealed keys stay
    sealed (an older platform cannot sign with them and must rotate a key)."""
    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.drop_column("revoked_by")
        batch_op.drop_column("revoked_at_ms")
