"""The public safety list (安否情報): people who chose to publish that they are safe.

Anyone may search it, by a full name only: a part of a name finds nobody, so the list cannot
be read out. A person appears only with the ``safety-publication`` consent, never when
protected from domestic violence, and with the shelter's name only if they chose that too
(``linkage.whereabouts``). The page creates no session and records nothing about who searched.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from linkage import unit
from linkage.api.deps import EngineDep
from linkage.fields import text_problem
from linkage.web.render import add_nav_link, render
from linkage.whereabouts import safety_search

router = APIRouter()
PATH = "/safety"
add_nav_link(PATH, "safety.nav")


@router.get(PATH, include_in_schema=False)
def safety_list(
    request: Request,
    engine: EngineDep,
    name: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """The search form, and the people of exactly that full name who published their safety."""
    typed = name.strip()
    if not typed:
        return render(request, "safety.html", {"errors": {}, "v": {}, "entries": None})
    if text_problem("name", typed) is not None:
        errors = {"name": "safety.error.name"}
        return render(
            request, "safety.html", {"errors": errors, "v": {"name": name}, "entries": None}, 422
        )
    entries = unit.read(engine, lambda conn: safety_search(conn, typed))
    return render(request, "safety.html", {"errors": {}, "v": {"name": name}, "entries": entries})
