"""Administration of signed QR codes: issuing pre-registration passes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from linkage import keys, passes, unit
from linkage.api.deps import EngineDep, require_admin
from linkage.api.models import PassIssued, PassRequest
from linkage.problems import problem_responses

router = APIRouter(prefix="/v1/admin", tags=["admin"], dependencies=[Depends(require_admin)])
PersonId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post(
    "/persons/{person_id}/pass",
    status_code=201,
    response_model=PassIssued,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def issue_pass(person_id: PersonId, body: PassRequest, engine: EngineDep) -> PassIssued:
    """Sign a pre-registration pass (KZ1 text, to print or send as a QR code)."""
    issued = unit.read(
        engine,
        lambda conn: passes.issue_pass(
            conn, person_id, body.valid_days * 24 * 3600, body.shelter_id
        ),
    )
    return PassIssued(
        code=issued.code,
        kid=issued.kid,
        person_id=issued.person_id,
        household_id=issued.household_id,
        shelter_id=issued.shelter_id,
        issued_at=str(keys.rfc3339(issued.issued_at)),
        expires_at=str(keys.rfc3339(issued.expires_at)),
    )
