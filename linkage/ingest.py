"""Push: a device's events are stored exactly once, in chain order, and acknowledged contiguously.

Events are keyed by (device_id, device_seq) and by event_id. A resent event is a no-op; a
different event under a used key is refused and recorded as an incident. Events beyond a gap
are not stored: the answer says up to which seq the device is acknowledged, and the device
sends the rest again from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Connection, select, update

from linkage import projection
from linkage.canonical import now_ms
from linkage.db import bulk_insert, key_in
from linkage.devices import Device
from linkage.envelope import EventIn, payload_problem, shelters_written
from linkage.feed import Change
from linkage.problems import Problem
from linkage.tables import devices, events

Status = Literal["stored", "duplicate", "conflict", "invalid", "refused", "not_processed"]
HALTED: Status = "not_processed"


@dataclass
class Outcome:
    """What became of one pushed event."""

    event_id: str
    device_seq: int
    status: Status
    reason: str | None = None


@dataclass
class PushResult:
    """The answer to a push: the contiguous acknowledgement and each event's outcome."""

    acked_seq: int
    outcomes: list[Outcome] = field(default_factory=list)


def check_scope(device: Device, batch: Sequence[EventIn]) -> None:
    """Refuse (403) a batch that records anything at a shelter outside the device's scope."""
    own = set(device.scope.shelters)
    outside = []
    for event in batch:
        written = shelters_written(event)
        if not written:
            continue
        if event.type == "shelter.moved" and written & own:
            continue  # a move is recorded at either end
        if not written <= own:
            outside.append(event.event_id)
    if outside:
        raise Problem(
            403,
            "outside-scope",
            "Events outside this device's scope",
            "These events record presence at shelters this device does not serve.",
            event_ids=outside[:50],
        )


def record_refusal(conn: Connection, device: Device, refused: Problem) -> None:
    """Keep a refused out-of-scope push as an incident (the refusal itself stores nothing)."""
    projection.incident(
        conn, "push-outside-scope", device.device_id, {"event_ids": refused.extra.get("event_ids")}
    )


def push(
    conn: Connection, device: Device, batch: Sequence[EventIn]
) -> tuple[PushResult, list[Change]]:
    """Store and project a batch; returns the answer and the feed changes to append last."""
    head = conn.execute(
        select(devices.c.acked_seq, devices.c.head_hash)
        .where(devices.c.device_id == device.device_id)
        .with_for_update()  # serialises pushes of one device (a retry racing the original)
    ).one()
    acked, prev_hash = int(head.acked_seq), str(head.head_hash)
    ordered = sorted(batch, key=lambda e: e.device_seq)
    by_seq = _stored_hashes(
        conn, device.device_id, [e.device_seq for e in ordered if e.device_seq <= acked]
    )
    by_id = _stored_keys(conn, [e.event_id for e in ordered])
    result = PushResult(acked_seq=acked)
    fresh: list[EventIn] = []
    halted: str | None = None
    for event in ordered:
        status, reason = _judge(event, device, acked, prev_hash, by_seq, by_id, halted)
        if status == "stored":
            fresh.append(event)
            by_id[event.event_id] = (event.device_id, event.device_seq)
            by_seq[event.device_seq] = event.hash
            prev_hash = event.hash
            acked = event.device_seq
        elif status in ("conflict", "invalid", "refused"):
            if event.device_seq > result.acked_seq:
                halted = halted or f"event {event.device_seq} was {status}"
            projection.incident(
                conn,
                f"event-{status}",
                device.device_id,
                {"event_id": event.event_id, "device_seq": event.device_seq, "reason": reason},
            )
        result.outcomes.append(Outcome(event.event_id, event.device_seq, status, reason))
    changes: list[Change] = []
    if fresh:
        _store(conn, fresh)
        changes = projection.apply(conn, device, fresh)
        conn.execute(
            update(devices)
            .where(devices.c.device_id == device.device_id)
            .values(acked_seq=acked, head_hash=prev_hash)
        )
    result.acked_seq = acked
    return result, changes


def _judge(
    event: EventIn,
    device: Device,
    acked: int,
    prev_hash: str,
    by_seq: dict[int, str],
    by_id: dict[str, tuple[str, int]],
    halted: str | None,
) -> tuple[Status, str | None]:
    if event.device_id != device.device_id:
        return "invalid", "device_id is not the authenticated device"
    if event.computed_hash() != event.hash:
        return "invalid", "hash does not match the envelope"
    if event.device_seq <= acked:
        stored = by_seq.get(event.device_seq)
        if stored == event.hash:
            return "duplicate", None
        return "conflict", "a different event was already stored under this device_seq"
    owner = by_id.get(event.event_id)
    if owner is not None:
        return "conflict", f"event_id already used by {owner[0]} seq {owner[1]}"
    if halted is not None:
        return HALTED, halted
    if event.device_seq != acked + 1:
        return HALTED, f"gap: expected device_seq {acked + 1}"
    if event.prev_hash != prev_hash:
        return "conflict", "prev_hash does not continue this device's chain"
    problem = payload_problem(event)
    if problem is not None:
        return problem
    return "stored", None


def _stored_hashes(conn: Connection, device_id: str, seqs: list[int]) -> dict[int, str]:
    if not seqs:
        return {}
    rows = conn.execute(
        select(events.c.device_seq, events.c.hash).where(
            events.c.device_id == device_id, key_in(conn, events.c.device_seq, seqs)
        )
    )
    return {int(r.device_seq): str(r.hash) for r in rows}


def _stored_keys(conn: Connection, event_ids: list[str]) -> dict[str, tuple[str, int]]:
    rows = conn.execute(
        select(events.c.event_id, events.c.device_id, events.c.device_seq).where(
            key_in(conn, events.c.event_id, event_ids)
        )
    )
    return {str(r.event_id): (str(r.device_id), int(r.device_seq)) for r in rows}


def _store(conn: Connection, fresh: list[EventIn]) -> None:
    received = now_ms()
    bulk_insert(
        conn,
        events,
        [
            {
                "event_id": e.event_id,
                "device_id": e.device_id,
                "device_seq": e.device_seq,
                "hlc": e.hlc,
                "type": e.type,
                "schema": e.schema_version,
                "payload": e.payload_json,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
                "received_at_ms": received,
            }
            for e in fresh
        ],
    )
