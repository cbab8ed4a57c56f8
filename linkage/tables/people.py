"""People and households: their scopes, presence, conflicts, verified details, matching, merging,
protection and arrivals."""

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
    not_,
)

from linkage.tables.meta import ID, metadata

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
    # ``field_hlc`` in the compact person item's form (kazasu_protocol/person_item.py): the
    # record's stamp and the differing stamps as canonical JSON, kept by every writer
    # (``people.stamp_columns``). A row whose ``differing_hlc`` is null (written without them)
    # has them computed from ``field_hlc`` when a snapshot reads it.
    Column("record_hlc", String(128), nullable=True),
    Column("differing_hlc", Text, nullable=True),
    Column("merged_into", String(ID), nullable=True),
    # True while the person's kiosk sharing consent is given; the feed is filtered on it.
    Column("shareable", Boolean, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    UniqueConstraint("municipality_id", "external_ref", name="uq_persons_external_ref"),
)
# The few people who withheld kiosk sharing: a pull reads them once per page (linkage.feed).
Index(
    "ix_persons_withheld",
    persons.c.person_id,
    postgresql_where=not_(persons.c.shareable),
    sqlite_where=not_(persons.c.shareable),
)

# The few people merged into another: a snapshot's count of its people leaves them out
# (linkage.snapshot).
Index(
    "ix_persons_merged",
    persons.c.person_id,
    postgresql_where=persons.c.merged_into.is_not(None),
    sqlite_where=persons.c.merged_into.is_not(None),
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
    # ``field_hlc`` in the compact household item's form (kazasu_protocol/household_item.py),
    # kept by every writer as a person's are (``people.stamp_columns``); null: computed from
    # ``field_hlc`` when a snapshot reads it.
    Column("record_hlc", String(128), nullable=True),
    Column("differing_hlc", Text, nullable=True),
    # The household's members who share (``persons.shareable``), as its snapshot item's
    # ``members`` list in canonical JSON, kept by every writer of its members or of their
    # sharing (``household_lists.keep``). Null (a row written without it) is computed from
    # ``household_members`` when a snapshot reads it.
    Column("members_json", Text, nullable=True),
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
    # By shelter alone: a check-in or check-out at the same shelter changes no indexed column,
    # so PostgreSQL rewrites the row in place (a heap-only update) in the room its pages keep.
    Index("ix_presence_shelter", "shelter_id"),
    postgresql_with={"fillfactor": 70},
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
