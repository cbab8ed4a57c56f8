"""The committed OpenAPI document matches the code, and the service keeps to it under fuzzing."""

from __future__ import annotations

import copy
import functools
import json
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import schemathesis
from authlib.oauth2.rfc7523 import private_key_jwt_sign
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from joserfc.jwk import ECKey, KeySet
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.result import Ok
from schemathesis.generation.stateful.state_machine import APIStateMachine
from schemathesis.specs.openapi.schemas import OpenApiSchema

from linkage.app import create_app
from linkage.config import Settings
from tests.linkage.kiosk_double import ADMIN, PROTOCOL, Kiosk, Platform

if TYPE_CHECKING:
    # An alias schemathesis defines for type checkers only.
    from schemathesis.specs.openapi.schemas import OpenApiCase

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
load_all_checks()
# Every check schemathesis has: server errors, status codes, content types, headers and bodies
# as documented, invalid data refused, valid data accepted, missing headers, unsupported
# methods, authentication not ignored, and the resource checks.
ALL_CHECKS = CHECKS.get_all()
EXAMPLES_PER_OPERATION = int(os.environ.get("KAZASU_FUZZ_EXAMPLES", "15"))
# Stateful scenarios follow the links schemathesis infers between operations (an id one answer
# returns used in the next request); bounded so that CI stays short.
STATEFUL_SCENARIOS = int(os.environ.get("KAZASU_FUZZ_SCENARIOS", "20"))
STATEFUL_STEPS = 10
# Where a well-formed value is still checked for what it says, its documented refusal is the
# right answer to a generated one: a snapshot page token is the platform's own signed state
# (400 `invalid-page-token`, docs/protocol/sync.md); a card link and a web sign-in proof carry
# a certificate and a signature that must parse (422 `certificate-invalid`,
# `signature-invalid`); a shelter names a municipality that must exist (422
# `unknown-municipality`, docs/platform.md); a resident list or an electoral roll is CSV text
# whose header must name the required columns (422 `missing-columns`), which a JSON schema of a
# string cannot say; a merge names two different people (422 `merge-into-self`) and a ballot
# claim two poll workers (422, `confirmed_by` is not `issued_by`), which a JSON schema cannot
# compare. A municipality's question or city-card format names a municipality that must exist
# (422 `unknown-municipality`), a question keeps its kind once defined (409
# `question-kind-fixed`), and a city card's id pattern is checked as a pattern language
# (422 `invalid-city-card-format`). Online voting's settings close after they open with a
# quorum of at most the trustees (422 `invalid-period`, `invalid-quorum`), a contest's choices
# are at most its candidates, which differ (422 `invalid-choices`, `duplicate-candidate`), paper
# counts name exactly the election's contests and candidates (422 `contests-mismatch`), and a
# ceremony's context and a trustee's partial decryption carry proofs that must check (422
# `invalid-context`, `invalid-partial`). An arrival's pass is the platform's own signed text (422
# `code-refused`). A partner, its purposes and clients name a municipality, a
# partner, a purpose or a client that must exist (404), a consent definition's items must be the
# purpose's (422 `item-outside-purpose`) and its id or purpose may be taken (409); a partner asks
# for a purpose it has a definition for (404) and items its consent covers (403), and for supply
# totals for a purpose it has (404) that was granted them (403 `aggregate-not-granted`); a
# purpose has at least an item or an aggregate (422 `invalid-request`). A generated
# token request cannot know a key the platform trusts (401 `invalid_client`, 400 for a grant
# it does not offer). Headquarters staff are granted to a person and for a municipality that
# must exist (404, 422), a list of one's sites is read for a municipality that must exist
# (404), an open-data shelter list is CSV whose rows must check (422 `invalid-rows`), and only
# an event site that exists has a last day, which must be a date (404, 409 `not-an-event`, 422
# `invalid-date`).
# Invalid data may also be refused for its size: where a body is read, one over the body limit
# is answered 413 (documented on those operations) before anything else looks at it.
CONFIG = SchemathesisConfig.from_str(
    """
[[operations]]
include-name = "GET /v1/sync/snapshot"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]

[[operations]]
include-name = "PUT /v1/admin/shelters/{shelter_id}"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "404", "422"]

[[operations]]
include-name = [
  "PUT /v1/admin/municipalities/{municipality_id}/questions/{question_id}",
  "PUT /v1/admin/municipalities/{municipality_id}/city-card-format",
]
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "404", "409", "422"]

[[operations]]
include-name = "POST /v1/admin/persons/merge"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "404", "409", "422"]

[[operations]]
include-name = "POST /v1/voting/claims"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]

[[operations]]
include-name = ["POST /v1/cards/link", "POST /v1/web/sign-in/{challenge_id}/proof"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]

[[operations]]
include-name = ["POST /v1/admin/residents/import", "POST /v1/admin/elections/{election_id}/roll"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "404", "422"]

[[operations]]
include-name = [
  "PUT /v1/admin/elections/{election_id}/online",
  "PUT /v1/admin/elections/{election_id}/contests/{contest_id}",
  "PUT /v1/admin/elections/{election_id}/paper-counts/{site_id}",
  "PUT /v1/admin/elections/{election_id}/online/context",
  "PUT /v1/admin/elections/{election_id}/online/partials/{trustee}",
]
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "404", "409", "422"]

[[operations]]
include-name = "POST /v1/sync/arrivals"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]

[[operations]]
include-name = "POST /v1/partner/token"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401"]

[[operations]]
include-name = [
  "PUT /v1/admin/partners/{partner_id}",
  "PUT /v1/admin/partners/{partner_id}/purposes/{purpose_id}",
  "PUT /v1/admin/partners/{partner_id}/status",
  "POST /v1/admin/partners/{partner_id}/clients",
  "GET /v1/admin/partners/{partner_id}/disclosures",
  "POST /v1/admin/partner-clients/{client_id}/rotate",
  "POST /v1/admin/partner-clients/{client_id}/revoke",
  "POST /v1/admin/consent-definitions",
  "PUT /v1/admin/consent-definitions/{definition_id}",
  "GET /v1/partner/purposes/{purpose_id}/people",
  "POST /v1/partner/purposes/{purpose_id}/people/lookup",
  "GET /v1/partner/aggregates/supplies",
]
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]

[[operations]]
include-name = [
  "PUT /v1/admin/hq-staff/{municipality_id}/{person_id}/{role}",
  "GET /v1/admin/hq-staff",
  "GET /v1/admin/shelters/export",
  "POST /v1/admin/shelters/import",
  "PUT /v1/admin/shelters/{shelter_id}/last-day",
]
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "404", "409", "422"]

[checks.negative_data_rejection]
expected-statuses = [
    "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"
]
"""
)


