"""Seed the feed counter and the consent definitions.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DEFINITIONS = [
    (
        "roster-storage",
        "storage",
        "Keeping your shelter registration",
        "Run evacuation shelters: know who is registered, their household and their needs.",
        ["identity", "contact", "household", "care-needs", "whereabouts"],
        ["the municipality's disaster response office"],
        "Until withdrawn, or one year after the last shelter you used closes.",
    ),
    (
        "kiosk-roster",
        "sharing",
        "Sharing your registration with shelter kiosks",
        "Let kiosks at the shelters you are registered with or visit check you in by card or QR.",
        ["identity", "household", "card-link", "whereabouts"],
        ["kiosks of shelters you are registered with or visit"],
        "Removed from kiosks at their next sync after a withdrawal.",
    ),
    (
        "relative-lookup",
        "sharing",
        "Telling relatives where you are",
        "Answer relatives who ask whether you are at a shelter.",
        ["identity", "whereabouts"],
        ["relatives who ask, after staff confirm who they are"],
        "Until withdrawn.",
    ),
    (
        "safety-publication",
        "sharing",
        "Publishing that you are safe",
        "Publish that you are safe on the municipality's safety notice.",
        ["name", "safety-status"],
        ["the public"],
        "Until withdrawn or the notice is taken down.",
    ),
]


def upgrade() -> None:
    """Insert the counter row and the definitions."""
    counter = sa.table("feed_counter", sa.column("counter_id"), sa.column("position"))
    op.bulk_insert(counter, [{"counter_id": 1, "position": 0}])
    defs = sa.table(
        "consent_definitions",
        *(
            sa.column(c)
            for c in (
                "definition_id",
                "kind",
                "title",
                "purpose",
                "data_categories",
                "recipients",
                "retention",
            )
        ),
    )
    op.bulk_insert(
        defs,
        [
            {
                "definition_id": d[0],
                "kind": d[1],
                "title": d[2],
                "purpose": d[3],
                "data_categories": json.dumps(d[4]),
                "recipients": json.dumps(d[5]),
                "retention": d[6],
            }
            for d in DEFINITIONS
        ],
    )


def downgrade() -> None:
    """Remove the seeded rows."""
    op.execute("DELETE FROM consent_definitions")
    op.execute("DELETE FROM feed_counter")
