"""Card linking at the counter, end to end: a resident imported from the resident register
reaches the shelter's kiosk, her card is linked there (online with the platform's challenge,
or offline and queued), and the platform keeps a verified link and her counter-verified items,
by which her roll entry is linked. Forged proofs, replayed nonces and people outside the
kiosk's scope are refused with an incident, and nothing of them is stored.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from cardio import cli as card_cli
from cardio.mynumber import sign_nonce
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from cardio.virtualcard.vpcd import DEFAULT_PORT, VpcdCard
from kazasu_protocol.canonical import canonical_json
from kazasu_protocol.jpki import card_key
from kiosk import outbox
from kiosk.app import Kiosk
from kiosk.cardlink import CardItems, link_at_reader, link_message
from sync.cardlink import PlatformChallenges
from sync.client import PlatformClient
from sync.engine import SyncEngine
from tests.cardio.card.conftest import VPCD_READER, Pcscd, card_present, pcscd, wait_for
from tests.integration.conftest import KIOSK_PASSPHRASE, KioskMaker
from tests.integration.platform_server import REPO, PlatformServer
from tests.integration.polling import election, voters
from tests.integration.test_trust_fields import ForgedKiosk

PIN = "1234"
STAFF = "staff:t01"
ITEMS = {
    "name": "佐藤 花子",
    "birth_date": "1980-01-02",
    "address": "架空市本町一丁目2番",
    "sex": "2",
}


@pytest.fixture
def card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Hanako's card, and the platform (started after this) trusting its issuer."""
    folder = tmp_path / "cards"
    made = card_cli.main(
        [
            "make-test-card",
            "--out",
            str(folder),
            "--name",
            ITEMS["name"],
            "--address",
            ITEMS["address"],
            "--birth-date",
            "19800102",
            "--sex",
            "2",
        ]
    )
    assert made == 0
    monkeypatch.setenv("KAZASU_JPKI_TRUST_ANCHORS", str(folder / card_cli.TRUST_ANCHOR_FILE))
    return folder / "card.json"


def import_hanako(platform: PlatformServer, folder: Path) -> str:
    """The resident register's Hanako, without an address (so her register entry alone does
    not match the roll), designated to shelter S1; and an election whose roll holds her."""
    platform.shelter("S1")
    csv = folder / "residents.csv"
    csv.write_text(
        "external_ref,family_name,given_name,birth_date,designated_shelter_id,kiosk_consent\n"
        "r1,佐藤,花子,1980-01-02,S1,yes\n",
        encoding="utf-8",
    )
    report = platform.cli("import-residents", str(csv), "--municipality", "M-1")
    assert report["created"] == 1, report
    election(platform, {"V1": "期日前投票所"}, residents=False)
    assert voters(platform)["1"]["person_id"] is None
    found = one(platform, "SELECT person_id FROM persons WHERE external_ref = 'r1'")
    return str(found.person_id)


def one(platform: PlatformServer, sql: str, **params: Any) -> Any:
    """The first row of a query on the platform's database, read only: a SQLite connection
    that could write would, when closed, checkpoint and remove the running server's WAL."""
    url = platform.database_url
    if url.startswith("sqlite:///"):
        url = f"sqlite:///file:{url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).first()
    finally:
        engine.dispose()


def incidents(platform: PlatformServer, kind: str) -> list[dict[str, Any]]:
    found = platform.admin("GET", "/incidents", params={"limit": 1000})
    return [i for i in found if i["kind"] == kind]


