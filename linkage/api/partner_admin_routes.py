"""Administration of partners: registration, purposes, clients, consent definitions, review."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy import Connection

from linkage import unit
from linkage.api.deps import EngineDep, require_admin
from linkage.api.models import Done
from linkage.api.partner_models import (
    ClientBody,
    ClientIssued,
    DefinitionBody,
    DefinitionVersion,
    Disclosure,
    NewDefinition,
    Partner,
    PartnerBody,
    PartnerStatus,
    PurposeBody,
    RotateBody,
)
from linkage.partners import consents, credentials, disclosures, registry
from linkage.problems import problem_responses

router = APIRouter(prefix="/v1/admin", tags=["partners"], dependencies=[Depends(require_admin)])
PartnerId = Annotated[str, Path(min_length=1, max_length=48, pattern=r"^[A-Za-z0-9_.-]+$")]
PurposeId = Annotated[str, Path(min_length=1, max_length=48, pattern=r"^[A-Za-z0-9_.-]+$")]
ClientId = Annotated[str, Path(min_length=1, max_length=64)]
DefinitionId = Annotated[str, Path(min_length=1, max_length=48, pattern=r"^[a-z0-9-]+$")]


def _wording(body: DefinitionBody) -> consents.Wording:
    return consents.Wording(
        title=body.title,
        purpose=body.purpose,
        items=list(body.items),
        retention=body.retention,
        legal_basis=body.legal_basis,
        statute=body.statute,
        mode=body.mode,
        includes_protected=body.includes_protected,
        translations={lang: text.model_dump() for lang, text in body.translations.items()},
    )


@router.put(
    "/partners/{partner_id}", response_model=Done, responses=problem_responses(401, 404, 409, 422)
)
def put_partner(partner_id: PartnerId, body: PartnerBody, engine: EngineDep) -> Done:
    """Register a partner (active) or rename it."""
    unit.run(
        engine,
        lambda c: registry.upsert_partner(
            c, partner_id, body.municipality_id, body.name, body.kind
        ),
    )
    return Done(ok=True)


@router.get("/partners", response_model=list[Partner], responses=problem_responses(401))
def get_partners(engine: EngineDep) -> list[Partner]:
    """Every partner with its purposes."""
    return [Partner.model_validate(p) for p in unit.read(engine, registry.list_partners)]


@router.put(
    "/partners/{partner_id}/purposes/{purpose_id}",
    response_model=Done,
    responses=problem_responses(401, 404, 409, 422),
)
def put_purpose(
    partner_id: PartnerId, purpose_id: PurposeId, body: PurposeBody, engine: EngineDep
) -> Done:
    """Register a partner's purpose, the data items it may ever receive and the aggregates
    granted to it."""
    unit.run(
        engine,
        lambda c: registry.set_purpose(
            c, partner_id, purpose_id, body.description, list(body.items), list(body.aggregates)
        ),
    )
    return Done(ok=True)


@router.put(
    "/partners/{partner_id}/status",
    response_model=Done,
    responses=problem_responses(401, 404, 422),
)
def put_status(partner_id: PartnerId, body: PartnerStatus, engine: EngineDep) -> Done:
    """Suspend a partner (its tokens stop working at once) or make it active again."""
    unit.run(engine, lambda c: registry.set_status(c, partner_id, body.status))
    return Done(ok=True)


@router.post(
    "/partners/{partner_id}/clients",
    response_model=ClientIssued,
    status_code=201,
    responses=problem_responses(401, 404, 422),
)
def post_client(partner_id: PartnerId, body: ClientBody, engine: EngineDep) -> ClientIssued:
    """Issue OAuth 2.0 client credentials to a partner (its public keys, or a secret)."""
    issued = unit.write(
        engine,
        lambda c: (
            credentials.create_client(
                c, partner_id, body.auth_method, body.jwks, body.expires_at_ms
            ),
            [],
        ),
    )
    return ClientIssued.model_validate(issued)


@router.post(
    "/partner-clients/{client_id}/rotate",
    response_model=ClientIssued,
    responses=problem_responses(401, 404, 422),
)
def rotate_client(client_id: ClientId, body: RotateBody, engine: EngineDep) -> ClientIssued:
    """Replace a client's keys (or secret); the old ones and their tokens stop at once."""
    issued = unit.write(engine, lambda c: (credentials.rotate(c, client_id, body.jwks), []))
    return ClientIssued.model_validate(issued)


@router.post(
    "/partner-clients/{client_id}/revoke",
    response_model=Done,
    responses=problem_responses(401, 404, 422),
)
def revoke_client(client_id: ClientId, engine: EngineDep) -> Done:
    """Revoke a client for good."""
    unit.run(engine, lambda c: credentials.revoke(c, client_id))
    return Done(ok=True)


@router.post(
    "/consent-definitions",
    response_model=DefinitionVersion,
    status_code=201,
    responses=problem_responses(401, 404, 409, 422),
)
def post_definition(body: NewDefinition, engine: EngineDep) -> DefinitionVersion:
    """Create a partner's consent definition for one of its purposes (version 1)."""
    version = unit.write(
        engine,
        lambda c: (
            consents.create(
                c, body.definition_id, body.partner_id, body.purpose_id, _wording(body)
            ),
            [],
        ),
    )
    return DefinitionVersion(definition_id=body.definition_id, version=version)


@router.put(
    "/consent-definitions/{definition_id}",
    response_model=DefinitionVersion,
    responses=problem_responses(401, 404, 409, 422),
)
def put_definition(
    definition_id: DefinitionId, body: DefinitionBody, engine: EngineDep
) -> DefinitionVersion:
    """Put a new version in force: residents who opted in are asked again."""
    version = unit.write(
        engine, lambda c: (consents.new_version(c, definition_id, _wording(body)), [])
    )
    return DefinitionVersion(definition_id=definition_id, version=version)


@router.get(
    "/partners/{partner_id}/disclosures",
    response_model=list[Disclosure],
    responses=problem_responses(401, 404, 422),
)
def get_disclosures(
    partner_id: PartnerId,
    engine: EngineDep,
    protected: Annotated[bool, Query(description="Only DV-protected people (statute)")] = False,
) -> list[Disclosure]:
    """What a partner received, newest first (at most 1,000), for the municipality's review."""

    def read(conn: Connection) -> list[dict[str, Any]]:
        registry.require_partner(conn, partner_id)
        return disclosures.of_partner(conn, partner_id, protected)

    return [Disclosure.model_validate(d) for d in unit.read(engine, read)]
