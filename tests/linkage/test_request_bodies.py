"""What the platform answers to a body that is not JSON text, and how it reads JSON numbers."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from linkage import unit
from linkage.api.models import REFUSED_CHARS
from linkage.fields import char_problem
from linkage.tables import devices, signing_keys
from tests.linkage.kiosk_double import ADMIN, PROTOCOL, Platform, b64url

NOT_UTF8 = b'{"code": "\xc3\x28"}'
TOO_DEEP = b"[" * 50_000 + b"]" * 50_000
JSON = {"Content-Type": "application/json"}


def _count(platform: Platform, table: Any) -> int:
    return unit.read(
        platform.engine,
        lambda conn: int(conn.execute(select(func.count()).select_from(table)).scalar_one()),
    )


def _is_invalid_body(answer: Any, says: str) -> None:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["type"] == "/problems/invalid-request"
    assert problem["errors"][0]["loc"] == ["body"]
    assert says in problem["errors"][0]["msg"]


@pytest.mark.parametrize(("body", "says"), [(NOT_UTF8, "UTF-8"), (TOO_DEEP, "nest")])
def test_a_body_that_is_no_json_text_is_an_invalid_request_and_enrols_nothing(
    platform: Platform, body: bytes, says: str
) -> None:
    before = _count(platform, devices)
    answer = platform.client.post("/v1/devices/enrol", content=body, headers=JSON)
    _is_invalid_body(answer, says)
    assert _count(platform, devices) == before


def test_a_body_that_is_not_utf8_gets_the_same_problem_on_an_authenticated_route(
    platform: Platform,
) -> None:
    before = _count(platform, signing_keys)
    answer = platform.client.post(
        "/v1/admin/signing-keys/rotate", content=NOT_UTF8, headers={**ADMIN, **JSON}
    )
    _is_invalid_body(answer, "UTF-8")
    assert _count(platform, signing_keys) == before


def test_an_anonymous_body_that_is_not_utf8_is_refused_as_unauthenticated(
    platform: Platform,
) -> None:
    for path in ("/v1/sync/push", "/v1/admin/signing-keys/rotate"):
        answer = platform.client.post(path, content=NOT_UTF8, headers={**PROTOCOL, **JSON})
        assert answer.status_code == 401, (path, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"


def test_a_whole_number_written_with_a_fraction_is_that_integer(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    event = kiosk.event(
        "person.registered",
        {"person_id": "w-a", "household_id": None, "fields": {}, "source": "walk_in"},
    )
    # What an encoder that keeps every number a float writes; the hash is over the integers.
    written = json.dumps({"events": [{**event, "device_seq": 1.0, "schema": 1.0}]})
    assert '"device_seq": 1.0' in written
    answer = platform.client.post(
        "/v1/sync/push", content=written.encode(), headers={**kiosk.headers, **JSON}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["acked_seq"] == 1
    rotated = platform.client.post(
        "/v1/admin/signing-keys/rotate", json={"lead_s": 60.0}, headers=ADMIN
    )
    assert rotated.status_code == 200, rotated.text


def test_a_batch_with_integers_written_both_ways_is_taken_whole(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    kiosk.event(
        "person.registered",
        {"person_id": "w-a", "household_id": None, "fields": {}, "source": "walk_in"},
    )
    kiosk.event("shelter.checked_in", {"person_id": "w-a", "shelter_id": "S-001"})
    first, second = kiosk.outbox
    # The second event's integers as a float-only encoder writes them, the first's as written.
    written = json.dumps({"events": [first, {**second, "device_seq": 2.0, "schema": 1.0}]})
    answer = platform.client.post(
        "/v1/sync/push", content=written.encode(), headers={**kiosk.headers, **JSON}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["acked_seq"] == 2
    assert [r["status"] for r in answer.json()["results"]] == ["stored", "stored"]


@pytest.mark.parametrize("seq", [True, "1", 1.5, 0.0, float("2") ** 53 + 2])
def test_booleans_text_fractions_and_out_of_range_floats_are_refused(
    platform: Platform, seq: Any
) -> None:
    kiosk = platform.kiosk("S-001")
    event = kiosk.event(
        "person.registered",
        {"person_id": "w-a", "household_id": None, "fields": {}, "source": "walk_in"},
    )
    answer = kiosk.push([{**event, "device_seq": seq}])
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["loc"] == ["body", "events", "0", "device_seq"]
    me = platform.client.get("/v1/devices/me", headers=kiosk.headers)
    assert me.json()["acked_seq"] == 0


def test_the_enrolment_refusal_of_a_body_it_cannot_read_is_documented(
    platform: Platform,
) -> None:
    document = platform.client.app.openapi()  # type: ignore[attr-defined]
    answers = document["paths"]["/v1/devices/enrol"]["post"]["responses"]
    assert "422" in answers
    assert "application/problem+json" in answers["422"]["content"]
    assert "400" not in answers
    # A valid enrolment still works after the refusals above (nothing half-read was kept).
    platform.shelter("S-001")
    code = platform.code({"shelters": ["S-001"]})
    r = platform.client.post(
        "/v1/devices/enrol", json={"code": code, "public_key": b64url(bytes(32))}
    )
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(
    "name", ["a\x85b", "a\x9fb", "a\x7fb", "a\nb", "a\xadb", "a\ue000b", "a\U0010fffdb", "a\ufffeb"]
)
def test_the_published_schema_refuses_the_control_characters_the_platform_refuses(
    platform: Platform, name: str
) -> None:
    document = platform.client.app.openapi()  # type: ignore[attr-defined]
    pattern = document["components"]["schemas"]["MunicipalityBody"]["properties"]["name"]
    assert re.fullmatch(pattern["pattern"], name) is None
    answer = platform.client.put("/v1/admin/municipalities/M-9", json={"name": name}, headers=ADMIN)
    assert answer.status_code == 422, answer.text


def test_the_text_pattern_refuses_exactly_the_characters_the_validator_refuses() -> None:
    def listed(code: int) -> bool:
        return any(low <= code <= high for low, high in REFUSED_CHARS)

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # lone surrogates: the validator's alone
        assert (char_problem(chr(code)) is not None) == listed(code), hex(code)
