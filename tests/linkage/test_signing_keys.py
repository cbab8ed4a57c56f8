"""QR-signing keys: kiosks fetch the current key set, rotation publishes ahead of use."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from kazasu_protocol import b64url
from linkage import keys, unit
from tests.linkage.kiosk_double import ADMIN, Platform


def _epoch(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def test_an_enrolled_kiosk_reads_the_key_set_with_its_session(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    r = platform.client.get("/v1/devices/keys", headers=kiosk.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["protocol"] == 1
    [key] = body["qr_signing_keys"]
    assert key == kiosk.enrolment["qr_signing_keys"][0]
    assert set(key) == {"kid", "issuer", "alg", "public_key", "active", "not_before", "not_after"}
    assert key["alg"] == "Ed25519" and key["active"] and key["not_after"] is None
    assert len(b64url.decode(key["public_key"])) == 32
    assert 1 <= len(key["kid"]) <= 32


def test_the_key_set_needs_a_device_session(platform: Platform) -> None:
    r = platform.client.get("/v1/devices/keys")
    assert r.status_code == 401
    assert r.json()["type"] == "/problems/unauthenticated"


def test_rotation_retires_the_old_key_and_keeps_it_published(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    [old] = kiosk.enrolment["qr_signing_keys"]
    r = platform.client.post("/v1/admin/signing-keys/rotate", json={}, headers=ADMIN)
    assert r.status_code == 200
    new_kid = r.json()["kid"]
    listed = platform.client.get("/v1/devices/keys", headers=kiosk.headers).json()
    before, after = listed["qr_signing_keys"]
    assert before["kid"] == old["kid"] and not before["active"]
    assert before["not_after"] == r.json()["not_before"] == after["not_before"]
    assert after["kid"] == new_kid and after["active"] and after["not_after"] is None


def test_a_key_rotated_with_a_lead_time_is_published_before_it_signs(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    r = platform.client.post("/v1/admin/signing-keys/rotate", json={"lead_s": 3600}, headers=ADMIN)
    starts = _epoch(r.json()["not_before"])
    assert abs(starts - (time.time() + 3600)) < 5
    current, upcoming = platform.client.get("/v1/devices/keys", headers=kiosk.headers).json()[
        "qr_signing_keys"
    ]
    assert current["active"] and _epoch(current["not_after"]) == starts
    assert not upcoming["active"] and upcoming["kid"] == r.json()["kid"]
    signing_then = unit.read(platform.engine, lambda c: keys.current_kid(c, starts + 1))
    assert signing_then == upcoming["kid"]


def test_a_negative_lead_time_is_refused(platform: Platform) -> None:
    r = platform.client.post("/v1/admin/signing-keys/rotate", json={"lead_s": -1}, headers=ADMIN)
    assert r.status_code == 422
