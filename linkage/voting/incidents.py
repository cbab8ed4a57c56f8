"""Voting incidents: a double issue, a claim by a revoked device, a claim id replayed by
another device, an event the election does not hold. Kept for the election office and sent to
every kiosk of the election."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from kazasu_protocol.canonical import canonical_json
from linkage.canonical import new_id, now_ms
from linkage.feed import Change
from linkage.problems import Problem
from linkage.tables import voting_incidents
from linkage.voting.elections import election_keys

DOUBLE_ISSUE = "double_issue"
REVOKED_DEVICE_CLAIM = "revoked_device_claim"
UNKNOWN_VOTER = "unknown_voter"
OUTSIDE_ELECTION = "outside_election"
# A device presented a claim id that another device's claim holds (docs/protocol/voting.md).
CLAIM_ID_REPLAYED = "claim_id_replayed"


def payload(row: Any) -> dict[str, Any]:
    """The ``voting_incident`` feed payload of a stored incident."""
    return {
        "incident_id": row.incident_id,
        "election_id": row.election_id,
        "voter_id": row.voter_id,
        "kind": row.kind,
        "sites": json.loads(row.sites),
        "detail": json.loads(row.detail),
        "created_at_ms": row.created_at_ms,
        "resolved": row.resolved_at_ms is not None,
        "resolved_at_ms": row.resolved_at_ms,
        "note": row.note,
    }


def _changes(conn: Connection, incident_id: str) -> list[Change]:
    row = conn.execute(
        select(voting_incidents).where(voting_incidents.c.incident_id == incident_id)
    ).one()
    body = payload(row)
    return [
        Change(k, "voting_incident", incident_id, "upsert", body, None)
        for k in election_keys(conn, row.election_id)
    ]


def record(
    conn: Connection,
    election_id: str,
    voter_id: str | None,
    kind: str,
    sites: list[str],
    detail: dict[str, Any],
) -> list[Change]:
    """Keep an incident; returns the changes that tell every kiosk of the election."""
    incident_id = new_id("vi")
    conn.execute(
        insert(voting_incidents).values(
            incident_id=incident_id,
            election_id=election_id,
            voter_id=voter_id,
            kind=kind,
            sites=canonical_json(sorted(set(sites))),
            detail=canonical_json(detail),
            created_at_ms=now_ms(),
        )
    )
    return _changes(conn, incident_id)


def list_incidents(
    conn: Connection, election_id: str, include_resolved: bool = True
) -> list[dict[str, Any]]:
    """An election's incidents, oldest first."""
    query = select(voting_incidents).where(voting_incidents.c.election_id == election_id)
    if not include_resolved:
        query = query.where(voting_incidents.c.resolved_at_ms.is_(None))
    rows = conn.execute(
        query.order_by(voting_incidents.c.created_at_ms, voting_incidents.c.incident_id)
    )
    return [payload(r) for r in rows]


def resolve(conn: Connection, incident_id: str, note: str) -> list[Change]:
    """The election office closes an incident with a note; kiosks see it resolved."""
    done = conn.execute(
        update(voting_incidents)
        .where(
            voting_incidents.c.incident_id == incident_id,
            voting_incidents.c.resolved_at_ms.is_(None),
        )
        .values(resolved_at_ms=now_ms(), note=note)
    ).rowcount
    if not done:
        exists = conn.execute(
            select(voting_incidents.c.incident_id).where(
                voting_incidents.c.incident_id == incident_id
            )
        ).first()
        if exists is None:
            raise Problem(404, "unknown-incident", "Unknown voting incident", incident_id)
        raise Problem(409, "incident-resolved", "The incident is already resolved", incident_id)
    return _changes(conn, incident_id)
