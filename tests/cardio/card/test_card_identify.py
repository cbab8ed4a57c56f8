"""Identification: the card key from the first chunk of the certificate, in at most 4 APDUs."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from cardio.card_errors import (
    CardRemovedError,
    CardResponseError,
    CertificateFormatError,
    NotMyNumberCardError,
    OversizedResponseError,
    TruncatedResponseError,
)
from cardio.mynumber import identify, identify_full_read
from cardio.mynumber.applications import JPKI_AID, JPKI_AUTH_CERT_EF
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from cardio.virtualcard.pki import Issued, issue_user_certificate, make_ca
from kazasu_protocol.jpki import card_key


def expected_card_key(certificate: x509.Certificate) -> str:
    """docs/design.md §2, computed independently: issuer Name DER then serialNumber INTEGER DER."""
    serial = certificate.serial_number
    body = serial.to_bytes(serial.bit_length() // 8 + 1, "big")
    integer = bytes((0x02, len(body))) + body
    return "jpki:" + hashlib.sha256(certificate.issuer.public_bytes() + integer).hexdigest()


def test_a_tap_takes_three_apdus_and_yields_the_card_key(
    transport: InProcessTransport, profile: CardProfile
) -> None:
    identity = identify(transport)

    assert identity.apdus == 3 <= 4
    assert identity.card_key == expected_card_key(profile.auth_certificate)
    assert identity.serial_number == profile.auth_certificate.serial_number
    assert "O=Kazasu TEST JPKI" in identity.issuer
    sent = [c.to_bytes().hex() for c in transport.log.commands()]
    assert sent == [
        "00a4040c0a" + JPKI_AID.hex(),
        "00a4020c02000a",
        "00b0000000",
    ]


def test_the_whole_certificate_read_gives_the_same_key_with_more_apdus(
    transport: InProcessTransport,
) -> None:
    quick = identify(transport)
    full = identify_full_read(transport)

    assert full.card_key == quick.card_key
    assert full.apdus > quick.apdus
    assert full.apdus == 2 + -(-len(_certificate_der(transport.card)) // 256)


def test_card_key_of_a_whole_certificate_matches(profile: CardProfile) -> None:
    assert card_key(profile.auth_certificate) == expected_card_key(profile.auth_certificate)


def test_an_issuer_beyond_the_first_chunk_is_read_in_more_chunks(profile: CardProfile) -> None:
    long_ca = _ca_with_long_name()
    user = issue_user_certificate(long_ca)
    card = VirtualMyNumberCard(
        replace(
            profile,
            auth_certificate=user.certificate,
            auth_key=user.key,
            ca_certificate=long_ca.certificate,
        )
    )
    identity = identify(InProcessTransport(card))

    assert identity.apdus == 4
    assert identity.card_key == expected_card_key(user.certificate)


def test_a_card_without_the_application_is_not_a_my_number_card(card: VirtualMyNumberCard) -> None:
    card.faults.status_words[0xA4] = 0x6A82
    with pytest.raises(NotMyNumberCardError):
        identify(InProcessTransport(card))


def test_an_unexpected_status_word_names_the_step(card: VirtualMyNumberCard) -> None:
    card.faults.status_words[0xB0] = 0x6F00
    with pytest.raises(CardResponseError) as caught:
        identify(InProcessTransport(card))
    assert caught.value.sw == 0x6F00
    assert "read binary" in caught.value.message


def test_a_truncated_answer_is_reported_as_such(card: VirtualMyNumberCard) -> None:
    card.faults.truncate_to = 100
    with pytest.raises(TruncatedResponseError, match="cut short"):
        identify(InProcessTransport(card))


def test_an_oversized_answer_is_refused(card: VirtualMyNumberCard) -> None:
    card.faults.pad_by = 3
    with pytest.raises(OversizedResponseError):
        identify(InProcessTransport(card))


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", CertificateFormatError),
        (b"\x04\x82\x01\x00" + bytes(300), CertificateFormatError),
        (b"\x30\x80" + bytes(300), CertificateFormatError),
        (b"\x30\x82\xff\xff" + bytes(300), OversizedResponseError),
        (b"\x30\x82\x04\x00\x30\x82\x03\xf0\x05\x00" + bytes(300), CertificateFormatError),
        (b"\x30\x82", TruncatedResponseError),
    ],
    ids=["empty", "not-a-sequence", "indefinite", "huge", "no-serial", "two-bytes"],
)
def test_bad_der_is_refused(
    card: VirtualMyNumberCard, content: bytes, error: type[Exception]
) -> None:
    card.set_file(JPKI_AID, JPKI_AUTH_CERT_EF, content)
    with pytest.raises(error):
        identify(InProcessTransport(card))


def test_a_certificate_file_shorter_than_its_header_fails_the_full_read(
    card: VirtualMyNumberCard,
) -> None:
    der = _certificate_der(card)
    card.set_file(JPKI_AID, JPKI_AUTH_CERT_EF, der[:600])

    assert identify(InProcessTransport(card)).apdus == 3
    with pytest.raises(TruncatedResponseError):
        identify_full_read(InProcessTransport(card))


def test_removal_mid_read_is_a_removal(card: VirtualMyNumberCard) -> None:
    card.faults.remove_after = 2
    with pytest.raises(CardRemovedError, match="moved away"):
        identify(InProcessTransport(card))


def _certificate_der(card: VirtualMyNumberCard) -> bytes:
    return card.profile.auth_certificate.public_bytes(Encoding.DER)


def _ca_with_long_name() -> Issued:
    ca = make_ca(label="Kazasu TEST JPKI " + "long " * 50)
    assert len(ca.certificate.subject.public_bytes()) > 256
    assert ca.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return ca
