"""The early-voting part of a polling-site kiosk's snapshot: sites, roll, declarations and
incidents of its election, each phase walked in id order (see linkage/snapshot/)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from linkage.devices import Device
from linkage.tables import declarations, polling_sites, voters, voting_incidents
from linkage.voting import incidents
from linkage.voting.declarations import payload as declaration_payload
from linkage.voting.elections import get_site, sites_of
from linkage.voting.voters import payloads as voter_payloads
from linkage.voting.voters import voter_query

PHASES = ("polling_site", "voter", "declaration", "voting_incident")


def _election(conn: Connection, device: Device) -> str | None:
    site_id = device.scope.polling_site
    site = get_site(conn, site_id) if site_id else None
    return site.election_id if site else None


def count(conn: Connection, device: Device) -> int:
    """How many early-voting items the device's snapshot holds."""
    election = _election(conn, device)
    if election is None:
        return 0
    total = 0
    for table in (polling_sites, voters, declarations, voting_incidents):
        total += int(
            conn.execute(
                select(func.count()).select_from(table).where(table.c.election_id == election)
            ).scalar_one()
        )
    return total


def read(
    conn: Connection, device: Device, phase: str, after: str, limit: int
) -> list[dict[str, Any]]:
    """Up to ``limit`` items of a phase after the id ``after``."""
    election = _election(conn, device)
    if election is None:
        return []
    if phase == "polling_site":
        items = [(s.site_id, s.payload()) for s in sites_of(conn, election) if s.site_id > after][
            :limit
        ]
    elif phase == "voter":
        rows = conn.execute(
            voter_query()
            .where(voters.c.election_id == election, voters.c.voter_id > after)
            .order_by(voters.c.voter_id)
            .limit(limit)
        ).all()
        items = [(p["voter_id"], p) for p in voter_payloads(conn, rows)]
    elif phase == "declaration":
        rows = conn.execute(
            select(declarations, voters.c.person_id)
            .join(voters, voters.c.voter_id == declarations.c.voter_id)
            .where(declarations.c.election_id == election, declarations.c.declaration_id > after)
            .order_by(declarations.c.declaration_id)
            .limit(limit)
        ).all()
        items = [(r.declaration_id, declaration_payload(r, r.person_id)) for r in rows]
    else:
        rows = conn.execute(
            select(voting_incidents)
            .where(
                voting_incidents.c.election_id == election,
                voting_incidents.c.incident_id > after,
            )
            .order_by(voting_incidents.c.incident_id)
            .limit(limit)
        ).all()
        items = [(r.incident_id, incidents.payload(r)) for r in rows]
    return [{"entity": phase, "entity_id": i, "payload": p} for i, p in items]
