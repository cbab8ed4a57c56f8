"""The JPKI card rules both sides check a card with: card key, signature, certificate path."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from kazasu_protocol.jpki import (
    OutOfDates,
    Role,
    SignatureInvalid,
    Untrusted,
    card_key,
    verify_chain,
    verify_signature,
)

NOW = datetime(2026, 6, 1, tzinfo=UTC)
NONCE = bytes(range(32))


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def _certificate(
    subject: str,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    issuer: tuple[str, rsa.RSAPrivateKey] | None = None,
    *,
    ca: bool | None = None,
    serial: int = 1,
    days: tuple[int, int] = (-30, 365),
) -> x509.Certificate:
    issuer_name, issuer_key = issuer or (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer_name))
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(NOW + timedelta(days=days[0]))
        .not_valid_after(NOW + timedelta(days=days[1]))
    )
    if ca is not None:
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
    return builder.sign(issuer_key, hashes.SHA256())


RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ROOT_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
MIDDLE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ROOT = _certificate("root", ROOT_KEY, ca=True)
MIDDLE = _certificate("middle", MIDDLE_KEY, ("root", ROOT_KEY), ca=True)


def test_the_card_key_hashes_the_issuer_and_serial_as_they_stand_in_the_certificate() -> None:
    for serial in (1, 127, 128, 2**64 + 5, 2**158):
        cert = _certificate("card", RSA, ("root", ROOT_KEY), serial=serial)
        issuer = cert.issuer.public_bytes()
        value = serial.to_bytes(
            (serial.bit_length() + 8) // 8, "big"
        )  # a leading 0 if the top bit is set
        serial_der = bytes([0x02, len(value)]) + value
        assert card_key(cert) == "jpki:" + hashlib.sha256(issuer + serial_der).hexdigest()


def test_rsa_and_p384_signatures_verify_and_a_changed_nonce_does_not() -> None:
    rsa_card = _certificate("card", RSA, ("root", ROOT_KEY))
    verify_signature(rsa_card, NONCE, RSA.sign(NONCE, padding.PKCS1v15(), hashes.SHA256()))
    p384 = ec.generate_private_key(ec.SECP384R1())
    ec_card = _certificate("card", p384, ("root", ROOT_KEY))
    der = p384.sign(NONCE, ec.ECDSA(hashes.SHA384()))
    r, s = decode_dss_signature(der)
    for signature in (der, r.to_bytes(48, "big") + s.to_bytes(48, "big")):
        verify_signature(ec_card, NONCE, signature)
    with pytest.raises(SignatureInvalid):
        verify_signature(ec_card, NONCE[::-1], der)


def test_the_path_runs_through_a_given_intermediate_to_an_anchor() -> None:
    card = _certificate("card", RSA, ("middle", MIDDLE_KEY), ca=False)
    assert verify_chain(card, [ROOT], [MIDDLE], NOW) == [card, MIDDLE, ROOT]
    with pytest.raises(Untrusted):
        verify_chain(card, [ROOT], [], NOW)  # the intermediate withheld


def test_an_issuer_that_does_not_say_it_is_a_ca_issues_nothing() -> None:
    not_ca = _certificate("middle", MIDDLE_KEY, ("root", ROOT_KEY))  # no basic constraints
    card = _certificate("card", RSA, ("middle", MIDDLE_KEY))
    with pytest.raises(Untrusted):
        verify_chain(card, [ROOT], [not_ca], NOW)


@pytest.mark.parametrize(("days", "early"), [((10, 20), True), ((-20, -10), False)])
def test_a_card_outside_its_dates_is_refused_and_says_which_way(
    days: tuple[int, int], early: bool
) -> None:
    card = _certificate("card", RSA, ("root", ROOT_KEY), days=days)
    with pytest.raises(OutOfDates) as refused:
        verify_chain(card, [ROOT], [], NOW)
    assert (refused.value.role, refused.value.early) == (Role.CARD, early)
    assert refused.value.certificate == card
