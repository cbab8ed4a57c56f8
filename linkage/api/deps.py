"""Request dependencies: the database, the authenticated device or administrator, the protocol."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from linkage import PROTOCOL_VERSION, devices, unit
from linkage.config import Settings
from linkage.devices import Device
from linkage.problems import Problem, http_problem, invalid_request, problem_response

PROTOCOL_HEADER = "Kazasu-Protocol"

device_bearer = HTTPBearer(
    scheme_name="deviceSession", description="Session token of an enrolled device", auto_error=False
)
admin_bearer = HTTPBearer(
    scheme_name="adminToken", description="The platform's administration token", auto_error=False
)


def get_engine(request: Request) -> Engine:
    """The application's database engine."""
    engine: Engine = request.app.state.engine
    return engine


def get_settings(request: Request) -> Settings:
    """The application's settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_device(
    engine: Annotated[Engine, Depends(get_engine)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(device_bearer)],
) -> Device:
    """The device whose session token came with the request (401 otherwise)."""
    if credentials is None:
        raise Problem(401, "unauthenticated", "A device session token is required")
    token = credentials.credentials
    return unit.read(engine, lambda conn: devices.authenticate(conn, token))


def require_admin(
    settings: Annotated[Settings, Depends(get_settings)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(admin_bearer)],
) -> None:
    """Refuse (401) requests without the administration token."""
    if credentials is None or not secrets.compare_digest(
        credentials.credentials.encode(), settings.admin_token.encode()
    ):
        raise Problem(401, "unauthenticated", "The administration token is required")


def require_protocol(
    kazasu_protocol: Annotated[
        str,
        Header(
            alias=PROTOCOL_HEADER,
            description="Sync protocol version of the caller; this platform speaks 1.",
        ),
    ],
) -> None:
    """Refuse (400) callers that do not state a protocol version this platform speaks.

    A missing header is reported by the validation handler (see ``refuse_invalid``).
    """
    if kazasu_protocol.strip() != str(PROTOCOL_VERSION):
        raise Problem(
            400,
            "protocol-unsupported",
            "Unsupported sync protocol version",
            f"This platform speaks version {PROTOCOL_VERSION}.",
            supported=[PROTOCOL_VERSION],
        )


def _guards(dependant: Dependant) -> set[object]:
    found: set[object] = set()
    for sub in dependant.dependencies:
        if sub.call in (get_device, require_admin, device_bearer):
            found.add(sub.call)
        found |= _guards(sub)
    return found


def _check_credentials(request: Request, guards: set[object]) -> None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else ""
    settings = get_settings(request)
    if require_admin in guards:
        given = HTTPAuthorizationCredentials(scheme="Bearer", credentials=token) if token else None
        require_admin(settings, given)
    elif not token:
        raise Problem(401, "unauthenticated", "A device session token is required")
    else:
        engine = get_engine(request)
        unit.read(engine, lambda conn: devices.authenticate(conn, token))


async def refuse_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    """Answer a request that does not match its schema, authenticating it first.

    FastAPI parses the body before it runs the dependencies that authenticate, so without this
    an anonymous caller would be told what is wrong with its body (422) instead of 401.
    """
    route = request.scope.get("route")
    guards = _guards(route.dependant) if isinstance(route, APIRoute) else set()
    try:
        if guards:
            await run_in_threadpool(_check_credentials, request, guards)
    except Problem as refused:
        return problem_response(refused, {"WWW-Authenticate": "Bearer"})
    if any(tuple(e.get("loc", ())) == ("header", PROTOCOL_HEADER) for e in exc.errors()):
        return problem_response(
            Problem(
                400,
                "protocol-required",
                f"The {PROTOCOL_HEADER} header is required",
                supported=[PROTOCOL_VERSION],
            )
        )
    return problem_response(invalid_request(exc))


def _unreadable(exc: StarletteHTTPException) -> str | None:
    # FastAPI answers a body it cannot decode with a bare 400 raised from the decoding error
    # (a malformed one it reports as a validation error instead); the cause says what was wrong.
    if exc.status_code != 400:
        return None
    if isinstance(exc.__cause__, UnicodeError):
        return "The body is not UTF-8 text (JSON is UTF-8)"
    if isinstance(exc.__cause__, RecursionError):
        return "The body nests too deeply to be read"
    return None


async def refuse_unreadable(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Answer a body that is no JSON text like any other invalid body: 422 ``invalid-request``.

    That keeps one documented answer for every body that cannot be taken, and authenticates
    first, as ``refuse_invalid`` does. Other HTTP errors (unknown path, method) stay as they are.
    """
    reason = _unreadable(exc)
    if reason is None:
        return problem_response(http_problem(exc))
    error = {"type": "json_invalid", "loc": ("body",), "msg": reason, "input": {}}
    return await refuse_invalid(request, RequestValidationError([error]))


DeviceDep = Annotated[Device, Depends(get_device)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
