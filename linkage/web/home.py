"""The citizen web's front page: what a resident can do here."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from linkage.web.my import SERVICES
from linkage.web.render import render

router = APIRouter()


@router.get("/", include_in_schema=False)
def front_page(request: Request) -> HTMLResponse:
    """The list of services, with sign-in first."""
    return render(request, "home.html", {"services": SERVICES})
