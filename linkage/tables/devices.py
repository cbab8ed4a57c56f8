"""Kiosks and their enrolment, sign-in and sync: the event log, the feed and the keys that sign QR
codes."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from linkage.tables.meta import ID, metadata

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
    # The headquarters read moves by type over a time window (linkage/hq.py). On PostgreSQL a
    # block-range index: events arrive roughly in stamp order, and its upkeep per stored event
    # is next to nothing where a B-tree's is an entry. Autovacuum summarises each block range as
    # it fills: one not yet summarised is read whatever the window.
    Index(
        "ix_events_type_hlc",
        "type",
        "hlc",
        postgresql_using="brin",
        postgresql_with={"autosummarize": "on"},
    ),
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

feed_counter = Table(
    "feed_counter",
    metadata,
    Column("counter_id", Integer, primary_key=True, autoincrement=False),
    Column("position", BigInteger, nullable=False),
)

changes = Table(
    "changes",
    metadata,
    Column("position", BigInteger, nullable=False, autoincrement=False),
    Column("scope_key", String(ID), nullable=False),
    Column("person_id", String(ID), nullable=True),
    Column("entity", String(16), nullable=False),
    Column("entity_id", String(ID), nullable=False),
    Column("op", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("committed_at_ms", BigInteger, nullable=False),
    # Every pull reads a scope's changes after a position, in position order: the key's own
    # index. Positions are unique anyway (the counter hands each out once), so a key on
    # ``position`` alone beside an index on these columns was a second entry per change.
    PrimaryKeyConstraint("scope_key", "position", name="changes_pkey"),
    # Read only to delete a person's changes (erasure, withdrawn consent): equality alone. On
    # PostgreSQL a hash index, whose upkeep per pushed change is about half a B-tree's.
    Index("ix_changes_person", "person_id", postgresql_using="hash"),
)
