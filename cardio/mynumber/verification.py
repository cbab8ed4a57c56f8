"""Checks that make a card tap a proof: the signature over the nonce, and the certificate chain.

RSA-2048 with PKCS#1 v1.5 and SHA-256 is what current cards use; ECDSA P-384 with SHA-384 is
accepted for the next card generation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from cardio.card_errors import (
    CertificateChainError,
    CertificateFormatError,
    CertificateValidityError,
    SignatureInvalidError,
)
from cardio.mynumber.certprefix import parse_prefix

SHA256_DIGEST_INFO_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
"""DER DigestInfo header for SHA-256; the 32-byte hash follows."""

P384_COORDINATE = 48
_MAX_CHAIN_DEPTH = 4


@dataclass(frozen=True)
class TrustAnchors:
    """The CA certificates a kiosk accepts as issuers of card certificates."""

    certificates: tuple[x509.Certificate, ...]

    @classmethod
    def from_pem_files(cls, paths: Iterable[Path]) -> TrustAnchors:
        """Load every certificate from the given PEM files (each may hold several)."""
        certificates: list[x509.Certificate] = []
        for path in paths:
            try:
                certificates.extend(x509.load_pem_x509_certificates(path.read_bytes()))
            except ValueError as exc:
                raise ValueError(f"{path}: not a PEM certificate file") from exc
        if not certificates:
            raise ValueError("no trust anchors given")
        return cls(tuple(certificates))


def card_key_of(certificate: x509.Certificate) -> str:
    """The card key of a whole certificate; equals the one computed from its first chunk."""
    return parse_prefix(certificate.public_bytes(serialization.Encoding.DER)).card_key


def load_certificate(der: bytes) -> x509.Certificate:
    """Parse a DER certificate read from the card."""
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError as exc:
        raise CertificateFormatError() from exc


def signing_input(certificate: x509.Certificate, nonce: bytes) -> bytes:
    """What the card is asked to sign for ``nonce``, given the kind of key it holds."""
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return SHA256_DIGEST_INFO_PREFIX + hashlib.sha256(nonce).digest()
    if isinstance(key, ec.EllipticCurvePublicKey):
        return hashlib.sha384(nonce).digest()
    raise CertificateFormatError("The card's certificate holds a key type this kiosk cannot use.")


def signature_length(certificate: x509.Certificate) -> int:
    """The exact length of a signature the card returns for this certificate's key."""
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return (key.key_size + 7) // 8
    if isinstance(key, ec.EllipticCurvePublicKey):
        return 2 * P384_COORDINATE
    raise CertificateFormatError("The card's certificate holds a key type this kiosk cannot use.")


def verify_signature(certificate: x509.Certificate, nonce: bytes, signature: bytes) -> None:
    """Check the card's signature over ``nonce`` with the certificate's public key."""
    key = certificate.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, nonce, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(key, ec.EllipticCurvePublicKey):
            if not isinstance(key.curve, ec.SECP384R1):
                raise CertificateFormatError(
                    "The card's key is on a curve this kiosk does not use."
                )
            key.verify(_ecdsa_der(signature), nonce, ec.ECDSA(hashes.SHA384()))
        else:
            raise CertificateFormatError(
                "The card's certificate holds a key type this kiosk cannot use."
            )
    except InvalidSignature as exc:
        raise SignatureInvalidError() from exc


def verify_chain(
    leaf: x509.Certificate,
    anchors: TrustAnchors,
    intermediates: Sequence[x509.Certificate] = (),
    at: datetime | None = None,
) -> list[x509.Certificate]:
    """Check that ``leaf`` chains to a trust anchor and every certificate is valid ``at``.

    Returns the path from the leaf to the anchor. ``intermediates`` (such as the CA certificate
    stored on the card) are used to build the path but are never trusted by themselves.
    """
    when = at or datetime.now(UTC)
    _check_dates(leaf, when, "card's")
    path = [leaf]
    for _ in range(_MAX_CHAIN_DEPTH):
        current = path[-1]
        for anchor in anchors.certificates:
            if _issued_by(current, anchor):
                _check_dates(anchor, when, "issuing authority's")
                return [*path, anchor]
        step = next(
            (c for c in intermediates if c not in path and _issued_by(current, c)),
            None,
        )
        if step is None:
            break
        _check_dates(step, when, "intermediate authority's")
        path.append(step)
    raise CertificateChainError()


def _issued_by(child: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        constraints = issuer.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is not None and not constraints.ca:
        return False
    try:
        child.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _check_dates(certificate: x509.Certificate, when: datetime, whose: str) -> None:
    if when < certificate.not_valid_before_utc:
        raise CertificateValidityError(
            f"The {whose} certificate is not valid until "
            f"{certificate.not_valid_before_utc:%Y-%m-%d}. Check the kiosk's clock; "
            "identify the person another way for now."
        )
    if when > certificate.not_valid_after_utc:
        raise CertificateValidityError(
            f"The {whose} certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}. "
            "The person can renew it at the municipal office; identify them another way for now."
        )


def _ecdsa_der(signature: bytes) -> bytes:
    # Cards return r || s; the DER form is accepted too, for readers that convert it.
    if len(signature) == 2 * P384_COORDINATE:
        r = int.from_bytes(signature[:P384_COORDINATE], "big")
        s = int.from_bytes(signature[P384_COORDINATE:], "big")
        return encode_dss_signature(r, s)
    return signature
