"""The people who withheld kiosk sharing, indexed, for the pull's consent filter; the feed's
upserts naming no stored person dropped

Revision ID: 0043
Revises: 0042
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index ``persons`` on ``person_id`` where sharing is withheld, and delete the upserts of
    the feed that name a person with no row.

    A pull now hides the upserts of the withheld people only, read once per page through this
    index, instead of probing each change's person; before, an upsert naming no stored person
    was hidden by the probe. No writer makes one (each names a person it has just read or
    stored, and the event purge deletes a person's changes with the person), so any such row
    is from an older version, was never sent, and goes rather than start to be.
    """
    op.create_index(
        "ix_persons_withheld",
        "persons",
        ["person_id"],
        postgresql_where=sa.text("NOT shareable"),
        sqlite_where=sa.text("shareable = 0"),
    )
    op.execute(
        "DELETE FROM changes WHERE op = 'upsert' AND person_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM persons WHERE persons.person_id = changes.person_id)"
    )


def downgrade() -> None:
    """Drop the index (the deleted upserts were hidden before and stay gone)."""
    op.drop_index("ix_persons_withheld", table_name="persons")
