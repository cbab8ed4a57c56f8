"""The citizen web (linkage/web/): browser sessions, card sign-ins, OpenID Connect, the family
lookup's grants and its audit trail."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Table, Text

from linkage.tables.meta import ID, metadata

web_sessions = Table(
    "web_sessions",
    metadata,
    # SHA-256 of the cookie's random value: a stolen database gives no usable session.
    Column("session_hash", String(64), primary_key=True),
    Column("person_id", String(ID), ForeignKey("persons.person_id"), nullable=True),
    Column("auth_method", String(16), nullable=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("expires_at_ms", BigInteger, nullable=False),
    Column("idle_expires_at_ms", BigInteger, nullable=False),
    Index("ix_web_sessions_expiry", "expires_at_ms"),
)

web_sign_ins = Table(
    "web_sign_ins",
    metadata,
    Column("challenge_id", String(ID), primary_key=True),
    Column("session_hash", String(64), nullable=False),
    Column("nonce", String(64), nullable=False),
    Column("expires_at_ms", BigInteger, nullable=False),
    Column("answered_at_ms", BigInteger, nullable=True),
    # Set when the answering card is linked (verified) to a person; null answers are neutral.
    Column("person_id", String(ID), nullable=True),
)

oidc_flows = Table(
    "oidc_flows",
    metadata,
    Column("state", String(64), primary_key=True),
    Column("session_hash", String(64), nullable=False),
    Column("code_verifier", String(128), nullable=False),
    Column("nonce", String(64), nullable=False),
    Column("expires_at_ms", BigInteger, nullable=False),
)

oidc_links = Table(
    "oidc_links",
    metadata,
    Column("issuer", String(255), primary_key=True),
    Column("subject", String(255), primary_key=True),
    Column("person_id", String(ID), ForeignKey("persons.person_id"), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
)

# A Digital Agency app account (its ``sub``) found to be a person by the four items the card
# proved; the next sign-in finds them by it (linkage/web/digital_auth.py).
digital_auth_links = Table(
    "digital_auth_links",
    metadata,
    Column("issuer", String(255), primary_key=True),
    Column("subject", String(255), primary_key=True),
    Column("person_id", String(ID), ForeignKey("persons.person_id"), nullable=False),
    Column("linked_at_ms", BigInteger, nullable=False),
    Column("verified_at_ms", BigInteger, nullable=False),
    Index("ix_digital_auth_links_person", "person_id"),
)

lookup_grants = Table(
    "lookup_grants",
    metadata,
    Column("grant_id", String(ID), primary_key=True),
    # The person who may be found, and who may find them once the code is redeemed.
    Column("person_id", String(ID), ForeignKey("persons.person_id"), nullable=False),
    Column("finder_id", String(ID), ForeignKey("persons.person_id"), nullable=True),
    Column("code_hash", String(64), nullable=True, unique=True),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("code_expires_at_ms", BigInteger, nullable=False),
    Column("withdrawn_at_ms", BigInteger, nullable=True),
    Index("ix_lookup_grants_finder", "finder_id"),
    Index("ix_lookup_grants_person", "person_id"),
)

web_audit = Table(
    "web_audit",
    metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=True),
    Column("at_ms", BigInteger, nullable=False),
    Column("actor", String(ID), nullable=False),
    Column("action", String(ID), nullable=False),
    Column("subject", String(ID), nullable=True),
    Column("detail", Text, nullable=False),
    Index("ix_web_audit_actor", "actor", "action", "at_ms"),
)
