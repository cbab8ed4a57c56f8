"""A municipality's own QR ID card (e.g. a resident card): its format, and the cards linked.

The administrator defines the card's format per municipality: the QR text is
``<prefix>:<municipality code>:<card id>``, the card id matching an anchored pattern. The format
reaches the kiosks of the municipality's shelters through the feed (entity
``city_card_format``, scope key ``municipality:<id>``), as the municipality's questions do.

A city card identifies, it proves nothing (docs/design.md §2: a QR can be photocopied). So a card is
linked to a person once, at a staffed counter, and only to a person whose My Number Card was
linked there with its proof (a ``verified`` card link): the kiosk sends a
``person.city_card_linked`` event, and a link for anyone else is an incident, with nothing
stored. A link made reaches the person's other kiosks (entity ``city_card``).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, Select, insert, select, update

from linkage import cardlink  # the module: cardlink imports this one, through projection
from linkage.canonical import now_ms
from linkage.devices import Device
from linkage.envelope import EventIn
from linkage.feed import Change
from linkage.municipalities import require_municipality
from linkage.people import scopes_of
from linkage.problems import Problem
from linkage.questions import municipalities_of, municipality_key
from linkage.tables import card_links, city_card_formats, city_cards, persons

PREFIX = re.compile(r"^[A-Z][A-Z0-9]{0,15}$")
MUNICIPALITY_CODE = re.compile(r"^[0-9]{6}$")
MAX_PATTERN = 100
MAX_ID = 64
# The pattern language: anchored, a sequence of single characters, character classes and \d,
# each optionally bounded by {n}, {m,n} or ?. No alternation, groups, back references or
# unbounded repeats: matching is linear and a card id has a known maximum length.
_ATOM = r"(?:\[(?:[0-9A-Za-z](?:-[0-9A-Za-z])?|-)+\]|\\d|[0-9A-Za-z-])"
_BOUND = r"(?:\{[0-9]{1,2}(?:,[0-9]{1,2})?\}|\?)?"
_GRAMMAR = re.compile(rf"\^(?:{_ATOM}{_BOUND})+\$")
_PIECE = re.compile(rf"({_ATOM})({_BOUND})")


def municipality_check_digit(first_five: str) -> int:
    """The sixth digit of a local government code (全国地方公共団体コード) from the first five."""
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a safe card-id pattern, or None when it is."""
    if len(pattern) > MAX_PATTERN:
        return f"the id pattern is longer than {MAX_PATTERN} characters"
    if not _GRAMMAR.fullmatch(pattern):
        return (
            "the id pattern must be anchored (^...$) and made of letters, digits, -, \\d and "
            "[...] classes, each with an optional {n}, {m,n} or ?; no groups, | , * or +"
        )
    longest = 0
    for piece in _PIECE.finditer(pattern[1:-1]):
        bound = piece.group(2)
        if bound == "?":
            low, high = 0, 1
        elif bound:
            numbers = [int(n) for n in bound[1:-1].split(",")]
            low, high = numbers[0], numbers[-1]
        else:
            low, high = 1, 1
        if low > high:
            return f"the bound {bound} has its minimum above its maximum"
        longest += high
    if longest > MAX_ID:
        return f"the id pattern allows ids longer than {MAX_ID} characters"
    return None


def put_format(
    conn: Connection, municipality_id: str, prefix: str, municipality_code: str, id_pattern: str
) -> list[Change]:
    """Define or change a municipality's city-card format; the feed change for its kiosks.

    Bad input is a 422 ``invalid-city-card-format`` naming every problem.
    """
    require_municipality(conn, municipality_id)
    problems = []
    if not PREFIX.match(prefix):
        problems.append("the prefix is 1-16 capital letters or digits, a letter first")
    if not MUNICIPALITY_CODE.match(municipality_code) or municipality_check_digit(
        municipality_code[:5]
    ) != int(municipality_code[5]):
        problems.append(f"{municipality_code!r} is not a valid 6-digit local government code")
    reason = pattern_problem(id_pattern)
    if reason is not None:
        problems.append(reason)
    if problems:
        raise Problem(
            422, "invalid-city-card-format", "Invalid city card format", "; ".join(problems)
        )
    key = city_card_formats.c.municipality_id == municipality_id
    before = conn.execute(select(city_card_formats).where(key)).first()
    values = {
        "prefix": prefix,
        "municipality_code": municipality_code,
        "id_pattern": id_pattern,
        "updated_at_ms": now_ms(),
    }
    if before is None:
        conn.execute(insert(city_card_formats).values(municipality_id=municipality_id, **values))
    elif (before.prefix, before.municipality_code, before.id_pattern) == (
        prefix,
        municipality_code,
        id_pattern,
    ):
        return []  # a repeated PUT adds nothing to the feed
    else:
        conn.execute(update(city_card_formats).where(key).values(**values))
    row = conn.execute(select(city_card_formats).where(key)).one()
    payload = format_payload(row)
    return [
        Change(
            municipality_key(municipality_id),
            "city_card_format",
            municipality_id,
            "upsert",
            payload,
            None,
        )
    ]


def get_format(conn: Connection, municipality_id: str) -> dict[str, Any]:
    """The municipality's city-card format; 404 ``no-city-card-format`` when it has none."""
    require_municipality(conn, municipality_id, status=404)
    row = conn.execute(
        select(city_card_formats).where(city_card_formats.c.municipality_id == municipality_id)
    ).first()
    if row is None:
        raise Problem(
            404,
            "no-city-card-format",
            "No city card format",
            f"Municipality {municipality_id!r} has no city card format defined.",
        )
    return format_payload(row)


