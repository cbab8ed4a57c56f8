"""The feed's changes keyed by (scope_key, position): one index where the key on ``position``
and ``ix_changes_scope_position`` were two, each written for every change

Revision ID: 0047
Revises: 0046
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0047"
down_revision = "0046"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Make ``(scope_key, position)`` the key of ``changes`` and drop the index of the same
    columns; positions stay unique, as the feed's counter hands each out once."""
    op.drop_index("ix_changes_scope_position", table_name="changes")
    _rekey(["scope_key", "position"])


def downgrade() -> None:
    """The key on ``position`` and the index on ``(scope_key, position)`` they were."""
    _rekey(["position"])
    op.create_index("ix_changes_scope_position", "changes", ["scope_key", "position"])


def _rekey(columns: list[str]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("changes_pkey", "changes", type_="primary")
        op.create_primary_key("changes_pkey", "changes", columns)
        return
    # SQLite changes a key only by copying the table: the copy is made from the table as
    # stored, less its key, and takes the new key alone.
    with op.batch_alter_table("changes", recreate="always", copy_from=_unkeyed()) as batch:
        batch.create_primary_key("changes_pkey", columns)


def _unkeyed() -> sa.Table:
    # The columns as 0001 made them; ``ix_changes_scope_position`` is dropped or made apart.
    return sa.Table(
        "changes",
        sa.MetaData(),
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("scope_key", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=True),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("op", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("committed_at_ms", sa.BigInteger(), nullable=False),
        sa.Index("ix_changes_person", "person_id"),
    )
