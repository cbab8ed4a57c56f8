"""A throwaway PKI shaped like JPKI's user-authentication hierarchy, and a card that signs.

Names carry "TEST" so that nothing made here is mistaken for a real card's certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

KeyType = Literal["rsa", "ec"]
Key = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key."""

    certificate: x509.Certificate
    key: Key

    def pem(self) -> str:
        """The certificate as PEM text."""
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()

    def der(self) -> bytes:
        """The certificate as DER."""
        return self.certificate.public_bytes(serialization.Encoding.DER)


def _key(kind: KeyType) -> Key:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP384R1())


def _name(label: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, label),
        ]
    )


def _hash(key: Key) -> hashes.SHA256 | hashes.SHA384:
    return hashes.SHA256() if isinstance(key, rsa.RSAPrivateKey) else hashes.SHA384()


def _build(
    subject: x509.Name,
    public: rsa.RSAPublicKey | ec.EllipticCurvePublicKey,
    issuer: Issued | None,
    own_key: Key,
    ca: bool,
    start: datetime,
    days: int,
    serial: int | None = None,
) -> x509.Certificate:
    signer = issuer.key if issuer else own_key
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(public)
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(signer, _hash(signer))
    )


def make_ca(
    label: str = "Kazasu TEST JPKI", kind: KeyType = "rsa", under: Issued | None = None
) -> Issued:
    """A CA: self-signed (an anchor), or issued by ``under`` (an intermediate)."""
    key = _key(kind)
    start = datetime.now(UTC) - timedelta(days=1)
    cert = _build(_name(label), key.public_key(), under, key, True, start, 3650)
    return Issued(cert, key)


def issue_card(
    ca: Issued,
    kind: KeyType = "rsa",
    start: datetime | None = None,
    days: int = 1825,
    serial: int | None = None,
) -> Issued:
    """A user-authentication certificate and the card's private key."""
    key = _key(kind)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TEST CARD HOLDER")])
    begins = start or datetime.now(UTC) - timedelta(days=1)
    cert = _build(subject, key.public_key(), ca, key, False, begins, days, serial)
    return Issued(cert, key)


def card_sign(card: Issued, nonce: bytes) -> bytes:
    """What the card answers: RSA PKCS#1 v1.5 SHA-256, or ECDSA P-384 SHA-384 as r || s."""
    if isinstance(card.key, rsa.RSAPrivateKey):
        return card.key.sign(nonce, padding.PKCS1v15(), hashes.SHA256())
    r, s = decode_dss_signature(card.key.sign(nonce, ec.ECDSA(hashes.SHA384())))
    return r.to_bytes(48, "big") + s.to_bytes(48, "big")
