"""The API does what it says: authentication before parsing, strict types, one poll worker per
person, and device endpoints that tell an anonymous caller nothing about which devices exist."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select, update

from linkage import devices as device_rules
from linkage import unit
from linkage.tables import challenges, devices, signing_keys
from tests.linkage.kiosk_double import ADMIN, PROTOCOL, Kiosk, Platform, b64url
from tests.linkage.polling_place import claim, election, roll_csv, site_kiosk

# Every authenticated route that takes a JSON body, with a body of the wrong shape.
BAD_BODIES: list[tuple[str, str, Any]] = [
    ("POST", "/v1/sync/push", {"events": "not a list"}),
    ("POST", "/v1/voting/claims", {"claim_id": 1}),
    ("POST", "/v1/voting/declarations/verify", {"code": 7}),
    ("POST", "/v1/cards/link", {"challenge_id": []}),
    ("PUT", "/v1/admin/municipalities/M-9", {"name": 5}),
    ("PUT", "/v1/admin/elections/E-9", {"voting_days": "soon"}),
    ("POST", "/v1/admin/signing-keys/rotate", {"lead_s": "x"}),
    ("POST", "/v1/admin/enrolment-codes", {"scope": 3}),
]


def _count(platform: Platform, table: Any, *where: Any) -> int:
    return unit.read(
        platform.engine,
        lambda conn: int(
            conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
        ),
    )


@pytest.mark.parametrize(("method", "path", "body"), BAD_BODIES)
def test_an_unauthenticated_request_with_a_bad_body_is_refused_as_unauthenticated(
    platform: Platform, method: str, path: str, body: Any
) -> None:
    for headers in ({**PROTOCOL}, {**PROTOCOL, "Authorization": "Bearer wrong"}):
        schema_invalid = platform.client.request(method, path, json=body, headers=headers)
        not_json = platform.client.request(
            method,
            path,
            content=b"{not json",
            headers={**headers, "Content-Type": "application/json"},
        )
        for answer in (schema_invalid, not_json):
            assert answer.status_code == 401, (path, answer.text)
            assert answer.headers["content-type"] == "application/problem+json"


def test_an_authenticated_request_with_a_bad_body_still_gets_the_specific_422(
    platform: Platform,
) -> None:
    answer = platform.client.put("/v1/admin/municipalities/M-9", json={"name": 5}, headers=ADMIN)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "name"]


def test_the_protocol_header_is_documented_as_required_where_it_is_required(
    platform: Platform,
) -> None:
    document = platform.client.app.openapi()  # type: ignore[attr-defined]
    for path, methods in document["paths"].items():
        for operation in methods.values():
            headers = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}
            if path.startswith(("/v1/sync/", "/v1/voting/")):
                assert headers["Kazasu-Protocol"]["required"] is True, path
                assert "400" in operation["responses"], path
            else:
                assert "Kazasu-Protocol" not in headers, path


def test_a_boolean_is_not_a_number_and_rotates_no_key(platform: Platform) -> None:
    before = _count(platform, signing_keys)
    for lead in (False, True, 1.5, "60"):
        answer = platform.client.post(
            "/v1/admin/signing-keys/rotate", json={"lead_s": lead}, headers=ADMIN
        )
        assert answer.status_code == 422, (lead, answer.text)
        assert answer.json()["errors"][0]["loc"] == ["body", "lead_s"]
    assert _count(platform, signing_keys) == before


@pytest.mark.parametrize(
    "days",
    [[0], [20251115], [True], ["1970-01-01"], ["2999-01-01"], ["20251115"], [{"y": 2025}]],
)
def test_an_election_day_must_be_an_iso_date_within_plausible_years(
    platform: Platform, days: list[Any]
) -> None:
    answer = platform.client.put(
        "/v1/admin/elections/E-1", json={"name": "選挙", "voting_days": days}, headers=ADMIN
    )
    assert answer.status_code == 422, (days, answer.text)
    assert answer.json()["errors"][0]["loc"][:2] == ["body", "voting_days"]
    assert platform.client.get("/v1/admin/elections", headers=ADMIN).json() == []


def test_shelter_capacity_and_polling_site_flags_take_no_other_types(platform: Platform) -> None:
    capacity = platform.client.put(
        "/v1/admin/shelters/S-1",
        json={"municipality_id": "M-001", "name": "s", "capacity": True},
        headers=ADMIN,
    )
    assert capacity.status_code == 422
    election(platform, "E-1")
    flag = platform.client.put(
        "/v1/admin/elections/E-1/sites/P-1",
        json={"name": "p", "pin_required": 0},
        headers=ADMIN,
    )
    assert flag.status_code == 422


@pytest.mark.parametrize("second", ["STAFF-1", " staff-1 ", "ｓｔａｆｆ－１", "Staff-1\u3000"])
def test_staff_ids_differing_only_in_case_width_or_spaces_are_one_poll_worker(
    platform: Platform, second: str
) -> None:
    e = election(platform)
    e.site("P-01", "市役所")
    e.import_roll(roll_csv(1))
    voter = e.voters()[0]["voter_id"]
    answer = claim(site_kiosk(platform, "P-01"), voter, issued_by="staff-1", confirmed_by=second)
    assert answer.status_code == 422, answer.text
    assert "second poll worker" in answer.text
    assert e.voters()[0]["status"] == "not_voted"


# -- what an anonymous caller learns about devices ---------------------------------------------


def _revoked(platform: Platform) -> Kiosk:
    kiosk = platform.kiosk("S-REV")
    r = platform.client.post(f"/v1/admin/devices/{kiosk.device_id}/revoke", headers=ADMIN)
    assert r.status_code == 200, r.text
    return kiosk


def _shape(answer: Any) -> tuple[int, str, frozenset[str], int, int]:
    """What an answer shows a caller, the random values' lengths rather than the values."""
    body = answer.json()
    return (
        answer.status_code,
        answer.headers["content-type"],
        frozenset(body),
        len(body.get("challenge_id", "")),
        len(body.get("nonce", "")),
    )


