"""Devices: one-time enrolment, challenge-signed sessions, revocation, scope, body limit."""

from __future__ import annotations

import time
from collections.abc import Iterator

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.linkage.kiosk_double import ADMIN, PROTOCOL, Platform, b64url


def _public(key: Ed25519PrivateKey) -> str:
    return b64url(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def test_enrolment_returns_device_id_scope_signing_keys_and_tls_pin(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001", "S-002")
    body = kiosk.enrolment
    assert body["device_id"].startswith("kiosk-")
    assert body["scope"] == {"shelters": ["S-001", "S-002"], "polling_site": None}
    assert body["tls_pin"] == "sha256/test-pin"
    assert body["protocol"] == 1
    [key] = body["qr_signing_keys"]
    assert key["alg"] == "Ed25519" and key["active"] and key["kid"]


def test_an_enrolment_code_works_once(platform: Platform) -> None:
    platform.shelter("S-001")
    code = platform.code({"shelters": ["S-001"]})
    first = platform.client.post(
        "/v1/devices/enrol",
        json={"code": code, "public_key": _public(Ed25519PrivateKey.generate())},
    )
    again = platform.client.post(
        "/v1/devices/enrol",
        json={"code": code.lower(), "public_key": _public(Ed25519PrivateKey.generate())},
    )
    assert first.status_code == 201
    assert again.status_code == 401
    assert again.headers["content-type"] == "application/problem+json"
    assert again.json()["type"] == "/problems/enrolment-code-invalid"


def test_the_key_that_spent_a_code_asking_again_gets_the_same_device(platform: Platform) -> None:
    platform.shelter("S-001")
    code = platform.code({"shelters": ["S-001"]})
    key = _public(Ed25519PrivateKey.generate())
    first = platform.client.post("/v1/devices/enrol", json={"code": code, "public_key": key})
    again = platform.client.post("/v1/devices/enrol", json={"code": code, "public_key": key})
    assert first.status_code == again.status_code == 201
    assert again.json()["device_id"] == first.json()["device_id"]
    assert again.json()["scope"] == first.json()["scope"]
    device_id = first.json()["device_id"]
    revoked = platform.client.post(f"/v1/admin/devices/{device_id}/revoke", headers=ADMIN)
    assert revoked.status_code == 200
    after = platform.client.post("/v1/devices/enrol", json={"code": code, "public_key": key})
    assert after.status_code == 401  # a revoked device is not handed back


def test_codes_are_bound_to_known_places_only(platform: Platform) -> None:
    r = platform.client.post(
        "/v1/admin/enrolment-codes",
        json={"scope": {"shelters": ["S-404"]}, "label": "x"},
        headers=ADMIN,
    )
    assert r.status_code == 404
    assert r.json()["type"] == "/problems/unknown-shelter"


def test_a_session_needs_the_challenge_signed_by_the_enrolled_key(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    kiosk.key = Ed25519PrivateKey.generate()  # an impostor with the device id but not its key
    r = kiosk.login()
    assert r.status_code == 401
    # The same refusal as for an unknown device or challenge: nothing is learnt from it.
    assert r.json()["type"] == "/problems/challenge-invalid"


def test_a_challenge_can_be_answered_only_once(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    c = platform.client.post(f"/v1/devices/{kiosk.device_id}/challenge").json()
    message = b"\n".join([b"kazasu-session-v1", kiosk.device_id.encode(), c["nonce"].encode()])
    answer = {"challenge_id": c["challenge_id"], "signature": b64url(kiosk.key.sign(message))}
    url = f"/v1/devices/{kiosk.device_id}/session"
    assert platform.client.post(url, json=answer).status_code == 200
    assert platform.client.post(url, json=answer).status_code == 401


def test_requests_without_a_session_get_401_problem(platform: Platform) -> None:
    r = platform.client.get("/v1/sync/changes", headers=PROTOCOL)
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"] == "Bearer"
    bad = platform.client.get(
        "/v1/sync/changes", headers={**PROTOCOL, "Authorization": "Bearer not-a-token"}
    )
    assert bad.status_code == 401
    assert platform.client.get("/v1/admin/shelters").status_code == 401


def test_revocation_refuses_the_device_at_once(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    assert [c["entity"] for c in kiosk.pull_all()[0]] == ["shelter"]
    r = platform.client.post(f"/v1/admin/devices/{kiosk.device_id}/revoke", headers=ADMIN)
    assert r.status_code == 200
    pulled = platform.client.get("/v1/sync/changes", headers=kiosk.headers)
    assert pulled.status_code == 401
    assert pulled.json()["type"] in ("/problems/device-revoked", "/problems/session-invalid")
    relogin = kiosk.login()
    assert relogin.status_code == 401
    assert relogin.json()["type"] == "/problems/device-revoked"


def test_a_device_cannot_write_at_a_shelter_outside_its_scope(platform: Platform) -> None:
    platform.shelter("S-002")
    kiosk = platform.kiosk("S-001")
    kiosk.event("shelter.checked_in", {"person_id": "p-x", "shelter_id": "S-002"})
    r = kiosk.push()
    assert r.status_code == 403
    assert r.json()["type"] == "/problems/outside-scope"
    me = platform.client.get("/v1/devices/me", headers=kiosk.headers).json()
    assert me["acked_seq"] == 0
    incidents = platform.client.get("/v1/admin/incidents", headers=ADMIN).json()
    assert [i["kind"] for i in incidents] == ["push-outside-scope"]


def test_a_device_cannot_read_a_shelter_outside_its_scope(platform: Platform) -> None:
    platform.shelter("S-002")
    kiosk = platform.kiosk("S-001")
    r = platform.client.get("/v1/sync/changes", params={"shelter": "S-002"}, headers=kiosk.headers)
    assert r.status_code == 403
    own = platform.client.get(
        "/v1/sync/changes", params={"shelter": "S-001"}, headers=kiosk.headers
    )
    assert own.status_code == 200


def test_an_oversized_body_gets_413_before_it_is_read(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    big = {"events": [{"padding": "x" * 300_000}]}
    r = platform.client.post("/v1/sync/push", json=big, headers=kiosk.headers)
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "/problems/body-too-large"


def test_a_streamed_body_without_length_is_cut_at_the_limit(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 10_000

    r = platform.client.post(
        "/v1/sync/push",
        content=chunks(),
        headers={**kiosk.headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 413


def test_sync_calls_must_state_a_protocol_version_this_platform_speaks(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    auth = {"Authorization": kiosk.headers["Authorization"]}
    missing = platform.client.get("/v1/sync/changes", headers=auth)
    newer = platform.client.get("/v1/sync/changes", headers={**auth, "Kazasu-Protocol": "2"})
    assert missing.status_code == 400
    assert missing.json()["type"] == "/problems/protocol-required"
    assert newer.status_code == 400
    assert newer.json()["supported"] == [1]
    assert newer.headers["kazasu-protocol"] == "1"


def test_enrolment_and_session_answers_carry_the_platforms_clock(platform: Platform) -> None:
    before = time.time_ns() // 1_000_000
    kiosk = platform.kiosk("S-001")
    session = kiosk.login()
    after = time.time_ns() // 1_000_000
    assert session.status_code == 200
    enrolled_at = kiosk.enrolment["platform_time_ms"]
    session_at = session.json()["platform_time_ms"]
    assert before <= enrolled_at <= session_at <= after
