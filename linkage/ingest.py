"""Push: a device's events are stored exactly once, in chain order, and acknowledged contiguously.

Events are keyed by (device_id, device_seq) and by event_id. A resent event is a no-op; a
different event under a used key is refused and recorded as an incident. Events beyond a gap
are not stored: the answer says up to which seq the device is acknowledged, and the device
sends the rest again from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import orjson
from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.exc import NoResultFound

from kazasu_protocol.canonical import canonical_json
from linkage import clock, counterlink, event_sites, presence, projection, write_scope
from linkage.canonical import now_ms
from linkage.config import DEFAULT_MAX_CLOCK_AHEAD_S
from linkage.db import (
    COPY_SAVEPOINT,
    copy_rows_unless_taken,
    insert_tuples,
    is_sqlite,
    key_in,
    raw_pipeline,
)
from linkage.devices import Device
from linkage.envelope import EventIn, payload_problem
from linkage.feed import Change
from linkage.places import EVENT_KIND
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


def record_refusal(conn: Connection, device: Device, refused: Problem) -> None:
    """Keep a refused out-of-scope push as an incident (the refusal itself stores nothing)."""
    projection.incident(
        conn, "push-outside-scope", device.device_id, {"event_ids": refused.extra.get("event_ids")}
    )


def _check_scope(
    conn: Connection,
    device: Device,
    fresh: Sequence[EventIn],
    known: dict[str, presence.Now] | None = None,
) -> None:
    """Refuse (403) the batch if an event it would store is outside the device's scope."""
    outside = write_scope.outside(conn, device, fresh, known)
    if outside:
        raise Problem(
            403,
            "outside-scope",
            "Events outside this device's scope",
            "These events write about people, households, shelters or elections this device "
            "does not serve; nothing of the batch was stored.",
            event_ids=outside[:50],
        )


@dataclass(frozen=True)
class Batch:
    """A device's pushed events, checked as far as they can be without the database.

    ``prepare`` does this before the transaction, so a push holds its connection and its
    locks only for the work that needs them, and a retried transaction does not redo it.
    """

    device: Device
    events: list[EventIn]  # in device_seq order
    # As projected: an event stamped too far ahead of the platform's clock is ordered as if
    # stamped when it arrived (``clock.bounded``); its stored envelope keeps the kiosk's stamp.
    ordered: list[EventIn]
    payloads: list[str]  # each payload's canonical JSON: hashed within the envelope, stored
    flaws: list[tuple[Status, str] | None]  # a wrong device id or hash, checked first
    problems: list[tuple[Status, str] | None]  # payloads this platform cannot take
    proofs: dict[str, counterlink.Proof] = field(default_factory=dict)  # counter links' proofs


def prepare(
    device: Device,
    batch: Sequence[EventIn],
    max_ahead_ms: int = DEFAULT_MAX_CLOCK_AHEAD_S * 1000,
    card_trust: counterlink.CardTrust | None = None,
) -> Batch:
    """Sort a batch into chain order and check each event's device, hash and payload.

    Stamps more than ``max_ahead_ms`` ahead of the platform's clock are bounded here, and the
    proofs of counter card links are checked against ``card_trust``.
    """
    ordered = sorted(batch, key=lambda e: e.device_seq)
    payloads = [canonical_payload(e.payload) for e in ordered]
    flaws: list[tuple[Status, str] | None] = []
    for event, payload_json in zip(ordered, payloads, strict=True):
        if event.device_id != device.device_id:
            flaws.append(("invalid", "device_id is not the authenticated device"))
        elif event.computed_hash(payload_json) != event.hash:
            flaws.append(("invalid", "hash does not match the envelope"))
        else:
            flaws.append(None)
    problems: list[tuple[Status, str] | None] = [payload_problem(e) for e in ordered]
    proofs: dict[str, counterlink.Proof] = {}
    for n, event in enumerate(ordered):
        if problems[n] is None and counterlink.is_counter_link(event):
            checked = counterlink.check(event, card_trust)
            if isinstance(checked, str):
                problems[n] = ("invalid", checked)
            else:
                proofs[event.event_id] = checked
    stamped = clock.bounded(ordered, now_ms(), max_ahead_ms)
    if all(s is e for s, e in zip(stamped, ordered, strict=True)):
        stamped = ordered  # no stamp bounded: ``projected`` needs no look-up
    return Batch(device, ordered, stamped, payloads, flaws, problems, proofs)


# The value types orjson writes as the protocol's writer does.
_ORJSON_SAME = frozenset({str, type(None), bool})


