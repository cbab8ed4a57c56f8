"""citizen web: sessions, card sign-ins, OpenID Connect flows and links, lookup grants, audit

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "web_sessions",
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=True),
        sa.Column("auth_method", sa.String(length=16), nullable=True),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("idle_expires_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.person_id"]),
        sa.PrimaryKeyConstraint("session_hash"),
    )
    op.create_index("ix_web_sessions_expiry", "web_sessions", ["expires_at_ms"])
    op.create_table(
        "web_sign_ins",
        sa.Column("challenge_id", sa.String(length=64), nullable=False),
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("answered_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("person_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("challenge_id"),
    )
    op.create_table(
        "oidc_flows",
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("state"),
    )
    op.create_table(
        "oidc_links",
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.person_id"]),
        sa.PrimaryKeyConstraint("issuer", "subject"),
    )
    op.create_table(
        "lookup_grants",
        sa.Column("grant_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("finder_id", sa.String(length=64), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("code_expires_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("withdrawn_at_ms", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["persons.person_id"]),
        sa.ForeignKeyConstraint(["finder_id"], ["persons.person_id"]),
        sa.PrimaryKeyConstraint("grant_id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index("ix_lookup_grants_finder", "lookup_grants", ["finder_id"])
    op.create_index("ix_lookup_grants_person", "lookup_grants", ["person_id"])
    op.create_table(
        "web_audit",
        sa.Column("audit_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("audit_id"),
    )
    op.create_index("ix_web_audit_actor", "web_audit", ["actor", "action", "at_ms"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_web_audit_actor", table_name="web_audit")
    op.drop_table("web_audit")
    op.drop_index("ix_lookup_grants_person", table_name="lookup_grants")
    op.drop_index("ix_lookup_grants_finder", table_name="lookup_grants")
    op.drop_table("lookup_grants")
    op.drop_table("oidc_links")
    op.drop_table("oidc_flows")
    op.drop_table("web_sign_ins")
    op.drop_index("ix_web_sessions_expiry", table_name="web_sessions")
    op.drop_table("web_sessions")
