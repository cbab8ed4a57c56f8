"""The public shelter map: open shelters, how full they are, updated live from check-ins.

The list is rendered on the server and works without scripts or map tiles; with a tile server
configured, a Leaflet map (bundled from npm, no outside scripts) shows the same shelters as
markers that carry their congestion as text as well as colour. Both follow the live stream
``/v1/public/shelters/events`` (polling ``/v1/public/shelters`` with its ETag where streams
do not get through).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from linkage import unit
from linkage.config import Settings
from linkage.occupancy import Congestion
from linkage.public_shelters import read_view, shelter_entry
from linkage.web.i18n import translate
from linkage.web.render import SECURITY_HEADERS, add_nav_link, language, render

router = APIRouter()
PATH = "/shelters"
add_nav_link(PATH, "map.nav")

# Texts the page's script needs to redraw the list in the page's language.
SCRIPT_TEXTS = ("map.open", "map.closed", "map.people", "map.capacity", "map.no_capacity")


def ordered(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Open shelters first, then closed ones, each by id (the script sorts the same way)."""
    return sorted(entries, key=lambda e: (e["status"] != "open", e["shelter_id"]))


@router.get(PATH, include_in_schema=False)
def shelter_map(request: Request) -> HTMLResponse:
    """The map (when tiles are configured) and the list of shelters."""
    settings: Settings = request.app.state.settings
    view = unit.read(request.app.state.engine, read_view)
    lang = language(request)
    texts = {key: translate(lang, key) for key in SCRIPT_TEXTS}
    texts |= {f"level.{c.value}": translate(lang, f"map.level.{c.value}") for c in Congestion}
    response = render(
        request,
        "shelter_map.html",
        {
            "shelters": ordered([shelter_entry(s) for s in view.states]),
            "etag": view.etag,
            "tile_url": settings.map_tile_url,
            "attribution": settings.map_attribution,
            "texts_json": json.dumps(texts, ensure_ascii=False),
            "levels": [c.value for c in Congestion if c is not Congestion.CLOSED],
        },
    )
    allow_tiles(response, settings)
    return response


def allow_tiles(response: Response, settings: Settings) -> None:
    """Let a page with a map load the configured tile server's images, and nothing else from
    elsewhere; no tile server, no change."""
    if not settings.map_tile_url:
        return
    parts = urlsplit(settings.map_tile_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    policy = SECURITY_HEADERS["Content-Security-Policy"]
    response.headers["Content-Security-Policy"] = policy.replace(
        "img-src 'self' data:", f"img-src 'self' data: {origin}"
    )
