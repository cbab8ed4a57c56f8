"""The append-only, hash-chained audit log of who did what at the kiosk."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kazasu_protocol.canonical import canonical_json
from kiosk.chain import GENESIS, link_hash
from kiosk.sqlite import Connection
from kiosk.timefmt import stamp


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    seq: int
    at: str
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the audit chain."""

    entries: int
    ok: bool
    first_bad: int | None = None
    problem: str = ""


def record(
    conn: Connection, actor: str, action: str, target: str, detail: dict[str, Any], at: datetime
) -> None:
    """Append one entry; call inside the transaction of the action it records."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (0, GENESIS) if row is None else (int(row[0]), str(row[1]))
    body = _body(seq + 1, stamp(at), actor, action, target, detail, prev)
    conn.execute(
        "INSERT INTO audit (seq, at, actor, action, target, detail, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            body["seq"],
            body["at"],
            actor,
            action,
            target,
            canonical_json(detail),
            prev,
            link_hash(body),
        ),
    )


def verify(conn: Connection) -> ChainReport:
    """Recompute every link; reports the first entry that was changed, removed or inserted."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for seq, at, actor, action, target, detail, prev_hash, digest in conn.execute(
        "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit ORDER BY seq"
    ).fetchall():
        if seq != expected_seq:
            return ChainReport(count, False, seq, f"entry {expected_seq} is missing")
        if prev_hash != prev:
            return ChainReport(count, False, seq, "does not follow the entry before it")
        body = _body(seq, at, actor, action, target, json.loads(detail), prev_hash)
        if link_hash(body) != digest:
            return ChainReport(count, False, seq, "its content was changed")
        prev, expected_seq, count = digest, expected_seq + 1, count + 1
    return ChainReport(count, True)


def entries(conn: Connection, limit: int = 100) -> list[AuditEntry]:
    """The newest entries, newest first."""
    rows = conn.execute(
        "SELECT seq, at, actor, action, target, detail FROM audit ORDER BY seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


def _body(
    seq: int,
    at: str,
    actor: str,
    action: str,
    target: str,
    detail: dict[str, Any],
    prev: str,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "target": target,
        "detail": detail,
        "prev_hash": prev,
    }
