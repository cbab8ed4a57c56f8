"""Early voting at polling sites: elections, sites, the roll, ballot claims, declarations and
incidents."""

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
    true,
)

from linkage.tables.meta import ID, metadata

elections = Table(
    "elections",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("name", Text, nullable=False),
    # The early-voting days, a JSON list of ISO dates in ascending order.
    Column("voting_days", Text, nullable=False, server_default="[]"),
)

polling_sites = Table(
    "polling_sites",
    metadata,
    Column("site_id", String(ID), primary_key=True),
    Column("election_id", String(ID), ForeignKey("elections.election_id"), nullable=False),
    Column("name", Text, nullable=False),
    # What the site's kiosks do while the platform is unreachable: hard_block or provisional.
    Column("outage_procedure", String(16), nullable=False, server_default="hard_block"),
    Column("pin_required", Boolean, nullable=False, server_default=true()),
    Column("staff_code_allowed", Boolean, nullable=False, server_default=false()),
    # The site's own days (JSON list of ISO dates); null: every day of its election.
    Column("voting_days", Text, nullable=True),
)

voters = Table(
    "voters",
    metadata,
    Column("voter_id", String(ID), primary_key=True),
    Column("election_id", String(ID), ForeignKey("elections.election_id"), nullable=False),
    # The electoral roll's own number for the entry (名簿番号); an import updates by it.
    Column("roll_number", String(ID), nullable=False),
    Column("family_name", Text, nullable=False),
    Column("given_name", Text, nullable=False),
    Column("family_name_kana", Text, nullable=False),
    Column("given_name_kana", Text, nullable=False),
    Column("birth_date", String(10), nullable=False),
    Column("sex", String(8), nullable=False),
    Column("address", Text, nullable=False),
    # The registered person the entry is linked to (by the matching rule or an administrator).
    Column("person_id", String(ID), nullable=True),
    Column("link_method", String(16), nullable=True),
    # What proved the link: the verification source of the matched attributes, or "admin".
    Column("link_source", String(32), nullable=True),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    UniqueConstraint("election_id", "roll_number", name="uq_voters_roll_number"),
    Index("ix_voters_person", "person_id"),
)

ballot_claims = Table(
    "ballot_claims",
    metadata,
    Column("claim_id", String(ID), primary_key=True),
    Column("election_id", String(ID), nullable=False),
    Column("voter_id", String(ID), ForeignKey("voters.voter_id"), nullable=False),
    Column("site_id", String(ID), nullable=False),
    Column("device_id", String(ID), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("issued_by", String(ID), nullable=False),
    Column("confirmed_by", String(ID), nullable=False),
    Column("declaration_id", String(ID), nullable=True),
    Column("claimed_at_ms", BigInteger, nullable=False),
    # One ballot per voter and election, whichever site, device or process asks.
    UniqueConstraint("election_id", "voter_id", name="uq_ballot_claims_voter"),
    Index("ix_ballot_claims_site", "site_id"),
)

declarations = Table(
    "declarations",
    metadata,
    Column("declaration_id", String(ID), primary_key=True),
    Column("election_id", String(ID), nullable=False),
    Column("voter_id", String(ID), ForeignKey("voters.voter_id"), nullable=False),
    Column("vote_date", String(10), nullable=False),
    Column("reason", Integer, nullable=False),
    Column("made_via", String(8), nullable=False),
    Column("made_by", String(ID), nullable=False),
    Column("state", String(16), nullable=False),
    Column("made_at_ms", BigInteger, nullable=False),
    Column("completed_at_ms", BigInteger, nullable=True),
    Column("completed_site_id", String(ID), nullable=True),
    Index("ix_declarations_voter", "voter_id"),
)

voting_incidents = Table(
    "voting_incidents",
    metadata,
    Column("incident_id", String(ID), primary_key=True),
    Column("election_id", String(ID), nullable=False),
    Column("voter_id", String(ID), nullable=True),
    Column("kind", String(32), nullable=False),
    Column("sites", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("resolved_at_ms", BigInteger, nullable=True),
    Column("note", Text, nullable=True),
    Index("ix_voting_incidents_election", "election_id", "created_at_ms"),
)
