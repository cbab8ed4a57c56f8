"""The public safety list (安否情報): people who chose to publish that they are safe.

Anyone may search it, by a full name only: a part of a name finds nobody, so the list cannot
be read out. A person appears only with the ``safety-publication`` consent, never when
protected from domestic violence, and with the shelter's name only if they chose that too
(``linkage.whereabouts``). The page creates no session and records nothing about who searched.
Searches are limited per client address (``SEARCHES`` per ``WINDOW_S``), counted in the
process's memory only, so the list cannot be read out by trying names in bulk.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse

from linkage import unit
from linkage.api.deps import EngineDep
from linkage.fields import text_problem
from linkage.limits import RateLimit
from linkage.web.render import add_nav_link, render
from linkage.whereabouts import safety_search

router = APIRouter()
PATH = "/safety"
add_nav_link(PATH, "safety.nav")
# Enough for a family looking for several relatives from a shelter's shared connection, far
# too few to try names by the thousand.
SEARCHES, WINDOW_S = 30, 600


def install(app: FastAPI) -> None:
    """Give ``app`` its own count of searches per client."""
    app.state.safety_limit = RateLimit(SEARCHES, WINDOW_S)


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
    limit: RateLimit = request.app.state.safety_limit
    if not limit.allow(request.client.host if request.client else ""):
        response = render(
            request,
            "message.html",
            {
                "title_key": "safety.title",
                "message_key": "safety.limited",
                "back_key": "safety.back",
                "back_href": PATH,
                "error": True,
            },
            status=429,
        )
        response.headers["Retry-After"] = str(limit.retry_after_s())
        return response
    entries = unit.read(engine, lambda conn: safety_search(conn, typed))
    return render(request, "safety.html", {"errors": {}, "v": {"name": name}, "entries": entries})
