"""Card links proven by the card: challenge, chain to a trust anchor, signature, revocation."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography import x509
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, select

from kazasu_protocol import b64url
from kazasu_protocol.jpki import card_key
from linkage import jpki
from linkage.app import create_app
from linkage.config import Settings
from linkage.tables import card_links, persons
from tests.linkage.card_pki import Issued, card_sign, issue_card, make_ca
from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform

RESIDENTS = (
    "external_ref,family_name,given_name,birth_date,designated_shelter_id,kiosk_consent\n"
    "r1,中村,優,1990-03-04,S-001,yes\n"
    "r2,田中,健,1950-01-02,S-001,yes\n"
    "r3,佐藤,花,1960-01-02,S-002,yes\n"
)
CA = make_ca()
SECOND_CA = make_ca("Kazasu TEST JPKI 2", kind="ec")
INTERMEDIATE = make_ca("Kazasu TEST JPKI sub", kind="ec", under=SECOND_CA)


@dataclasses.dataclass
class Desk:
    """A platform trusting the test CAs, a kiosk at S-001 and the imported residents."""

    platform: Platform
    kiosk: Kiosk
    checks: list[tuple[x509.Certificate, x509.Certificate]]
    revocation: list[Callable[[], None]]

    def person(self, ref: str) -> str:
        with self.platform.engine.connect() as conn:
            return str(
                conn.execute(
                    select(persons.c.person_id).where(persons.c.external_ref == ref)
                ).scalar()
            )

    def link(
        self,
        card: Issued,
        person_id: str,
        intermediates: tuple[Issued, ...] = (),
        sign: Callable[[bytes], bytes] | None = None,
        as_pem: bool = False,
    ) -> Response:
        """What a kiosk does: ask for a challenge, have the card sign it, send the proof."""
        c = self.platform.client.post("/v1/cards/challenge", headers=self.kiosk.headers)
        assert c.status_code == 201, c.text
        nonce = b64url.decode(c.json()["nonce"])
        signature = (sign or (lambda n: card_sign(card, n)))(nonce)
        return self.send(
            card, person_id, c.json()["challenge_id"], signature, intermediates, as_pem
        )

    def send(
        self,
        card: Issued,
        person_id: str,
        challenge_id: str,
        signature: bytes,
        intermediates: tuple[Issued, ...] = (),
        as_pem: bool = False,
    ) -> Response:
        answer: Response = self.platform.client.post(
            "/v1/cards/link",
            json={
                "challenge_id": challenge_id,
                "person_id": person_id,
                "certificate": card.pem() if as_pem else b64url.encode(card.der()),
                "intermediates": [b64url.encode(i.der()) for i in intermediates],
                "signature": b64url.encode(signature),
            },
            headers=self.kiosk.headers,
        )
        return answer


@pytest.fixture
def desk(engine: Engine, settings: Settings) -> Iterator[Desk]:
    checks: list[tuple[x509.Certificate, x509.Certificate]] = []
    revocation: list[Callable[[], None]] = []

    def check(certificate: x509.Certificate, issuer: x509.Certificate) -> None:
        checks.append((certificate, issuer))
        for hook in revocation:
            hook()

    trusting = dataclasses.replace(
        settings, trust_anchors=(CA.certificate, SECOND_CA.certificate), revocation_check=check
    )
    with TestClient(create_app(trusting, engine)) as client:
        platform = Platform(client, engine)
        platform.shelter("S-002")
        kiosk = platform.kiosk("S-001")
        platform.import_residents(RESIDENTS)
        yield Desk(platform, kiosk, checks, revocation)


def _assurance(desk: Desk, card_key: str) -> Any:
    with desk.platform.engine.connect() as conn:
        return conn.execute(
            select(card_links.c.person_id, card_links.c.assurance).where(
                card_links.c.card_key == card_key
            )
        ).first()


def test_an_rsa_card_signing_the_challenge_is_linked_as_verified(desk: Desk) -> None:
    card = issue_card(CA)
    pid = desk.person("r1")
    r = desk.link(card, pid)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body == {
        "card_key": card_key(card.certificate),
        "person_id": pid,
        "assurance": "verified",
    }
    assert tuple(_assurance(desk, body["card_key"])) == (pid, "verified")
    changes, _ = desk.kiosk.pull_all()
    upserts = [c for c in changes if c["entity"] == "person" and c["entity_id"] == pid]
    assert body["card_key"] in upserts[-1]["payload"]["card_keys"]


def test_a_p384_card_under_an_intermediate_ca_is_linked(desk: Desk) -> None:
    card = issue_card(INTERMEDIATE, kind="ec")
    r = desk.link(card, desk.person("r1"), intermediates=(INTERMEDIATE,), as_pem=True)
    assert r.status_code == 201, r.text
    [(checked, issuer)] = desk.checks
    assert checked == card.certificate and issuer == INTERMEDIATE.certificate


def test_card_key_is_the_hash_of_the_issuer_and_serial_as_they_stand_in_the_certificate() -> None:
    for serial in (1, 127, 128, 2**64 + 5, 2**158):
        card = issue_card(CA, serial=serial)
        # Computed here independently: the issuer Name's DER, then the serial's DER INTEGER.
        body = serial.to_bytes(serial.bit_length() // 8 + 1, "big")
        integer = bytes((0x02, len(body))) + body
        issuer = card.certificate.issuer.public_bytes()
        expected = "jpki:" + hashlib.sha256(issuer + integer).hexdigest()
        assert card_key(card.certificate) == expected


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: issue_card(make_ca("Kazasu TEST rogue")), "card-untrusted"),
        (lambda: issue_card(INTERMEDIATE, kind="ec"), "card-untrusted"),  # intermediate withheld
        (
            lambda: issue_card(CA, start=datetime.now(UTC) - timedelta(days=30), days=10),
            "card-certificate-expired",
        ),
    ],
    ids=["unknown CA", "no path", "expired"],
)
def test_untrusted_or_expired_cards_are_refused(
    desk: Desk, make: Callable[[], Issued], problem: str
) -> None:
    r = desk.link(make(), desk.person("r1"))
    assert r.status_code == 403
    assert r.json()["type"] == f"/problems/{problem}"
    assert desk.checks == []


def test_a_signature_over_anything_but_the_challenge_is_refused(desk: Desk) -> None:
    card = issue_card(CA)
    r = desk.link(card, desk.person("r1"), sign=lambda nonce: card_sign(card, nonce + b"x"))
    assert r.status_code == 403
    assert r.json()["type"] == "/problems/card-signature-invalid"


def test_a_challenge_is_answered_once_even_when_the_proof_failed(desk: Desk) -> None:
    card = issue_card(CA)
    c = desk.platform.client.post("/v1/cards/challenge", headers=desk.kiosk.headers).json()
    nonce = b64url.decode(c["nonce"])
    bad = desk.send(card, desk.person("r1"), c["challenge_id"], card_sign(card, b"other"))
    again = desk.send(card, desk.person("r1"), c["challenge_id"], card_sign(card, nonce))
    assert bad.status_code == 403
    assert again.status_code == 401
    assert again.json()["type"] == "/problems/challenge-invalid"


def test_the_revocation_hook_refuses_revoked_cards_and_fails_closed(desk: Desk) -> None:
    def revoked() -> None:
        raise jpki.CardRevoked("OCSP says revoked (keyCompromise)")

    def unreachable() -> None:
        raise OSError("OCSP responder unreachable")

    desk.revocation.append(revoked)
    r = desk.link(issue_card(CA), desk.person("r1"))
    assert r.status_code == 403 and r.json()["type"] == "/problems/card-revoked"
    desk.revocation[:] = [unreachable]
    r = desk.link(issue_card(CA), desk.person("r1"))
    assert r.status_code == 503 and r.json()["type"] == "/problems/revocation-unavailable"


def test_a_card_linked_to_someone_else_is_refused_and_reported(desk: Desk) -> None:
    card = issue_card(CA)
    assert desk.link(card, desk.person("r1")).status_code == 201
    r = desk.link(card, desk.person("r2"))
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/card-linked-elsewhere"
    incidents = desk.platform.client.get("/v1/admin/incidents", headers=ADMIN).json()
    assert incidents[-1]["kind"] == "card-linked-twice"
    assert incidents[-1]["detail"]["linked_to"] == desk.person("r1")


def test_a_link_a_kiosk_asserted_becomes_verified_when_the_card_proves_it(desk: Desk) -> None:
    card = issue_card(CA)
    key = card_key(card.certificate)
    pid = desk.person("r1")
    desk.kiosk.event("person.card_linked", {"person_id": pid, "card_key": key})
    assert desk.kiosk.push().status_code == 200
    assert tuple(_assurance(desk, key)) == (pid, "device")
    assert desk.link(card, pid).status_code == 201
    assert tuple(_assurance(desk, key)) == (pid, "verified")


def test_a_kiosk_cannot_link_a_card_to_a_person_outside_its_scope(desk: Desk) -> None:
    r = desk.link(issue_card(CA), desk.person("r3"))
    assert r.status_code == 403
    assert r.json()["type"] == "/problems/outside-scope"


def test_without_trust_anchors_card_links_are_unavailable(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    c = platform.client.post("/v1/cards/challenge", headers=kiosk.headers).json()
    card = issue_card(CA)
    r = platform.client.post(
        "/v1/cards/link",
        json={
            "challenge_id": c["challenge_id"],
            "person_id": "p-x",
            "certificate": b64url.encode(card.der()),
            "signature": b64url.encode(card_sign(card, b64url.decode(c["nonce"]))),
        },
        headers=kiosk.headers,
    )
    assert r.status_code == 503
    assert r.json()["type"] == "/problems/card-verification-unavailable"


def test_card_links_need_a_device_session(platform: Platform) -> None:
    assert platform.client.post("/v1/cards/challenge").status_code == 401
