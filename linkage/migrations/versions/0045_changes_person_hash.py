"""On PostgreSQL the feed's changes indexed by person with a hash index: every pushed change
adds an entry, and only a person's deletes read it

Revision ID: 0045
Revises: 0044
"""

from __future__ import annotations

from alembic import op

revision = "0045"
down_revision = "0044"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """On PostgreSQL rebuild ``ix_changes_person`` as a hash index (was a B-tree); SQLite keeps
    its B-tree."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_changes_person", table_name="changes")
        op.create_index("ix_changes_person", "changes", ["person_id"], postgresql_using="hash")


def downgrade() -> None:
    """The B-tree it was."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_changes_person", table_name="changes")
        op.create_index("ix_changes_person", "changes", ["person_id"])
