"""verified person attributes, and what proved each roll link

Roll entries are matched only on attributes a verified source gave (``person_verifications``);
each link records what proved it (``voters.link_source``). Imported residents were entered by an
administrator from the resident register: their name, birth date and address as stored become
verified (source ``resident-register``). Administrators' links are kept (``admin``), as are
matches of those residents; a match of anyone else was made from attributes nobody verified (a
kiosk's walk-in fields, or what a citizen typed on the web) and is undone. Kiosks learn the
undone links with the roll's next import, which re-sends every entry.

Revision ID: 0012
Revises: 0010
"""

from __future__ import annotations

import json
import time

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    """Create the table, add the column, and carry over what is known to be verified."""
    op.create_table(
        "person_verifications",
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("verified_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.person_id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.add_column("voters", sa.Column("link_source", sa.String(length=32), nullable=True))
    conn = op.get_bind()
    now = time.time_ns() // 1_000_000
    rows = conn.execute(
        sa.text(
            "SELECT person_id, fields FROM persons WHERE kind = 'resident' "
            "AND merged_into IS NULL ORDER BY person_id"
        )
    ).all()
    verified = []
    for row in rows:
        fields = json.loads(row.fields)
        if not isinstance(fields.get("name"), str) or not fields["name"].strip():
            continue
        verified.append(
            {
                "person_id": row.person_id,
                "name": fields["name"],
                "birth_date": fields.get("birth_date") or None,
                "address": fields.get("address") or None,
                "now": now,
            }
        )
    insert = sa.text(
        "INSERT INTO person_verifications (person_id, name, birth_date, address, source, actor,"
        " verified_at_ms) VALUES (:person_id, :name, :birth_date, :address,"
        " 'resident-register', 'migration-0012', :now)"
    )
    for start in range(0, len(verified), BATCH):
        conn.execute(insert, verified[start : start + BATCH])
    op.execute("UPDATE voters SET link_source = 'admin' WHERE link_method = 'admin'")
    op.execute(
        "UPDATE voters SET link_source = 'resident-register' WHERE link_method = 'match' "
        "AND person_id IN (SELECT person_id FROM person_verifications)"
    )
    op.execute(
        "UPDATE voters SET person_id = NULL, link_method = NULL "
        "WHERE link_method = 'match' AND link_source IS NULL"
    )


def downgrade() -> None:
    """Revert this revision (undone links stay undone)."""
    with op.batch_alter_table("voters") as batch:
        batch.drop_column("link_source")
    op.drop_table("person_verifications")
