"""The transactional outbox: every state change writes its event in the same transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import orjson
import uuid6

from kazasu_protocol.canonical import canonical_json
from kiosk.chain import GENESIS, link_hash
from kiosk.hlc import HybridClock
from kiosk.sqlite import Connection


@dataclass(frozen=True)
class Event:
    """One event in the envelope of docs/protocol/events.md."""

    event_id: str
    device_id: str
    device_seq: int
    hlc: str
    type: str
    schema: int
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def envelope(self) -> dict[str, Any]:
        """The event as sent on the wire."""
        return {
            "event_id": self.event_id,
            "device_id": self.device_id,
            "device_seq": self.device_seq,
            "hlc": self.hlc,
            "type": self.type,
            "schema": self.schema,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def append(
    conn: Connection, clock: HybridClock, device_id: str, type_: str, payload: dict[str, Any]
) -> Event:
    """Write the next event of this device; call inside the transaction of the change."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'outbox_head'").fetchone()
    seq, prev = (0, GENESIS) if row is None else _parse_head(row[0])
    stamp = clock.now()
    body: dict[str, Any] = {
        "event_id": str(uuid6.uuid7()),
        "device_id": device_id,
        "device_seq": seq + 1,
        "hlc": stamp.encode(),
        "type": type_,
        "schema": 1,
        "payload": payload,
        "prev_hash": prev,
    }
    digest = link_hash(body)
    conn.execute(
        "INSERT INTO outbox (device_seq, event_id, hlc, type, schema, payload, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            seq + 1,
            body["event_id"],
            body["hlc"],
            type_,
            1,
            canonical_json(payload),
            prev,
            digest,
        ),
    )
    # The head lives in meta so that acknowledged events can be pruned without losing the chain.
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('outbox_head', ?), ('hlc', ?)",
        (f"{seq + 1}:{digest}", "{}:{}".format(*clock.state)),
    )
    return Event(hash=digest, **body)


def pending(conn: Connection, limit: int, held: frozenset[str] = frozenset()) -> list[Event]:
    """The oldest events the platform has not acknowledged, in device order, up to (not
    including) the first that names a shelter of ``held``.

    A held event waits to be re-addressed (a local shelter not yet mapped onto a platform
    shelter); every event after it waits too, since re-addressing re-hashes the rest of the
    chain, which is only possible while none of it has been sent.
    """
    events = _select(conn, "ORDER BY device_seq LIMIT ?", (limit,))
    if held:
        for i, event in enumerate(events):
            if _shelters_named(event.payload) & held:
                return events[:i]
    return events


@dataclass(frozen=True)
class Outgoing:
    """Waiting events as the body of one push (docs/protocol/sync.md, "Push")."""

    first_seq: int
    last_seq: int
    count: int
    body: bytes  # {"events": [envelope, ...]} as UTF-8 JSON


def outgoing(
    conn: Connection,
    limit: int,
    held: frozenset[str] = frozenset(),
    after: int = 0,
    max_bytes: int | None = None,
) -> Outgoing | None:
    """The events ``pending`` returns, from the first after device seq ``after``, as a push's
    body; None when none is waiting.

    Each payload is stored as canonical JSON already, so it goes into the body as it is: a
    batch is not decoded and encoded again on its way out. With ``max_bytes`` the batch ends
    before the event that would take its body past that many bytes.
    """
    rows = conn.execute(
        "SELECT device_seq, event_id, hlc, type, schema, payload, prev_hash, hash FROM outbox"
        " WHERE device_seq > ? ORDER BY device_seq LIMIT ?",
        (after, limit),
    ).fetchall()
    if held:
        rows = next(
            (rows[:i] for i, r in enumerate(rows) if _shelters_named(json.loads(r[5])) & held),
            rows,
        )
    if not rows:
        return None
    device_id = device_of(conn)
    events = [
        {
            "event_id": r[1],
            "device_id": device_id,
            "device_seq": r[0],
            "hlc": r[2],
            "type": r[3],
            "schema": r[4],
            "payload": orjson.Fragment(r[5]),
            "prev_hash": r[6],
            "hash": r[7],
        }
        for r in rows
    ]
    body = orjson.dumps({"events": events})
    if max_bytes is not None and len(body) > max_bytes and len(rows) > 1:
        body, count = _cut(events, max_bytes)
        rows = rows[:count]
    return Outgoing(rows[0][0], rows[-1][0], len(rows), body)