def test_a_challenge_answer_does_not_tell_unknown_revoked_and_live_devices_apart(
    platform: Platform,
) -> None:
    live = platform.kiosk("S-LIVE")
    revoked = _revoked(platform)
    answers = {
        name: platform.client.post(f"/v1/devices/{device_id}/challenge")
        for name, device_id in (
            ("live", live.device_id),
            ("revoked", revoked.device_id),
            ("unknown", "kiosk-0123456789abcdef"),
        )
    }
    shapes = {name: _shape(answer) for name, answer in answers.items()}
    assert shapes["live"][0] == 200
    assert shapes["unknown"] == shapes["revoked"] == shapes["live"], shapes


def test_a_session_refusal_does_not_tell_unknown_revoked_and_live_devices_apart(
    platform: Platform,
) -> None:
    live = platform.kiosk("S-LIVE")
    revoked = _revoked(platform)
    wrong = b64url(Ed25519PrivateKey.generate().sign(b"anything"))
    bodies = {}
    for name, device_id in (
        ("live", live.device_id),
        ("revoked", revoked.device_id),
        ("unknown", "kiosk-0123456789abcdef"),
    ):
        challenge = platform.client.post(f"/v1/devices/{device_id}/challenge").json()
        answer = platform.client.post(
            f"/v1/devices/{device_id}/session",
            json={"challenge_id": challenge["challenge_id"], "signature": wrong},
        )
        bodies[name] = (answer.status_code, answer.headers["content-type"], answer.json())
    assert bodies["live"][0] == 401
    assert bodies["unknown"] == bodies["revoked"] == bodies["live"], bodies


def test_a_revoked_device_that_proves_its_key_is_told_it_is_revoked(platform: Platform) -> None:
    revoked = _revoked(platform)
    answer = revoked.login()
    assert answer.status_code == 401
    assert answer.json()["type"] == "/problems/device-revoked"


def test_challenges_for_unknown_devices_are_not_stored(platform: Platform) -> None:
    before = _count(platform, challenges)
    for n in range(20):
        answer = platform.client.post(f"/v1/devices/kiosk-nobody-{n}/challenge")
        assert answer.status_code == 200
    assert _count(platform, challenges) == before


def test_a_device_has_a_bounded_number_of_outstanding_challenges_and_the_newest_work(
    platform: Platform,
) -> None:
    kiosk = platform.kiosk("S-001")
    for _ in range(device_rules.MAX_OUTSTANDING_CHALLENGES * 5):
        assert platform.client.post(f"/v1/devices/{kiosk.device_id}/challenge").status_code == 200
    assert (
        _count(platform, challenges, challenges.c.device_id == kiosk.device_id)
        <= device_rules.MAX_OUTSTANDING_CHALLENGES
    )
    # Someone asking for challenges in a kiosk's name never locks the kiosk out.
    assert kiosk.login().status_code == 200


def test_expired_challenges_are_purged_when_challenges_are_issued(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    other = platform.kiosk("S-002")
    for _ in range(3):
        platform.client.post(f"/v1/devices/{kiosk.device_id}/challenge")
    unit.run(
        platform.engine,
        lambda conn: conn.execute(
            update(challenges)
            .where(challenges.c.device_id == kiosk.device_id)
            .values(expires_at_ms=1)
        ),
    )
    assert platform.client.post(f"/v1/devices/{other.device_id}/challenge").status_code == 200
    assert _count(platform, challenges, challenges.c.expires_at_ms < 1000) == 0
    assert _count(platform, devices) >= 2
