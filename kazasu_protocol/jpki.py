"""The JPKI card rules kiosks and the platform share: the card key, the holder's signature and
the certificate path (docs/design.md §2, docs/card.md).

A card key is ``jpki:`` + SHA-256 of the issuer Name's DER then the serialNumber INTEGER's DER,
taken as they stand in the certificate (never re-encoded), so a kiosk computing it from a card's
first chunk and the platform computing it from a whole certificate agree. The individual number
is not in the user-authentication certificate and nothing here looks for it.

Each side words a refusal for its own readers: these exceptions say what failed, not what to do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

CARD_KEY_PREFIX = "jpki:"
MAX_CHAIN = 4
P384_SIZE = 48


class CardProofError(Exception):
    """A card's proof that does not hold."""


class KeyUnsupported(CardProofError):
    """The certificate's key is neither RSA nor ECDSA P-384."""


class SignatureInvalid(CardProofError):
    """The card's signature does not verify with its certificate's key."""


class Untrusted(CardProofError):
    """No path from the card's certificate to a trust anchor."""


class Role(StrEnum):
    """Whose certificate a date refusal is about."""

    CARD = "card"
    INTERMEDIATE = "intermediate"
    ANCHOR = "anchor"


class OutOfDates(CardProofError):
    """A certificate on the path is not valid at the time asked (``early``: not valid yet)."""

    def __init__(self, role: Role, certificate: x509.Certificate, *, early: bool) -> None:
        super().__init__(f"the {role.value} certificate is not valid at that time")
        self.role, self.certificate, self.early = role, certificate, early


def card_key_from_der(issuer_der: bytes, serial_der: bytes) -> str:
    """The card key from the issuer Name's DER and the serialNumber INTEGER's DER."""
    return CARD_KEY_PREFIX + hashlib.sha256(issuer_der + serial_der).hexdigest()


def _tlv_end(der: bytes, at: int) -> tuple[int, int]:
    """(start of the value, end of the element) of the DER element at ``at``."""
    length, at = der[at + 1], at + 2
    if length & 0x80:
        count = length & 0x7F
        length, at = int.from_bytes(der[at : at + count], "big"), at + count
    return at, at + length


def card_key(certificate: x509.Certificate) -> str:
    """The card key of a whole certificate, from the bytes of its TBSCertificate."""
    tbs = certificate.tbs_certificate_bytes
    at, _ = _tlv_end(tbs, 0)  # into the TBSCertificate SEQUENCE
    if tbs[at] == 0xA0:  # the explicit [0] version
        at = _tlv_end(tbs, at)[1]
    serial_end = _tlv_end(tbs, at)[1]
    serial = tbs[at:serial_end]
    issuer_start = _tlv_end(tbs, serial_end)[1]  # past the signature AlgorithmIdentifier
    issuer = tbs[issuer_start : _tlv_end(tbs, issuer_start)[1]]
    return card_key_from_der(issuer, serial)


def verify_signature(certificate: x509.Certificate, nonce: bytes, signature: bytes) -> None:
    """Check the card's signature over ``nonce``: RSA PKCS#1 v1.5 / SHA-256 (current cards) or
    ECDSA P-384 / SHA-384 (the next generation, ``r || s`` or DER)."""
    key = certificate.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, nonce, padding.PKCS1v15(), hashes.SHA256())
            return
        if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP384R1):
            key.verify(_ecdsa_der(signature), nonce, ec.ECDSA(hashes.SHA384()))
            return
    except (InvalidSignature, ValueError):
        raise SignatureInvalid("the card's signature does not verify") from None
    raise KeyUnsupported("not an RSA or ECDSA P-384 card key")


def _ecdsa_der(signature: bytes) -> bytes:
    # Cards answer r || s; readers that convert give DER, which is passed through.
    if len(signature) == 2 * P384_SIZE:
        r = int.from_bytes(signature[:P384_SIZE], "big")
        s = int.from_bytes(signature[P384_SIZE:], "big")
        return encode_dss_signature(r, s)
    return signature


def _issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    # An issuer must say it is a CA: a card's own certificate never issues another.
    try:
        constraints = parent.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    if not constraints.ca:
        return False
    try:
        child.verify_directly_issued_by(parent)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _check_dates(certificate: x509.Certificate, at: datetime, role: Role) -> None:
    if at < certificate.not_valid_before_utc:
        raise OutOfDates(role, certificate, early=True)
    if at > certificate.not_valid_after_utc:
        raise OutOfDates(role, certificate, early=False)


def verify_chain(
    leaf: x509.Certificate,
    anchors: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate],
    at: datetime,
) -> list[x509.Certificate]:
    """The path from ``leaf`` through ``intermediates`` to an anchor, the anchor last.

    Intermediates come from the card or the client and are never trusted by themselves: only
    a path that ends at an anchor counts, and every certificate on it must be valid ``at``.
    """
    _check_dates(leaf, at, Role.CARD)
    path = [leaf]
    for _ in range(MAX_CHAIN):
        current = path[-1]
        anchor = next((a for a in anchors if _issued_by(current, a)), None)
        if anchor is not None:
            _check_dates(anchor, at, Role.ANCHOR)
            return [*path, anchor]
        step = next((c for c in intermediates if c not in path and _issued_by(current, c)), None)
        if step is None:
            break
        _check_dates(step, at, Role.INTERMEDIATE)
        path.append(step)
    raise Untrusted("the card's certificate does not chain to a trust anchor")
