"""Partners, their OAuth clients, versioned partner consent definitions and disclosures

Revision ID: 0033
Revises: 0031
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0031"
branch_labels = None
depends_on = None

ID = 64


def upgrade() -> None:
    """Version the consent definitions and create the partner tables."""
    with op.batch_alter_table("consent_definitions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("partner_id", sa.String(length=ID), nullable=True))
        batch_op.add_column(sa.Column("purpose_id", sa.String(length=ID), nullable=True))
        batch_op.add_column(
            sa.Column("legal_basis", sa.String(length=16), server_default="consent", nullable=False)
        )
        batch_op.add_column(sa.Column("statute", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("mode", sa.String(length=8), server_default="opt-in", nullable=False)
        )
        batch_op.add_column(
            sa.Column("includes_protected", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_unique_constraint(
            "uq_consent_definitions_partner_purpose", ["partner_id", "purpose_id"]
        )
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("definition_version", sa.Integer(), nullable=True))
        batch_op.create_index(
            "ix_consent_records_definition",
            ["definition_id", "person_id", "recorded_at_ms"],
            unique=False,
        )
    op.create_table(
        "consent_definition_versions",
        sa.Column("definition_id", sa.String(length=ID), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("definition_id", "version"),
    )
    op.create_table(
        "partners",
        sa.Column("partner_id", sa.String(length=ID), nullable=False),
        sa.Column("municipality_id", sa.String(length=ID), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("partner_id"),
    )
    op.create_table(
        "partner_purposes",
        sa.Column("partner_id", sa.String(length=ID), nullable=False),
        sa.Column("purpose_id", sa.String(length=ID), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("partner_id", "purpose_id"),
    )
    op.create_table(
        "partner_clients",
        sa.Column("client_id", sa.String(length=ID), nullable=False),
        sa.Column("partner_id", sa.String(length=ID), nullable=False),
        sa.Column("auth_method", sa.String(length=32), nullable=False),
        sa.Column("jwks", sa.Text(), nullable=True),
        sa.Column("secret_hash", sa.String(length=128), nullable=True),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("revoked_at_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("client_id"),
    )
    op.create_index("ix_partner_clients_partner", "partner_clients", ["partner_id"])
    op.create_table(
        "partner_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=ID), nullable=False),
        sa.Column("partner_id", sa.String(length=ID), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_table(
        "partner_assertions",
        sa.Column("client_id", sa.String(length=ID), nullable=False),
        sa.Column("jti", sa.String(length=128), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "jti"),
    )
    op.create_table(
        "pseudonym_secrets",
        sa.Column("secret_id", sa.String(length=ID), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("secret_id"),
    )
    op.create_table(
        "partner_requests",
        sa.Column("request_id", sa.String(length=ID), nullable=False),
        sa.Column("partner_id", sa.String(length=ID), nullable=False),
        sa.Column("client_id", sa.String(length=ID), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("purpose_id", sa.String(length=ID), nullable=True),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("request_id"),
    )
    op.create_index("ix_partner_requests_partner", "partner_requests", ["partner_id", "at_ms"])
    op.create_table(
        "disclosures",
        sa.Column("disclosure_id", sa.String(length=ID), nullable=False),
        sa.Column("request_id", sa.String(length=ID), nullable=False),
        sa.Column("partner_id", sa.String(length=ID), nullable=False),
        sa.Column("person_id", sa.String(length=ID), nullable=False),
        sa.Column("subject", sa.String(length=ID), nullable=False),
        sa.Column("definition_id", sa.String(length=ID), nullable=False),
        sa.Column("definition_version", sa.Integer(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("protected", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("disclosed_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("disclosure_id"),
    )
    op.create_index("ix_disclosures_person", "disclosures", ["person_id", "disclosed_at_ms"])
    op.create_index("ix_disclosures_partner", "disclosures", ["partner_id", "disclosed_at_ms"])
    op.create_index("ix_disclosures_subject", "disclosures", ["partner_id", "subject"])


def downgrade() -> None:
    """Drop the partner tables and the definitions' versions."""
    op.drop_index("ix_disclosures_subject", table_name="disclosures")
    op.drop_index("ix_disclosures_partner", table_name="disclosures")
    op.drop_index("ix_disclosures_person", table_name="disclosures")
    op.drop_table("disclosures")
    op.drop_index("ix_partner_requests_partner", table_name="partner_requests")
    for table in (
        "partner_requests",
        "pseudonym_secrets",
        "partner_assertions",
        "partner_tokens",
    ):
        op.drop_table(table)
    op.drop_index("ix_partner_clients_partner", table_name="partner_clients")
    for table in ("partner_clients", "partner_purposes", "partners", "consent_definition_versions"):
        op.drop_table(table)
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_records_definition")
        batch_op.drop_column("definition_version")
    with op.batch_alter_table("consent_definitions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_consent_definitions_partner_purpose", type_="unique")
        for column in (
            "includes_protected",
            "mode",
            "statute",
            "legal_basis",
            "purpose_id",
            "partner_id",
            "version",
        ):
            batch_op.drop_column(column)