def canonical_payload(payload: dict[str, Any]) -> str:
    """The payload's canonical JSON (``kazasu_protocol.canonical``), as the kiosk hashed it."""
    # A payload of text, null and true/false values only (check-ins, check-outs with their
    # reason or none, moves: most of a push) is written by orjson, several times faster and
    # byte for byte the same for these (checked by a test); numbers and nesting go through
    # the protocol's own writer.
    if all(type(v) in _ORJSON_SAME for v in payload.values()):
        try:
            return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS).decode()
        except orjson.JSONEncodeError:
            pass  # a lone surrogate: the protocol's writer takes it
    return canonical_json(payload)


def push(conn: Connection, batch: Batch) -> tuple[PushResult, list[Change]]:
    """Store and project a prepared batch; returns the answer and the feed changes to append."""
    device = batch.device
    (acked, prev_hash), known = _read_head(conn, batch)
    batch = _refuse_replays(conn, batch, acked)
    by_seq = _stored_hashes(
        conn, device.device_id, [e.device_seq for e in batch.events if e.device_seq <= acked]
    )
    # On PostgreSQL an event id used before is found by the copy itself, which then stores
    # nothing: looking every id up first costs more than the rare second pass.
    optimistic = not is_sqlite(conn)
    if optimistic:
        verdict = _Verdict(batch, acked, prev_hash, by_seq)
        verdict.judge()
    else:
        verdict = _judged_with_ids(conn, batch, acked, prev_hash, by_seq)
    try:
        _check_scope(conn, device, verdict.projected(), known.people)
    except Problem:
        if not optimistic:
            raise
        # A taken id halts the chain before a later event outside the scope: the batch is
        # refused only if the events it would store, judged with the ids read, hold one.
        optimistic = False
        verdict = _judged_with_ids(conn, batch, acked, prev_hash, by_seq)
        _check_scope(conn, device, verdict.projected(), known.people)
    if not optimistic:
        _store(conn, verdict)
    elif not _store_new_ids(conn, verdict):
        verdict = _judged_with_ids(conn, batch, acked, prev_hash, by_seq)
        _store(conn, verdict)
    for kind, detail in verdict.incidents + clock.incidents(verdict.fresh, verdict.projected()):
        projection.incident(conn, kind, device.device_id, detail)
    changes: list[Change] = []
    if verdict.fresh:
        changes = projection.apply(conn, device, verdict.projected(), batch.proofs, known)
    return PushResult(acked_seq=verdict.acked, outcomes=verdict.outcomes), changes


_HEAD_SQL = f"SELECT acked_seq, head_hash FROM {devices.name} WHERE device_id = %s FOR UPDATE"


def _read_head(conn: Connection, batch: Batch) -> tuple[tuple[int, str], projection.Known]:
    """Lock the device's row and read its acknowledged head, then what the batch's people
    and arrival sites are now (``projection.Known``).

    The lock serialises pushes of one device (a retry racing the original). On PostgreSQL
    the statements travel as one pipeline, with the savepoint the events' copy starts from:
    one round trip.
    """
    device_id = batch.device.device_id
    # Events found faulty before are neither stored nor projected: their payloads may lack
    # what is read here.
    valid = [
        e
        for e, flaw, problem in zip(batch.events, batch.flaws, batch.problems, strict=True)
        if flaw is None and problem is None
    ]
    pids = sorted({p for e in valid if isinstance(p := e.payload.get("person_id"), str)})
    keys = sorted(batch.device.scope_keys | presence.move_target_keys(valid))
    moves = [e for e in valid if e.type in presence.MOVE_TYPES]
    sites = sorted({site for _, site in map(projection.arrival, moves) if site})
    if is_sqlite(conn):
        row = conn.execute(
            select(devices.c.acked_seq, devices.c.head_hash)
            .where(devices.c.device_id == device_id)
            .with_for_update()
        ).one()
        head = (int(row.acked_seq), str(row.head_hash))
        people = presence.read(conn, pids, keys) if pids else {}
        found = frozenset(event_sites.event_sites(conn, sites) if sites else ())
        return head, projection.Known(people, found)
    with raw_pipeline(conn) as raw:
        head_rows = raw.execute(_HEAD_SQL, (device_id,))
        people_rows = raw.execute(presence.READ_SQL, presence.read_params(pids, keys))
        site_rows = raw.execute(event_sites.EVENT_SITES_SQL, (sites, EVENT_KIND))
        raw.execute(f"SAVEPOINT {COPY_SAVEPOINT}")
    acked, head_hash = head_rows.fetchone() or (None, None)
    if acked is None:
        raise NoResultFound(f"device {device_id} has no row")
    people = presence.from_rows(people_rows.fetchall())
    found = frozenset(r[0] for r in site_rows.fetchall())
    return (int(acked), str(head_hash)), projection.Known(people, found)


