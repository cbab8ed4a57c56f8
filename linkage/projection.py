"""Stored events become state: people, households, card claims and presence per shelter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from linkage import consent, people
from linkage.canonical import canonical_json, now_ms
from linkage.db import bulk_insert, key_in
from linkage.devices import Device
from linkage.envelope import EventIn
from linkage.feed import Change
from linkage.presence import presence_payload
from linkage.scope import shelter_key
from linkage.voting import ingest as voting_ingest
from linkage.voting.voters import changes_for_person as voter_changes_for
from linkage.tables import (
    card_links,
    consent_records,
    incidents,
    person_scopes,
    persons,
    presence,
)

PRESENCE_TYPES = frozenset({"shelter.checked_in", "shelter.checked_out", "shelter.moved"})


def incident(conn: Connection, kind: str, device_id: str | None, detail: dict[str, Any]) -> None:
    """Record something staff must look at (conflicting events, unknown people, ...)."""
    conn.execute(
        insert(incidents).values(
            kind=kind, device_id=device_id, detail=canonical_json(detail), created_at_ms=now_ms()
        )
    )


def apply(conn: Connection, device: Device, batch: Sequence[EventIn]) -> list[Change]:
    """Project newly stored events, in device order; returns the feed changes they cause."""
    out: list[Change] = []
    moves: list[EventIn] = []
    # Registrations of people the platform does not know yet, without a household, are the
    # bulk of a kiosk's import; consecutive ones are written together. Anything else is
    # applied one event at a time, after the registrations before it.
    known = _known_persons(conn, batch)
    fresh: list[EventIn] = []
    for event in batch:
        if event.type in PRESENCE_TYPES:
            moves.append(event)
        elif event.type == "person.registered" and _registers_new(event, known):
            fresh.append(event)
        else:
            out += _register_new(conn, device, fresh)
            fresh = []
            out += _apply_record_event(conn, device, event)
        if event.type == "person.registered":
            known.add(event.payload["person_id"])
    out += _register_new(conn, device, fresh)
    # Presence is applied after the batch's registrations so a walk-in registered and
    # checked in within one batch is known by then.
    return out + _apply_presence(conn, device, moves)


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


def _registers_new(event: EventIn, known: set[str]) -> bool:
    return event.payload["person_id"] not in known and not event.payload["household_id"]


def _register_new(conn: Connection, device: Device, batch: list[EventIn]) -> list[Change]:
    """Register people new to the platform, without a household, as ``_register`` would.

    Each gets the device's scopes and the counter-registration consent; a new person has no
    card links, presence or earlier consent records, so the feed changes follow directly from
    the event.
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
                "fields": canonical_json(e.payload["fields"]),
                "field_hlc": canonical_json(dict.fromkeys(e.payload["fields"], e.hlc)),
                # Shared at once: the consent recorded below is given.
                "shareable": True,
                "created_at_ms": now,
                "updated_at_ms": now,
            }
            for e in batch
        ],
    )
    keys = sorted(device.scope_keys)
    bulk_insert(
        conn,
        person_scopes,
        [{"person_id": e.payload["person_id"], "scope_key": k} for e in batch for k in keys],
    )
    bulk_insert(
        conn,
        consent_records,
        [
            consent.new_record(
                e.payload["person_id"],
                consent.KIOSK_SHARING,
                "given",
                "counter-registration",
                device.device_id,
                now_ms(),
            )
            for e in batch
        ],
    )
    out: list[Change] = []
    for e in batch:
        pid = e.payload["person_id"]
        payload = people.new_person_payload(pid, e.payload["source"], e.payload["fields"])
        out += [Change(k, "person", pid, "upsert", payload, pid) for k in keys]
    return out


def _apply_record_event(conn: Connection, device: Device, event: EventIn) -> list[Change]:
    p = event.payload
    if event.type in voting_ingest.TYPES:
        return voting_ingest.apply(conn, device, event)
    if event.type == "person.registered":
        return _register(conn, device, event)
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
        return out + (people.person_changes(conn, pid) if changed else [])
    if event.type == "person.card_linked":
        return _card_claim(conn, device, event, pid)
    # household.member_added
    people.add_member(conn, p["household_id"], pid, p["relation"])
    return people.person_changes(conn, pid) + people.household_changes(conn, p["household_id"])


