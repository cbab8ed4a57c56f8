"""Cards linked to people: My Number Card links and their proofs, and cities' own QR ID cards."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Table

from linkage.tables.meta import ID, metadata

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
