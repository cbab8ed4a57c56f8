"""Each household's members who share kept as its snapshot item's ``members`` list

Revision ID: 0046
Revises: 0045
"""

from __future__ import annotations

import itertools

import orjson
import sqlalchemy as sa
from alembic import op

revision = "0046"
down_revision = "0045"
branch_labels = None
depends_on = None

# Households read and written back at a time.
BATCH = 5_000


def upgrade() -> None:
    """Add ``households.members_json`` and fill it for every household.

    A snapshot's household items are then written from it rather than from each household's
    member rows on every snapshot. The value is what ``household_lists.members_json`` writes:
    the members who share, in person-id order, as canonical JSON (``[]`` when none do).
    """
    op.add_column("households", sa.Column("members_json", sa.Text(), nullable=True))
    conn = op.get_bind()
    after = ""
    while True:
        ids: list[str] = list(
            conn.execute(
                sa.text(
                    "SELECT household_id FROM households WHERE household_id > :after "
                    "ORDER BY household_id LIMIT :n"
                ),
                {"after": after, "n": BATCH},
            ).scalars()
        )
        if not ids:
            break
        rows = conn.execute(
            sa.text(
                "SELECT m.household_id, m.person_id, m.relation FROM household_members m "
                "JOIN persons p ON p.person_id = m.person_id "
                "WHERE m.household_id > :after AND m.household_id <= :last AND p.shareable "
                "ORDER BY m.household_id, m.person_id"
            ),
            {"after": after, "last": ids[-1]},
        ).all()
        lists = dict.fromkeys(ids, "[]")
        for hid, group in itertools.groupby(rows, key=lambda r: r.household_id):
            members = [{"person_id": r.person_id, "relation": r.relation} for r in group]
            lists[hid] = orjson.dumps(members, option=orjson.OPT_SORT_KEYS).decode()
        conn.execute(
            sa.text("UPDATE households SET members_json = :m WHERE household_id = :h"),
            [{"h": hid, "m": text} for hid, text in lists.items()],
        )
        after = ids[-1]


def downgrade() -> None:
    """Drop the column (``household_members`` holds what it lists)."""
    # In place on SQLite too, as 0044's downgrade: a copy of the table fails the foreign keys.
    op.drop_column("households", "members_json")
