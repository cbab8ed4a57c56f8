"""The transactional outbox: every state change writes its event in the same transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import uuid6

from kiosk.chain import GENESIS, canonical_json, link_hash
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


def pending(conn: Connection, limit: int) -> list[Event]:
    """The oldest events the platform has not acknowledged, in device order."""
    return _select(conn, "ORDER BY device_seq LIMIT ?", (limit,))


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
