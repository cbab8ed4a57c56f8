"""Arrivals at a shelter kiosk that does not hold the person (docs/protocol/sync.md,
"Arrivals").

A person shows a signed pass, or proves their card, at a kiosk whose scope does not include
them. The platform then shares the person, and the members of their household, with that
shelter's kiosks from now on, and answers with their records at once, so that the kiosk can
check them in without waiting for its next pull. Each arrival is audited: who, which device,
which shelter, by what proof, which members came along.

Only people whose kiosk-roster consent is given are shared (``consent.KIOSK_SHARING``, the
feed's own rule). A DV-protected person is shared alone: no household member comes along,
and no member's record or whereabouts reaches the kiosk. A DV-protected member of an arriving
household stays where they are, for the same reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, insert, select

from kazasu_protocol.canonical import canonical_json
from kazasu_protocol.kz1 import CodeRefused, CodeType
from linkage import passes, people
from linkage.canonical import now_ms
from linkage.devices import Device
from linkage.feed import Change
from linkage.presence import presence_payload
from linkage.problems import Problem
from linkage.scope import shelter_key
from linkage.tables import arrival_audit, card_links, household_members, persons, presence

VIA_PASS: Final = "pass"
VIA_CARD: Final = "card"


@dataclass(frozen=True)
class Arrival:
    """Who arrived and what the kiosk receives: snapshot-shaped items (person, household,
    presence at the device's shelters), the same upserts its feed will carry."""

    person_id: str
    via: str
    dv_protected: bool
    members: list[str]
    items: list[dict[str, Any]]


def require_shelter(device: Device, shelter_id: str) -> None:
    """Refuse (403) an arrival at a shelter the device does not serve."""
    if shelter_id not in device.scope.shelters:
        raise Problem(
            403, "outside-scope", "The shelter is outside this device's scope", shelter_id
        )


def by_pass(
    conn: Connection, device: Device, shelter_id: str, code: str
) -> tuple[Arrival, list[Change]]:
    """Bring a signed pass's person (and household) into the device's scope.

    The pass is verified as every kiosk would, against every key the platform published: a
    forged, expired or revoked-key pass is refused (422 ``code-refused`` with its reason).
    """
    require_shelter(device, shelter_id)
    try:
        body = passes.check_code(conn, code, CodeType.PASS)
    except CodeRefused as refused:
        raise Problem(
            422, "code-refused", "The pass is not valid", str(refused), reason=refused.reason.value
        ) from None
    return _bring(conn, device, shelter_id, body.subject, VIA_PASS, body.kid)


def by_card(
    conn: Connection, device: Device, shelter_id: str, card_key: str
) -> tuple[Arrival, list[Change]]:
    """Bring the person a proven card is linked to (and household) into the device's scope.

    A card linked to nobody is 404 ``card-not-registered``: the kiosk offers a walk-in
    registration.
    """
    require_shelter(device, shelter_id)
    linked = conn.execute(
        select(card_links.c.person_id).where(card_links.c.card_key == card_key)
    ).scalar_one_or_none()
    if linked is None:
        raise Problem(
            404,
            "card-not-registered",
            "This card is not registered",
            "This card is not registered: no person is linked to it. Register the holder at "
            "the staff desk.",
        )
    return _bring(conn, device, shelter_id, str(linked), VIA_CARD, card_key)


def _bring(
    conn: Connection, device: Device, shelter_id: str, person_id: str, via: str, proof: str
) -> tuple[Arrival, list[Change]]:
    pid = people.resolve(conn, person_id)
    if pid is None:
        raise Problem(404, "unknown-person", "Unknown person", person_id)
    row = conn.execute(
        select(persons.c.shareable, persons.c.household_id, persons.c.fields).where(
            persons.c.person_id == pid
        )
    ).one()
    if not row.shareable:
        raise Problem(409, "not-shared", "The person does not share their data with kiosks", pid)
    dv = bool(json.loads(row.fields).get(people.PROTECTION_FIELD))
    household_id: str | None = row.household_id
    members = [] if dv or household_id is None else _members(conn, household_id, pid)
    key = shelter_key(shelter_id)
    for p in (pid, *members):
        people.add_scope(conn, p, key)
    payloads = people.person_payloads(conn, [pid, *members])
    out = [Change(key, "person", p, "upsert", payloads[p], p) for p in (pid, *members)]
    if not dv and household_id is not None:
        out += [c for c in people.household_changes(conn, household_id) if c.scope_key == key]
    here = _presence_here(conn, device, [pid, *members])
    conn.execute(
        insert(arrival_audit).values(
            person_id=pid,
            device_id=device.device_id,
            shelter_id=shelter_id,
            via=via,
            proof=proof,
            members=canonical_json(members),
            dv_protected=dv,
            at_ms=now_ms(),
        )
    )
    items = [
        {"entity": c.entity, "entity_id": c.entity_id, "op": c.op, "payload": c.payload}
        for c in out
    ]
    return Arrival(pid, via, dv, members, items + here), out


def _members(conn: Connection, household_id: str, person_id: str) -> list[str]:
    """The household's other members a kiosk may receive: shared, not merged, not protected."""
    rows = conn.execute(
        select(persons.c.person_id, persons.c.fields)
        .join(household_members, household_members.c.person_id == persons.c.person_id)
        .where(
            household_members.c.household_id == household_id,
            persons.c.person_id != person_id,
            persons.c.shareable.is_(True),
            persons.c.merged_into.is_(None),
        )
        .order_by(persons.c.person_id)
    )
    return [r.person_id for r in rows if not json.loads(r.fields).get(people.PROTECTION_FIELD)]


def _presence_here(conn: Connection, device: Device, person_ids: list[str]) -> list[dict[str, Any]]:
    """Presence of these people at the device's own shelters (never anywhere else)."""
    rows = conn.execute(
        select(presence).where(
            presence.c.person_id.in_(person_ids),
            presence.c.shelter_id.in_(list(device.scope.shelters)),
        )
    )
    return [
        {
            "entity": "presence",
            "entity_id": r.person_id,
            "op": "upsert",
            "payload": presence_payload(r.person_id, r.shelter_id, r.state, r.hlc),
        }
        for r in rows
    ]