@functools.cache
def committed() -> dict[str, Any]:
    """The OpenAPI document in docs/, read once: the fuzzing asks it of every operation
    (schemathesis is given a copy of its own)."""
    document: dict[str, Any] = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return document


def test_the_committed_openapi_document_matches_the_code() -> None:
    current = create_app(Settings(database_url="sqlite://", admin_token="-")).openapi()
    assert current == committed(), (
        "docs/openapi.json is out of date: regenerate it with `kazasu-platform openapi`"
    )


@dataclass
class Callers:
    """Who sends the generated requests: a kiosk, and a partner signing in with its key."""

    kiosk: Kiosk
    platform: Platform
    partner_client: str
    partner_key: ECKey
    partner_token: str = ""
    signed_in_at: float = 0.0

    def partner_headers(self) -> dict[str, str]:
        """The partner's bearer token, renewed well before its five minutes are up."""
        if time.monotonic() - self.signed_in_at > 120:
            self.partner_token = _partner_token(
                self.platform, self.partner_client, self.partner_key
            )
            self.signed_in_at = time.monotonic()
        return {"Authorization": f"Bearer {self.partner_token}"}


def _headers(case: OpenApiCase, callers: Callers) -> dict[str, str]:
    """The credentials and protocol header a case is sent with, unless it breaks its headers."""
    meta = case.meta
    header = meta.components.get(ParameterLocation.HEADER) if meta is not None else None
    if header is not None and header.mode is GenerationMode.NEGATIVE:
        # A case that leaves out or spoils a required header is sent as generated.
        return {}
    if case.path.startswith("/v1/admin/"):
        return dict(ADMIN)
    if case.path.startswith("/v1/partner/"):
        return callers.partner_headers()
    return {**callers.kiosk.headers, **PROTOCOL}


