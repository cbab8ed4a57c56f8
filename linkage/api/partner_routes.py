"""The partner API: the token endpoint, consented people, aggregates (docs/protocol/partners.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from linkage import hq, unit
from linkage.api.deps import EngineDep, SettingsDep, get_engine
from linkage.api.partner_models import (
    Aggregates,
    Item,
    OAuthError,
    PeopleAnswer,
    PeopleQuery,
    SupplyTotals,
    Token,
)
from linkage.canonical import canonical_json_bytes
from linkage.partners import access, aggregates, credentials, oauth
from linkage.partners.credentials import Caller
from linkage.problems import Problem, problem_responses

router = APIRouter(prefix="/v1/partner", tags=["partner"])
TOKEN_PATH = "/v1/partner/token"
partner_bearer = HTTPBearer(
    scheme_name="partnerToken",
    description="An access token from the partner token endpoint",
    auto_error=False,
)


def get_caller(
    engine: Annotated[Engine, Depends(get_engine)],
    given: Annotated[HTTPAuthorizationCredentials | None, Depends(partner_bearer)],
) -> Caller:
    """The partner whose access token came with the request (401 otherwise)."""
    if given is None:
        raise Problem(401, "unauthenticated", "A partner access token is required")
    token = given.credentials
    return unit.read(engine, lambda conn: credentials.authenticate(conn, token))


CallerDep = Annotated[Caller, Depends(get_caller)]
PurposeId = Annotated[str, Path(min_length=1, max_length=48, pattern=r"^[A-Za-z0-9_.-]+$")]


@router.post(
    "/token",
    response_model=Token,
    responses={
        400: {"model": OAuthError, "description": "The request is not a valid grant"},
        401: {"model": OAuthError, "description": "invalid_client: authentication failed"},
        **problem_responses(413, 422),
    },
)
def token(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    grant_type: Annotated[str | None, Form(description="client_credentials")] = None,
    client_assertion_type: Annotated[str | None, Form()] = None,
    client_assertion: Annotated[str | None, Form(description="RFC 7523 client assertion")] = None,
    scope: Annotated[str | None, Form()] = None,
) -> JSONResponse:
    """Issue a short-lived access token to a partner client (OAuth 2.0 client credentials,
    authenticated by private_key_jwt or, for public bodies, client_secret_basic)."""
    # What is missing or empty is Authlib's to refuse, with the OAuth error it names.
    form = {}
    for name, value in (
        ("grant_type", grant_type),
        ("client_assertion_type", client_assertion_type),
        ("client_assertion", client_assertion),
        ("scope", scope),
    ):
        if value:
            form[name] = value
    headers = request.headers
    url = settings.public_url + TOKEN_PATH
    status, body, extra = unit.write(
        engine, lambda conn: (oauth.token_response(conn, url, form, headers), [])
    )
    return JSONResponse(body, status_code=status, headers=dict(extra))


@router.get(
    "/purposes/{purpose_id}/people",
    response_model=PeopleAnswer,
    responses=problem_responses(401, 403, 404, 422),
)
def population(
    purpose_id: PurposeId,
    caller: CallerDep,
    engine: EngineDep,
    items: Annotated[list[Item] | None, Query(description="Default: every consented item")] = None,
) -> Response:
    """Every person the purpose's consent covers now, with the consented items; each one
    is recorded as a disclosure the person can see."""
    asked: list[str] | None = list(items) if items else None
    answer = unit.write(engine, lambda c: (access.people(c, caller, purpose_id, asked), []))
    # Built to the documented shape already: not validated a second time on the way out, and
    # written by orjson (a thousand people's items take the standard library ~15 ms).
    return Response(canonical_json_bytes(answer), media_type="application/json")


@router.post(
    "/purposes/{purpose_id}/people/lookup",
    response_model=PeopleAnswer,
    responses=problem_responses(401, 403, 404, 422),
)
def lookup(
    purpose_id: PurposeId, body: PeopleQuery, caller: CallerDep, engine: EngineDep
) -> Response:
    """The named subjects (pseudonyms this partner holds) whom the consent still covers;
    the others are simply absent."""
    asked: list[str] | None = list(body.items) if body.items else None
    subjects = body.subjects
    answer = unit.write(
        engine, lambda c: (access.people(c, caller, purpose_id, asked, subjects), [])
    )
    return Response(canonical_json_bytes(answer), media_type="application/json")


@router.get("/aggregates/shelters", response_model=Aggregates, responses=problem_responses(401))
def shelter_aggregates(caller: CallerDep, engine: EngineDep, settings: SettingsDep) -> Aggregates:
    """People present and needing care per shelter of the partner's municipality, by kind,
    without anyone's consent: small cells are withheld."""
    counts = unit.write(
        engine,
        lambda c: (aggregates.shelter_counts(c, caller, settings.partner_min_cell), []),
    )
    return Aggregates.model_validate(counts)


@router.get(
    "/aggregates/supplies",
    response_model=SupplyTotals,
    responses=problem_responses(401, 403, 404, 422),
)
def supply_totals(
    purpose_id: Annotated[
        str,
        Query(
            min_length=1,
            max_length=48,
            pattern=r"^[A-Za-z0-9_.-]+$",
            description="The partner's purpose granted supply-totals",
        ),
    ],
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
) -> SupplyTotals:
    """The municipality's supplies today summed over its shelters: stock, requests and a day's
    suggested need per item, for a purpose the administrator granted ``supply-totals``; a
    suggestion counting too few people is withheld."""
    day = hq.today()
    totals = unit.write(
        engine,
        lambda c: (
            aggregates.supply_totals(c, caller, purpose_id, day, settings.partner_min_cell),
            [],
        ),
    )
    return SupplyTotals.model_validate(totals)