def _cut(events: list[dict[str, Any]], max_bytes: int) -> tuple[bytes, int]:
    """The body of the longest run of ``events`` from the first that fits in ``max_bytes``
    (at least one event, which the platform may still refuse as too large), and its length."""
    parts = [orjson.dumps(event) for event in events]
    size = len(b'{"events":[]}') + len(parts[0])
    count = 1
    while count < len(parts) and size + 1 + len(parts[count]) <= max_bytes:
        size += 1 + len(parts[count])
        count += 1
    return b'{"events":[' + b",".join(parts[:count]) + b"]}", count


def held_back(conn: Connection, held: frozenset[str]) -> int:
    """How many waiting events are held: the first naming a shelter of ``held`` and all after."""
    if not held:
        return 0
    for event in _select(conn, "ORDER BY device_seq"):
        if _shelters_named(event.payload) & held:
            row = conn.execute(
                "SELECT count(*) FROM outbox WHERE device_seq >= ?", (event.device_seq,)
            )
            return int(row.fetchone()[0])
    return 0


def mark_sent(conn: Connection, up_to_seq: int) -> None:
    """Record that events up to ``up_to_seq`` are being sent: the platform may hold them from
    now on even if its answer is lost, so they must never be rewritten."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('outbox_sent', ?) ON CONFLICT (key)"
        " DO UPDATE SET value = max(CAST(value AS INTEGER), excluded.value)",
        (up_to_seq,),
    )


def sent_seq(conn: Connection) -> int:
    """The highest device seq ever sent to the platform (0 before the first push)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'outbox_sent'").fetchone()
    return 0 if row is None else int(row[0])


def reassign_shelter(conn: Connection, local_id: str, platform_id: str) -> int:
    """Re-address the waiting events that name shelter ``local_id`` to ``platform_id``.

    The chain is re-hashed from the first such event on; that is refused (``ValueError``) if
    the platform may hold any of those events, since a changed event under a used seq would be
    a conflict there. Call inside the transaction that re-addresses the local rows. Returns how
    many events named the shelter.
    """
    events = _select(conn, "ORDER BY device_seq")
    first = next((i for i, e in enumerate(events) if local_id in _shelters_named(e.payload)), None)
    if first is None:
        return 0
    floor = max(acknowledged_seq(conn), sent_seq(conn))
    if events[first].device_seq <= floor:
        raise ValueError(
            f"event {events[first].device_seq} naming {local_id} may already be at the platform"
        )
    prev = events[first].prev_hash
    renamed = 0
    for event in events[first:]:
        payload = _rename_shelter(event.payload, local_id, platform_id)
        renamed += payload != event.payload
        body = event.envelope() | {"payload": payload, "prev_hash": prev}
        del body["hash"]
        prev = link_hash(body)
        conn.execute(
            "UPDATE outbox SET payload = ?, prev_hash = ?, hash = ? WHERE device_seq = ?",
            (canonical_json(payload), body["prev_hash"], prev, event.device_seq),
        )
    conn.execute(
        "UPDATE meta SET value = ? WHERE key = 'outbox_head'", (f"{events[-1].device_seq}:{prev}",)
    )
    return renamed


# Where an event's payload names a shelter (docs/protocol/events.md): presence events at the top
# level, household events in their fields.
_SHELTER_KEYS = ("shelter_id", "from_shelter_id", "to_shelter_id")


def _shelters_named(payload: dict[str, Any]) -> set[str]:
    fields = payload.get("fields")
    places = [payload.get(k) for k in _SHELTER_KEYS]
    if isinstance(fields, dict):
        places.append(fields.get("shelter_id"))
    return {p for p in places if isinstance(p, str)}


def _rename_shelter(payload: dict[str, Any], local_id: str, platform_id: str) -> dict[str, Any]:
    out = {
        k: platform_id if k in _SHELTER_KEYS and v == local_id else v for k, v in payload.items()
    }
    fields = payload.get("fields")
    if isinstance(fields, dict) and fields.get("shelter_id") == local_id:
        out["fields"] = fields | {"shelter_id": platform_id}
    return out


