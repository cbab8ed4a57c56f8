"""early voting: voting days, site outage settings, the roll, claims, declarations, incidents

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision; existing sites default to a hard block with a PIN required."""
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("voting_days", sa.Text(), nullable=False, server_default="[]")
        )
    with op.batch_alter_table("polling_sites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "outage_procedure",
                sa.String(length=16),
                nullable=False,
                server_default="hard_block",
            )
        )
        batch_op.add_column(
            sa.Column("pin_required", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column("staff_code_allowed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("voting_days", sa.Text(), nullable=True))
    op.create_table(
        "voters",
        sa.Column("voter_id", sa.String(length=64), nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("roll_number", sa.String(length=64), nullable=False),
        sa.Column("family_name", sa.Text(), nullable=False),
        sa.Column("given_name", sa.Text(), nullable=False),
        sa.Column("family_name_kana", sa.Text(), nullable=False),
        sa.Column("given_name_kana", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=True),
        sa.Column("link_method", sa.String(length=16), nullable=True),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["election_id"], ["elections.election_id"]),
        sa.PrimaryKeyConstraint("voter_id"),
        sa.UniqueConstraint("election_id", "roll_number", name="uq_voters_roll_number"),
    )
    op.create_index("ix_voters_person", "voters", ["person_id"], unique=False)
    op.create_table(
        "ballot_claims",
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("voter_id", sa.String(length=64), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("issued_by", sa.String(length=64), nullable=False),
        sa.Column("confirmed_by", sa.String(length=64), nullable=False),
        sa.Column("declaration_id", sa.String(length=64), nullable=True),
        sa.Column("claimed_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["voter_id"], ["voters.voter_id"]),
        sa.PrimaryKeyConstraint("claim_id"),
        sa.UniqueConstraint("election_id", "voter_id", name="uq_ballot_claims_voter"),
    )
    op.create_index("ix_ballot_claims_site", "ballot_claims", ["site_id"], unique=False)
    op.create_table(
        "declarations",
        sa.Column("declaration_id", sa.String(length=64), nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("voter_id", sa.String(length=64), nullable=False),
        sa.Column("vote_date", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Integer(), nullable=False),
        sa.Column("made_via", sa.String(length=8), nullable=False),
        sa.Column("made_by", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("made_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("completed_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("completed_site_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["voter_id"], ["voters.voter_id"]),
        sa.PrimaryKeyConstraint("declaration_id"),
    )
    op.create_index("ix_declarations_voter", "declarations", ["voter_id"], unique=False)
    op.create_table(
        "voting_incidents",
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("voter_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sites", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("resolved_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("incident_id"),
    )
    op.create_index(
        "ix_voting_incidents_election",
        "voting_incidents",
        ["election_id", "created_at_ms"],
        unique=False,
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_voting_incidents_election", table_name="voting_incidents")
    op.drop_table("voting_incidents")
    op.drop_index("ix_declarations_voter", table_name="declarations")
    op.drop_table("declarations")
    op.drop_index("ix_ballot_claims_site", table_name="ballot_claims")
    op.drop_table("ballot_claims")
    op.drop_index("ix_voters_person", table_name="voters")
    op.drop_table("voters")
    with op.batch_alter_table("polling_sites", schema=None) as batch_op:
        batch_op.drop_column("voting_days")
        batch_op.drop_column("staff_code_allowed")
        batch_op.drop_column("pin_required")
        batch_op.drop_column("outage_procedure")
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.drop_column("voting_days")
