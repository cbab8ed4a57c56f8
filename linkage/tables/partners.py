"""Partners (linkage/partners) and what the platform disclosed to them."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, String, Table, Text, false

from linkage.tables.meta import ID, metadata

# Partners (linkage/partners): public bodies, companies and NGOs the municipality shares with.
partners = Table(
    "partners",
    metadata,
    Column("partner_id", String(ID), primary_key=True),
    Column("municipality_id", String(ID), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
)

# What each of a partner's purposes may ever receive; a consent definition names a subset.
partner_purposes = Table(
    "partner_purposes",
    metadata,
    Column("partner_id", String(ID), primary_key=True),
    Column("purpose_id", String(ID), primary_key=True),
    Column("description", Text, nullable=False),
    Column("items", Text, nullable=False),
    # The aggregate kinds granted to this purpose (JSON list; linkage/partners/aggregates.py).
    Column("aggregates", Text, nullable=False, server_default="[]"),
)

# OAuth 2.0 clients of partners: a public JWK set (private_key_jwt) or a secret's hash.
partner_clients = Table(
    "partner_clients",
    metadata,
    Column("client_id", String(ID), primary_key=True),
    Column("partner_id", String(ID), nullable=False),
    Column("auth_method", String(32), nullable=False),
    Column("jwks", Text, nullable=True),
    Column("secret_hash", String(128), nullable=True),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("expires_at_ms", BigInteger, nullable=True),
    Column("revoked_at_ms", BigInteger, nullable=True),
    Index("ix_partner_clients_partner", "partner_id"),
)

# Access tokens handed out, by their SHA-256; short-lived.
partner_tokens = Table(
    "partner_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("client_id", String(ID), nullable=False),
    Column("partner_id", String(ID), nullable=False),
    Column("expires_at_ms", BigInteger, nullable=False),
)

# Client assertions' ids seen, kept until the assertion expires: a replay is refused.
partner_assertions = Table(
    "partner_assertions",
    metadata,
    Column("client_id", String(ID), primary_key=True),
    Column("jti", String(128), primary_key=True),
    Column("expires_at_ms", BigInteger, nullable=False),
)

# The pairwise pseudonym secret, sealed under the key-encryption key like the signing keys.
pseudonym_secrets = Table(
    "pseudonym_secrets",
    metadata,
    Column("secret_id", String(ID), primary_key=True),
    Column("sealed", Text, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
)

# Every partner request, answered or not, and what it returned in total.
partner_requests = Table(
    "partner_requests",
    metadata,
    Column("request_id", String(ID), primary_key=True),
    Column("partner_id", String(ID), nullable=False),
    Column("client_id", String(ID), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("purpose_id", String(ID), nullable=True),
    Column("people", Integer, nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Index("ix_partner_requests_partner", "partner_id", "at_ms"),
)

# One row per person per answer: who received which items, when, under which definition.
disclosures = Table(
    "disclosures",
    metadata,
    Column("disclosure_id", String(ID), primary_key=True),
    Column("request_id", String(ID), nullable=False),
    Column("partner_id", String(ID), nullable=False),
    Column("person_id", String(ID), nullable=False),
    # The partner's pseudonym of the person: what a partner may ask about again.
    Column("subject", String(ID), nullable=False),
    Column("definition_id", String(ID), nullable=False),
    Column("definition_version", Integer, nullable=False),
    Column("items", Text, nullable=False),
    Column("basis", String(16), nullable=False),
    # A DV-protected person disclosed under a statute: listed for the municipality's review.
    Column("protected", Boolean, nullable=False, server_default=false()),
    Column("disclosed_at_ms", BigInteger, nullable=False),
    Index("ix_disclosures_person", "person_id", "disclosed_at_ms"),
    Index("ix_disclosures_partner", "partner_id", "disclosed_at_ms"),
    Index("ix_disclosures_subject", "partner_id", "subject"),
)