def waiting(conn: Connection) -> int:
    """How many events wait to be pushed."""
    row = conn.execute("SELECT count(*) FROM outbox").fetchone()
    return int(row[0])


def device_of(conn: Connection) -> str:
    """This kiosk's device id."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    return str(row[0])


def verify(conn: Connection) -> int:
    """Recompute the outbox chain; returns the number of events checked, raises on a break."""
    prev = None
    count = 0
    for event in _select(conn, "ORDER BY device_seq"):
        if prev is not None and event.prev_hash != prev:
            raise ValueError(f"outbox chain broken before event {event.device_seq}")
        body = event.envelope()
        del body["hash"]
        if link_hash(body) != event.hash:
            raise ValueError(f"outbox event {event.device_seq} does not match its hash")
        prev = event.hash
        count += 1
    return count


def acknowledge(conn: Connection, up_to_seq: int) -> int:
    """Drop the events the platform has stored, up to ``up_to_seq``; returns how many.

    The platform holds them now; keeping them would only grow the kiosk's history.
    """
    cursor = conn.execute("DELETE FROM outbox WHERE device_seq <= ?", (up_to_seq,))
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('outbox_acked', ?) ON CONFLICT (key)"
        " DO UPDATE SET value = max(CAST(value AS INTEGER), excluded.value)",
        (up_to_seq,),
    )
    return cursor.rowcount


def acknowledged_seq(conn: Connection) -> int:
    """The highest device seq the platform has acknowledged (0 before the first push)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'outbox_acked'").fetchone()
    return 0 if row is None else int(row[0])


def resume_from(conn: Connection, platform_seq: int, platform_hash: str) -> int:
    """Agree with what the platform holds (after a restore from a backup); returns how many
    events were dropped from the outbox because the platform has them.

    Events the platform holds are not sent again. When it holds more than this store ever made
    (events made after the backup, lost with the damaged store, but acknowledged), the chain
    goes on from the platform's head instead of forking: the next event is ``platform_seq + 1``
    after ``platform_hash``.
    """
    if platform_seq <= acknowledged_seq(conn):
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'outbox_head'").fetchone()
    head_seq = 0 if row is None else _parse_head(row[0])[0]
    held = conn.execute("SELECT hash FROM outbox WHERE device_seq = ?", (platform_seq,)).fetchone()
    if held is not None and held[0] != platform_hash:
        raise ValueError(
            f"the platform's event {platform_seq} of this device is not this kiosk's: "
            "the kiosk's store is not the one that sent it"
        )
    dropped = acknowledge(conn, platform_seq)
    if platform_seq > head_seq:
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('outbox_head', ?)",
            (f"{platform_seq}:{platform_hash}",),
        )
    return dropped


def readdress(conn: Connection, device_id: str) -> int:
    """Rewrite every (unsent) event under a new device id, re-chaining the hashes."""
    prev = GENESIS
    events = _select(conn, "ORDER BY device_seq")
    for event in events:
        wall, counter, _ = event.hlc.split(":", 2)
        body = event.envelope() | {
            "device_id": device_id,
            "hlc": f"{wall}:{counter}:{device_id}",
            "prev_hash": prev,
        }
        del body["hash"]
        prev = link_hash(body)
        conn.execute(
            "UPDATE outbox SET hlc = ?, prev_hash = ?, hash = ? WHERE device_seq = ?",
            (body["hlc"], body["prev_hash"], prev, event.device_seq),
        )
    if events:
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'outbox_head'",
            (f"{events[-1].device_seq}:{prev}",),
        )
    return len(events)


def _select(conn: Connection, tail: str, params: tuple[object, ...] = ()) -> list[Event]:
    device_id = device_of(conn)
    rows = conn.execute(
        "SELECT device_seq, event_id, hlc, type, schema, payload, prev_hash, hash FROM outbox "
        + tail,
        params,
    ).fetchall()
    return [
        Event(r[1], device_id, r[0], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7]) for r in rows
    ]


def _parse_head(text: str) -> tuple[int, str]:
    seq, digest = text.split(":", 1)
    return int(seq), digest
