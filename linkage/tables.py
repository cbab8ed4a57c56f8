"""The platform's tables (SQLAlchemy Core). Times are milliseconds since the epoch, UTC.

JSON documents are kept as text holding canonical JSON so that feed pages can be written
out without decoding and re-encoding every payload.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)

metadata = MetaData()

ID = 64  # length of every identifier column

municipalities = Table(
    "municipalities",
    metadata,
    Column("municipality_id", String(ID), primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
)

shelters = Table(
    "shelters",
    metadata,
    Column("shelter_id", String(ID), primary_key=True),
    Column("municipality_id", String(ID), nullable=False),
    Column("name", Text, nullable=False),
    Column("capacity", Integer, nullable=True),
    # WGS 84 degrees, for the public map; both or neither.
    Column("latitude", Double, nullable=True),
    Column("longitude", Double, nullable=True),
    # Opened by staff when the shelter takes people in; the public map shows it as open.
    Column("is_open", Boolean, nullable=False, server_default=false()),
    # designated, welfare (福祉避難所), emergency (緊急避難場所) or other.
    Column("kind", String(16), nullable=False, server_default="designated"),
    # The HLC of the last opening or closing (an administrator's, or a kiosk's at the door):
    # a later one wins, whatever order they arrive in.
    Column("status_hlc", String(128), nullable=True),
    # As the municipality's open data list gives them (linkage/shelter_opendata.py); the
    # disasters it serves are a JSON list of the list's words (洪水, 地震 …).
    Column("name_kana", Text, nullable=True),
    Column("address", Text, nullable=True),
    Column("hazards", Text, nullable=True),
    # An event site's last day (ISO), and when its attendees' records were deleted after it.
    Column("ends_on", String(10), nullable=True),
    Column("purged_at_ms", BigInteger, nullable=True),
)

# The administrator's additional questions on the shelter forms, per municipality; kiosks of
# the municipality's shelters receive them through the feed.
questions = Table(
    "questions",
    metadata,
    Column("municipality_id", String(ID), primary_key=True),
    Column("question_id", String(ID), primary_key=True),
    Column("applies_to", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("label_ja", Text, nullable=False),
    Column("label_en", Text, nullable=False),
    Column("choices", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
)

# A municipality's own QR ID card format (linkage.city_cards); kiosks of the municipality's
# shelters receive it through the feed.
city_card_formats = Table(
    "city_card_formats",
    metadata,
    Column("municipality_id", String(ID), primary_key=True),
    Column("prefix", String(16), nullable=False),
    Column("municipality_code", String(6), nullable=False),
    Column("id_pattern", String(100), nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
)

# City cards linked to people at a staffed counter, after a verified My Number Card link.
city_cards = Table(
    "city_cards",
    metadata,
    Column("municipality_id", String(ID), primary_key=True),
    Column("card_id", String(ID), primary_key=True),
    Column("person_id", String(ID), nullable=False),
    Column("device_id", String(ID), nullable=False),
    Column("staff", String(ID), nullable=False),
    Column("event_id", String(ID), nullable=False),
    Column("linked_at_ms", BigInteger, nullable=False),
    Index("ix_city_cards_person", "person_id"),
)

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

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("scope", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("expires_at_ms", BigInteger, nullable=False),
    Column("used_at_ms", BigInteger, nullable=True),
    Column("device_id", String(ID), nullable=True),
)

devices = Table(
    "devices",
    metadata,
    Column("device_id", String(ID), primary_key=True),
    Column("public_key", String(64), nullable=False, unique=True),
    Column("scope", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("enrolled_at_ms", BigInteger, nullable=False),
    Column("revoked_at_ms", BigInteger, nullable=True),
    # Contiguous acknowledgement: every event 1..acked_seq is stored, its chain head is head_hash.
    Column("acked_seq", BigInteger, nullable=False),
    Column("head_hash", String(64), nullable=False),
)

challenges = Table(
    "challenges",
    metadata,
    Column("challenge_id", String(ID), primary_key=True),
    Column("device_id", String(ID), ForeignKey("devices.device_id"), nullable=False),
    Column("nonce", String(64), nullable=False),
    Column("expires_at_ms", BigInteger, nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("device_id", String(ID), ForeignKey("devices.device_id"), nullable=False),
    Column("expires_at_ms", BigInteger, nullable=False),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", String(ID), primary_key=True),
    Column("public_key", String(64), nullable=False),
    # Sealed under the key-encryption key (linkage/kek.py), never in clear.
    Column("private_key", String(128), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("issuer", String(255), nullable=False),
    # The window (Unix seconds, inclusive) in which the key may issue codes; null: open-ended.
    Column("not_before_s", BigInteger, nullable=False),
    Column("not_after_s", BigInteger, nullable=True),
    # Revoked: codes it signed are refused whatever their dates; it never signs again.
    Column("revoked_at_ms", BigInteger, nullable=True),
    Column("revoked_by", String(ID), nullable=True),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(ID), primary_key=True),
    Column("device_id", String(ID), nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("hlc", String(128), nullable=False),
    Column("type", String(ID), nullable=False),
    Column("schema", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("received_at_ms", BigInteger, nullable=False),
    UniqueConstraint("device_id", "device_seq", name="uq_events_device_seq"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("incident_id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(ID), nullable=False),
    Column("device_id", String(ID), nullable=True),
    Column("detail", Text, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
)

persons = Table(
    "persons",
    metadata,
    Column("person_id", String(ID), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("municipality_id", String(ID), nullable=True),
    Column("external_ref", String(ID), nullable=True),
    Column("household_id", String(ID), nullable=True),
    Column("fields", Text, nullable=False),
    Column("field_hlc", Text, nullable=False),
    Column("merged_into", String(ID), nullable=True),
    # True while the person's kiosk sharing consent is given; the feed is filtered on it.
    Column("shareable", Boolean, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    UniqueConstraint("municipality_id", "external_ref", name="uq_persons_external_ref"),
)

person_scopes = Table(
    "person_scopes",
    metadata,
    Column("person_id", String(ID), ForeignKey("persons.person_id"), primary_key=True),
    Column("scope_key", String(ID), primary_key=True),
    Index("ix_person_scopes_scope", "scope_key", "person_id"),
)

households = Table(
    "households",
    metadata,
    Column("household_id", String(ID), primary_key=True),
    Column("fields", Text, nullable=False),
    Column("field_hlc", Text, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
)

household_members = Table(
    "household_members",
    metadata,
    Column("household_id", String(ID), ForeignKey("households.household_id"), primary_key=True),
    Column("person_id", String(ID), ForeignKey("persons.person_id"), primary_key=True),
    Column("relation", String(ID), nullable=False),
)

presence = Table(
    "presence",
    metadata,
    Column("person_id", String(ID), ForeignKey("persons.person_id"), primary_key=True),
    Column("shelter_id", String(ID), nullable=False),
    Column("state", String(8), nullable=False),
    Column("hlc", String(128), nullable=False),
    Column("event_id", String(ID), nullable=False),
    Index("ix_presence_shelter", "shelter_id", "state"),
)

field_conflicts = Table(
    "field_conflicts",
    metadata,
    Column("conflict_id", Integer, primary_key=True, autoincrement=True),
    Column("entity", String(16), nullable=False),
    Column("entity_id", String(ID), nullable=False),
    Column("field", String(ID), nullable=False),
    Column("kept_value", Text, nullable=False),
    Column("kept_hlc", String(128), nullable=False),
    Column("lost_value", Text, nullable=False),
    Column("lost_hlc", String(128), nullable=False),
    Column("event_id", String(ID), nullable=True),
    Column("created_at_ms", BigInteger, nullable=False),
)

card_challenges = Table(
    "card_challenges",
    metadata,
    Column("challenge_id", String(ID), primary_key=True),
    Column("device_id", String(ID), ForeignKey("devices.device_id"), nullable=False),
    Column("nonce", String(64), nullable=False),
    Column("expires_at_ms", BigInteger, nullable=False),
)

card_links = Table(
    "card_links",
    metadata,
    Column("card_key", String(80), primary_key=True),
    Column("person_id", String(ID), ForeignKey("persons.person_id"), nullable=False),
    Column("assurance", String(16), nullable=False),
    Column("source", String(ID), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Index("ix_card_links_person", "person_id"),
)

card_link_proofs = Table(
    "card_link_proofs",
    metadata,
    # Every counter link's proof the platform took (linkage.counterlink): its nonce is never
    # accepted again, and the row is the platform's record of who linked which card.
    Column("nonce", String(64), primary_key=True),
    Column("event_id", String(ID), nullable=False),
    Column("device_id", String(ID), nullable=False),
    Column("person_id", String(ID), nullable=False),
    Column("card_key", String(80), nullable=False),
    Column("staff", String(ID), nullable=False),
    Column("challenge_id", String(ID), nullable=True),
    Column("signed_at_ms", BigInteger, nullable=False),
    Column("outcome", String(48), nullable=False),
    Column("recorded_at_ms", BigInteger, nullable=False),
    Index("ix_card_link_proofs_person", "person_id"),
)

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

feed_counter = Table(
    "feed_counter",
    metadata,
    Column("counter_id", Integer, primary_key=True, autoincrement=False),
    Column("position", BigInteger, nullable=False),
)

changes = Table(
    "changes",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("scope_key", String(ID), nullable=False),
    Column("person_id", String(ID), nullable=True),
    Column("entity", String(16), nullable=False),
    Column("entity_id", String(ID), nullable=False),
    Column("op", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("committed_at_ms", BigInteger, nullable=False),
    Index("ix_changes_scope_position", "scope_key", "position"),
    Index("ix_changes_person", "person_id"),
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

person_verifications = Table(
    "person_verifications",
    metadata,
    # A person's name, birth date and address as a verified source gave them (linkage.verified).
    Column("person_id", String(ID), ForeignKey("persons.person_id"), primary_key=True),
    Column("name", Text, nullable=False),
    Column("birth_date", String(10), nullable=True),
    Column("address", Text, nullable=True),
    Column("source", String(32), nullable=False),
    Column("actor", String(ID), nullable=False),
    Column("verified_at_ms", BigInteger, nullable=False),
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

# The citizen web (linkage/web/): browser sessions, card sign-ins, OpenID Connect, the family
# lookup's grants and its audit trail.

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

# Every clearing of a person's DV protection: the administrator, their municipality, why.
protection_audit = Table(
    "protection_audit",
    metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", String(ID), nullable=False),
    Column("action", String(16), nullable=False),
    Column("actor", String(ID), nullable=False),
    Column("municipality_id", String(ID), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Index("ix_protection_audit_person", "person_id", "at_ms"),
)

# Each live person's compare-forms (linkage/match_keys.py); "" for an address not known.
person_match_keys = Table(
    "person_match_keys",
    metadata,
    Column("person_id", String(ID), primary_key=True),
    Column("name_key", Text, nullable=False),
    Column("birth_date", String(10), nullable=False),
    Column("address_key", Text, nullable=False),
    Index("ix_person_match_keys_match", "name_key", "birth_date"),
)

# A newly registered person who may be someone known, for an administrator to decide.
merge_suggestions = Table(
    "merge_suggestions",
    metadata,
    Column("suggestion_id", Integer, primary_key=True, autoincrement=True),
    # The newer registration (merged away on acceptance) and the person it matches.
    Column("person_id", String(ID), nullable=False),
    Column("match_id", String(ID), nullable=False),
    Column("municipality_id", String(ID), nullable=False),
    Column("state", String(16), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("decided_at_ms", BigInteger, nullable=True),
    Column("decided_by", String(ID), nullable=True),
    Column("reason", Text, nullable=True),
    UniqueConstraint("person_id", "match_id", name="uq_merge_suggestions_pair"),
    Index("ix_merge_suggestions_state", "state", "suggestion_id"),
    Index("ix_merge_suggestions_match", "match_id"),
)

# Arrivals at a kiosk that did not hold the person (linkage/arrivals.py): who was brought into
# which device's scope, at which shelter, by what proof, with which household members.
arrival_audit = Table(
    "arrival_audit",
    metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", String(ID), nullable=False),
    Column("device_id", String(ID), nullable=False),
    Column("shelter_id", String(ID), nullable=False),
    Column("via", String(16), nullable=False),
    Column("proof", String(128), nullable=False),  # a pass's key id or a card_key
    Column("members", Text, nullable=False),
    Column("dv_protected", Boolean, nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Index("ix_arrival_audit_person", "person_id", "at_ms"),
)

# Headquarters staff (linkage/hq_staff.py): a person signed in to the web by card or the city's
# OpenID Connect holds a role for one municipality's sites.
hq_staff = Table(
    "hq_staff",
    metadata,
    Column("person_id", String(ID), primary_key=True),
    Column("municipality_id", String(ID), primary_key=True),
    Column("role", String(32), primary_key=True),
    Column("granted_by", String(ID), nullable=False),
    Column("granted_at_ms", BigInteger, nullable=False),
)

# Each deletion of an event's attendees' records after its retention (linkage/event_sites.py).
event_purges = Table(
    "event_purges",
    metadata,
    Column("purge_id", Integer, primary_key=True, autoincrement=True),
    Column("shelter_id", String(ID), nullable=False),
    Column("ends_on", String(10), nullable=False),
    Column("retention_days", Integer, nullable=False),
    Column("people", Integer, nullable=False),
    Column("presences", Integer, nullable=False),
    Column("events", Integer, nullable=False),
    Column("actor", String(ID), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
)

# Each shelter's stock and requests of one kind of supply (linkage/supplies.py).
shelter_supplies = Table(
    "shelter_supplies",
    metadata,
    Column("shelter_id", String(ID), primary_key=True),
    Column("item", String(32), primary_key=True),
    Column("stock", Integer, nullable=False),
    Column("requested", Integer, nullable=False),
    Column("updated_by", String(ID), nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    # The HLC of the record kept (HQ's form stamps the platform's clock): the later one wins.
    Column("hlc", String(128), nullable=True),
)

# Online early voting (linkage/evote_service): an election's online settings and period.
evote_settings = Table(
    "evote_settings",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    # Every output of a mock election is marked 模擬.
    Column("mock", Boolean, nullable=False, server_default=false()),
    Column("opens_at_ms", BigInteger, nullable=True),
    Column("closes_at_ms", BigInteger, nullable=True),
    # Set when the period was closed and the voter-to-ballot links destroyed.
    Column("closed_at_ms", BigInteger, nullable=True),
    Column("paper_cancels_online", Boolean, nullable=False, server_default=true()),
    Column("revote_allowed", Boolean, nullable=False, server_default=true()),
    # How many trustees share the election key, and how many of them decrypt the tally.
    Column("trustees", Integer, nullable=False, server_default="1"),
    Column("quorum", Integer, nullable=False, server_default="1"),
    # The election context (linkage.evote) the key ceremony produced: ballots are made in it;
    # the trustees' public ceremony records, for the election record.
    Column("context", Text, nullable=True),
    Column("trustee_records", Text, nullable=True),
    # The tracker of the last ballot accepted: each new tracker is chained from it.
    Column("last_tracker", String(ID), nullable=True),
)

evote_contests = Table(
    "evote_contests",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("contest_id", String(ID), primary_key=True),
    Column("title", Text, nullable=False),
    Column("title_en", Text, nullable=True),
    # How many candidates a voter may choose (the seats of the contest).
    Column("choices", Integer, nullable=False),
    Column("position", Integer, nullable=False),
)

evote_candidates = Table(
    "evote_candidates",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("contest_id", String(ID), primary_key=True),
    Column("candidate_id", String(ID), primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_en", Text, nullable=True),
    Column("position", Integer, nullable=False),
)

# The ballot box: ciphertexts and proofs only. Nothing here names a voter; the cast time is
# rounded to the hour so that it does not single out a voter's claim. The ballot id is the
# browser's random one.
evote_ballots = Table(
    "evote_ballots",
    metadata,
    Column("ballot_id", String(ID), primary_key=True),
    Column("election_id", String(ID), nullable=False),
    # The place in the tracker chain (acceptance order); None for an audited ballot.
    Column("seq", Integer, nullable=True),
    # A cast ballot's tracker; an audited ballot's code.
    Column("tracker", String(ID), nullable=False, unique=True),
    # The ballot; an audited one as {"ballot", "audit", "choices"}.
    Column("ballot", Text, nullable=False),
    # counted | superseded | cancelled | audited
    Column("status", String(16), nullable=False),
    Column("cast_hour_ms", BigInteger, nullable=False),
    UniqueConstraint("election_id", "seq", name="uq_evote_ballots_seq"),
    Index("ix_evote_ballots_election", "election_id", "status"),
)

# Which ballot is a voter's current one, for re-voting and for a desk's paper ballot to cancel
# it; every row is destroyed when the online period closes.
evote_voter_ballots = Table(
    "evote_voter_ballots",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("voter_id", String(ID), primary_key=True),
    Column("ballot_id", String(ID), nullable=False),
)

# A trustee's partial decryption of the tally, with its proofs (the core's JSON).
evote_partials = Table(
    "evote_partials",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("trustee", Integer, primary_key=True),
    Column("partial", Text, nullable=False),
    Column("received_at_ms", BigInteger, nullable=False),
)

# The paper ballots counted at a polling place, entered by the election office.
evote_paper_counts = Table(
    "evote_paper_counts",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("site_id", String(ID), primary_key=True),
    Column("contest_id", String(ID), primary_key=True),
    Column("candidate_id", String(ID), primary_key=True),
    Column("votes", Integer, nullable=False),
    Column("entered_by", String(ID), nullable=False),
    Column("entered_at_ms", BigInteger, nullable=False),
)

# The published result and election record (the core's record builder's JSON).
evote_results = Table(
    "evote_results",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("result", Text, nullable=False),
    Column("record", Text, nullable=False),
    Column("published_at_ms", BigInteger, nullable=False),
)

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