def assert_linked_by_counter(platform: PlatformServer, person_id: str, card_key: str) -> None:
    link = one(platform, "SELECT * FROM card_links WHERE card_key = :k", k=card_key)
    assert (link.person_id, link.assurance) == (person_id, "verified")
    proven = one(platform, "SELECT * FROM person_verifications WHERE person_id = :p", p=person_id)
    assert (proven.source, proven.name, proven.birth_date) == ("counter", "佐藤 花子", "1980-01-02")
    assert proven.address == ITEMS["address"] and proven.actor.endswith(STAFF)
    entry = one(platform, "SELECT * FROM voters WHERE roll_number = '1'")
    assert (entry.person_id, entry.link_method, entry.link_source) == (
        person_id,
        "match",
        "counter",
    )
    # The new link is a voter change, which the feed gives the election's polling sites.
    fed = one(
        platform,
        "SELECT count(*) AS n FROM changes WHERE entity = 'voter' AND entity_id = :v",
        v=entry.voter_id,
    )
    assert fed.n >= 2


def link_at_counter(kiosk: Kiosk, card: Path, person_id: str) -> Any:
    with InProcessTransport(VirtualMyNumberCard(CardProfile.load(card))) as transport:
        done = link_at_reader(kiosk.cardlink, STAFF, transport, PIN, person_id)
    assert done.linked is not None
    return done