def format_payload(row: Any) -> dict[str, Any]:
    """A format as the feed, the snapshot and the admin API carry it."""
    return {
        "municipality_id": row.municipality_id,
        "prefix": row.prefix,
        "municipality_code": row.municipality_code,
        "id_pattern": row.id_pattern,
    }


def formats_query(conn: Connection, device: Device) -> Select[Any]:
    """The formats of the municipalities of the device's shelters."""
    towns = municipalities_of(conn, list(device.scope.shelters))
    return select(city_card_formats).where(city_card_formats.c.municipality_id.in_(towns))


def is_city_card_link(event: EventIn) -> bool:
    """Whether the event links a city card."""
    return event.type == "person.city_card_linked"


def apply_link(conn: Connection, device: Device, event: EventIn, pid: str) -> list[Change]:
    """Link the card to the person, or keep an incident saying why not (nothing stored)."""
    p = event.payload
    municipality_id, card_id = str(p["municipality_id"]), str(p["card_id"])
    # Imported here: the projection reaches this module through merges (merge_suggestions).
    from linkage.projection import incident

    refusal = _refusal(conn, device, pid, municipality_id, card_id)
    if refusal is not None:
        detail = {
            "event_id": event.event_id,
            "person_id": pid,
            "municipality_id": municipality_id,
        }
        incident(conn, refusal, device.device_id, detail)
        return []
    key = (city_cards.c.municipality_id == municipality_id) & (city_cards.c.card_id == card_id)
    if conn.execute(select(city_cards.c.person_id).where(key)).first() is None:
        conn.execute(
            insert(city_cards).values(
                municipality_id=municipality_id,
                card_id=card_id,
                person_id=pid,
                device_id=device.device_id,
                staff=str(p["staff"])[:64],
                event_id=event.event_id,
                linked_at_ms=now_ms(),
            )
        )
    return link_changes(conn, pid, municipality_id, card_id)


def person_links_changes(conn: Connection, pid: str) -> list[Change]:
    """Every city card of the person, for their kiosks (after a merge brought them new ones)."""
    rows = conn.execute(
        select(city_cards.c.municipality_id, city_cards.c.card_id)
        .where(city_cards.c.person_id == pid)
        .order_by(city_cards.c.municipality_id, city_cards.c.card_id)
    )
    return [c for r in rows for c in link_changes(conn, pid, r.municipality_id, r.card_id)]


def link_changes(conn: Connection, pid: str, municipality_id: str, card_id: str) -> list[Change]:
    """The link for the person's kiosks, if the person shares their data with them."""
    shareable: bool = conn.execute(
        select(persons.c.shareable).where(persons.c.person_id == pid)
    ).scalar_one()
    if not shareable:
        return []
    payload = link_payload(municipality_id, card_id, pid)
    entity_id = f"{municipality_id}:{card_id}"
    return [
        Change(k, "city_card", entity_id, "upsert", payload, pid)
        for k in sorted(scopes_of(conn, pid))
    ]


def links_query(in_scope: Any) -> Select[Any]:
    """The links of shareable people ``in_scope`` (a predicate on a person id column)."""
    # Each link's person asked in turn (EXISTS) rather than joined: for the join SQLite read
    # every person of the platform to find the links (70 ms at 100,000 people and no link,
    # on every snapshot's first page).
    shares = select(persons.c.person_id).where(
        persons.c.person_id == city_cards.c.person_id, persons.c.shareable.is_(True)
    )
    return select(city_cards.c.municipality_id, city_cards.c.card_id, city_cards.c.person_id).where(
        shares.exists(), in_scope(city_cards.c.person_id)
    )


def links_after(conn: Connection, in_scope: Any, after: str, limit: int) -> list[Any]:
    """A page of ``links_query`` after the entity id ``after`` ("<municipality>:<card id>";
    a municipality id holds no colon), in that order."""
    town, _, card = after.partition(":")
    c = city_cards.c
    later = (c.municipality_id > town) | ((c.municipality_id == town) & (c.card_id > card))
    query = links_query(in_scope).where(later).order_by(c.municipality_id, c.card_id)
    return list(conn.execute(query.limit(limit)))


def link_payload(municipality_id: str, card_id: str, person_id: str) -> dict[str, Any]:
    """A link as the feed and the snapshot carry it."""
    return {"municipality_id": municipality_id, "card_id": card_id, "person_id": person_id}


def _refusal(
    conn: Connection, device: Device, pid: str, municipality_id: str, card_id: str
) -> str | None:
    if municipality_id not in municipalities_of(conn, list(device.scope.shelters)):
        return "city-card-outside-scope"
    pattern = conn.execute(
        select(city_card_formats.c.id_pattern).where(
            city_card_formats.c.municipality_id == municipality_id
        )
    ).scalar_one_or_none()
    if pattern is None:
        return "city-card-format-unknown"
    if not re.fullmatch(pattern, card_id):
        return "city-card-invalid"
    verified = conn.execute(
        select(card_links.c.card_key).where(
            card_links.c.person_id == pid, card_links.c.assurance == cardlink.VERIFIED
        )
    ).first()
    if verified is None:
        return "city-card-unverified-person"
    holder = conn.execute(
        select(city_cards.c.person_id).where(
            city_cards.c.municipality_id == municipality_id, city_cards.c.card_id == card_id
        )
    ).scalar_one_or_none()
    if holder is not None and holder != pid:
        return "city-card-linked-elsewhere"
    return None