def _streams(path: str, method: str) -> bool:
    answer = committed()["paths"][path][method.lower()]["responses"].get("200", {})
    return "text/event-stream" in answer.get("content", {})


def _label(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def _fuzzed() -> set[str]:
    """Every operation of the document but the event stream, which stays open by design (it is
    tested against a real server in tests/linkage/test_public_live.py)."""
    return {
        _label(method, path)
        for path, methods in committed()["paths"].items()
        for method in methods
        if not _streams(path, method)
    }


def _nothing_to_spoil() -> set[str]:
    """Operations whose request has no body and no parameter that can be made invalid (headers
    are free text; credentials are spoiled by the `ignored_auth` check in every mode)."""
    return {
        _label(method, path)
        for path, methods in committed()["paths"].items()
        for method, operation in methods.items()
        if "requestBody" not in operation
        and all(
            parameter["in"] == "header" and not parameter.get("required", False)
            for parameter in operation.get("parameters", [])
        )
    }


def _authenticated() -> set[str]:
    """Operations that take a device session or the administrator's token."""
    return {
        _label(method, path)
        for path, methods in committed()["paths"].items()
        for method, operation in methods.items()
        if operation.get("security")
    }


def _seeded(platform: Platform) -> Callers:
    """A shelter kiosk that has pushed one registration, so the feed is not empty, and a
    partner signed in."""
    kiosk = platform.kiosk("S-001")
    kiosk.event(
        "person.registered",
        {"person_id": "w-a", "household_id": None, "fields": {}, "source": "walk_in"},
    )
    kiosk.push()
    client, key = _partner(platform)
    return Callers(kiosk, platform, client, key)


def _partner(platform: Platform) -> tuple[str, ECKey]:
    """A partner with one purpose and its definition: its client id and key."""
    for method, path, body in (
        ("PUT", "/partners/fz", {"municipality_id": "M-001", "name": "Fz", "kind": "ngo"}),
        ("PUT", "/partners/fz/purposes/p1", {"description": "d", "items": ["name"]}),
        (
            "POST",
            "/consent-definitions",
            {
                "definition_id": "fz-p1",
                "partner_id": "fz",
                "purpose_id": "p1",
                "title": "t",
                "purpose": "p",
                "items": ["name"],
                "retention": "r",
            },
        ),
    ):
        answer = platform.client.request(method, f"/v1/admin{path}", json=body, headers=ADMIN)
        assert answer.status_code in (200, 201), answer.text
    key = ECKey.generate_key("P-256", auto_kid=True)
    issued = platform.client.post(
        "/v1/admin/partners/fz/clients",
        json={"jwks": KeySet([key]).as_dict(private=False)},
        headers=ADMIN,
    ).json()
    return str(issued["client_id"]), key


def _partner_token(platform: Platform, client_id: str, key: ECKey) -> str:
    """A new access token of the partner."""
    url = Settings(database_url="sqlite://", admin_token="-").public_url + "/v1/partner/token"
    assertion = private_key_jwt_sign(key, client_id, url, alg="ES256")
    token = platform.client.post(
        "/v1/partner/token",
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion.decode() if isinstance(assertion, bytes) else assertion,
        },
    )
    assert token.status_code == 200, token.text
    return str(token.json()["access_token"])


