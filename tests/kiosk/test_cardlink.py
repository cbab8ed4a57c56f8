"""Card linking at the counter: the card's four items find the residents of this kiosk's store,
and the link staff confirm goes to the outbox with the card's signature binding it.

The card is the virtual My Number Card in process, signing for real; the platform's side of the
proof is in tests/linkage/test_counter_links.py and tests/integration/test_counter_linking.py.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from cardio.apdu import Command
from cardio.mynumber.applications import CARD_INFO_AID
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from cardio.virtualcard.pki import make_ca
from cardio.virtualcard.profile import new_test_profile
from kazasu_protocol.jpki import card_key
from kiosk import audit, outbox
from kiosk.app import Kiosk
from kiosk.cardlink import Match, link_at_reader, link_message, read_card
from kiosk.errors import Refused
from kiosk.model import Person
from kiosk.normalize import address_key

PIN = "1234"
ACTOR = "staff:t01"
VECTORS = Path(__file__).resolve().parents[2] / "docs" / "protocol" / "address-vectors.json"


@pytest.fixture(scope="module")
def hanako_card() -> CardProfile:
    return new_test_profile(
        make_ca(), "hanako", "佐藤 花子", "架空市本町一丁目2番3号", "19800102", "2"
    )


@pytest.fixture
def enrolled(kiosk: Kiosk) -> Kiosk:
    kiosk.store.readdress("d-counter-1")
    return kiosk


def resident(
    kiosk: Kiosk,
    person_id: str,
    name: str = "佐藤　花子",
    born: date | None = date(1980, 1, 2),
    address: str = "架空市本町1-2-3",
) -> Person:
    return kiosk.people.register(
        ACTOR, Person(person_id, name, "さとう はなこ", birth_date=born, address=address), "import"
    )


class PlatformNonce:
    """The platform's challenge, as sync/ hands it to the service when the kiosk is online."""

    def __init__(self) -> None:
        self.issued: list[str] = []

    def card_challenge(self) -> tuple[str, bytes] | None:
        self.issued.append(f"cc-{len(self.issued) + 1}")
        return self.issued[-1], bytes(range(32))


def last_event(kiosk: Kiosk) -> outbox.Event:
    with kiosk.store.reading() as conn:
        return outbox.pending(conn, 10_000)[-1]


def test_address_keys_are_the_shared_vectors() -> None:
    for vector in json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"]:
        assert address_key(vector["address"]) == vector["key"], vector["address"]


def test_the_card_is_read_for_its_key_and_four_items_without_the_individual_number(
    hanako_card: CardProfile,
) -> None:
    with InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport:
        read = read_card(transport, PIN)
        commands: list[Command] = transport.log.commands()
    assert read.card_key == card_key(hanako_card.auth_certificate)
    assert read.items.wire() == {
        "name": "佐藤 花子",
        "birth_date": "1980-01-02",
        "address": "架空市本町一丁目2番3号",
        "sex": "2",
    }
    selected = [c.data for c in commands if c.ins == 0xA4]
    card_info_at = selected.index(CARD_INFO_AID)
    assert b"\x00\x01" not in selected[card_info_at:]
    assert read.apdus == len(commands)


def test_residents_with_the_cards_name_and_birth_date_are_candidates_full_matches_first(
    enrolled: Kiosk, hanako_card: CardProfile
) -> None:
    moved = resident(enrolled, "p-0001", address="架空市北町5-6")
    same = resident(enrolled, "p-0002", name="佐藤花子")
    resident(enrolled, "p-0003", born=date(1981, 1, 2))
    resident(enrolled, "p-0004", name="佐藤 花江")
    with InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport:
        read = read_card(transport, PIN)
    found = enrolled.cardlink.candidates(read)
    assert [c.person.person_id for c in found] == [same.person_id, moved.person_id]
    assert found[0].matched == (Match.NAME, Match.BIRTH_DATE, Match.ADDRESS) and found[0].full
    assert found[1].matched == (Match.NAME, Match.BIRTH_DATE) and not found[1].full


def test_the_one_full_match_is_linked_with_the_items_and_a_signature_binding_them(
    enrolled: Kiosk, hanako_card: CardProfile
) -> None:
    person = resident(enrolled, "p-0001")
    with InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport:
        done = link_at_reader(enrolled.cardlink, ACTOR, transport, PIN)
    assert done.linked is not None and done.linked.person_id == person.person_id
    assert done.linked.via == "kiosk-nonce" and done.linked.other_cards == 0
    key = card_key(hanako_card.auth_certificate)
    assert enrolled.people.find(key) == enrolled.people.get(person.person_id)
    event = last_event(enrolled)
    assert event.type == "person.card_linked" and event.device_seq == done.linked.device_seq
    p = event.payload
    assert (p["person_id"], p["card_key"], p["staff"]) == (person.person_id, key, ACTOR)
    assert p["items"]["name"] == "佐藤 花子" and p["items"]["birth_date"] == "1980-01-02"
    proof = p["proof"]
    assert proof["challenge_id"] is None and len(_b64(proof["nonce"])) == 32
    message = link_message(
        "d-counter-1",
        person.person_id,
        key,
        done.read.items.digest(),
        proof["nonce"],
        None,
        proof["signed_at_ms"],
    )
    certificate = x509.load_der_x509_certificate(_b64(proof["certificate"]))
    public = certificate.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(_b64(proof["signature"]), message, padding.PKCS1v15(), hashes.SHA256())
    with enrolled.store.reading() as conn:
        [entry] = [e for e in audit.entries(conn, 5) if e.action == "card.link"]
    assert entry.actor == ACTOR and entry.target == person.person_id


