"""Online voting: voter-to-ballot links sealed under a key outside the database; trackers that
hash their ballot alone, with no place in an acceptance order; the commitment to the closed box

Revision ID: 0038
Revises: 0037
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

ID = 64
# ristretto255's group order: the tracker is a hash reduced onto a scalar (docs/protocol/evote.md).
ORDER = 2**252 + 27742317777372353535851937790883648493


def _tracker(extended_base_hash: str, code: str) -> str:
    """``H("tracker"; H_E, code)`` as linkage.evote.ballot.tracker_of computes it."""
    digest = hashlib.sha512()
    for part in (
        b"kazasu-evote/1",
        b"tracker",
        bytes.fromhex(extended_base_hash),
        bytes.fromhex(code),
    ):
        digest.update(len(part).to_bytes(4, "big") + part)
    value = int.from_bytes(digest.digest(), "little") % ORDER
    return value.to_bytes(32, "little").hex()


def upgrade() -> None:
    """Refuse while an online period holds links in clear; re-make ``evote_voter_ballots`` as
    (election, voter tag, sealed ballot id); give every cast ballot its new tracker; drop
    ``evote_ballots.seq`` and ``evote_settings.last_tracker``; let the cast hour be removed;
    add ``evote_settings.link_key_check`` and ``box_commitment``."""
    conn = op.get_bind()
    open_links: int = conn.execute(sa.text("SELECT COUNT(*) FROM evote_voter_ballots")).scalar_one()
    if open_links:
        raise RuntimeError(
            f"{open_links} online voters' links are held in clear: close every open online "
            "period (kazasu-platform close-online) with the platform of before, then migrate"
        )
    contexts = {
        row.election_id: json.loads(row.context)["extended_base_hash"]
        for row in conn.execute(
            sa.text("SELECT election_id, context FROM evote_settings WHERE context IS NOT NULL")
        )
    }
    cast = conn.execute(
        sa.text("SELECT ballot_id, election_id, ballot FROM evote_ballots WHERE seq IS NOT NULL")
    ).all()
    for row in cast:
        tracker = _tracker(contexts[row.election_id], json.loads(row.ballot)["code"])
        conn.execute(
            sa.text("UPDATE evote_ballots SET tracker = :t WHERE ballot_id = :b"),
            {"t": tracker, "b": row.ballot_id},
        )
    op.drop_table("evote_voter_ballots")
    op.create_table(
        "evote_voter_ballots",
        sa.Column("election_id", sa.String(length=ID), nullable=False),
        sa.Column("voter_tag", sa.String(length=64), nullable=False),
        sa.Column("sealed_ballot", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "voter_tag"),
    )
    with op.batch_alter_table("evote_ballots", schema=None) as batch_op:
        batch_op.drop_constraint("uq_evote_ballots_seq", type_="unique")
        batch_op.drop_column("seq")
        batch_op.alter_column("cast_hour_ms", existing_type=sa.BigInteger(), nullable=True)
    with op.batch_alter_table("evote_settings", schema=None) as batch_op:
        batch_op.drop_column("last_tracker")
        batch_op.add_column(sa.Column("link_key_check", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("box_commitment", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """The columns and the clear links table of before, empty (trackers stay as they are)."""
    with op.batch_alter_table("evote_settings", schema=None) as batch_op:
        batch_op.drop_column("box_commitment")
        batch_op.drop_column("link_key_check")
        batch_op.add_column(sa.Column("last_tracker", sa.String(length=ID), nullable=True))
    op.execute("UPDATE evote_ballots SET cast_hour_ms = 0 WHERE cast_hour_ms IS NULL")
    with op.batch_alter_table("evote_ballots", schema=None) as batch_op:
        batch_op.alter_column("cast_hour_ms", existing_type=sa.BigInteger(), nullable=False)
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_evote_ballots_seq", ["election_id", "seq"])
    op.drop_table("evote_voter_ballots")
    op.create_table(
        "evote_voter_ballots",
        sa.Column("election_id", sa.String(length=ID), nullable=False),
        sa.Column("voter_id", sa.String(length=ID), nullable=False),
        sa.Column("ballot_id", sa.String(length=ID), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "voter_id"),
    )
