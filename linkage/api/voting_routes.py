"""The kiosk's early-voting calls: the atomic ballot claim and the declaration check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import HTTPAuthorizationCredentials

from kazasu_protocol.kz1 import CodeRefused
from linkage import devices, unit
from linkage.api.deps import DeviceDep, EngineDep, device_bearer, require_protocol
from linkage.api.voting_models import ClaimBody, ClaimGranted, VerifyRequest, VerifyResult
from linkage.problems import Problem, problem_responses
from linkage.voting import claims, declarations
from linkage.voting.elections import device_site

router = APIRouter(prefix="/v1/voting", tags=["voting"], dependencies=[Depends(require_protocol)])


@router.post(
    "/claims",
    status_code=201,
    response_model=ClaimGranted,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 422),
)
def claim(
    body: ClaimBody,
    engine: EngineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(device_bearer)],
) -> ClaimGranted:
    """Claim a voter's ballot: exactly one claim per voter and election succeeds; a retry of
    the same ``claim_id`` from the same device gets the same answer; a loser, or another device
    presenting that ``claim_id``, learns where and when the voter voted (409)."""
    if credentials is None:
        raise Problem(401, "unauthenticated", "A device session token is required")
    token = credentials.credentials
    request = claims.ClaimRequest(
        body.claim_id,
        body.voter_id,
        body.issued_by,
        body.confirmed_by,
        body.declaration_id,
        body.cancel_online,
    )
    try:
        device = unit.read(engine, lambda conn: devices.authenticate(conn, token))
    except Problem as refused:
        if refused.kind == "device-revoked":
            unit.write(engine, lambda conn: claims.record_revoked_claim(conn, token, request))
        raise
    granted = unit.write(engine, lambda conn: claims.claim_online(conn, device, request))
    if isinstance(granted, Problem):
        raise granted  # the incident it keeps is committed
    return ClaimGranted(
        claim_id=granted.claim_id,
        voter_id=granted.voter_id,
        election_id=granted.election_id,
        site_id=granted.site_id,
        claimed_at_ms=granted.claimed_at_ms,
        declaration_id=granted.declaration_id,
    )


@router.post(
    "/declarations/verify",
    response_model=VerifyResult,
    responses=problem_responses(400, 401, 403, 413, 422),
)
def verify_declaration(body: VerifyRequest, device: DeviceDep, engine: EngineDep) -> VerifyResult:
    """What a declaration code means at this device's site (signature and expiry first)."""

    try:
        state, found, voter = unit.read(
            engine,
            lambda conn: declarations.check_code(
                conn, body.code, device_site(conn, device).election_id
            ),
        )
    except CodeRefused as refused:
        raise Problem(
            422, "code-refused", "The code is not valid", str(refused), reason=refused.reason.value
        ) from None
    return VerifyResult.model_validate({"state": state, "declaration": found, "voter": voter})
