"""Family safety lookup: which shelter the people you may ask about are at.

A signed-in person sees the members of their own household and the people who gave them a
finder code (made on the consent dashboard and redeemed here). Nothing is searched by name
or id, so nothing can be enumerated: the page lists exactly the people the viewer is
entitled to and no one else. People protected from domestic violence are never listed. Every
view is audited person by person and rate-limited, as are attempts at codes.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection, select, update

from linkage import unit
from linkage.api.deps import EngineDep
from linkage.canonical import now_ms
from linkage.people import is_protected
from linkage.tables import lookup_grants, persons
from linkage.web import audit
from linkage.web.consents import code_hash
from linkage.web.my import add_service, display_name
from linkage.web.prereg import household_of
from linkage.web.render import finish, render
from linkage.web.session import CsrfPersonSession, PersonSession
from linkage.whereabouts import at_shelters

router = APIRouter()
add_service("/my/family", "family.title", "family.hint")
LOOKUPS_PER_HOUR = 30
CODE_TRIES_PER_HOUR = 10
HOUR_S = 3600


def entitled(conn: Connection, viewer: str) -> list[tuple[str, dict[str, Any], str]]:
    """(person id, fields, why) of everyone ``viewer`` may look up; never a protected person."""
    _, members = household_of(conn, viewer)
    found: dict[str, tuple[dict[str, Any], str]] = {
        m.person_id: (m.fields, "household") for m in members if m.person_id != viewer
    }
    grants = conn.execute(
        select(persons.c.person_id, persons.c.fields)
        .join(lookup_grants, lookup_grants.c.person_id == persons.c.person_id)
        .where(
            lookup_grants.c.finder_id == viewer,
            lookup_grants.c.withdrawn_at_ms.is_(None),
            persons.c.merged_into.is_(None),
        )
    )
    for g in grants:
        found.setdefault(g.person_id, (json.loads(g.fields), "consent"))
    return [
        (pid, fields, why)
        for pid, (fields, why) in sorted(found.items())
        if not is_protected(fields)
    ]


def _whereabouts(conn: Connection, viewer: str) -> list[dict[str, Any]] | None:
    if audit.recent(conn, viewer, "family-lookup", HOUR_S) >= LOOKUPS_PER_HOUR:
        return None
    people = entitled(conn, viewer)
    places = at_shelters(conn, [pid for pid, _, _ in people])
    out = []
    for pid, fields, why in people:
        stay = places.get(pid)
        out.append(
            {
                "name": display_name(fields),
                "why": why,
                "state": stay.state if stay else None,
                "shelter": stay.name if stay else None,
            }
        )
        audit.record(conn, viewer, "family-lookup.shown", pid, why=why)
    audit.record(conn, viewer, "family-lookup", None, shown=len(out))
    return out


def _page(
    request: Request,
    engine: EngineDep,
    viewer: str,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    people = unit.write(engine, lambda conn: (_whereabouts(conn, viewer), []))
    if people is None:
        return render(
            request,
            "message.html",
            {
                "title_key": "family.title",
                "message_key": "family.limited",
                "back_key": "my.title",
                "back_href": "/my",
                "error": True,
            },
            status=429,
        )
    values: dict[str, Any] = {"people": people, "errors": {}, "v": {}}
    values.update(extra or {})
    return render(request, "family.html", values, status=status)


@router.get("/my/family", include_in_schema=False)
def lookup(request: Request, current: PersonSession, engine: EngineDep) -> HTMLResponse:
    """Where the viewer's household and the people who let them find them are."""
    return _page(request, engine, str(current.person_id))


@router.post("/my/family/code", include_in_schema=False)
def redeem(
    request: Request,
    current: CsrfPersonSession,
    engine: EngineDep,
    code: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Redeem a finder code a relative gave: from now on, they appear on this page."""
    viewer = str(current.person_id)

    def work(conn: Connection) -> str:
        if audit.recent(conn, viewer, "finder-code.tried", HOUR_S) >= CODE_TRIES_PER_HOUR:
            return "family.error.too_many"
        audit.record(conn, viewer, "finder-code.tried", None)
        done = conn.execute(
            update(lookup_grants)
            .where(
                lookup_grants.c.code_hash == code_hash(code),
                lookup_grants.c.finder_id.is_(None),
                lookup_grants.c.withdrawn_at_ms.is_(None),
                lookup_grants.c.code_expires_at_ms >= now_ms(),
                lookup_grants.c.person_id != viewer,
            )
            .values(finder_id=viewer, code_hash=None)
        ).rowcount
        if not done:
            return "family.error.code"
        audit.record(conn, viewer, "finder-code.redeemed", None)
        return ""

    # Tries are counted even when the code is wrong, so the write always commits.
    error = unit.write(engine, lambda conn: (work(conn), []))
    if error:
        extra = {"errors": {"code": error}, "v": {"code": code}}
        return _page(request, engine, viewer, extra, status=422)
    response = RedirectResponse("/my/family", status_code=303)
    finish(request, response)
    return response
