"""The signed-in person's page: the services of the citizen web."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from linkage import unit
from linkage.api.deps import EngineDep
from linkage.tables import persons
from linkage.web.render import render
from linkage.web.session import PersonSession

router = APIRouter()

# (path, title key, hint key) of each service, added by the page modules that provide them.
SERVICES: list[tuple[str, str, str]] = []


def add_service(path: str, title_key: str, hint_key: str) -> None:
    """List a service on the signed-in person's page."""
    if all(s[0] != path for s in SERVICES):
        SERVICES.append((path, title_key, hint_key))


def display_name(fields: dict[str, object]) -> str:
    """A person's name as the records hold it."""
    return str(fields.get("name") or "").strip()


@router.get("/my", include_in_schema=False)
def my_page(request: Request, current: PersonSession, engine: EngineDep) -> HTMLResponse:
    """Greeting and the list of services."""
    row = unit.read(
        engine,
        lambda conn: conn.execute(
            select(persons.c.fields).where(persons.c.person_id == current.person_id)
        ).first(),
    )
    name = display_name(json.loads(row.fields)) if row else ""
    oidc = request.app.state.oidc
    return render(
        request,
        "my.html",
        {
            "name": name,
            "services": SERVICES,
            "oidc_name": oidc.display_name if oidc else None,
            "auth_method": current.auth_method,
        },
    )
