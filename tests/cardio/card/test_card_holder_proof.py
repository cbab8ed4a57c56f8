"""Holder proof: PIN, a signature over a fresh nonce, and the chain to the trust anchors."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding

from cardio.card_errors import (
    CertificateChainError,
    CertificateValidityError,
    SignatureInvalidError,
    TruncatedResponseError,
    WrongPinError,
)
from cardio.mynumber import TrustAnchors, prove_holder
from cardio.mynumber.applications import JPKI_AID
from cardio.mynumber.verification import verify_signature
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from cardio.virtualcard.pki import Issued, issue_user_certificate, make_ca, new_key
from cardio.virtualcard.profile import new_test_profile
from kazasu_protocol.jpki import card_key


@pytest.fixture
def anchors(ca: Issued) -> TrustAnchors:
    return TrustAnchors((ca.certificate,))


def test_the_holder_is_proven_with_pin_signature_and_chain(
    transport: InProcessTransport, profile: CardProfile, anchors: TrustAnchors
) -> None:
    proof = prove_holder(transport, "1234", anchors)

    assert proof.card_key == card_key(profile.auth_certificate)
    assert proof.key_type == "rsa-2048"
    assert len(proof.chain) == 2
    assert proof.pin_tries_left == 3
    signs = [c for c in transport.log.commands() if (c.cla, c.ins) == (0x80, 0x2A)]
    assert len(signs) == 1
    assert signs[0].data[:19].hex() == "3031300d060960864801650304020105000420"


def test_each_proof_signs_a_different_nonce(
    transport: InProcessTransport, anchors: TrustAnchors
) -> None:
    prove_holder(transport, "1234", anchors)
    prove_holder(transport, "1234", anchors)
    signed = [c.data for c in transport.log.commands() if c.ins == 0x2A]
    assert len(set(signed)) == 2


def test_anchors_load_from_pem_files(
    tmp_path: Path, ca: Issued, transport: InProcessTransport
) -> None:
    pem = tmp_path / "anchor.pem"
    pem.write_bytes(make_ca().certificate.public_bytes(Encoding.PEM))
    pem.write_bytes(pem.read_bytes() + ca.certificate.public_bytes(Encoding.PEM))
    anchors = TrustAnchors.from_pem_files([pem])
    assert len(anchors.certificates) == 2
    assert prove_holder(transport, "1234", anchors).card_key.startswith("jpki:")


def test_a_card_from_another_ca_is_untrusted_and_costs_no_pin_try(
    transport: InProcessTransport, card: VirtualMyNumberCard
) -> None:
    other = TrustAnchors((make_ca().certificate,))
    with pytest.raises(CertificateChainError, match="not issued by a trusted authority"):
        prove_holder(transport, "0000", other)
    assert card.pin_tries_left(JPKI_AID) == 3
    assert not [c for c in transport.log.commands() if c.ins == 0x20]


def test_an_expired_certificate_is_refused(
    ca: Issued, profile: CardProfile, anchors: TrustAnchors
) -> None:
    old = issue_user_certificate(ca, not_before=datetime.now(UTC) - timedelta(days=6 * 365))
    card = VirtualMyNumberCard(replace(profile, auth_certificate=old.certificate, auth_key=old.key))
    with pytest.raises(CertificateValidityError, match="expired on"):
        prove_holder(InProcessTransport(card), "1234", anchors)


def test_a_certificate_not_yet_valid_is_refused(
    transport: InProcessTransport, anchors: TrustAnchors
) -> None:
    with pytest.raises(CertificateValidityError, match="not valid until"):
        prove_holder(transport, "1234", anchors, at=datetime(2001, 1, 1, tzinfo=UTC))


def test_a_card_whose_key_does_not_match_its_certificate_fails(
    profile: CardProfile, anchors: TrustAnchors
) -> None:
    card = VirtualMyNumberCard(replace(profile, auth_key=new_key("rsa")))
    with pytest.raises(SignatureInvalidError):
        prove_holder(InProcessTransport(card), "1234", anchors)


def test_a_truncated_signature_is_reported(
    card: VirtualMyNumberCard, anchors: TrustAnchors
) -> None:
    transport = InProcessTransport(card)
    original = card.process

    def cut_signatures(raw: bytes) -> bytes:
        answer = original(raw)
        return answer[:100] + answer[-2:] if raw[:2] == b"\x80\x2a" else answer

    card.process = cut_signatures  # type: ignore[method-assign]
    with pytest.raises(TruncatedResponseError, match="signature was cut short"):
        prove_holder(transport, "1234", anchors)


def test_a_wrong_pin_stops_before_signing(
    transport: InProcessTransport, anchors: TrustAnchors
) -> None:
    with pytest.raises(WrongPinError):
        prove_holder(transport, "4321", anchors)
    assert not [c for c in transport.log.commands() if c.ins == 0x2A]


def test_a_next_generation_ecdsa_p384_card_is_proven() -> None:
    ca = make_ca("ec")
    card = VirtualMyNumberCard(new_test_profile(ca, key_type="ec"))
    proof = prove_holder(InProcessTransport(card), "1234", TrustAnchors((ca.certificate,)))
    assert proof.key_type == "ecdsa-secp384r1"


def test_ecdsa_signatures_verify_in_raw_and_der_form() -> None:
    ca = make_ca("ec")
    user = issue_user_certificate(ca, "ec")
    nonce = os.urandom(32)
    assert isinstance(user.key, ec.EllipticCurvePrivateKey)
    der = user.key.sign(nonce, ec.ECDSA(hashes.SHA384()))
    r, s = decode_dss_signature(der)
    raw = r.to_bytes(48, "big") + s.to_bytes(48, "big")

    verify_signature(user.certificate, nonce, der)
    verify_signature(user.certificate, nonce, raw)
    with pytest.raises(SignatureInvalidError):
        verify_signature(user.certificate, nonce + b"x", raw)
