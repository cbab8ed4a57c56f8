"""A municipality's own QR ID card at this kiosk: the formats the platform gave it, and linking
a card to a person at the counter.

A city card identifies, it proves nothing (docs/design.md §2): its QR can be photocopied. So it
is linked only to a person whose My Number Card was linked at this counter with the card's
signature (kiosk/cardlink.py), once, by staff; afterwards the city card alone checks the person in
and out (kiosk/counter.py). The link travels as a ``person.city_card_linked`` event; the platform
takes it only for a person whose card link it verified (docs/decisions/city-cards.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from cardio.qr.cityid import CityCardFormat, CityCardFormats, CityIdError, CityIdRegistry
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.sqlite import Connection
from kiosk.store import Store

FORMATS_META = "city_card_formats"
PREFIX = "city:"
# A counter link this kiosk made, recorded in its audit log by kiosk/cardlink.py.
COUNTER_LINK_ACTION = "card.link"
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def identifier(municipality_id: str, card_id: str) -> str:
    """The kiosk identifier of a city card: ``city:<municipality>:<card id>``."""
    return f"{PREFIX}{municipality_id}:{card_id}"


def formats(conn: Connection) -> list[CityCardFormat]:
    """The city card formats the platform gave this kiosk, by municipality."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (FORMATS_META,)).fetchone()
    held: dict[str, dict[str, str]] = {} if row is None else json.loads(row[0])
    return [CityCardFormat(m, **held[m]) for m in sorted(held)]


def registry(store: Store) -> CityIdRegistry:
    """A registry reading the city cards of the formats held now."""
    with store.reading() as conn:
        return CityIdRegistry([CityCardFormats(formats(conn))])


def store_format(conn: Connection, card_format: CityCardFormat) -> None:
    """Keep a format the platform defined, replacing the municipality's earlier one."""
    if not _ID.match(card_format.municipality_id):
        raise ValueError(f"municipality id {card_format.municipality_id!r}")
    try:
        re.compile(card_format.id_pattern)
    except re.error as exc:
        raise ValueError(f"the id pattern does not compile: {exc}") from None
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (FORMATS_META,)).fetchone()
    held: dict[str, dict[str, str]] = {} if row is None else json.loads(row[0])
    held[card_format.municipality_id] = {
        "prefix": card_format.prefix,
        "municipality_code": card_format.municipality_code,
        "id_pattern": card_format.id_pattern,
    }
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (FORMATS_META, json.dumps(held, sort_keys=True)),
    )


def store_link(conn: Connection, municipality_id: str, card_id: str, person_id: str) -> None:
    """Keep a link the platform accepted (made at this or another kiosk of the person)."""
    conn.execute(
        "INSERT OR REPLACE INTO identifiers (identifier, person_id) VALUES (?, ?)",
        (identifier(municipality_id, card_id), person_id),
    )


@dataclass(frozen=True)
class CityCardLinked:
    """A city card linked to a person (``device_seq`` is the event's, None when it already
    was linked to them)."""

    person_id: str
    municipality_id: str
    card_id: str
    device_seq: int | None


class CityCardService:
    """Links city cards to people whose My Number Card was linked at this counter."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def link(self, actor: str, person_id: str, code: str) -> CityCardLinked:
        """Link the city card whose QR text is ``code`` to the person.

        Refused (``not_verified``) unless this kiosk linked the person's My Number Card at the
        counter; refused (``linked_elsewhere``) for a card linked to someone else; InvalidInput
        for a code of no format the platform gave this kiosk.
        """
        with self.store.reading() as conn:
            held = CityIdRegistry([CityCardFormats(formats(conn))])
        try:
            city = held.parse(code.strip())
        except CityIdError as exc:
            raise InvalidInput("not a valid city card: {exc}", exc=exc) from None
        if city is None:
            raise InvalidInput("not a city card of a format this kiosk was given by the platform")
        card = identifier(city.scheme, city.opaque_id)
        with self.store.transaction() as tx:
            if (
                tx.conn.execute(
                    "SELECT 1 FROM persons WHERE person_id = ?", (person_id,)
                ).fetchone()
                is None
            ):
                raise NotFound("no person {person_id}", person_id=person_id)
            verified = tx.conn.execute(
                "SELECT 1 FROM audit WHERE action = ? AND target = ? LIMIT 1",
                (COUNTER_LINK_ACTION, person_id),
            ).fetchone()
            if verified is None:
                raise Refused(
                    "not_verified",
                    "link this person's My Number Card at the counter first: a city card is "
                    "linked only after the card's PIN has proven who they are",
                )
            row = tx.conn.execute(
                "SELECT person_id FROM identifiers WHERE identifier = ?", (card,)
            ).fetchone()
            if row is not None and row[0] != person_id:
                raise Refused("linked_elsewhere", "this city card is linked to another person")
            if row is not None:
                return CityCardLinked(person_id, city.scheme, city.opaque_id, None)
            tx.conn.execute(
                "INSERT INTO identifiers (identifier, person_id) VALUES (?, ?)", (card, person_id)
            )
            event = tx.emit(
                "person.city_card_linked",
                {
                    "person_id": person_id,
                    "municipality_id": city.scheme,
                    "card_id": city.opaque_id,
                    "staff": actor,
                },
            )
            tx.audit(actor, "city_card.link", person_id, municipality_id=city.scheme)
        return CityCardLinked(person_id, city.scheme, city.opaque_id, event.device_seq)