def _register(conn: Connection, device: Device, event: EventIn) -> list[Change]:
    p = event.payload
    people.check_fields(p["fields"])
    existing = people.resolve(conn, p["person_id"])
    if existing is not None:
        # Registered twice (e.g. on two kiosks of one shelter): the fields merge.
        record = people.load_record(conn, existing)
        record.merge(p["fields"], event.hlc)
        return people.save_record(conn, "person", existing, record, event.event_id)
    pid = p["person_id"]
    people.create_person(conn, pid, p["source"], p["fields"], event.hlc)
    for key in device.scope_keys:
        people.add_scope(conn, pid, key)
    if p["household_id"]:
        people.add_member(conn, p["household_id"], pid, "member")
    # Registering at the counter is done with the person, who is shown the roster notice;
    # it is recorded as their grant of kiosk sharing, collected by this device.
    _, out = consent.record(
        conn, pid, consent.KIOSK_SHARING, "given", "counter-registration", device.device_id
    )
    return out


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


def _target(event: EventIn) -> tuple[str, str]:
    p = event.payload
    if event.type == "shelter.checked_in":
        return p["shelter_id"], "in"
    if event.type == "shelter.checked_out":
        return p["shelter_id"], "out"
    return p["to_shelter_id"], "in"


def _apply_presence(conn: Connection, device: Device, moves: list[EventIn]) -> list[Change]:
    if not moves:
        return []
    latest: dict[str, EventIn] = {}
    for event in moves:
        pid = event.payload["person_id"]
        if pid not in latest or event.hlc > latest[pid].hlc:
            latest[pid] = event
    known = {
        r.person_id: r
        for r in conn.execute(
            select(persons.c.person_id, persons.c.merged_into, persons.c.shareable).where(
                key_in(conn, persons.c.person_id, list(latest))
            )
        )
    }
    resolved: dict[str, EventIn] = {}
    shareable: dict[str, bool] = {}
    for pid, event in latest.items():
        row = known.get(pid)
        if row is not None and row.merged_into is None:
            target: str | None = pid
            shareable[pid] = bool(row.shareable)
        else:
            target = people.resolve(conn, pid)
        if target is None:
            incident(conn, "unknown-person", device.device_id, {"event_id": event.event_id})
        elif target not in resolved or event.hlc > resolved[target].hlc:
            resolved[target] = event
    if not resolved:
        return []
    # Only people reached through a merge still need their consent looked up.
    merged_targets = [pid for pid in resolved if pid not in shareable]
    if merged_targets:
        shareable.update(
            (r.person_id, bool(r.shareable))
            for r in conn.execute(
                select(persons.c.person_id, persons.c.shareable).where(
                    key_in(conn, persons.c.person_id, merged_targets)
                )
            )
        )
    current = {
        r.person_id: r
        for r in conn.execute(
            select(presence.c.person_id, presence.c.shelter_id, presence.c.hlc).where(
                key_in(conn, presence.c.person_id, list(resolved))
            )
        )
    }
    rows: list[dict[str, Any]] = []
    out: list[Change] = []
    for pid, event in resolved.items():
        before = current.get(pid)
        if before is not None and before.hlc >= event.hlc:
            continue  # an older or equal stamp loses: latest HLC wins
        shelter_id, state = _target(event)
        rows.append(
            {
                "person_id": pid,
                "shelter_id": shelter_id,
                "state": state,
                "hlc": event.hlc,
                "event_id": event.event_id,
            }
        )
        if not shareable.get(pid, False):
            continue
        payload = presence_payload(pid, shelter_id, state, event.hlc)
        keys = {shelter_key(shelter_id)}
        if before is not None:
            keys.add(shelter_key(before.shelter_id))
        out += [Change(k, "presence", pid, "upsert", payload, pid) for k in sorted(keys)]
    if rows:
        _upsert_presence(conn, rows)
        out = _share_with_new_shelters(conn, rows) + out
    return out


def _upsert_presence(conn: Connection, rows: list[dict[str, Any]]) -> None:
    # Sorted, so that concurrent pushes lock presence rows in one order and cannot deadlock.
    ordered = sorted(rows, key=lambda r: str(r["person_id"]))
    bulk_insert(conn, presence, ordered, upsert_on=["person_id"])


def _share_with_new_shelters(conn: Connection, rows: list[dict[str, Any]]) -> list[Change]:
    # A person who turns up at a shelter is from then on held by that shelter's kiosks.
    wanted = {(r["person_id"], shelter_key(r["shelter_id"])) for r in rows}
    have = {
        (r.person_id, r.scope_key)
        for r in conn.execute(
            select(person_scopes.c.person_id, person_scopes.c.scope_key).where(
                key_in(conn, person_scopes.c.person_id, sorted({p for p, _ in wanted}))
            )
        )
    }
    missing = sorted(wanted - have)
    if not missing:
        return []
    bulk_insert(conn, person_scopes, [{"person_id": p, "scope_key": k} for p, k in missing])
    out: list[Change] = []
    for pid, key in missing:
        out += people.person_changes(conn, pid, {key})
    return out
