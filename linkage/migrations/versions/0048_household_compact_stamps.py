"""Each household's stamps kept in the compact household item's form too, beside ``field_hlc``

Revision ID: 0048
Revises: 0047
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from kazasu_protocol.canonical import canonical_json
from kazasu_protocol.household_item import compact_stamps

revision = "0048"
down_revision = "0047"
branch_labels = None
depends_on = None

# Rows read and written back at a time.
BATCH = 5_000


def upgrade() -> None:
    """Add ``households.record_hlc`` and ``households.differing_hlc`` and fill them for every
    row, as 0044 did for the people.

    A snapshot's compact household items (kazasu_protocol/household_item.py) are then written
    from them without each household's stamps being parsed on every snapshot; the rule that
    finds them is the protocol's own (``compact_stamps``), as every writer of a household's
    stamps uses it.
    """
    op.add_column("households", sa.Column("record_hlc", sa.String(128), nullable=True))
    op.add_column("households", sa.Column("differing_hlc", sa.Text(), nullable=True))
    conn = op.get_bind()
    after = ""
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT household_id, fields, field_hlc FROM households "
                "WHERE household_id > :after ORDER BY household_id LIMIT :n"
            ),
            {"after": after, "n": BATCH},
        ).all()
        if not rows:
            break
        values = []
        for row in rows:
            hlc, differing = compact_stamps(json.loads(row.fields), json.loads(row.field_hlc))
            values.append({"h": row.household_id, "r": hlc, "d": canonical_json(differing)})
        conn.execute(
            sa.text(
                "UPDATE households SET record_hlc = :r, differing_hlc = :d WHERE household_id = :h"
            ),
            values,
        )
        after = rows[-1].household_id


def downgrade() -> None:
    """Drop the two columns (``field_hlc`` holds every stamp)."""
    # In place on SQLite too, as 0044's downgrade says.
    op.drop_column("households", "differing_hlc")
    op.drop_column("households", "record_hlc")
