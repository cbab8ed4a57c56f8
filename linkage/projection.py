"""Stored events become state: people, households, card claims and presence per shelter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from kazasu_protocol.canonical import canonical_json
from linkage import (
    consent,
    event_sites,
    household_lists,
    match_keys,
    merge_suggestions,
    people,
    places,
    presence,
    supplies,
)
from linkage.canonical import now_ms
from linkage.db import bulk_insert, key_in
from linkage.devices import Device
from linkage.envelope import EventIn
from linkage.feed import Change
from linkage.tables import (
    card_links,
    consent_records,
    household_members,
    incidents,
    person_scopes,
    persons,
    shelters,
)
from linkage.voting import ingest as voting_ingest
from linkage.voting.voters import changes_for_person as voter_changes_for
from linkage.web import audit


def incident(conn: Connection, kind: str, device_id: str | None, detail: dict[str, Any]) -> None:
    """Record something staff must look at (conflicting events, unknown people, ...)."""
    conn.execute(
        insert(incidents).values(
            kind=kind, device_id=device_id, detail=canonical_json(detail), created_at_ms=now_ms()
        )
    )


@dataclass(frozen=True)
class Known:
    """What a push read about its batch before storing it, in the same transaction."""

    # ``presence.read`` of every person the batch names, with the scope keys of the device
    # and of the moves' shelters.
    people: dict[str, presence.Now]
    # The event sites among the shelters the batch's moves arrive at.
    event_sites: frozenset[str]


def apply(
    conn: Connection,
    device: Device,
    batch: Sequence[EventIn],
    proofs: Mapping[str, Any] | None = None,
    read: Known | None = None,
) -> list[Change]:
    """Project newly stored events, in device order; returns the feed changes they cause.

    ``proofs`` holds the checked proofs of counter card links (``linkage.counterlink.Proof``)
    by event id; ``read`` is what the push read of the batch's people and sites before.
    """
    out: list[Change] = []
    moves: list[EventIn] = []
    # Registrations of people the platform does not know yet are the bulk of a kiosk's
    # import; consecutive ones are written together. Anything else is applied one event at
    # a time, after the registrations before it.
    known = _known_persons(conn, batch)
    fresh: list[EventIn] = []
    for event in batch:
        if event.type in presence.MOVE_TYPES:
            moves.append(event)
        elif event.type == "person.registered" and event.payload["person_id"] not in known:
            fresh.append(event)
        else:
            out += _register_new(conn, device, fresh)
            fresh = []
            out += _apply_record_event(conn, device, event, proofs or {})
        if event.type == "person.registered":
            known.add(event.payload["person_id"])
    out += _register_new(conn, device, fresh)
    # Presence is applied after the batch's registrations so a walk-in registered and
    # checked in within one batch is known by then.
    # What was read before is still what the moves meet unless other events came first.
    people_now = read.people if read is not None and len(moves) == len(batch) else None
    moved, unknown = presence.apply_moves(conn, moves, people_now)
    sites = read.event_sites if read is not None else None
    event_sites.hold_attendees(conn, device.device_id, [arrival(e) for e in moves], sites)
    for event in unknown:
        incident(conn, "unknown-person", device.device_id, {"event_id": event.event_id})
    return out + moved


def arrival(event: EventIn) -> tuple[str, str]:
    """(person id, the site they arrived at, or "" for a check-out) of a move event."""
    p = event.payload
    if event.type == "shelter.checked_in":
        return p["person_id"], p["shelter_id"]
    return p["person_id"], p.get("to_shelter_id", "")


def _known_persons(conn: Connection, batch: Sequence[EventIn]) -> set[str]:
    ids = [e.payload["person_id"] for e in batch if e.type == "person.registered"]
    if not ids:
        return set()
    found: list[str] = list(
        conn.execute(
            select(persons.c.person_id).where(key_in(conn, persons.c.person_id, ids))
        ).scalars()
    )
    return set(found)


def _register_new(conn: Connection, device: Device, batch: list[EventIn]) -> list[Change]:
    """Register people new to the platform, as ``_register`` would, in a few statements.

    Each gets the device's scopes, the counter-registration consent and, when the event names
    one, membership of its household (created if new); a new person has no card links,
    presence or earlier consent records, so the feed changes follow directly from the events.
    Each household touched gets one upsert, with the members it has at the end.
    """
    if not batch:
        return []
    for event in batch:
        people.check_fields(event.payload["fields"])
    consent.require_definition(conn, consent.KIOSK_SHARING)
    now = now_ms()
    bulk_insert(
        conn,
        persons,
        [
            {
                "person_id": e.payload["person_id"],
                "kind": e.payload["source"],
                "household_id": e.payload["household_id"],
                "fields": canonical_json(e.payload["fields"]),
                "field_hlc": canonical_json(dict.fromkeys(e.payload["fields"], e.hlc)),
                **people.stamp_columns(
                    e.payload["fields"], dict.fromkeys(e.payload["fields"], e.hlc)
                ),
                # Shared at once: the consent recorded below is given.
                "shareable": True,
                "created_at_ms": now,
                "updated_at_ms": now,
            }
            for e in batch
        ],
    )
    match_keys.index_many(conn, [(e.payload["person_id"], e.payload["fields"]) for e in batch])
    keys = sorted(device.scope_keys)
    bulk_insert(
        conn,
        person_scopes,
        [{"person_id": e.payload["person_id"], "scope_key": k} for e in batch for k in keys],
    )
    given = [(consent.KIOSK_SHARING, "counter-registration")]
    if event_sites.serves_an_event(conn, device.scope.shelters):
        # Registered at a community event: the event's own purpose, kept until its purge.
        given.append((event_sites.ATTENDANCE, event_sites.REGISTERED))
    bulk_insert(
        conn,
        consent_records,
        [
            consent.new_record(
                e.payload["person_id"], definition, "given", method, device.device_id, now_ms()
            )
            for definition, method in given
            for e in batch
        ],
    )
    # After the scopes: a match must share a municipality, known through the shelters.
    merge_suggestions.suggest(conn, [e.payload["person_id"] for e in batch])
    members = [e for e in batch if e.payload["household_id"]]
    households = {e.payload["household_id"] for e in members}
    people.ensure_households(conn, households)
    bulk_insert(
        conn,
        household_members,
        [
            {
                "household_id": e.payload["household_id"],
                "person_id": e.payload["person_id"],
                "relation": "member",
            }
            for e in members
        ],
    )
    household_lists.keep(conn, households)
    out: list[Change] = []
    for e in batch:
        p = e.payload
        pid = p["person_id"]
        payload = people.new_person_payload(pid, p["source"], p["fields"], p["household_id"], e.hlc)
        out += [Change(k, "person", pid, "upsert", payload, pid) for k in keys]
    return out + people.households_changes(conn, households)


def _apply_record_event(
    conn: Connection, device: Device, event: EventIn, proofs: Mapping[str, Any]
) -> list[Change]:
    p = event.payload
    if event.type in voting_ingest.TYPES:
        return voting_ingest.apply(conn, device, event)
    if event.type == "person.registered":
        return _register(conn, device, event)
    if event.type == "shelter.status_changed":
        # Opened or closed at the door; the scope check let it through for this shelter only.
        is_open = p["status"] == "open"
        return places.set_shelter_open(conn, p["shelter_id"], is_open, event.hlc)
    if event.type == "shelter.supplies_set":
        return _supplies(conn, device, event)
    if event.type == "household.registered" or event.type == "household.updated":
        hid = p["household_id"]
        people.ensure_household(conn, hid)
        household = people.load_household(conn, hid)
        household.merge(p["fields"], event.hlc)
        out = people.save_record(conn, "household", hid, household, event.event_id)
        return out + people.household_changes(conn, hid)
    pid = people.resolve(conn, p["person_id"])
    if pid is None:
        incident(conn, "unknown-person", device.device_id, {"event_id": event.event_id})
        return []
    if event.type == "person.updated":
        people.check_fields(p["fields"])
        record = people.load_record(conn, pid)
        changed = record.merge(p["fields"], event.hlc)
        out = people.save_record(conn, "person", pid, record, event.event_id)
        refused = _refused_clear(conn, device, event, pid, record)
        # An edit that lost a field to a later one is answered with the person as kept: the
        # kiosk that made it shows its own value until it receives the winner.
        resend = changed or refused or record.conflicts
        return out + (people.person_changes(conn, pid) if resend else [])
    if event.type == "person.card_linked":
        proof = proofs.get(event.event_id)
        if proof is not None:
            # Imported here: counter links keep their incidents with this module's ``incident``.
            from linkage import counterlink

            return counterlink.apply(conn, device, event, pid, proof)
        return _card_claim(conn, device, event, pid)
    if event.type == "person.city_card_linked":
        from linkage import city_cards  # it keeps its incidents with this module's ``incident``

        return city_cards.apply_link(conn, device, event, pid)
    # household.member_added
    people.add_member(conn, p["household_id"], pid, p["relation"])
    return people.person_changes(conn, pid) + people.household_changes(conn, p["household_id"])


def _supplies(conn: Connection, device: Device, event: EventIn) -> list[Change]:
    # Entered at the kiosk's store room: audited as HQ's form is, naming the device and the
    # staff member. An event site keeps no supplies (a kiosk switched to event use late).
    p = event.payload
    kind = conn.execute(
        select(shelters.c.kind).where(shelters.c.shelter_id == p["shelter_id"])
    ).scalar_one_or_none()
    if kind is None or kind == places.EVENT_KIND:
        incident(conn, "supplies-not-a-shelter", device.device_id, {"event_id": event.event_id})
        return []
    taken, out = supplies.from_kiosk(conn, p["shelter_id"], p["items"], event.hlc, device.device_id)
    audit.record(
        conn,
        device.device_id,
        "kiosk-supplies",
        p["shelter_id"],
        staff=p["staff"],
        event_id=event.event_id,
        items=taken,
        kept_later=sorted(set(p["items"]) - set(taken)),
    )
    return out


def _register(conn: Connection, device: Device, event: EventIn) -> list[Change]:
    # A person the platform knows registered again (e.g. on two kiosks of one shelter): the
    # fields merge. People new to the platform are registered by ``_register_new``.
    p = event.payload
    people.check_fields(p["fields"])
    existing = people.resolve(conn, p["person_id"])
    if existing is None:  # a chain of merges too long to follow
        incident(conn, "unknown-person", device.device_id, {"event_id": event.event_id})
        return []
    record = people.load_record(conn, existing)
    record.merge(p["fields"], event.hlc)
    out = people.save_record(conn, "person", existing, record, event.event_id)
    if record.refused_clears or record.conflicts:
        # A registration carries every field, protection unset included: no clearing
        # attempt, but the kiosk that sent it is told the person is protected. A field that
        # lost to a later value is sent as kept, as after an edit.
        out += people.person_changes(conn, existing)
    return out


def _refused_clear(
    conn: Connection, device: Device, event: EventIn, pid: str, record: people.Record
) -> bool:
    # A kiosk cannot clear DV protection: the rest of its edit stands, the clearing is an
    # incident, and the person's kiosks are sent the protected state again.
    if not record.refused_clears:
        return False
    detail = {"event_id": event.event_id, "person_id": pid, "fields": record.refused_clears}
    incident(conn, "dv-clear-refused", device.device_id, detail)
    return True


def _card_claim(conn: Connection, device: Device, event: EventIn, pid: str) -> list[Change]:
    # The kiosk verified the card holder; the platform records it as the kiosk's assertion
    # (assurance "device") until it verifies a JPKI signature itself.
    card_key = event.payload["card_key"]
    row = conn.execute(
        select(card_links.c.person_id).where(card_links.c.card_key == card_key)
    ).first()
    if row is not None and row.person_id != pid:
        incident(
            conn,
            "card-linked-twice",
            device.device_id,
            {"event_id": event.event_id, "card_key": card_key, "linked_to": row.person_id},
        )
        return []
    if row is None:
        conn.execute(
            insert(card_links).values(
                card_key=card_key,
                person_id=pid,
                assurance="device",
                source=device.device_id,
                created_at_ms=now_ms(),
            )
        )
    # A voter linked to the person is found by the new card at the polling sites too.
    return people.person_changes(conn, pid) + voter_changes_for(conn, pid)
