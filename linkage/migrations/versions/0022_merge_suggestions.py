"""merge suggestions, and each live person's match key

``person_match_keys`` holds the compare-forms of a person's name, birth date and address
(linkage/match_keys.py) so that a registration finds its matches with one indexed query; it is
filled here for the people already stored. ``merge_suggestions`` holds what administrators
accept or reject.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import jaconv
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

BATCH = 1000
# As linkage/names.py had it at this revision; a migration does not follow later changes.
_DASHES = re.compile("[\u2010-\u2015\u2212\u30fc\uff0d\uff70-]")


def _key(fields: dict[str, Any]) -> dict[str, str] | None:
    name, born, address = fields.get("name"), fields.get("birth_date"), fields.get("address")
    if not isinstance(name, str) or not isinstance(born, str) or not born:
        return None
    name_key = "".join(jaconv.kata2hira(unicodedata.normalize("NFKC", name)).casefold().split())
    if not name_key:
        return None
    folded = unicodedata.normalize("NFKC", address) if isinstance(address, str) else ""
    return {
        "name_key": name_key,
        "birth_date": born,
        "address_key": _DASHES.sub("-", "".join(folded.split())),
    }


def upgrade() -> None:
    """Create both tables and compute the match keys of the people stored."""
    op.create_table(
        "person_match_keys",
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=False),
        sa.Column("address_key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_index("ix_person_match_keys_match", "person_match_keys", ["name_key", "birth_date"])
    op.create_table(
        "merge_suggestions",
        sa.Column("suggestion_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("match_id", sa.String(length=64), nullable=False),
        sa.Column("municipality_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("decided_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("suggestion_id"),
        sa.UniqueConstraint("person_id", "match_id", name="uq_merge_suggestions_pair"),
    )
    op.create_index("ix_merge_suggestions_state", "merge_suggestions", ["state", "suggestion_id"])
    op.create_index("ix_merge_suggestions_match", "merge_suggestions", ["match_id"])
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT person_id, fields FROM persons WHERE merged_into IS NULL")
    ).all()
    keys = []
    for row in rows:
        key = _key(json.loads(row.fields))
        if key is not None:
            keys.append({"person_id": row.person_id} | key)
    insert = sa.text(
        "INSERT INTO person_match_keys (person_id, name_key, birth_date, address_key)"
        " VALUES (:person_id, :name_key, :birth_date, :address_key)"
    )
    for start in range(0, len(keys), BATCH):
        conn.execute(insert, keys[start : start + BATCH])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_merge_suggestions_match", table_name="merge_suggestions")
    op.drop_index("ix_merge_suggestions_state", table_name="merge_suggestions")
    op.drop_table("merge_suggestions")
    op.drop_index("ix_person_match_keys_match", table_name="person_match_keys")
    op.drop_table("person_match_keys")
