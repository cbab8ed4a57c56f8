"""Online early voting: settings and period, contests, candidates, the ballot box, the
voter-to-ballot links kept until the period closes, partial decryptions, paper counts, results

Revision ID: 0031
Revises: 0027
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0027"
branch_labels = None
depends_on = None

ID = 64


def upgrade() -> None:
    """Create the ``evote_*`` tables."""
    op.create_table(
        "evote_settings",
        sa.Column("election_id", sa.String(length=ID), nullable=False),
        sa.Column("mock", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("opens_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("closes_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("closed_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("paper_cancels_online", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("revote_allowed", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("trustees", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("quorum", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("trustee_records", sa.Text(), nullable=True),
        sa.Column("last_tracker", sa.String(length=ID), nullable=True),
        sa.PrimaryKeyConstraint("election_id"),
    )
    op.create_table(
        "evote_contests",
        sa.Column("election_id", sa.String(length=ID), nullable=False),
        sa.Column("contest_id", sa.String(length=ID), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=True),
        sa.Column("choices", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "contest_id"),
    )
    op.create_table(
        "evote_candidates",
        sa.Column("election_id", sa.String(length=ID), nullable=False),
        sa.Column("contest_id", sa.String(length=ID), nullable=False),
        sa.Column("candidate_id", sa.String(length=ID), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "contest_id", "candidate_id"),
    )
    op.create_table(
        "evote_ballots",
        sa.Column("ballot_id", sa.String(length=ID), nullable=False),
        sa.Column("election_id", sa.String(length=ID), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("tracker", sa.String(length=ID), nullable=False),
        sa.Column("ballot", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cast_hour_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("ballot_id"),
        sa.UniqueConstraint("election_id", "seq", name="uq_evote_ballots_seq"),
        sa.UniqueConstraint("tracker"),
    )
    with op.batch_alter_table("evote_ballots", schema=None) as batch_op:
        batch_op.create_index("ix_evote_ballots_election", ["election_id", "status"], unique=False)
    op.create_table(
        "evote_voter_ballots",
        sa.Column("election_id", sa.String(length=ID), nullable=False),
        sa.Column("voter_id", sa.String(length=ID), nullable=False),
        sa.Column("ballot_id", sa.String(length=ID), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "voter_id"),
    )
    op.create_table(
        "evote_partials",
        sa.Column("election_id", sa.String(length=ID), nullable=False),
        sa.Column("trustee", sa.Integer(), nullable=False),
        sa.Column("partial", sa.Text(), nullable=False),
        sa.Column("received_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "trustee"),
    )
    op.create_table(
        "evote_paper_counts",
        sa.Column("election_id", sa.String(length=ID), nullable=False),
        sa.Column("site_id", sa.String(length=ID), nullable=False),
        sa.Column("contest_id", sa.String(length=ID), nullable=False),
        sa.Column("candidate_id", sa.String(length=ID), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("entered_by", sa.String(length=ID), nullable=False),
        sa.Column("entered_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "site_id", "contest_id", "candidate_id"),
    )
    op.create_table(
        "evote_results",
        sa.Column("election_id", sa.String(length=ID), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("published_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("election_id"),
    )


def downgrade() -> None:
    """Drop the ``evote_*`` tables."""
    for name in (
        "evote_results",
        "evote_paper_counts",
        "evote_partials",
        "evote_voter_ballots",
    ):
        op.drop_table(name)
    with op.batch_alter_table("evote_ballots", schema=None) as batch_op:
        batch_op.drop_index("ix_evote_ballots_election")
    for name in ("evote_ballots", "evote_candidates", "evote_contests", "evote_settings"):
        op.drop_table(name)
