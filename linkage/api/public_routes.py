"""The public shelter API: no authentication, no personal data, cacheable, live.

``GET /v1/public/shelters`` is the document with an ETag (``If-None-Match`` answers 304), for
short polling and caches; ``GET /v1/public/shelters/events`` streams it as Server-Sent Events,
one event whenever it changes. The map page uses the stream and falls back to polling.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from linkage import unit
from linkage.api.models import PublicShelters
from linkage.live import Hub, Live
from linkage.public_shelters import PublicView, read_view

router = APIRouter(prefix="/v1/public", tags=["public"])

# Caches and browsers may keep the document a few seconds; then they ask again with its tag.
CACHE_CONTROL = "public, max-age=5, must-revalidate"
KEEPALIVE_S = 15.0  # a comment line this often keeps proxies from closing an idle stream
# A stream ends after this long and the browser reconnects (EventSource does so by itself),
# so that no connection outlives a deployment by much.
STREAM_S = 300.0
RETRY_MS = 3000
# Open data: any site may read it from a browser (no credentials are involved).
OPEN_DATA = {"Access-Control-Allow-Origin": "*"}


@router.get(
    "/shelters",
    response_model=PublicShelters,
    responses={304: {"description": "Not modified since the ETag sent in If-None-Match"}},
)
def public_shelters(
    request: Request,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """Every shelter: location, status, capacity, people present and congestion level."""
    view: PublicView = unit.read(request.app.state.engine, read_view)
    headers = {"ETag": view.etag, "Cache-Control": CACHE_CONTROL, **OPEN_DATA}
    if if_none_match is not None and view.etag in _tags(if_none_match):
        return Response(status_code=304, headers=headers)
    return Response(view.body, media_type="application/json", headers=headers)


def _tags(header: str) -> set[str]:
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return tags | ({'"*"'} if "*" in tags else set())


@router.get(
    "/shelters/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}},
)
async def shelter_events(
    request: Request,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """The public shelter document as Server-Sent Events (``shelters``), sent on every change.

    Each event's id is the document's ETag; a client reconnecting with ``Last-Event-ID`` gets
    the document again only if it changed meanwhile.
    """
    live: Live | None = getattr(request.app.state, "live", None)
    view = await run_in_threadpool(unit.read, request.app.state.engine, read_view)
    return StreamingResponse(
        _stream(live.hub if live else None, live, view, last_event_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no", **OPEN_DATA},
    )


async def _stream(
    hub: Hub | None, live: Live | None, first: PublicView, last_id: str | None
) -> AsyncIterator[str]:
    yield f"retry: {RETRY_MS}\n\n"
    if first.etag != last_id:
        yield _event(first)
        last_id = first.etag
    if hub is None or live is None:
        return  # no watcher (the application was not started with its lifespan)
    hub.streams += 1
    try:
        seen = hub.round
        live.watch.nudge()
        deadline = asyncio.get_running_loop().time() + STREAM_S
        while asyncio.get_running_loop().time() < deadline:
            view = await hub.after(seen, KEEPALIVE_S)
            if view is None:
                yield ": keep-alive\n\n"
                continue
            seen = hub.round
            if view.etag != last_id:
                yield _event(view)
                last_id = view.etag
    finally:
        hub.streams -= 1


def _event(view: PublicView) -> str:
    return f"event: shelters\nid: {view.etag}\ndata: {view.body.decode()}\n\n"