def test_online_the_card_signs_the_platforms_challenge(
    enrolled: Kiosk, hanako_card: CardProfile
) -> None:
    resident(enrolled, "p-0001")
    enrolled.cardlink.challenges = PlatformNonce()
    with InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport:
        done = link_at_reader(enrolled.cardlink, ACTOR, transport, PIN)
    assert done.linked is not None and done.linked.via == "platform-challenge"
    proof = last_event(enrolled).payload["proof"]
    assert proof["challenge_id"] == "cc-1" and _b64(proof["nonce"]) == bytes(range(32))


def test_without_exactly_one_full_match_nothing_is_linked(
    enrolled: Kiosk, hanako_card: CardProfile
) -> None:
    resident(enrolled, "p-0001")
    resident(enrolled, "p-0002")
    with enrolled.store.reading() as conn:
        waiting = outbox.waiting(conn)
    with InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport:
        done = link_at_reader(enrolled.cardlink, ACTOR, transport, PIN)
    assert done.linked is None and len(done.candidates) == 2
    with enrolled.store.reading() as conn:
        assert outbox.waiting(conn) == waiting


def test_staff_may_choose_a_partial_match_but_never_another_name_or_birth_date(
    enrolled: Kiosk, hanako_card: CardProfile
) -> None:
    moved = resident(enrolled, "p-0001", address="架空市北町5-6")
    other = resident(enrolled, "p-0002", name="佐藤 花江")
    older = resident(enrolled, "p-0003", born=date(1979, 1, 2))
    for person, reason in ((other, "name_differs"), (older, "birth_date_differs")):
        with (
            InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport,
            pytest.raises(Refused) as refused,
        ):
            link_at_reader(enrolled.cardlink, ACTOR, transport, PIN, person.person_id)
        assert refused.value.reason == reason
    with InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport:
        done = link_at_reader(enrolled.cardlink, ACTOR, transport, PIN, moved.person_id)
    assert done.linked is not None and done.linked.person_id == moved.person_id
    with enrolled.store.reading() as conn:
        refusals = [e for e in audit.entries(conn, 20) if e.action == "card.link_refused"]
    assert {e.target for e in refusals} == {other.person_id, older.person_id}


def test_a_card_linked_to_another_person_is_refused_and_nothing_is_written(
    enrolled: Kiosk, hanako_card: CardProfile
) -> None:
    first = resident(enrolled, "p-0001")
    second = resident(enrolled, "p-0002")
    enrolled.people.link_identifier(ACTOR, first.person_id, card_key(hanako_card.auth_certificate))
    with enrolled.store.reading() as conn:
        waiting = outbox.waiting(conn)
    with (
        InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport,
        pytest.raises(Refused) as refused,
    ):
        link_at_reader(enrolled.cardlink, ACTOR, transport, PIN, second.person_id)
    assert refused.value.reason == "linked_elsewhere"
    with enrolled.store.reading() as conn:
        assert outbox.waiting(conn) == waiting


def test_a_renewed_card_is_linked_beside_the_old_one(enrolled: Kiosk) -> None:
    person = resident(enrolled, "p-0001")
    ca = make_ca()
    old, new = (
        new_test_profile(ca, label, "佐藤 花子", "架空市本町1-2-3", "19800102", "2")
        for label in ("old", "new")
    )
    for card in (old, new):
        with InProcessTransport(VirtualMyNumberCard(card)) as transport:
            done = link_at_reader(enrolled.cardlink, ACTOR, transport, PIN)
    assert done.linked is not None and done.linked.other_cards == 1
    for card in (old, new):
        found = enrolled.people.find(card_key(card.auth_certificate))
        assert found is not None and found.person_id == person.person_id


def test_a_kiosk_not_enrolled_links_no_card(kiosk: Kiosk, hanako_card: CardProfile) -> None:
    resident(kiosk, "p-0001")
    with (
        InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport,
        pytest.raises(Refused) as refused,
    ):
        link_at_reader(kiosk.cardlink, ACTOR, transport, PIN)
    assert refused.value.reason == "not_enrolled"


def test_a_card_swapped_on_the_reader_before_signing_is_refused(
    enrolled: Kiosk, hanako_card: CardProfile
) -> None:
    from kiosk.cardlink import sign_request

    person = resident(enrolled, "p-0001")
    with InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport:
        read = read_card(transport, PIN)
    request = enrolled.cardlink.prepare(ACTOR, read, person.person_id)
    other = new_test_profile(make_ca(), "other", "佐藤 花子", "架空市本町1-2-3", "19800102", "2")
    with (
        InProcessTransport(VirtualMyNumberCard(other)) as transport,
        pytest.raises(Refused) as refused,
    ):
        sign_request(transport, PIN, request)
    assert refused.value.reason == "other_card"


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
