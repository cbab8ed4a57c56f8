"""How the platform reads a push's body: what the standard library's JSON decoder reads, it
reads the same, and the answer is what ``PushResponse`` describes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from linkage.api.models import PushResponse
from tests.linkage.kiosk_double import Kiosk, Platform

JSON = {"Content-Type": "application/json"}


def _check_in(kiosk: Kiosk, **extra: Any) -> dict[str, Any]:
    return kiosk.event("shelter.checked_in", {"person_id": "p-1", "shelter_id": "S-001", **extra})


def _post(platform: Platform, kiosk: Kiosk, body: bytes) -> Any:
    return platform.client.post("/v1/sync/push", content=body, headers={**kiosk.headers, **JSON})


def test_an_integer_past_64_bits_in_a_payload_is_kept_exactly(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    big = 2**70 + 1  # a float would be 2**70, and the hash would not match
    event = _check_in(kiosk, note=big)
    answer = _post(platform, kiosk, json.dumps({"events": [event]}).encode())
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"][0]["status"] == "stored"


def test_a_body_after_a_byte_order_mark_is_read(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    body = b"\xef\xbb\xbf" + json.dumps({"events": [_check_in(kiosk)]}).encode()
    answer = _post(platform, kiosk, body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["acked_seq"] == 1


def test_a_lone_surrogate_is_read_and_refused_as_no_text(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    event = _check_in(kiosk)
    body = json.dumps({"events": [{**event, "event_id": "x\ud800"}]}).encode()
    assert b"\\ud800" in body
    answer = _post(platform, kiosk, body)
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert error["loc"] == ["body", "events", "0", "event_id"]
    assert "unicode" in error["msg"]


@pytest.mark.parametrize(
    ("body", "pos"), [(b'{"events": [}', 12), (b'{"events": []', 13), (b"", None)]
)
def test_malformed_json_gets_the_decoder_s_position(
    platform: Platform, body: bytes, pos: int | None
) -> None:
    kiosk = platform.kiosk("S-001")
    answer = _post(platform, kiosk, body)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["type"] == "/problems/invalid-request"
    if pos is not None:
        assert problem["errors"][0]["loc"] == ["body", str(pos)]
    assert platform.client.get("/v1/devices/me", headers=kiosk.headers).json()["acked_seq"] == 0


def test_the_answer_is_a_push_response_with_one_outcome_per_event(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    first, second = _check_in(kiosk), _check_in(kiosk)
    kiosk.push([first])
    answer = kiosk.push([first, second])
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    read = PushResponse.model_validate_json(answer.content)
    assert read.device_id == kiosk.device_id
    assert read.acked_seq == 2
    assert [(o.device_seq, o.status, o.reason) for o in read.results] == [
        (1, "duplicate", None),
        (2, "stored", None),
    ]
