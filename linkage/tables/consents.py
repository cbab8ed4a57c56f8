"""Consent definitions, their worded versions, and each person's answers."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from linkage.tables.meta import ID, metadata

consent_definitions = Table(
    "consent_definitions",
    metadata,
    Column("definition_id", String(ID), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("data_categories", Text, nullable=False),
    Column("recipients", Text, nullable=False),
    Column("retention", Text, nullable=False),
    # Partner sharing (linkage/partners): the version in force, whose partner and purpose it
    # serves, on what legal basis, and whether residents opt in or out.
    Column("version", Integer, nullable=False, server_default="1"),
    Column("partner_id", String(ID), nullable=True),
    Column("purpose_id", String(ID), nullable=True),
    Column("legal_basis", String(16), nullable=False, server_default="consent"),
    Column("statute", Text, nullable=True),
    Column("mode", String(8), nullable=False, server_default="opt-in"),
    Column("includes_protected", Boolean, nullable=False, server_default=false()),
    # A partner definition's title, purpose and retention in the residents' other languages
    # (JSON: language → the three texts); the columns above hold the Japanese.
    Column("translations", Text, nullable=True),
    UniqueConstraint("partner_id", "purpose_id", name="uq_consent_definitions_partner_purpose"),
)

# Every version of a partner's consent definition as it was worded when residents agreed.
consent_definition_versions = Table(
    "consent_definition_versions",
    metadata,
    Column("definition_id", String(ID), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("document", Text, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
)

consent_records = Table(
    "consent_records",
    metadata,
    Column("record_id", String(ID), primary_key=True),
    Column("person_id", String(ID), ForeignKey("persons.person_id"), nullable=False),
    Column(
        "definition_id",
        String(ID),
        ForeignKey("consent_definitions.definition_id"),
        nullable=False,
    ),
    Column("state", String(16), nullable=False),
    Column("method", String(ID), nullable=False),
    Column("collector", String(ID), nullable=False),
    Column("recorded_at_ms", BigInteger, nullable=False),
    Column("supersedes", String(ID), nullable=True),
    # The definition's version the person answered (none before versions existed: 1).
    Column("definition_version", Integer, nullable=True),
    Index("ix_consent_records_person", "person_id", "definition_id", "recorded_at_ms"),
    Index("ix_consent_records_definition", "definition_id", "person_id", "recorded_at_ms"),
)
