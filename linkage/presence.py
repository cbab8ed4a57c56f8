"""Presence per shelter, derived from check-in, check-out and move events: latest HLC wins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from linkage import people
from linkage.db import JsonList, bulk_insert, upsert_if_newer
from linkage.envelope import EventIn
from linkage.feed import Change
from linkage.scope import shelter_key
from linkage.tables import person_scopes, persons, presence

MOVE_TYPES = frozenset({"shelter.checked_in", "shelter.checked_out", "shelter.moved"})


def presence_payload(person_id: str, shelter_id: str, state: str, hlc: str) -> dict[str, Any]:
    """What a kiosk receives about a person's whereabouts."""
    return {"person_id": person_id, "shelter_id": shelter_id, "state": state, "hlc": hlc}


def presence_changes(conn: Connection, person_ids: Iterable[str]) -> list[Change]:
    """Current presence of these people, for their shelter's kiosks (shareable people only)."""
    ids = list(person_ids)
    rows = conn.execute(
        select(presence)
        .join(persons, persons.c.person_id == presence.c.person_id)
        .where(presence.c.person_id.in_(ids), persons.c.shareable.is_(True))
    )
    return [
        Change(
            shelter_key(r.shelter_id),
            "presence",
            r.person_id,
            "upsert",
            presence_payload(r.person_id, r.shelter_id, r.state, r.hlc),
            r.person_id,
        )
        for r in rows
    ]


@dataclass
class Now:
    """What a move needs to know of a person: merge pointer, consent, presence, and which of
    the scope keys asked about hold the person."""

    merged_into: str | None
    shareable: bool
    shelter_id: str | None
    hlc: str | None
    scopes: set[str] = field(default_factory=set)


def apply_moves(
    conn: Connection, moves: list[EventIn], known: dict[str, Now] | None = None
) -> tuple[list[Change], list[EventIn]]:
    """Project check-ins, check-outs and moves; returns the feed changes and the events that
    name people the platform does not know.

    Only each person's latest event counts. Everything the batch needs about its people is
    read in one statement (or given as ``known``: ``read`` of every person the moves name,
    with their targets' shelter keys, earlier in the same transaction) and presence is
    written in another, whose condition (the stored stamp is older) keeps the latest HLC
    even against a concurrent push of the same person.
    """
    if not moves:
        return [], []
    latest: dict[str, EventIn] = {}
    for event in moves:
        pid = event.payload["person_id"]
        if pid not in latest or event.hlc > latest[pid].hlc:
            latest[pid] = event
    keys = sorted({shelter_key(_target(e)[0]) for e in latest.values()})
    now = dict(known) if known is not None else read(conn, list(latest), keys)
    resolved: dict[str, EventIn] = {}
    unknown: list[EventIn] = []
    for pid, event in latest.items():
        row = now.get(pid)
        target = pid if row is not None and row.merged_into is None else people.resolve(conn, pid)
        if target is None:
            unknown.append(event)
        elif target not in resolved or event.hlc > resolved[target].hlc:
            resolved[target] = event
    # People reached only through a merge are read in a second statement.
    merged = [pid for pid in resolved if pid not in now]
    if merged:
        now.update(read(conn, merged, keys))
    rows = []
    for pid, event in sorted(resolved.items()):
        stored = now[pid].hlc
        if stored is not None and stored >= event.hlc:
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
    # Sorted, so that concurrent pushes lock presence rows in one order and cannot deadlock.
    written = set(upsert_if_newer(conn, presence, rows, "person_id", "hlc"))
    done = [r for r in rows if r["person_id"] in written]
    return _share_with_new_shelters(conn, done, now) + _changes(done, now), unknown


def move_target_keys(moves: Iterable[EventIn]) -> set[str]:
    """The scope keys of the shelters these move events take people to (or out of)."""
    return {shelter_key(_target(e)[0]) for e in moves if e.type in MOVE_TYPES}


def _target(event: EventIn) -> tuple[str, str]:
    p = event.payload
    if event.type == "shelter.checked_in":
        return p["shelter_id"], "in"
    if event.type == "shelter.checked_out":
        return p["shelter_id"], "out"
    return p["to_shelter_id"], "in"


