"""Each person's stamps kept in the compact person item's form too, beside ``field_hlc``; the
people merged into another indexed

Revision ID: 0044
Revises: 0043
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from kazasu_protocol.canonical import canonical_json
from kazasu_protocol.person_item import compact_stamps

revision = "0044"
down_revision = "0043"
branch_labels = None
depends_on = None

# Rows read and written back at a time.
BATCH = 5_000


def upgrade() -> None:
    """Add ``persons.record_hlc`` and ``persons.differing_hlc`` and fill them for every row.

    A snapshot's compact person items (kazasu_protocol/person_item.py) are then written from
    them without each person's stamps being parsed on every snapshot; the rule that finds them
    is the protocol's own (``compact_stamps``), as every writer of a person's stamps uses it.
    The partial index of the people merged into another lets a snapshot count its people
    without reading every person's row.
    """
    op.create_index(
        "ix_persons_merged",
        "persons",
        ["person_id"],
        postgresql_where=sa.text("merged_into IS NOT NULL"),
        sqlite_where=sa.text("merged_into IS NOT NULL"),
    )
    op.add_column("persons", sa.Column("record_hlc", sa.String(128), nullable=True))
    op.add_column("persons", sa.Column("differing_hlc", sa.Text(), nullable=True))
    conn = op.get_bind()
    after = ""
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT person_id, fields, field_hlc FROM persons WHERE person_id > :after "
                "ORDER BY person_id LIMIT :n"
            ),
            {"after": after, "n": BATCH},
        ).all()
        if not rows:
            break
        values = []
        for row in rows:
            hlc, differing = compact_stamps(json.loads(row.fields), json.loads(row.field_hlc))
            values.append({"p": row.person_id, "h": hlc, "d": canonical_json(differing)})
        conn.execute(
            sa.text("UPDATE persons SET record_hlc = :h, differing_hlc = :d WHERE person_id = :p"),
            values,
        )
        after = rows[-1].person_id


def downgrade() -> None:
    """Drop the two columns (``field_hlc`` holds every stamp) and the index."""
    # In place on SQLite too (ALTER TABLE ... DROP COLUMN, SQLite 3.35 and later): a copy of
    # the table, as a batch operation makes, fails the other tables' foreign keys.
    op.drop_column("persons", "differing_hlc")
    op.drop_column("persons", "record_hlc")
    op.drop_index("ix_persons_merged", table_name="persons")