def test_an_imported_resident_is_linked_at_the_counter_online_with_the_platforms_challenge(
    card: Path, platform: PlatformServer, make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    person_id = import_hanako(platform, tmp_path)
    kiosk, engine = make_kiosk("counter")
    engine.run_once()
    assert kiosk.people.get(person_id).name == "佐藤\u3000花子"
    kiosk.cardlink.challenges = PlatformChallenges(engine)
    done = link_at_counter(kiosk, card, person_id)
    assert done.linked.via == "platform-challenge"
    engine.run_once()
    assert_linked_by_counter(platform, person_id, done.read.card_key)
    proof = one(platform, "SELECT * FROM card_link_proofs WHERE person_id = :p", p=person_id)
    assert proof.outcome == "linked" and proof.challenge_id is not None
    assert proof.staff == STAFF and proof.device_id == kiosk.store.device_id


def test_offline_the_link_is_queued_with_its_proof_and_proven_when_it_syncs(
    card: Path, platform: PlatformServer, make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    person_id = import_hanako(platform, tmp_path)
    kiosk, engine = make_kiosk("counter")
    engine.run_once()
    unreachable = SyncEngine(
        kiosk.store, lambda _url, verify, pin: PlatformClient("http://127.0.0.1:9", verify, pin)
    )
    kiosk.cardlink.challenges = PlatformChallenges(unreachable)
    done = link_at_counter(kiosk, card, person_id)
    assert done.linked.via == "kiosk-nonce"
    with kiosk.store.reading() as conn:
        assert outbox.waiting(conn) == 1
    assert (
        one(platform, "SELECT 1 FROM card_links WHERE card_key = :k", k=done.read.card_key) is None
    )
    engine.run_once()
    assert_linked_by_counter(platform, person_id, done.read.card_key)


class ForgingDevice(ForgedKiosk):
    """A device holding the card and its PIN that crafts counter links itself."""

    def signed_link(
        self, card: Path, person_id: str, nonce: bytes, items: dict[str, str] = ITEMS
    ) -> dict[str, Any]:
        digest = CardItems(
            items["name"], items["birth_date"], items["address"], items["sex"]
        ).digest()
        nonce_text = b64(nonce)
        profile = CardProfile.load(card)
        key = card_key(profile.auth_certificate)
        signed_at_ms = int(time.time() * 1000)
        message = link_message(
            self.device_id, person_id, key, digest, nonce_text, None, signed_at_ms
        )
        with InProcessTransport(VirtualMyNumberCard(profile)) as transport:
            signed = sign_nonce(transport, PIN, message)
        return {
            "person_id": person_id,
            "card_key": key,
            "items": dict(items),
            "staff": STAFF,
            "proof": {
                "certificate": b64(signed.certificate),
                "intermediates": [b64(c) for c in signed.intermediates],
                "signature": b64(signed.signature),
                "nonce": nonce_text,
                "challenge_id": None,
                "signed_at_ms": signed_at_ms,
            },
        }

    def push_raw(self, type_: str, payload: dict[str, Any]) -> requests.Response:
        envelope_seq = self.seq + 1
        body = {
            "event_id": f"01900000-0000-7000-8000-{envelope_seq:012d}",
            "device_id": self.device_id,
            "device_seq": envelope_seq,
            "hlc": f"{self.wall_ms + 1:018d}:00000:{self.device_id}",
            "type": type_,
            "schema": 1,
            "payload": payload,
            "prev_hash": self.head,
        }
        body["hash"] = hashlib.sha256(canonical_json(body).encode()).hexdigest()
        return requests.post(
            f"{self.url}/v1/sync/push",
            data=json.dumps({"events": [body]}, ensure_ascii=False).encode(),
            headers={
                "Authorization": f"Bearer {self.client.token}",
                "Kazasu-Protocol": "1",
                "Content-Type": "application/json",
            },
            timeout=30,
        )


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def test_forged_proofs_replayed_nonces_and_people_outside_scope_are_refused_storing_nothing(
    card: Path, platform: PlatformServer, tmp_path: Path
) -> None:
    person_id = import_hanako(platform, tmp_path)
    device = ForgingDevice(platform, "S1")
    card_key = device.signed_link(card, person_id, b"\x01" * 32)["card_key"]
    # Items altered after the card signed: the signature no longer covers them.
    altered = device.signed_link(card, person_id, b"\x02" * 32)
    altered["items"] = ITEMS | {"birth_date": "1970-01-02"}
    outcome = device.push("person.card_linked", altered)
    assert outcome["status"] == "invalid" and "card-signature-invalid" in outcome["reason"]
    # Another device's proof: the message names the device that had the card sign it.
    other = ForgingDevice(platform, "S1")
    stolen = other.signed_link(card, person_id, b"\x03" * 32)
    outcome = device.push("person.card_linked", stolen)
    assert outcome["status"] == "invalid" and "card-signature-invalid" in outcome["reason"]
    assert one(platform, "SELECT 1 FROM card_links WHERE card_key = :k", k=card_key) is None
    # A proof that holds is taken once; its nonce never again.
    assert device.push("person.card_linked", device.signed_link(card, person_id, b"\x04" * 32))[
        "status"
    ] == ("stored")
    replay = device.push("person.card_linked", device.signed_link(card, person_id, b"\x04" * 32))
    assert replay["status"] == "invalid" and "nonce was used before" in replay["reason"]
    assert len(incidents(platform, "event-invalid")) == 3
    taken = one(
        platform, "SELECT count(*) AS n FROM card_link_proofs WHERE person_id = :p", p=person_id
    )
    assert taken.n == 1
    # The proof of a kiosk of another shelter for a person it does not serve: outside scope.
    platform.shelter("S2")
    outsider = ForgingDevice(platform, "S2")
    answer = outsider.push_raw(
        "person.card_linked", outsider.signed_link(card, person_id, b"\x05" * 32)
    )
    assert answer.status_code == 403 and answer.json()["type"].endswith("outside-scope")
    assert len(incidents(platform, "push-outside-scope")) == 1
    assert one(platform, "SELECT count(*) AS n FROM card_link_proofs").n == 1


def test_a_proven_card_is_not_linked_to_someone_else_s_identity_nor_twice(
    card: Path, platform: PlatformServer, tmp_path: Path
) -> None:
    """A device holding the card and its PIN signs whatever it is given: the platform still
    links the card only to the person its items are, and to one person only."""
    hanako = import_hanako(platform, tmp_path)
    device = ForgingDevice(platform, "S1")
    walk_in = "w-01900000-0000-7000-8000-000000000001"
    registered = device.push(
        "person.registered",
        {
            "person_id": walk_in,
            "household_id": None,
            "fields": {"name": "鈴木\u3000一", "furigana": "すずき\u3000はじめ"},
            "source": "walk_in",
        },
    )
    assert registered["status"] == "stored", registered
    # The card's true items, signed for a person who is someone else.
    outcome = device.push("person.card_linked", device.signed_link(card, walk_in, b"\x11" * 32))
    assert outcome["status"] == "stored"
    assert len(incidents(platform, "card-items-mismatch")) == 1
    card_key = device.signed_link(card, hanako, b"\x12" * 32)["card_key"]
    assert one(platform, "SELECT 1 FROM card_links WHERE card_key = :k", k=card_key) is None
    # Linked to Hanako, the card is not linked to anyone else afterwards.
    assert device.push("person.card_linked", device.signed_link(card, hanako, b"\x13" * 32))[
        "status"
    ] == ("stored")
    second = import_twin(platform, tmp_path)
    device.push("person.card_linked", device.signed_link(card, second, b"\x14" * 32))
    assert len(incidents(platform, "card-linked-elsewhere")) == 1
    link = one(platform, "SELECT person_id FROM card_links WHERE card_key = :k", k=card_key)
    assert link.person_id == hanako
    outcomes = {
        r.nonce: r.outcome
        for r in [one(platform, "SELECT nonce, outcome FROM card_link_proofs WHERE nonce = :n",
                      n=b64(bytes([n]) * 32)) for n in (0x11, 0x13, 0x14)]
    }  # fmt: skip
    assert sorted(outcomes.values()) == ["card-items-mismatch", "card-linked-elsewhere", "linked"]


def import_twin(platform: PlatformServer, folder: Path) -> str:
    """A second register entry with Hanako's name and birth date (another person)."""
    csv = folder / "twin.csv"
    csv.write_text(
        "external_ref,family_name,given_name,birth_date,designated_shelter_id,kiosk_consent\n"
        "r2,佐藤,花子,1980-01-02,S1,yes\n",
        encoding="utf-8",
    )
    platform.cli("import-residents", str(csv), "--municipality", "M-1")
    return str(one(platform, "SELECT person_id FROM persons WHERE external_ref = 'r2'").person_id)


@pytest.mark.pcsc
def test_link_card_on_a_reader_through_pcscd_links_the_chosen_resident(
    card: Path, platform: PlatformServer, make_kiosk: KioskMaker, tmp_path: Path, pcscd: Pcscd
) -> None:
    """``kazasu-kiosk link-card --reader`` as an operator runs it: the card on a reader, the
    PIN on standard input; without a single full match it only prints the candidates."""
    person_id = import_hanako(platform, tmp_path)
    _, engine = make_kiosk("counter")
    engine.run_once()
    served = VpcdCard(VirtualMyNumberCard(CardProfile.load(card)), port=DEFAULT_PORT)
    served.insert()
    try:
        assert served.wait_connected(10) and wait_for(card_present, 10)
        # Her register entry has no address: she matches by name and birth date only.
        listed = link_card(tmp_path / "counter")
        assert listed.returncode == 1, listed.stderr
        report = json.loads(listed.stdout)
        assert report["status"] == "candidates" and report["person_id"] is None
        [candidate] = report["candidates"]
        assert candidate["person_id"] == person_id
        assert candidate["matched"] == ["name", "birth_date"]
        linked = link_card(tmp_path / "counter", "--person", person_id)
        assert linked.returncode == 0, linked.stderr
        report = json.loads(linked.stdout)
        assert (report["status"], report["person_id"]) == ("linked", person_id)
        assert report["via"] == "platform-challenge" and report["apdus"] > 0
    finally:
        served.remove()
        wait_for(lambda: not card_present(), 10)
    assert_linked_by_counter(platform, person_id, report["card_key"])


def link_card(data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(data), "--actor", STAFF, "link-card",
         "--reader", VPCD_READER, "--json", *extra],
        input=PIN + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(REPO), "KAZASU_PASSPHRASE": KIOSK_PASSPHRASE},
        timeout=120,
    )  # fmt: skip


__all__ = ["pcscd"]  # the card tests' fixture, used here
