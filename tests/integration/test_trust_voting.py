"""Voting trust against the real platform process, on both databases.

Roll entries are linked only from verified attributes, never from what a citizen typed on the
citizen web, and whether someone voted is not told to whoever types their details. A ballot
claim is recognised as a retry only from the device that made it, and the feed tells other
kiosks that a voter voted (where and when) without the claim id that would let them pretend to
be the claimant.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from cardio import cli as card_cli
from kiosk.model import Household, Person
from kiosk.walkin import WalkInService
from linkage.voting.elections import today
from sync.client import PlatformClient
from sync.errors import AlreadyVoted
from tests.integration.citizen_web import SHELTER, World, card_sign, link_card
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer
from tests.integration.polling import ELECTION, election, voters
from tests.linkage.kiosk_double import b64url

SITES = {"PS-1": "市役所本庁舎", "PS-2": "北公民館"}
COOKIE = "__Host-kz_session"
NOT_MATCHED = "本人確認済みの情報で、あなたを選挙人名簿と照合できませんでした"


@pytest.fixture(autouse=True)
def card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A test My Number Card whose CA the platform (started after this) trusts."""
    cards = tmp_path / "cards"
    assert card_cli.main(["make-test-card", "--out", str(cards), "--name", "試験 太郎"]) == 0
    monkeypatch.setenv("KAZASU_JPKI_TRUST_ANCHORS", str(cards / card_cli.TRUST_ANCHOR_FILE))
    return cards / "card.json"


class CitizenWeb:
    """One browser on the citizen web over plain HTTP: its session cookie, kept by hand (the
    cookie is Secure, which an HTTP client would not send back to 127.0.0.1)."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)
        self.cookie = ""

    def request(self, method: str, path: str, lang: str = "ja", **kw: object) -> httpx.Response:
        """A request with the session's cookie, in ``lang``; a new cookie replaces it."""
        headers = {"Accept-Language": lang}
        if self.cookie:
            headers["Cookie"] = f"{COOKIE}={self.cookie}"
        answer = self.http.request(method, path, headers=headers, **kw)  # type: ignore[arg-type]
        for value in answer.headers.get_list("set-cookie"):
            if value.startswith(COOKIE + "="):
                self.cookie = value.split(";", 1)[0].split("=", 1)[1]
        return answer

    def page(self, path: str) -> str:
        """A page that must be there."""
        answer = self.request("GET", path)
        assert answer.status_code == 200, (path, answer.status_code)
        return answer.text

    def sign_in(self, world: World) -> None:
        """Answer the sign-in page's challenge with the card (``kazasu-card sign``)."""
        page = self.page("/sign-in")
        text = re.search(r'id="challenge-text"[^>]*>([^<]+)<', page)
        challenge = re.search(r"/sign-in/(si-[0-9a-f-]+)/continue", page)
        assert text and challenge
        answered = card_sign(world, html.unescape(text.group(1)).strip())
        assert answered.returncode == 0, answered.stderr
        done = self.request(
            "POST", f"/sign-in/{challenge.group(1)}/continue", data={"csrf_token": token(page)}
        )
        assert done.status_code == 303 and done.headers["location"] == "/my"

    def household(self, name: str, furigana: str, birth_date: str, address: str) -> None:
        """Fill in the household page with oneself as ``name`` … living at ``address``."""
        page = self.page("/my/household")
        own = re.search(r'name="m0-person_id" value="([^"]*)"', page)
        assert own
        form = {
            "csrf_token": token(page),
            "shelter_id": SHELTER,
            "address": address,
            "staying": "home",
            "m0-person_id": own.group(1),
            "m0-name": name,
            "m0-furigana": furigana,
            "m0-sex": "1",
            "m0-birth_date": birth_date,
            "agree_roster": "on",
        }
        stored = self.request("POST", "/my/household", data=form)
        assert stored.status_code == 303, stored.text[:2000]

    def declare(self, vote_date: str, lang: str = "ja") -> httpx.Response:
        """Declare online for the election, for ``vote_date``."""
        page = self.page("/my/declaration")
        form = {
            "csrf_token": token(page),
            "election_id": ELECTION,
            "vote_date": vote_date,
            "reason": "1",
        }
        return self.request("POST", "/my/declaration", lang=lang, data=form)


def token(page: str) -> str:
    """The CSRF token of a page's form."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


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
def two_sites(platform: PlatformServer) -> Iterator[tuple[SiteDevice, SiteDevice]]:
    """An election with two sites and a device enrolled at each."""
    election(platform, SITES)
    city, north = enrol_site_device(platform, "PS-1"), enrol_site_device(platform, "PS-2")
    yield city, north
    city.client.close()
    north.client.close()


def test_typed_household_details_never_link_a_roll_entry_nor_tell_whether_someone_voted(
    platform: PlatformServer, make_kiosk: KioskMaker, card: Path
) -> None:
    # A walk-in registered at a shelter's kiosk, his card linked there under its PIN.
    kiosk, sync = make_kiosk("entrance", (SHELTER,))
    walk_in = WalkInService(kiosk.store).register(
        "staff", Household("", shelter_id=SHELTER), [Person("", "試験 太郎", "しけん たろう")]
    )
    attacker = walk_in.members[0].person_id
    sync.run_once()
    link_card(platform, card, attacker)
    world = World(platform, kiosk, sync, card, attacker, platform.url)
    # An election whose roll holds two people the platform has never registered; one voted.
    election(platform, SITES, residents=False)
    site = enrol_site_device(platform, "PS-1")
    roll = voters(platform)
    site.client.claim_ballot(str(uuid.uuid4()), str(roll["2"]["voter_id"]), "w1", "w2")
    site.client.close()
    day = (today() + timedelta(days=1)).isoformat()

    web = CitizenWeb(platform.url)
    web.sign_in(world)
    # He types a voter's name, birth date and address as his own, then declares.
    web.household("鈴木 一", "すずき はじめ", "1975-07-08", "架空市緑町3")
    refused = web.declare(day)
    assert refused.status_code == 404
    assert NOT_MATCHED in refused.text and "data-declaration-code" not in refused.text
    assert "窓口" in refused.text
    assert voters(platform)["3"]["person_id"] is None
    # The same with a voter who voted: the page does not tell that she did.
    web.household("佐藤 蓮", "さとう れん", "2001-05-06", "架空市本町1-2")
    refused = web.declare(day)
    assert refused.status_code == 404 and NOT_MATCHED in refused.text
    assert "投票済み" not in refused.text
    assert voters(platform)["2"]["person_id"] is None
    # In English too, with what to do.
    refused = web.declare(day, lang="en")
    assert "could not be matched to the roll" in refused.text
    assert "counter" in refused.text and "election office" in refused.text


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
