"""Voting trust against the real platform process, on both databases.

A ballot claim is recognised as a retry only from the device that made it, and the feed tells
other kiosks that a voter voted (where and when) without the claim id that would let them
pretend to be the claimant.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sync.client import PlatformClient
from sync.errors import AlreadyVoted
from tests.integration.platform_server import PlatformServer
from tests.integration.polling import ELECTION, election, voters
from tests.linkage.kiosk_double import b64url

SITES = {"PS-1": "市役所本庁舎", "PS-2": "北公民館"}


@dataclass
class SiteDevice:
    """A polling-site device enrolled with the platform, with an open session."""

    device_id: str
    site_id: str
    client: PlatformClient

    def feed(self) -> list[dict[str, object]]:
        """Every change the device's feed holds."""
        out: list[dict[str, object]] = []
        after = 0
        while True:
            page = self.client.changes(after, 500)
            out += page["changes"]
            after = page["next_after"]
            if not page["has_more"]:
                return out


def enrol_site_device(platform: PlatformServer, site_id: str) -> SiteDevice:
    """Enrol a device at a polling site and open its session, as a kiosk does."""
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
    return SiteDevice(device_id, site_id, client)


@pytest.fixture
def two_sites(platform: PlatformServer) -> tuple[SiteDevice, SiteDevice]:
    """An election with two sites and a device enrolled at each."""
    election(platform, SITES)
    city, north = enrol_site_device(platform, "PS-1"), enrol_site_device(platform, "PS-2")
    yield city, north  # type: ignore[misc]
    city.client.close()
    north.client.close()


def test_another_sites_device_replaying_a_claim_id_is_told_already_voted_and_raises_an_incident(
    platform: PlatformServer, two_sites: tuple[SiteDevice, SiteDevice]
) -> None:
    city, north = two_sites
    voter = str(voters(platform)["3"]["voter_id"])
    claim_id = str(uuid.uuid4())
    won = city.client.claim_ballot(claim_id, voter, "w1", "w2")
    assert won.site_id == "PS-1"

    # The other site's kiosk learns that the voter voted, where and when, but not the claim id.
    seen = [c for c in north.feed() if c["entity"] == "voter" and c["entity_id"] == voter]
    last = seen[-1]["payload"]
    assert isinstance(last, dict)
    assert (last["status"], last["voted_site_id"], last["voted_at_ms"]) == (
        "voted",
        "PS-1",
        won.claimed_at_ms,
    )
    assert claim_id not in json.dumps([c["payload"] for c in seen])

    # Posting the city's claim id from the north site issues nothing: already voted, there.
    with pytest.raises(AlreadyVoted) as refused:
        north.client.claim_ballot(claim_id, voter, "w3", "w4")
    assert refused.value.voted_site_id == "PS-1"
    assert refused.value.voted_site_name == SITES["PS-1"]
    assert refused.value.voted_at_ms == won.claimed_at_ms
    found = platform.admin("GET", f"/elections/{ELECTION}/incidents")
    assert [i["kind"] for i in found] == ["claim_id_replayed"]
    assert found[0]["voter_id"] == voter
    assert found[0]["detail"]["device_id"] == north.device_id
    assert found[0]["detail"]["claimed_by_device_id"] == city.device_id
    assert found[0]["sites"] == ["PS-1", "PS-2"]

    # The claimant's own retry (a lost answer) is still answered as before.
    again = city.client.claim_ballot(claim_id, voter, "w1", "w2")
    assert (again.claim_id, again.site_id, again.claimed_at_ms) == (
        claim_id,
        "PS-1",
        won.claimed_at_ms,
    )
    roll = voters(platform)
    assert roll["3"]["voted_site_id"] == "PS-1"
    assert [v["status"] for n, v in sorted(roll.items())] == ["not_voted", "not_voted", "voted"]