def _refuse_replays(conn: Connection, batch: Batch, acked: int) -> Batch:
    """The batch with a counter link whose nonce was used before judged invalid."""
    fresh = [e for e in batch.events if e.device_seq > acked]
    taken = counterlink.replayed(conn, fresh, batch.proofs)
    if not taken:
        return batch
    problems: list[tuple[Status, str] | None] = [
        ("invalid", "proof: the nonce was used before") if e.event_id in taken else p
        for e, p in zip(batch.events, batch.problems, strict=True)
    ]
    return replace(batch, problems=problems)


@dataclass
class _Verdict:
    """Each event of a batch judged in chain order, given what is already stored."""

    batch: Batch
    acked: int
    prev_hash: str
    stored_hashes: dict[int, str]
    by_id: dict[str, tuple[str, int]] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    fresh: list[EventIn] = field(default_factory=list)
    fresh_payloads: list[str] = field(default_factory=list)
    incidents: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def projected(self) -> list[EventIn]:
        """The fresh events as projected: with their stamps bounded by the platform's clock."""
        if self.batch.ordered is self.batch.events:
            return list(self.fresh)  # no stamp was bounded
        stamped = {e.event_id: e for e in self.batch.ordered}
        return [stamped[e.event_id] for e in self.fresh]

    def judge(self) -> None:
        """Judge every event; stored ones extend the chain, the first refusal halts it."""
        first_acked = self.acked
        by_seq = dict(self.stored_hashes)
        halted: str | None = None
        b = self.batch
        for event, payload_json, flaw, problem in zip(
            b.events, b.payloads, b.flaws, b.problems, strict=True
        ):
            status, reason = flaw or _judge(
                event, problem, self.acked, self.prev_hash, by_seq, self.by_id, halted
            )
            if status == "stored":
                self.fresh.append(event)
                self.fresh_payloads.append(payload_json)
                self.by_id[event.event_id] = (event.device_id, event.device_seq)
                by_seq[event.device_seq] = event.hash
                self.prev_hash = event.hash
                self.acked = event.device_seq
            elif status in ("conflict", "invalid", "refused"):
                if event.device_seq > first_acked:
                    halted = halted or f"event {event.device_seq} was {status}"
                detail = {
                    "event_id": event.event_id,
                    "device_seq": event.device_seq,
                    "reason": reason,
                }
                self.incidents.append((f"event-{status}", detail))
            self.outcomes.append(Outcome(event.event_id, event.device_seq, status, reason))


def _judge(
    event: EventIn,
    problem: tuple[Status, str] | None,
    acked: int,
    prev_hash: str,
    by_seq: dict[int, str],
    by_id: dict[str, tuple[str, int]],
    halted: str | None,
) -> tuple[Status, str | None]:
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
    if problem is not None:
        return problem
    return "stored", None


def _judged_with_ids(
    conn: Connection, batch: Batch, acked: int, prev_hash: str, by_seq: dict[int, str]
) -> _Verdict:
    """The batch judged with the events' ids already stored read first."""
    verdict = _Verdict(batch, acked, prev_hash, by_seq)
    verdict.by_id = _stored_keys(conn, [e.event_id for e in batch.events])
    verdict.judge()
    return verdict


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


_COLUMNS = (
    "event_id",
    "device_id",
    "device_seq",
    "hlc",
    "type",
    "schema",
    "payload",
    "prev_hash",
    "hash",
    "received_at_ms",
)


def _row_tuples(fresh: list[EventIn], payloads: list[str]) -> list[tuple[Any, ...]]:
    """The events' rows as tuples of ``_COLUMNS``."""
    received = now_ms()
    return [
        (
            e.event_id,
            e.device_id,
            e.device_seq,
            e.hlc,
            e.type,
            e.schema_version,
            payload,
            e.prev_hash,
            e.hash,
            received,
        )
        for e, payload in zip(fresh, payloads, strict=True)
    ]


def _store(conn: Connection, verdict: _Verdict) -> None:
    """Store the fresh events and advance the device's acknowledged head past them."""
    if verdict.fresh:
        insert_tuples(conn, events, _COLUMNS, _row_tuples(verdict.fresh, verdict.fresh_payloads))
        _advance(conn, verdict)


# Built once: every push runs it.
_ADVANCE = (
    update(devices)
    .where(devices.c.device_id == bindparam("device"))
    .values(acked_seq=bindparam("acked"), head_hash=bindparam("head"))
)


def _advance(conn: Connection, verdict: _Verdict) -> None:
    params = {"device": verdict.batch.device.device_id, "acked": verdict.acked}
    conn.execute(_ADVANCE, {**params, "head": verdict.prev_hash})


def _store_new_ids(conn: Connection, verdict: _Verdict) -> bool:
    """``_store``, unless one of the events' ids is taken; then store none (PostgreSQL)."""
    if not verdict.fresh:
        return True
    rows = _row_tuples(verdict.fresh, verdict.fresh_payloads)
    if not copy_rows_unless_taken(conn, events, _COLUMNS, rows, saved=True):
        return False
    _advance(conn, verdict)
    return True
