"""Every state-changing form of the citizen web refuses a missing or wrong CSRF token."""

from __future__ import annotations

import re

from fastapi.routing import APIRoute
from sqlalchemy import Connection, func, select

from linkage import unit
from linkage.tables import (
    consent_records,
    households,
    lookup_grants,
    persons,
    shelter_supplies,
    web_audit,
)
from linkage.web import ROUTERS
from tests.linkage.web.conftest import Web

# Path parameters filled with values that would be acted upon with a valid token.
EXAMPLES = {
    "definition_id": "kiosk-roster",
    "action": "withdraw",
    "challenge_id": "si-0000",
    "grant_id": "lg-0000",
    "shelter_id": "S-001",
    "election_id": "E-2026",
}


def form_routes() -> list[str]:
    """Every POST path the citizen web's routers serve to browsers (the API is not a form)."""
    paths = [
        route.path
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        and "POST" in (route.methods or ())
        and route.include_in_schema is False
    ]
    return sorted(re.sub(r"\{([^}]+)\}", _example, p) for p in paths)


def _example(match: re.Match[str]) -> str:
    return EXAMPLES[match.group(1)]


def snapshot(web: Web) -> dict[str, int]:
    def count(conn: Connection) -> dict[str, int]:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (persons, households, consent_records, lookup_grants, shelter_supplies)
        }

    return unit.read(web.engine, count)


def test_every_form_refuses_a_missing_or_wrong_token(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    routes = form_routes()
    assert "/my/household" in routes and "/sign-out" in routes and len(routes) >= 8
    before = snapshot(web)
    for path in routes:
        for data in ({}, {"csrf_token": "wrong"}, {"csrf_token": ""}):
            answer = web.client.post(path, data=data)
            assert answer.status_code == 403, (path, data, answer.status_code)
    assert snapshot(web) == before
    # Still signed in: a refused sign-out did not sign anybody out.
    assert web.client.get("/my", follow_redirects=False).status_code == 200
    audit_actions = unit.read(
        web.engine,
        lambda conn: conn.execute(
            select(web_audit.c.action).where(web_audit.c.action.like("consent.%"))
        ).all(),
    )
    assert audit_actions == []
