"""The committed OpenAPI document matches the code, and the service keeps to it under fuzzing."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.stateful.state_machine import APIStateMachine
from schemathesis.specs.openapi.schemas import OpenApiSchema

from linkage.app import create_app
from linkage.config import Settings
from tests.linkage.kiosk_double import ADMIN, PROTOCOL, Kiosk, Platform

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
# (422 `invalid-city-card-format`).
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

[checks.negative_data_rejection]
expected-statuses = [
    "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"
]
"""
)


def committed() -> dict[str, Any]:
    """The OpenAPI document in docs/."""
    document: dict[str, Any] = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return document


def test_the_committed_openapi_document_matches_the_code() -> None:
    current = create_app(Settings(database_url="sqlite://", admin_token="-")).openapi()
    assert current == committed(), (
        "docs/openapi.json is out of date: regenerate it with `kazasu-platform openapi`"
    )


def _headers(case: schemathesis.Case, kiosk: Kiosk) -> dict[str, str]:
    """The credentials and protocol header a case is sent with, unless it breaks its headers."""
    meta = case.meta
    header = meta.components.get(ParameterLocation.HEADER) if meta is not None else None
    if header is not None and header.mode is GenerationMode.NEGATIVE:
        # A case that leaves out or spoils a required header is sent as generated.
        return {}
    if case.path.startswith("/v1/admin/"):
        return dict(ADMIN)
    return {**kiosk.headers, **PROTOCOL}


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


def _seeded(platform: Platform) -> Kiosk:
    """A shelter kiosk that has pushed one registration, so the feed is not empty."""
    kiosk = platform.kiosk("S-001")
    kiosk.event(
        "person.registered",
        {"person_id": "w-a", "household_id": None, "fields": {}, "source": "walk_in"},
    )
    kiosk.push()
    return kiosk


def _schema(platform: Platform) -> OpenApiSchema:
    schema = schemathesis.openapi.from_dict(committed(), config=CONFIG)
    schema.app = platform.client.app
    return schema


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_fuzzing_the_api_with_every_check_finds_nothing(
    platform: Platform, mode: GenerationMode
) -> None:
    kiosk = _seeded(platform)
    schema = _schema(platform)
    operations = [result.ok() for result in schema.get_all_operations()]
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
        def exercise(case: schemathesis.Case) -> None:
            headers = _headers(case, kiosk)
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

    kiosk: Kiosk

    def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
        """Credentials and the protocol header, as a kiosk or the administrator."""
        return {"headers": _headers(case, self.kiosk)}


def test_following_the_documents_links_from_one_call_to_the_next_finds_nothing(
    platform: Platform,
) -> None:
    kiosk = _seeded(platform)
    streams = [
        path
        for path, methods in committed()["paths"].items()
        if any(_streams(path, m) for m in methods)
    ]
    schema = _schema(platform).exclude(path=streams)
    base = schema.as_state_machine()
    scenario = type("Scenario", (_Scenario, base), {"kiosk": kiosk})
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
