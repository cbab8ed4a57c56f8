"""The signing certificate's four basic items: read after the signing password, verified.

The signing password follows the never-lock rule (tries asked first, refused at one left); the
certificate must chain to the signing CA, distinct from the authentication CA; and the card must
sign a fresh nonce with the key of that certificate.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from cardio.card_errors import (
    CertificateChainError,
    CertificateValidityError,
    SignatureInvalidError,
    SignPasswordBlockedError,
    SignPasswordFormatError,
    SignPasswordTriesTooFewError,
    WrongSignPasswordError,
)
from cardio.mynumber import TrustAnchors, read_signature_items, sign_password_tries_left
from cardio.mynumber.applications import JPKI_AID
from cardio.mynumber.signcert import JPKI_SIGN_PASSWORD_EF
from cardio.transport import CardTransport
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from cardio.virtualcard.pki import HolderItems, Issued, issue_signing_certificate, new_key
from cardio.virtualcard.profile import new_test_profile, signing_ca_for


@pytest.fixture
def sign_anchors(ca: Issued) -> TrustAnchors:
    return TrustAnchors((signing_ca_for(ca).certificate,))


def password_verifications(transport: CardTransport) -> list[bytes]:
    """The data of every VERIFY that carried a password (asking for tries carries none)."""
    return [c.data for c in transport.log.commands() if c.ins == 0x20 and c.data]


def test_the_four_items_are_read_and_verified(
    transport: InProcessTransport, profile: CardProfile, sign_anchors: TrustAnchors
) -> None:
    result = read_signature_items(transport, profile.sign_password, sign_anchors)

    items = result.items
    assert items.name.text == profile.name and items.name.exact
    assert items.address.text == profile.address
    assert (items.birth_date.text, items.birth_date_iso) == ("319850401", "1985-04-01")
    assert items.birth_era == "showa"
    assert (items.sex, items.sex_code) == ("male", "1")
    assert items.name_substitute is None and items.address_substitute is None
    assert profile.sign_certificate is not None and profile.sign_ca_certificate is not None
    assert result.serial_number == profile.sign_certificate.serial_number
    assert result.chain[-1] == profile.sign_ca_certificate.subject.rfc4514_string()
    assert result.key_type == "rsa-2048"
    assert result.password_tries_left == 5


def test_the_flow_reads_only_what_the_certificates_need(
    transport: InProcessTransport, profile: CardProfile, sign_anchors: TrustAnchors
) -> None:
    result = read_signature_items(transport, profile.sign_password, sign_anchors)

    def reads(certificate: x509.Certificate) -> int:
        return math.ceil(len(certificate.public_bytes(Encoding.DER)) / 256)

    # select AP; select + read CA; select password, ask tries, verify; select + read
    # certificate; select key, sign.
    assert profile.sign_certificate is not None and profile.sign_ca_certificate is not None
    ca_reads, cert_reads = reads(profile.sign_ca_certificate), reads(profile.sign_certificate)
    assert result.apdus == 1 + (1 + ca_reads) + 3 + (1 + cert_reads) + 2
    assert len(transport.log) == result.apdus


def test_substitute_characters_and_other_eras_are_kept(
    ca: Issued, sign_anchors: TrustAnchors
) -> None:
    profile = new_test_profile(
        ca,
        name="髙橋 花子",
        birth_date="20190501",
        sex="2",
        name_substitute="高橋 花子",
        address_substitute="東京都千代田区霞が関二丁目1番2号",
    )
    with InProcessTransport(VirtualMyNumberCard(profile)) as transport:
        items = read_signature_items(transport, profile.sign_password, sign_anchors).items
    assert items.name.text == "髙橋 花子"
    assert items.name_substitute is not None and items.name_substitute.text == "高橋 花子"
    assert items.address_substitute is not None
    assert (items.birth_era, items.birth_date_iso, items.sex) == ("reiwa", "2019-05-01", "female")


def test_the_authentication_ca_does_not_vouch_for_the_signing_certificate(
    transport: InProcessTransport, profile: CardProfile, ca: Issued
) -> None:
    assert profile.sign_ca_certificate is not None
    assert profile.sign_ca_certificate.subject != ca.certificate.subject
    with pytest.raises(CertificateChainError):
        read_signature_items(transport, profile.sign_password, TrustAnchors((ca.certificate,)))


def test_a_certificate_copied_onto_another_card_is_refused(
    profile: CardProfile, sign_anchors: TrustAnchors
) -> None:
    # The certificate is public (it travels with every signed document); the key is not.
    card = VirtualMyNumberCard(replace(profile, sign_key=new_key()))
    with InProcessTransport(card) as transport, pytest.raises(SignatureInvalidError):
        read_signature_items(transport, profile.sign_password, sign_anchors)


def test_an_expired_signing_certificate_is_refused(ca: Issued, sign_anchors: TrustAnchors) -> None:
    holder = HolderItems("試験 太郎", "東京都", "19850401", "1")
    old = issue_signing_certificate(
        signing_ca_for(ca), holder, not_before=datetime.now(UTC) - timedelta(days=6 * 365)
    )
    card = VirtualMyNumberCard(new_test_profile(ca, signer=old))
    with InProcessTransport(card) as transport, pytest.raises(CertificateValidityError):
        read_signature_items(transport, card.profile.sign_password, sign_anchors)


def test_the_password_may_be_typed_in_lower_case(
    transport: InProcessTransport, profile: CardProfile, sign_anchors: TrustAnchors
) -> None:
    result = read_signature_items(transport, profile.sign_password.lower(), sign_anchors)
    assert result.items.name.text == profile.name
    assert password_verifications(transport) == [profile.sign_password.encode("ascii")]


@pytest.mark.parametrize(
    "password", ["ABC12", "A" * 17, "ABC-123", "ＡＢＣ１２３", "TEST 1234", "", "TEST1234\n"]
)
def test_a_malformed_password_is_refused_before_anything_is_sent(
    transport: InProcessTransport, sign_anchors: TrustAnchors, password: str
) -> None:
    with pytest.raises(SignPasswordFormatError):
        read_signature_items(transport, password, sign_anchors)
    assert password_verifications(transport) == []


def test_a_wrong_password_says_how_many_tries_are_left(
    card: VirtualMyNumberCard, transport: InProcessTransport, sign_anchors: TrustAnchors
) -> None:
    with pytest.raises(WrongSignPasswordError) as wrong:
        read_signature_items(transport, "WRONG1", sign_anchors)
    assert wrong.value.tries_left == 4
    assert "4 tries left" in wrong.value.message
    assert card.pin_tries_left(JPKI_AID, JPKI_SIGN_PASSWORD_EF) == 4
    assert sign_password_tries_left(transport) == 4


def test_the_password_is_not_tried_with_one_try_left(
    profile: CardProfile, sign_anchors: TrustAnchors
) -> None:
    card = VirtualMyNumberCard(replace(profile, sign_password_tries_left=1))
    with InProcessTransport(card) as transport:
        with pytest.raises(SignPasswordTriesTooFewError):
            read_signature_items(transport, profile.sign_password, sign_anchors)
        assert password_verifications(transport) == []
    assert card.pin_tries_left(JPKI_AID, JPKI_SIGN_PASSWORD_EF) == 1


def test_a_locked_password_is_reported_as_locked(
    profile: CardProfile, sign_anchors: TrustAnchors
) -> None:
    card = VirtualMyNumberCard(replace(profile, sign_password_tries_left=0))
    with InProcessTransport(card) as transport, pytest.raises(SignPasswordBlockedError):
        read_signature_items(transport, profile.sign_password, sign_anchors)


def test_four_wrong_passwords_then_the_kiosk_stops(
    card: VirtualMyNumberCard, transport: InProcessTransport, sign_anchors: TrustAnchors
) -> None:
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongSignPasswordError) as wrong:
            read_signature_items(transport, "WRONG1", sign_anchors)
        assert wrong.value.tries_left == left
    with pytest.raises(SignPasswordTriesTooFewError):
        read_signature_items(transport, card.profile.sign_password, sign_anchors)
    assert card.pin_tries_left(JPKI_AID, JPKI_SIGN_PASSWORD_EF) == 1


def test_the_authentication_pin_is_untouched_by_the_signing_flow(
    card: VirtualMyNumberCard, transport: InProcessTransport, sign_anchors: TrustAnchors
) -> None:
    read_signature_items(transport, card.profile.sign_password, sign_anchors)
    with pytest.raises(WrongSignPasswordError):
        read_signature_items(transport, "1234AB", sign_anchors)
    assert card.pin_tries_left(JPKI_AID, 0x0018) == 3