def read(conn: Connection, person_ids: list[str], scope_keys: list[str]) -> dict[str, Now]:
    """The people as ``Now``, with those of ``scope_keys`` that hold them; unknown ones absent."""
    if conn.dialect.name == "postgresql":
        params = read_params(person_ids, scope_keys)
        return from_rows(conn.exec_driver_sql(READ_SQL, params).all())
    # As ``key_in_param`` binds a list on SQLite: one JSON text each.
    lists = (
        _JSON_LIST.process_bind_param(person_ids, conn.dialect),
        _JSON_LIST.process_bind_param(scope_keys, conn.dialect),
    )
    out: dict[str, Now] = {}
    for r in conn.exec_driver_sql(_SQLITE_READ_SQL, lists):
        now = out.get(r[0])
        if now is None:
            now = out[r[0]] = Now(r[1], bool(r[2]), r[3], r[4])
        if r[5] is not None:
            now.scopes.add(r[5])
    return out


# PostgreSQL: one row per person. Each id is one probe of each table's key index, whatever
# the planner's statistics say (``= ANY`` joins were planned as scans of a table not yet
# analysed); the scope keys that hold the person come as an array. The ids come as one text
# joined by commas (``ids_text``) or, if one of them holds a comma, as an array (``ids``).
READ_SQL = (
    "SELECT p.person_id, p.merged_into, p.shareable, pr.shelter_id, pr.hlc, "
    f"ARRAY(SELECT s.scope_key FROM {person_scopes.name} s "
    "WHERE s.person_id = p.person_id AND s.scope_key = ANY(%(keys)s::varchar[])) AS scopes "
    "FROM unnest(COALESCE(%(ids)s::varchar[], string_to_array(%(ids_text)s, ',')::varchar[])) "
    f"AS k(id) JOIN {persons.name} p ON p.person_id = k.id "
    f"LEFT JOIN {presence.name} pr ON pr.person_id = p.person_id"
)


def read_params(
    person_ids: Iterable[str], scope_keys: Iterable[str]
) -> dict[str, str | list[str] | None]:
    """The parameters of ``READ_SQL`` (for a caller that sends it in a pipeline)."""
    ids = sorted(set(person_ids))
    keys = sorted(set(scope_keys))
    # psycopg writes a list parameter element by element in Python (about 1 ms for a push's
    # 1,000 people); joined, the ids are one text that the server splits. The id rules
    # admit no comma, but an id that held one still goes in the array.
    text = ",".join(ids)
    if text.count(",") == len(ids) - 1:
        return {"ids": None, "ids_text": text, "keys": keys}
    return {"ids": ids, "ids_text": None, "keys": keys}


def from_rows(rows: Iterable[Any]) -> dict[str, Now]:
    """``READ_SQL``'s rows as ``read`` returns them."""
    return {r[0]: Now(r[1], bool(r[2]), r[3], r[4], set(r[5])) for r in rows}


_JSON_LIST = JsonList()

# SQLite: the ids (a JSON array, ``json_each``) drive the statement, one probe of each table's
# key a person; the scope keys that hold the person come as rows.
_SQLITE_READ_SQL = (
    "SELECT p.person_id, p.merged_into, p.shareable, pr.shelter_id, pr.hlc, s.scope_key "
    f"FROM json_each(?) AS k JOIN {persons.name} p ON p.person_id = k.value "
    f"LEFT JOIN {presence.name} pr ON pr.person_id = p.person_id "
    f"LEFT JOIN {person_scopes.name} s ON s.person_id = p.person_id "
    "AND s.scope_key IN (SELECT value FROM json_each(?))"
)


def _changes(done: list[dict[str, Any]], now: dict[str, Now]) -> list[Change]:
    # The kiosks of the shelter left behind learn it too.
    out: list[Change] = []
    for row in done:
        pid = row["person_id"]
        if not now[pid].shareable:
            continue
        payload = presence_payload(pid, row["shelter_id"], row["state"], row["hlc"])
        keys = {shelter_key(row["shelter_id"])}
        before = now[pid].shelter_id
        if before is not None:
            keys.add(shelter_key(before))
        out += [Change(k, "presence", pid, "upsert", payload, pid) for k in sorted(keys)]
    return out


def _share_with_new_shelters(
    conn: Connection, done: list[dict[str, Any]], now: dict[str, Now]
) -> list[Change]:
    # A person who turns up at a shelter is from then on held by that shelter's kiosks.
    missing = sorted(
        {
            (r["person_id"], shelter_key(r["shelter_id"]))
            for r in done
            if shelter_key(r["shelter_id"]) not in now[r["person_id"]].scopes
        }
    )
    if not missing:
        return []
    bulk_insert(conn, person_scopes, [{"person_id": p, "scope_key": k} for p, k in missing])
    payloads = people.person_payloads(conn, [pid for pid, _ in missing if now[pid].shareable])
    return [
        Change(key, "person", pid, "upsert", payloads[pid], pid)
        for pid, key in missing
        if pid in payloads
    ]
