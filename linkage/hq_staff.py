"""Headquarters staff and their roles, per municipality (docs/decisions/hq.md).

A staff member is a person of the platform who signs in to the web as anyone does (with the
My Number Card, or the city's OpenID Connect provider once connected); an administrator grants
them a role for one municipality's sites (on the command line or the admin API; every grant
and revocation is audited in ``web_audit`` as ``hq-staff.grant`` / ``hq-staff.revoke``):

    hq-viewer          the headquarters view: every site's figures, the map, the reports
    inquiry-operator   answers relatives' inquiries (and sees the headquarters view)
    event-organiser    the attendance counts and roster of the municipality's event sites
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from kazasu_protocol.canonical import canonical_json
from linkage.canonical import now_ms
from linkage.municipalities import require_municipality
from linkage.problems import Problem
from linkage.tables import hq_staff, persons, web_audit

VIEWER, OPERATOR, ORGANISER = "hq-viewer", "inquiry-operator", "event-organiser"
ROLES = (VIEWER, OPERATOR, ORGANISER)
# What each role may do beyond itself: an operator answering a caller also needs the figures.
IMPLIES = {OPERATOR: {VIEWER}}


def grant(conn: Connection, person_id: str, municipality_id: str, role: str, actor: str) -> bool:
    """Give ``person_id`` ``role`` for ``municipality_id``; False when they had it already.

    422 for an unknown role or municipality, 404 for a person the platform does not know.
    """
    _check(conn, person_id, municipality_id, role)
    held = conn.execute(
        select(hq_staff.c.role).where(
            hq_staff.c.person_id == person_id,
            hq_staff.c.municipality_id == municipality_id,
            hq_staff.c.role == role,
        )
    ).first()
    if held is None:
        conn.execute(
            insert(hq_staff).values(
                person_id=person_id,
                municipality_id=municipality_id,
                role=role,
                granted_by=actor,
                granted_at_ms=now_ms(),
            )
        )
    _audit(conn, actor, "hq-staff.grant", person_id, municipality_id, role, held is None)
    return held is None


def revoke(conn: Connection, person_id: str, municipality_id: str, role: str, actor: str) -> bool:
    """Take ``role`` away; False when the person did not hold it."""
    if role not in ROLES:
        raise Problem(422, "unknown-role", "Unknown staff role", f"{role!r} is not one of {ROLES}")
    done = bool(
        conn.execute(
            delete(hq_staff).where(
                hq_staff.c.person_id == person_id,
                hq_staff.c.municipality_id == municipality_id,
                hq_staff.c.role == role,
            )
        ).rowcount
    )
    _audit(conn, actor, "hq-staff.revoke", person_id, municipality_id, role, done)
    return done


def _audit(
    conn: Connection,
    actor: str,
    action: str,
    person_id: str,
    municipality_id: str,
    role: str,
    changed: bool,
) -> None:
    # Access to people's whereabouts is given and taken here: each act is kept, even a repeat.
    detail = {"municipality_id": municipality_id, "role": role, "changed": changed}
    conn.execute(
        insert(web_audit).values(
            at_ms=now_ms(),
            actor=actor,
            action=action,
            subject=person_id,
            detail=canonical_json(detail),
        )
    )


@dataclass(frozen=True)
class Grant:
    """A role a person holds for a municipality, with who granted it and when."""

    person_id: str
    municipality_id: str
    role: str
    granted_by: str
    granted_at_ms: int


def grants(conn: Connection, municipality_id: str | None = None) -> list[Grant]:
    """Every role held (for one municipality, or all), by municipality, person and role; 404
    for an unknown municipality."""
    query = select(hq_staff).order_by(
        hq_staff.c.municipality_id, hq_staff.c.person_id, hq_staff.c.role
    )
    if municipality_id is not None:
        require_municipality(conn, municipality_id, 404)
        query = query.where(hq_staff.c.municipality_id == municipality_id)
    return [
        Grant(r.person_id, r.municipality_id, r.role, r.granted_by, r.granted_at_ms)
        for r in conn.execute(query)
    ]


def roles_of(conn: Connection, person_id: str) -> dict[str, set[str]]:
    """Each municipality the person works for, with every role they hold there (implied too)."""
    out: dict[str, set[str]] = {}
    rows = conn.execute(
        select(hq_staff.c.municipality_id, hq_staff.c.role).where(hq_staff.c.person_id == person_id)
    )
    for r in rows:
        held = out.setdefault(r.municipality_id, set())
        held.add(r.role)
        held |= IMPLIES.get(r.role, set())
    return out


def _check(conn: Connection, person_id: str, municipality_id: str, role: str) -> None:
    if role not in ROLES:
        raise Problem(422, "unknown-role", "Unknown staff role", f"{role!r} is not one of {ROLES}")
    require_municipality(conn, municipality_id)
    known = conn.execute(
        select(persons.c.person_id).where(
            persons.c.person_id == person_id, persons.c.merged_into.is_(None)
        )
    ).first()
    if known is None:
        raise Problem(404, "unknown-person", "Unknown person", person_id)
