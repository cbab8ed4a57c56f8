"""Request dependencies: the database, the authenticated device or administrator, the protocol."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from linkage import PROTOCOL_VERSION, devices, unit
from linkage.config import Settings
from linkage.devices import Device
from linkage.problems import Problem

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
        str | None,
        Header(
            alias=PROTOCOL_HEADER,
            description="Sync protocol version of the caller; this platform speaks 1.",
        ),
    ] = None,
) -> None:
    """Refuse (400) callers that do not state a protocol version this platform speaks."""
    if kazasu_protocol is None:
        raise Problem(
            400,
            "protocol-required",
            f"The {PROTOCOL_HEADER} header is required",
            supported=[PROTOCOL_VERSION],
        )
    if kazasu_protocol.strip() != str(PROTOCOL_VERSION):
        raise Problem(
            400,
            "protocol-unsupported",
            "Unsupported sync protocol version",
            f"This platform speaks version {PROTOCOL_VERSION}.",
            supported=[PROTOCOL_VERSION],
        )


DeviceDep = Annotated[Device, Depends(get_device)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
