"""Headquarters staff and their roles, per municipality (docs/decisions/hq.md).

A staff member is a person of the platform who signs in to the web as anyone does (with the
My Number Card, or the city's OpenID Connect provider once connected); an administrator grants
them a role for one municipality's sites:

    hq-viewer          the headquarters view: every site's figures, the map, the reports
    inquiry-operator   answers relatives' inquiries (and sees the headquarters view)
    event-organiser    the attendance counts and roster of the municipality's event sites
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from linkage.canonical import now_ms
from linkage.municipalities import require_municipality
from linkage.problems import Problem
from linkage.tables import hq_staff, persons

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
    if held is not None:
        return False
    conn.execute(
        insert(hq_staff).values(
            person_id=person_id,
            municipality_id=municipality_id,
            role=role,
            granted_by=actor,
            granted_at_ms=now_ms(),
        )
    )
    return True


def revoke(conn: Connection, person_id: str, municipality_id: str, role: str) -> bool:
    """Take ``role`` away; False when the person did not hold it."""
    if role not in ROLES:
        raise Problem(422, "unknown-role", "Unknown staff role", f"{role!r} is not one of {ROLES}")
    done = conn.execute(
        delete(hq_staff).where(
            hq_staff.c.person_id == person_id,
            hq_staff.c.municipality_id == municipality_id,
            hq_staff.c.role == role,
        )
    ).rowcount
    return bool(done)


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
