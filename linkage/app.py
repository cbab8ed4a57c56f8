"""The FastAPI application: routers, problem+json errors, the body limit, the protocol header."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linkage import PROTOCOL_VERSION, kek
from linkage.api import (
    admin_routes,
    card_routes,
    device_routes,
    election_routes,
    evote_routes,
    hq_admin_routes,
    partner_admin_routes,
    partner_routes,
    pass_routes,
    public_routes,
    sync_routes,
    voting_routes,
)
from linkage.api.deps import PROTOCOL_HEADER, refuse_invalid, refuse_unreadable
from linkage.config import Settings
from linkage.db import make_engine
from linkage.evote_service import link_keys
from linkage.limits import BodyLimit
from linkage.live import lifespan
from linkage.problems import install
from linkage.web import install as install_web

TITLE = "Kazasu linkage platform"
VERSION = "0.1.0"


class ProtocolHeader:
    """Tell every caller which sync protocol version this platform speaks."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the header to the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((PROTOCOL_HEADER.lower().encode(), str(PROTOCOL_VERSION).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_header)


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """Build the application on ``settings`` (and an existing engine, e.g. in tests)."""
    app = FastAPI(
        title=TITLE,
        version=VERSION,
        description=(
            "Device enrolment, the sync API and consent management of Kazasu. "
            "Errors are RFC 9457 problem details. See docs/protocol/sync.md."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url)
    if settings.kek is not None:
        kek.bind(app.state.engine, settings.kek)
    if settings.evote_link_keys is not None:
        link_keys.bind(app.state.engine, link_keys.LinkKeys(settings.evote_link_keys))
    install(app)
    app.add_exception_handler(RequestValidationError, refuse_invalid)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, refuse_unreadable)  # type: ignore[arg-type]
    app.include_router(device_routes.router)
    app.include_router(sync_routes.router)
    app.include_router(card_routes.router)
    app.include_router(admin_routes.router)
    app.include_router(hq_admin_routes.router)
    app.include_router(pass_routes.router)
    app.include_router(public_routes.router)
    app.include_router(voting_routes.router)
    app.include_router(election_routes.router)
    app.include_router(evote_routes.admin)
    app.include_router(evote_routes.public)
    app.include_router(partner_admin_routes.router)
    app.include_router(partner_routes.router)
    install_web(app)
    app.add_middleware(BodyLimit, limit=settings.body_limit)
    app.add_middleware(ProtocolHeader)
    return app
