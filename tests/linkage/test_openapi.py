"""The committed OpenAPI document matches the code, and the service keeps to it under fuzzing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from linkage.app import create_app
from linkage.config import Settings
from tests.linkage.kiosk_double import ADMIN, PROTOCOL, Kiosk, Platform

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 25


def committed() -> dict[str, Any]:
    """The OpenAPI document in docs/."""
    document: dict[str, Any] = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return document


def test_the_committed_openapi_document_matches_the_code() -> None:
    current = create_app(Settings(database_url="sqlite://", admin_token="-")).openapi()
    assert current == committed(), (
        "docs/openapi.json is out of date: regenerate it with `kazasu-platform openapi`"
    )


def _headers(path: str, kiosk: Kiosk) -> dict[str, str]:
    if path.startswith("/v1/admin/"):
        return dict(ADMIN)
    return {**kiosk.headers, **PROTOCOL}


def _streams(path: str, method: str) -> bool:
    answer = committed()["paths"][path][method.lower()]["responses"].get("200", {})
    return "text/event-stream" in answer.get("content", {})


def test_fuzzing_the_api_finds_no_server_error_and_no_answer_outside_the_schema(
    platform: Platform,
) -> None:
    kiosk = platform.kiosk("S-001")
    kiosk.event(
        "person.registered",
        {"person_id": "w-a", "household_id": None, "fields": {}, "source": "walk_in"},
    )
    kiosk.push()
    schema = schemathesis.openapi.from_dict(committed())
    schema.app = platform.client.app
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == sum(len(methods) for methods in committed()["paths"].values())
    for operation in operations:
        if _streams(operation.path, operation.method):
            # An event stream stays open by design; it is tested against a real server in
            # tests/linkage/test_public_live.py.
            continue

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def exercise(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=_headers(case.path, kiosk), checks=CHECKS)

        exercise()
