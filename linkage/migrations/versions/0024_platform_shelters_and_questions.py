"""shelter kinds and the administrator's questions, both sent to kiosks through the feed

Shelters get a ``kind`` (designated, welfare, emergency, other) and the HLC of their last
opening or closing, which kiosks now report from the door. Questions an administrator adds
to the shelter forms are defined per municipality. Every existing shelter's definition is put on
the change feed, so kiosks provisioned before this revision learn it with their next pull.

Revision ID: 0024
Revises: 0023
"""

from __future__ import annotations

import json
import time

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add shelters.kind and the questions table; publish the shelters on the feed."""
    with op.batch_alter_table("shelters", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(16), nullable=False, server_default="designated")
        )
        batch_op.add_column(sa.Column("status_hlc", sa.String(128), nullable=True))
    op.create_table(
        "questions",
        sa.Column("municipality_id", sa.String(64), primary_key=True),
        sa.Column("question_id", sa.String(64), primary_key=True),
        sa.Column("applies_to", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("label_ja", sa.Text(), nullable=False),
        sa.Column("label_en", sa.Text(), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger(), nullable=False),
    )
    _publish_shelters()


def _publish_shelters() -> None:
    # The payload as linkage.places writes it, kept here so this revision does not change
    # with the application.
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT shelter_id, municipality_id, name, kind, capacity, latitude, longitude,"
            " is_open FROM shelters ORDER BY shelter_id"
        )
    ).all()
    if not rows:
        return
    last: int = conn.execute(
        sa.text(
            "UPDATE feed_counter SET position = position + :n WHERE counter_id = 1"
            " RETURNING position"
        ),
        {"n": len(rows)},
    ).scalar_one()
    now = int(time.time() * 1000)
    for i, r in enumerate(rows):
        located = r.latitude is not None and r.longitude is not None
        payload = {
            "shelter_id": r.shelter_id,
            "municipality_id": r.municipality_id,
            "name": r.name,
            "kind": r.kind,
            "capacity": r.capacity,
            "location": {"lat": r.latitude, "lon": r.longitude} if located else None,
            "open": bool(r.is_open),
        }
        conn.execute(
            sa.text(
                "INSERT INTO changes (position, scope_key, person_id, entity, entity_id, op,"
                " payload, committed_at_ms) VALUES (:position, :scope_key, NULL, 'shelter',"
                " :entity_id, 'upsert', :payload, :now)"
            ),
            {
                "position": last - len(rows) + 1 + i,
                "scope_key": "shelter:" + r.shelter_id,
                "entity_id": r.shelter_id,
                "payload": json.dumps(
                    payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
                ),
                "now": now,
            },
        )


def downgrade() -> None:
    """Revert this revision (the published feed changes stay: kiosks already hold them)."""
    op.drop_table("questions")
    with op.batch_alter_table("shelters", schema=None) as batch_op:
        batch_op.drop_column("status_hlc")
        batch_op.drop_column("kind")