def _schema(platform: Platform) -> OpenApiSchema:
    schema = schemathesis.openapi.from_dict(copy.deepcopy(committed()), config=CONFIG)
    schema.app = platform.client.app
    return schema


def test_fuzzing_the_api_with_valid_requests_and_every_check_finds_nothing(
    platform: Platform,
) -> None:
    _fuzz(platform, GenerationMode.POSITIVE)


# Invalid requests are fuzzed on PostgreSQL only: most are refused before any database is
# asked, and what reaches one is checked more strictly there (NUL characters, integer ranges).
@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_fuzzing_the_api_with_invalid_requests_and_every_check_finds_nothing(
    platform: Platform,
) -> None:
    _fuzz(platform, GenerationMode.NEGATIVE)


def _fuzz(platform: Platform, mode: GenerationMode) -> None:
    """Every fuzzed operation's generated cases in ``mode``, each answer put to every check."""
    callers = _seeded(platform)
    schema = _schema(platform)
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operations.append(result.ok())
    assert len(operations) == sum(len(methods) for methods in committed()["paths"].values())
    answered: dict[str, Counter[int]] = {}
    unsatisfiable: set[str] = set()
    failures: list[str] = []
    for operation in operations:
        label = _label(operation.method, operation.path)
        if label not in _fuzzed():
            continue
        answered[label] = Counter()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            # The same cases on every run, so that CI stays at zero failures or fails for a
            # change; raise KAZASU_FUZZ_EXAMPLES locally to explore further.
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def exercise(case: OpenApiCase) -> None:
            headers = _headers(case, callers)
            response = case.call(headers=headers)
            answered[_label(case.method, case.path)][response.status_code] += 1
            # The checks that send requests of their own (without credentials, with another
            # method) send them with the same headers.
            case.validate_response(
                response,
                # schemathesis's registry lists check classes beside functions; it takes both.
                checks=ALL_CHECKS,  # type: ignore[arg-type]
                transport_kwargs={"headers": headers},
            )

        try:
            exercise()
        except Unsatisfiable:
            # Only an operation with nothing to spoil has no invalid request; a positive run
            # always has cases (asserted below).
            if mode is GenerationMode.POSITIVE:
                raise
            unsatisfiable.add(label)
        except Exception as failure:  # every operation's failures are reported together
            failures.append(f"{label}: {failure}")
    assert not failures, "\n\n".join(failures)
    exercised = {label for label, statuses in answered.items() if statuses}
    assert unsatisfiable <= _nothing_to_spoil()
    assert exercised == _fuzzed() - unsatisfiable
    if mode is GenerationMode.POSITIVE:
        # Valid requests with valid credentials get past authentication everywhere. (Enrolling
        # and signing in prove a secret a generated body cannot know: 401 is their answer.)
        only_refused = {label for label, statuses in answered.items() if set(statuses) == {401}}
        assert not only_refused & _authenticated()


class _Scenario(APIStateMachine):
    """Steps through the document's links with the credentials each operation needs."""

    callers: Callers

    def get_call_kwargs(self, case: OpenApiCase) -> dict[str, Any]:
        """Credentials and the protocol header, as a kiosk, a partner or the administrator."""
        return {"headers": _headers(case, self.callers)}


def test_following_the_documents_links_from_one_call_to_the_next_finds_nothing(
    platform: Platform,
) -> None:
    callers = _seeded(platform)
    streams = [
        path
        for path, methods in committed()["paths"].items()
        if any(_streams(path, m) for m in methods)
    ]
    schema = _schema(platform).exclude(path=streams)
    base = schema.as_state_machine()
    scenario = type("Scenario", (_Scenario, base), {"callers": callers})
    scenario.run(  # type: ignore[attr-defined]  # a class made with type() above
        settings=settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
    )
