"""Enrolment, challenge and session endpoints of devices."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy import Engine, select

from linkage import PROTOCOL_VERSION, devices, keys, unit
from linkage.api.deps import DeviceDep, EngineDep, SettingsDep
from linkage.api.models import (
    MAX_BATCH,
    ChallengeResponse,
    DeviceInfo,
    EnrolRequest,
    EnrolResponse,
    SessionRequest,
    SessionResponse,
    SigningKey,
    SigningKeySet,
)
from linkage.canonical import now_ms
from linkage.problems import problem_responses
from linkage.tables import devices as devices_table

router = APIRouter(prefix="/v1/devices", tags=["devices"])
DeviceId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post(
    "/enrol",
    status_code=201,
    response_model=EnrolResponse,
    responses=problem_responses(401, 409, 413, 422),
)
def enrol(body: EnrolRequest, engine: EngineDep, settings: SettingsDep) -> EnrolResponse:
    """Spend a one-time code: the kiosk's key is bound to the code's scope."""
    device_id, scope = unit.write(
        engine, lambda conn: (devices.enrol(conn, body.code, body.public_key, body.label), [])
    )
    return EnrolResponse(
        protocol=PROTOCOL_VERSION,
        device_id=device_id,
        scope=scope,
        qr_signing_keys=_key_set(engine),
        tls_pin=settings.tls_pin,
        platform_time_ms=now_ms(),
    )


def _key_set(engine: Engine) -> list[SigningKey]:
    return [SigningKey.model_validate(k) for k in unit.read(engine, keys.public_key_set)]


@router.post(
    "/{device_id}/challenge",
    response_model=ChallengeResponse,
    responses=problem_responses(401, 413, 422),
)
def challenge(device_id: DeviceId, engine: EngineDep, settings: SettingsDep) -> ChallengeResponse:
    """A fresh challenge; the kiosk signs it to open a session."""
    challenge_id, nonce, ttl = unit.write(
        engine,
        lambda conn: (devices.issue_challenge(conn, device_id, settings.challenge_ttl_s), []),
    )
    return ChallengeResponse(challenge_id=challenge_id, nonce=nonce, expires_in=ttl)


@router.post(
    "/{device_id}/session",
    response_model=SessionResponse,
    responses=problem_responses(401, 413, 422),
)
def session(
    device_id: DeviceId, body: SessionRequest, engine: EngineDep, settings: SettingsDep
) -> SessionResponse:
    """Exchange a signed challenge for a short-lived bearer token."""
    token, ttl = unit.write(
        engine,
        lambda conn: (
            devices.open_session(
                conn, device_id, body.challenge_id, body.signature, settings.session_ttl_s
            ),
            [],
        ),
    )
    return SessionResponse(
        token=token, token_type="Bearer", expires_in=ttl, platform_time_ms=now_ms()
    )


@router.get("/me", response_model=DeviceInfo, responses=problem_responses(401))
def me(device: DeviceDep, engine: EngineDep, settings: SettingsDep) -> DeviceInfo:
    """The calling device's scope, how far its events are acknowledged, and its push limits."""
    row = unit.read(
        engine,
        lambda conn: conn.execute(
            select(devices_table.c.acked_seq, devices_table.c.head_hash).where(
                devices_table.c.device_id == device.device_id
            )
        ).one(),
    )
    return DeviceInfo(
        device_id=device.device_id,
        scope=device.scope,
        acked_seq=row.acked_seq,
        head_hash=row.head_hash,
        max_batch=MAX_BATCH,
        body_limit=settings.body_limit,
    )


@router.get("/keys", response_model=SigningKeySet, responses=problem_responses(401))
def key_set(device: DeviceDep, engine: EngineDep) -> SigningKeySet:
    """The platform's QR-signing key set now; a kiosk replaces the set it holds with it."""
    return SigningKeySet(protocol=PROTOCOL_VERSION, qr_signing_keys=_key_set(engine))
