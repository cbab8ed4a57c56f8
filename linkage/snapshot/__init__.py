"""The initial snapshot for a new kiosk: current state of its scope, in resumable pages.

The first page fixes a snapshot position (the feed head at that moment). Every page token
carries it with the phase and the last key served, so a kiosk that loses its connection asks
again with the same token. When the last page is done the kiosk pulls the feed from the
snapshot position; changes made while it paged arrive again there and, being whole-state
upserts applied in order, leave it with the newest state.

The person and household phases, the large ones, have modules of their own (``people``,
``households``).
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, Select, func, select

from kazasu_protocol import b64url
from linkage import city_cards, feed, keys, supplies
from linkage.devices import Device
from linkage.places import shelter_payload
from linkage.presence import presence_payload
from linkage.problems import Problem
from linkage.questions import municipalities_of, question_payload
from linkage.snapshot import households, people
from linkage.snapshot.shared import Written, held_count, in_scope
from linkage.tables import (
    city_card_formats,
    persons,
    presence,
    questions,
    shelter_supplies,
    shelters,
)
from linkage.voting import snapshot as voting_snapshot

REVOKED_KEYS = "revoked_key"
# Definitions first: a kiosk knows its shelters before it learns who is in them.
PHASES = (
    "shelter",
    "supplies",
    "question",
    "city_card_format",
    "person",
    "city_card",
    "household",
    "presence",
    *voting_snapshot.PHASES,
    REVOKED_KEYS,
)


# An item of a page: a dictionary, or a run of items the database wrote as JSON text.
Item = dict[str, Any] | orjson.Fragment


@dataclass(frozen=True)
class Token:
    """Where a snapshot stands: its position, the phase, the last key served, and how many
    items the whole snapshot holds (counted once, on the first page)."""

    position: int
    phase: str
    after: str
    total: int

    def encode(self) -> str:
        """The opaque page token."""
        fields = [1, self.position, self.phase, self.after, self.total]
        raw = json.dumps(fields, separators=(",", ":"))
        return b64url.encode(raw.encode())

    @classmethod
    def decode(cls, text: str) -> Token:
        """Read a page token; malformed tokens are a 400."""
        try:
            raw = b64url.decode(text)
            version, position, phase, after, total = json.loads(raw)
            if version != 1 or not isinstance(position, int) or position < 0:
                raise ValueError("bad token")
            if not isinstance(total, int) or total < 0:
                raise ValueError("bad token")
            if phase not in PHASES or not isinstance(after, str):
                raise ValueError("bad token")
        except (ValueError, TypeError, UnicodeDecodeError) as exc:
            raise Problem(400, "invalid-page-token", "Malformed snapshot page token") from exc
        return cls(position, phase, after, total)


def page(
    conn: Connection,
    device: Device,
    token: str | None,
    limit: int,
    compact: Collection[str] = (),
) -> tuple[int, list[Item], str | None, int]:
    """One snapshot page: (snapshot position, items, next page token or None when done, the
    number of items in the whole snapshot, for the kiosk's progress bar). ``compact``: the
    entities (``person``, ``household``) whose items are in the compact form
    (kazasu_protocol/person_item.py, household_item.py), as the kiosk asked.

    An item may be an ``orjson.Fragment`` holding several items' JSON, comma-separated:
    written into a list by ``canonical_json_bytes``, they are that many items of it.
    """
    if token:
        state = Token.decode(token)
    else:
        state = Token(feed.head(conn), PHASES[0], "", _count(conn, device))
    items: list[Item] = []
    served = 0
    phase, after = state.phase, state.after
    while True:
        wanted = limit - served
        batch = _read(conn, device, phase, after, wanted, compact)
        if isinstance(batch, Written):
            count, last = batch.size, batch.last
            if count:
                items.append(orjson.Fragment(batch.text))
        else:
            count, last = len(batch), str(batch[-1]["entity_id"]) if batch else ""
            items += batch
        served += count
        if count == wanted:
            # The page is full; this phase may hold more.
            following_token = Token(state.position, phase, last, state.total).encode()
            return state.position, items, following_token, state.total
        following = PHASES.index(phase) + 1
        if following == len(PHASES):
            return state.position, items, None, state.total
        phase, after = PHASES[following], ""


def _read(
    conn: Connection,
    device: Device,
    phase: str,
    after: str,
    limit: int,
    compact: Collection[str],
) -> list[dict[str, Any]] | Written:
    if phase == "shelter":
        return _shelters(conn, device, after, limit)
    if phase == "supplies":
        return _supplies(conn, device, after, limit)
    if phase == "question":
        return _questions(conn, device, after, limit)
    if phase == "city_card_format":
        return _city_card_formats(conn, device, after, limit)
    if phase == "person":
        compact_people = "person" in compact
        if conn.dialect.name == "postgresql":
            return people.text(conn, device, after, limit, compact_people)
        return people.joined_text(conn, device, after, limit, compact_people)
    if phase == "city_card":
        return _city_cards(conn, device, after, limit)
    if phase == "household":
        compact_households = "household" in compact
        if conn.dialect.name == "postgresql":
            return households.text(conn, device, after, limit, compact_households)
        return households.joined_text(conn, device, after, limit, compact_households)
    if phase in voting_snapshot.PHASES:
        return voting_snapshot.read(conn, device, phase, after, limit)
    if phase == REVOKED_KEYS:
        return keys.revocations(conn, after, limit)
    return _presence(conn, device, after, limit)


def _count(conn: Connection, device: Device) -> int:
    """How many items the snapshot of this device's scope holds, across its phases."""
    # The scope's people and the platform's, counted once for the people's and households'
    # counts, and kept for the household pages' choice of walk (``households.note_share``).
    sizes = select(
        held_count(device).label("held"), households.everyone_count().label("everyone")
    ).cte("sizes")
    held = select(sizes.c.held).scalar_subquery()
    everyone = select(sizes.c.everyone).scalar_subquery()
    queries = (
        _shelters_query(device),
        _supplies_query(device),
        _questions_query(conn, device),
        city_cards.formats_query(conn, device),
        city_cards.links_query(lambda pid: in_scope(device, pid)),
        _presence_query(device),
    )
    # One statement, one round trip, for the phases' counts.
    counts = [select(func.count()).select_from(q.subquery()).scalar_subquery() for q in queries]
    counts.append(households.count_query(conn, device, held, everyone))
    counts.append(people.count_query(device, held))
    row = conn.execute(select(functools.reduce(operator.add, counts), held, everyone)).one()
    households.note_share(conn, device, int(row[1]), int(row[2]))
    return keys.revoked_count(conn) + voting_snapshot.count(conn, device) + int(row[0])


def _shelters_query(device: Device) -> Select[Any]:
    return select(shelters).where(shelters.c.shelter_id.in_(list(device.scope.shelters)))


def _shelters(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        _shelters_query(device)
        .where(shelters.c.shelter_id > after)
        .order_by(shelters.c.shelter_id)
        .limit(limit)
    )
    return [
        {"entity": "shelter", "entity_id": r.shelter_id, "payload": shelter_payload(r)}
        for r in rows
    ]


def _supplies_query(device: Device) -> Select[Any]:
    return (
        select(shelter_supplies.c.shelter_id)
        .where(shelter_supplies.c.shelter_id.in_(list(device.scope.shelters)))
        .distinct()
    )


def _supplies(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    # One item per shelter with supplies recorded, as the feed's ``supplies`` change.
    ids: list[str] = list(
        conn.execute(
            _supplies_query(device)
            .where(shelter_supplies.c.shelter_id > after)
            .order_by(shelter_supplies.c.shelter_id)
            .limit(limit)
        ).scalars()
    )
    return [
        {"entity": "supplies", "entity_id": sid, "payload": supplies.changes(conn, sid)[0].payload}
        for sid in ids
    ]


def _questions_query(conn: Connection, device: Device) -> Select[Any]:
    towns = municipalities_of(conn, list(device.scope.shelters))
    return select(questions).where(questions.c.municipality_id.in_(towns))


def _questions(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    # A kiosk holds one definition per question id; its shelters normally share a municipality.
    rows = conn.execute(
        _questions_query(conn, device)
        .where(questions.c.question_id > after)
        .order_by(questions.c.question_id, questions.c.municipality_id)
        .limit(limit)
    )
    return [
        {"entity": "question", "entity_id": r.question_id, "payload": question_payload(r)}
        for r in rows
    ]


def _city_card_formats(
    conn: Connection, device: Device, after: str, limit: int
) -> list[dict[str, Any]]:
    rows = conn.execute(
        city_cards.formats_query(conn, device)
        .where(city_card_formats.c.municipality_id > after)
        .order_by(city_card_formats.c.municipality_id)
        .limit(limit)
    )
    return [
        {
            "entity": "city_card_format",
            "entity_id": r.municipality_id,
            "payload": city_cards.format_payload(r),
        }
        for r in rows
    ]


def _city_cards(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    rows = city_cards.links_after(conn, lambda pid: in_scope(device, pid), after, limit)
    return [
        {
            "entity": "city_card",
            "entity_id": f"{r.municipality_id}:{r.card_id}",
            "payload": city_cards.link_payload(r.municipality_id, r.card_id, r.person_id),
        }
        for r in rows
    ]


def _presence_query(device: Device) -> Select[Any]:
    return (
        select(presence)
        .join(persons, persons.c.person_id == presence.c.person_id)
        .where(
            presence.c.shelter_id.in_(list(device.scope.shelters)),
            persons.c.shareable.is_(True),
        )
    )


def _presence(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        _presence_query(device)
        .where(presence.c.person_id > after)
        .order_by(presence.c.person_id)
        .limit(limit)
    )
    return [
        {
            "entity": "presence",
            "entity_id": r.person_id,
            "payload": presence_payload(r.person_id, r.shelter_id, r.state, r.hlc),
        }
        for r in rows
    ]
