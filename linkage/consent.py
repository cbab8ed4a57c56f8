"""Consents as storage and sharing definitions per person, kept as ISO/IEC TS 27560-shaped records.

Every grant and withdrawal is a new record that points at the one it supersedes, so the
history is never rewritten. The sharing definition ``kiosk-roster`` decides whether kiosks
receive the person at all: withdrawing it sends every kiosk holding the person a deletion
and removes the person's earlier upserts from the feed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from linkage import household_lists
from linkage.canonical import new_id, now_ms
from linkage.feed import Change
from linkage.people import household_changes, person_changes, scopes_of
from linkage.presence import presence_changes
from linkage.problems import Problem
from linkage.tables import changes, consent_definitions, consent_records, persons

KIOSK_SHARING = "kiosk-roster"
STATES = ("given", "withdrawn")
RECORD_SCHEMA = "kazasu-consent-record/1"


def iso(ms: int) -> str:
    """An ISO 8601 UTC timestamp from milliseconds since the epoch."""
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


def definitions(conn: Connection) -> list[dict[str, Any]]:
    """Every storage and sharing definition a person can consent to."""
    rows = conn.execute(select(consent_definitions).order_by(consent_definitions.c.definition_id))
    return [_definition(r) for r in rows]


def _definition(row: Any) -> dict[str, Any]:
    return {
        "definition_id": row.definition_id,
        "kind": row.kind,
        "title": row.title,
        "purpose": row.purpose,
        "data_categories": json.loads(row.data_categories),
        "recipients": json.loads(row.recipients),
        "retention": row.retention,
        "version": row.version,
        "partner_id": row.partner_id,
        "purpose_id": row.purpose_id,
        "legal_basis": row.legal_basis,
        "statute": row.statute,
        "mode": row.mode,
        "includes_protected": bool(row.includes_protected),
        "translations": json.loads(row.translations) if row.translations else {},
    }


def current_state(conn: Connection, person_id: str, definition_id: str) -> Any:
    """The newest record of this person for this definition, or None."""
    return conn.execute(
        select(consent_records)
        .where(
            consent_records.c.person_id == person_id,
            consent_records.c.definition_id == definition_id,
        )
        .order_by(consent_records.c.recorded_at_ms.desc(), consent_records.c.record_id.desc())
        .limit(1)
    ).first()


def record(
    conn: Connection,
    person_id: str,
    definition_id: str,
    state: str,
    method: str,
    collector: str,
) -> tuple[str, list[Change]]:
    """Record a grant or withdrawal; returns the record id and the feed changes it causes."""
    if state not in STATES:
        raise Problem(422, "invalid-consent-state", "State must be given or withdrawn", state)
    person = conn.execute(
        select(persons.c.merged_into).where(persons.c.person_id == person_id)
    ).first()
    if person is None or person.merged_into is not None:
        raise Problem(404, "unknown-person", "Unknown person", person_id)
    version = require_definition(conn, definition_id)
    previous = current_state(conn, person_id, definition_id)
    row = new_record(
        person_id,
        definition_id,
        state,
        method,
        collector,
        max(now_ms(), previous.recorded_at_ms + 1 if previous else 0),
        previous.record_id if previous else None,
    )
    row["definition_version"] = version
    conn.execute(insert(consent_records).values(**row))
    if definition_id != KIOSK_SHARING:
        return row["record_id"], []
    return row["record_id"], set_shareable(conn, person_id, state == "given")


def require_definition(conn: Connection, definition_id: str) -> int:
    """The version in force of a consent definition; 404 when the platform does not have it."""
    known = conn.execute(
        select(consent_definitions.c.version).where(
            consent_definitions.c.definition_id == definition_id
        )
    ).first()
    if known is None:
        raise Problem(
            404, "unknown-consent-definition", "Unknown consent definition", definition_id
        )
    return int(known.version)


def new_record(
    person_id: str,
    definition_id: str,
    state: str,
    method: str,
    collector: str,
    recorded_at_ms: int,
    supersedes: str | None = None,
    record_id: str | None = None,
) -> dict[str, Any]:
    """The row of a new consent record, with a fresh record id unless ``record_id`` is one
    (a bulk import makes its batch's ids at once)."""
    return {
        "record_id": record_id or new_id("cr"),
        "person_id": person_id,
        "definition_id": definition_id,
        "state": state,
        "method": method,
        "collector": collector,
        "recorded_at_ms": recorded_at_ms,
        "supersedes": supersedes,
    }


def set_shareable(conn: Connection, person_id: str, shareable: bool) -> list[Change]:
    """Start or stop sharing a person with kiosks, with the changes that tell them."""
    was = conn.execute(
        select(persons.c.shareable, persons.c.household_id).where(persons.c.person_id == person_id)
    ).one()
    if was.shareable == shareable:
        return []
    conn.execute(
        update(persons).where(persons.c.person_id == person_id).values(shareable=shareable)
    )
    # Their households' member lists name only those who share.
    household_lists.keep_for_people(conn, [person_id])
    if shareable:
        out = person_changes(conn, person_id)
        if was.household_id:
            out += household_changes(conn, was.household_id)
        return out + presence_changes(conn, [person_id])
    # Data minimisation: the feed keeps no earlier copy of a person who withdrew.
    conn.execute(delete(changes).where(changes.c.person_id == person_id, changes.c.op == "upsert"))
    payload = {"person_id": person_id, "reason": "consent_withdrawn"}
    return [
        Change(key, "person", person_id, "delete", payload, person_id)
        for key in sorted(scopes_of(conn, person_id))
    ]


def history(conn: Connection, person_id: str) -> list[dict[str, Any]]:
    """Every consent record of a person, oldest first."""
    rows = conn.execute(
        select(consent_records)
        .where(consent_records.c.person_id == person_id)
        .order_by(consent_records.c.recorded_at_ms, consent_records.c.record_id)
    )
    return [
        {
            "record_id": r.record_id,
            "definition_id": r.definition_id,
            "state": r.state,
            "method": r.method,
            "collector": r.collector,
            "recorded_at": iso(r.recorded_at_ms),
            "supersedes": r.supersedes,
            "version": r.definition_version or 1,
        }
        for r in rows
    ]


def receipt(conn: Connection, person_id: str, controller: str) -> dict[str, Any]:
    """A consent receipt for a person: one TS 27560-shaped record per definition, with history."""
    row = conn.execute(
        select(persons.c.person_id, persons.c.merged_into).where(persons.c.person_id == person_id)
    ).first()
    if row is None:
        raise Problem(404, "unknown-person", "Unknown person", person_id)
    events = history(conn, person_id)
    defs = {d["definition_id"]: d for d in definitions(conn)}
    records = []
    for definition_id in sorted({e["definition_id"] for e in events}):
        own = [e for e in events if e["definition_id"] == definition_id]
        d = defs[definition_id]
        records.append(
            {
                "record_id": own[-1]["record_id"],
                "definition": {"id": definition_id, "kind": d["kind"], "title": d["title"]},
                "version": d["version"],
                "purposes": [
                    {
                        "purpose": d["purpose"],
                        "lawful_basis": d["legal_basis"],
                        "pii_categories": d["data_categories"],
                        "processing": ["storage"] if d["kind"] == "storage" else ["disclosure"],
                        "recipients": d["recipients"],
                        "storage_duration": d["retention"],
                    }
                ],
                "status": "active" if own[-1]["state"] == "given" else "withdrawn",
                "events": [
                    {
                        "record_id": e["record_id"],
                        "event_type": e["state"],
                        "time": e["recorded_at"],
                        "method": e["method"],
                        "collector": e["collector"],
                        "definition_version": e["version"],
                    }
                    for e in own
                ],
            }
        )
    return {
        "schema_version": RECORD_SCHEMA,
        "receipt_id": new_id("rcpt"),
        "issued_at": iso(now_ms()),
        "pii_principal": {"id": person_id},
        "pii_controller": {"name": controller},
        "consent_records": records,
    }
