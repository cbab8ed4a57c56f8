"""JPKI user-authentication certificates: card_key, chain, dates and the holder's signature.

Written from docs/design.md §2 and docs/card.md: the card signs the platform's nonce with RSA PKCS#1
v1.5 / SHA-256 (current cards) or ECDSA P-384 / SHA-384 (the next generation, ``r || s`` or
DER). The individual number is not in this certificate and nothing here looks for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

MAX_CHAIN = 4
P384_SIZE = 48

# Called with the card's certificate and the certificate that issued it once the chain and the
# signature verified. It returns when the card is not revoked, raises ``CardRevoked`` when it
# is; any other exception means the status is unknown and the link is refused (fail closed).
RevocationCheck = Callable[[x509.Certificate, x509.Certificate], None]


class CardRejected(Exception):
    """The card's proof does not hold; ``problem`` names why for the API."""

    def __init__(self, problem: str, message: str) -> None:
        super().__init__(message)
        self.problem = problem


class CardRevoked(Exception):
    """Raised by a revocation check for a revoked certificate."""


def load_anchors(paths: Iterable[Path]) -> tuple[x509.Certificate, ...]:
    """Every certificate of the given PEM files (a file may hold several)."""
    found: list[x509.Certificate] = []
    for path in paths:
        found += x509.load_pem_x509_certificates(Path(path).read_bytes())
    return tuple(found)


def _tlv_end(der: bytes, at: int) -> tuple[int, int]:
    """(start of the value, end of the element) of the DER element at ``at``."""
    length, at = der[at + 1], at + 2
    if length & 0x80:
        count = length & 0x7F
        length, at = int.from_bytes(der[at : at + count], "big"), at + count
    return at, at + length


def card_key(certificate: x509.Certificate) -> str:
    """``jpki:`` + SHA-256 of the issuer Name's DER then the serialNumber INTEGER's DER.

    The bytes are taken as they stand in the certificate (not re-encoded), as a kiosk takes
    them from the card's first chunk, so both sides compute the same key.
    """
    tbs = certificate.tbs_certificate_bytes
    at, _ = _tlv_end(tbs, 0)  # into the TBSCertificate SEQUENCE
    if tbs[at] == 0xA0:  # the explicit [0] version
        at = _tlv_end(tbs, at)[1]
    serial_end = _tlv_end(tbs, at)[1]
    serial = tbs[at:serial_end]
    issuer_start = _tlv_end(tbs, serial_end)[1]  # past the signature AlgorithmIdentifier
    issuer = tbs[issuer_start : _tlv_end(tbs, issuer_start)[1]]
    return "jpki:" + hashlib.sha256(issuer + serial).hexdigest()


def verify_signature(certificate: x509.Certificate, nonce: bytes, signature: bytes) -> None:
    """Check the card's signature over ``nonce`` with the certificate's key."""
    key = certificate.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, nonce, padding.PKCS1v15(), hashes.SHA256())
            return
        if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP384R1):
            key.verify(_ecdsa_der(signature), nonce, ec.ECDSA(hashes.SHA384()))
            return
    except (InvalidSignature, ValueError):
        raise CardRejected(
            "card-signature-invalid", "The card's signature does not verify"
        ) from None
    raise CardRejected("card-key-unsupported", "Not an RSA or ECDSA P-384 card key")


def _ecdsa_der(signature: bytes) -> bytes:
    # Cards answer r || s; readers that convert give DER, which is passed through.
    if len(signature) == 2 * P384_SIZE:
        r = int.from_bytes(signature[:P384_SIZE], "big")
        s = int.from_bytes(signature[P384_SIZE:], "big")
        return encode_dss_signature(r, s)
    return signature


def _issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    try:
        constraints = parent.extensions.get_extension_for_class(x509.BasicConstraints).value
        if not constraints.ca:
            return False
    except x509.ExtensionNotFound:
        return False
    try:
        child.verify_directly_issued_by(parent)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _check_dates(certificate: x509.Certificate, at: datetime, whose: str) -> None:
    if not certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc:
        raise CardRejected("card-certificate-expired", f"The {whose} certificate is not valid now")


def verify_chain(
    leaf: x509.Certificate,
    anchors: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate],
    at: datetime,
) -> x509.Certificate:
    """Build a path from ``leaf`` through ``intermediates`` to an anchor; returns leaf's issuer.

    Intermediates come from the client and are never trusted by themselves: only a path that
    ends at a configured anchor counts, and every certificate on it must be valid ``at``.
    """
    _check_dates(leaf, at, "card's")
    path = [leaf]
    for _ in range(MAX_CHAIN):
        current = path[-1]
        anchor = next((a for a in anchors if _issued_by(current, a)), None)
        if anchor is not None:
            _check_dates(anchor, at, "trust anchor's")
            return path[1] if len(path) > 1 else anchor
        step = next((c for c in intermediates if c not in path and _issued_by(current, c)), None)
        if step is None:
            break
        _check_dates(step, at, "intermediate")
        path.append(step)
    raise CardRejected("card-untrusted", "The card's certificate does not chain to a trust anchor")
