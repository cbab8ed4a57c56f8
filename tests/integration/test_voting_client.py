"""The kiosk's HTTP client for early voting against a platform process: claims (granted,
retried, lost, refused for a revoked device) and declaration codes checked online."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sync.client import PlatformClient
from sync.errors import AlreadyVoted, Refused, Unauthorized
from tests.integration.platform_server import PlatformServer
from tests.linkage.kiosk_double import b64url
from tests.linkage.polling_place import today


def _session(platform: PlatformServer, site_id: str) -> tuple[PlatformClient, str]:
    code = platform.admin(
        "POST", "/enrolment-codes", json={"scope": {"polling_site": site_id}, "label": site_id}
    )["code"]
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    client = PlatformClient(platform.url)
    device_id = client.enrol(str(code), b64url(public), site_id).device_id
    challenge_id, nonce = client.challenge(device_id)
    message = b"\n".join([b"kazasu-session-v1", device_id.encode(), nonce.encode()])
    client.open_session(device_id, challenge_id, b64url(key.sign(message)))
    return client, device_id


def test_a_kiosk_claims_checks_a_declaration_and_is_told_where_a_voter_voted(
    platform: PlatformServer,
) -> None:
    days = [(today() + timedelta(days=d)).isoformat() for d in (0, 1)]
    platform.admin("PUT", "/elections/E-1", json={"name": "架空市長選挙", "voting_days": days})
    platform.admin("PUT", "/elections/E-1/sites/P-1", json={"name": "市役所"})
    platform.admin("PUT", "/elections/E-1/sites/P-2", json={"name": "北支所"})
    platform.admin(
        "POST",
        "/residents/import",
        params={"municipality_id": "M-1"},
        data="external_ref,family_name,given_name,birth_date,address\n"
        "r1,佐藤,花子,1980-01-02,本町1-2\n".encode(),
        headers={"Content-Type": "text/csv"},
    )
    platform.admin(
        "POST",
        "/elections/E-1/roll",
        data="roll_number,family_name,given_name,birth_date,sex,address\n"
        "1,佐藤,花子,1980-01-02,female,本町1-2\n".encode(),
        headers={"Content-Type": "text/csv"},
    )
    [voter] = platform.admin("GET", "/elections/E-1/voters")
    issued = platform.admin(
        "POST",
        "/elections/E-1/declarations",
        json={"person_id": voter["person_id"], "vote_date": days[0], "reason": 1},
    )
    city, city_id = _session(platform, "P-1")
    north, _ = _session(platform, "P-2")

    assert city.verify_declaration(issued["code"])["state"] == "valid"
    with pytest.raises(Refused) as forged:
        city.verify_declaration(_forged(issued["code"]))
    assert forged.value.kind == "code-refused"

    granted = city.claim_ballot(
        "c-1", voter["voter_id"], "w1", "w2", declaration_id=issued["declaration_id"]
    )
    assert (granted.site_id, granted.declaration_id) == ("P-1", issued["declaration_id"])
    assert city.claim_ballot("c-1", voter["voter_id"], "w1", "w2") == granted
    with pytest.raises(AlreadyVoted) as lost:
        north.claim_ballot("c-2", voter["voter_id"], "w3", "w4")
    assert (lost.value.voted_site_id, lost.value.voted_site_name) == ("P-1", "市役所")
    assert lost.value.voted_at_ms == granted.claimed_at_ms
    assert north.verify_declaration(issued["code"])["state"] == "already_used"

    platform.admin("POST", f"/devices/{city_id}/revoke")
    with pytest.raises(Unauthorized):
        city.claim_ballot("c-3", voter["voter_id"], "w1", "w2")
    kinds = [i["kind"] for i in platform.admin("GET", "/elections/E-1/incidents")]
    assert kinds == ["revoked_device_claim"]
    for client in (city, north):
        client.close()


def _forged(code: str) -> str:
    # Another last character changes the signature, whatever the code ended in.
    return code[:-1] + ("1" if code[-1] == "0" else "0")
