"""Headquarters: its staff, the event sites' purges and the shelters' supplies."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, String, Table

from linkage.tables.meta import ID, metadata

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
