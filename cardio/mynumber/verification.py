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
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from cardio.card_errors import (
    CertificateChainError,
    CertificateFormatError,
    CertificateValidityError,
    SignatureInvalidError,
)
from kazasu_protocol import jpki as shared

SHA256_DIGEST_INFO_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
"""DER DigestInfo header for SHA-256; the 32-byte hash follows."""

P384_COORDINATE = shared.P384_SIZE


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
    try:
        shared.verify_signature(certificate, nonce, signature)
    except shared.KeyUnsupported as exc:
        raise CertificateFormatError(
            "The card's certificate holds a key type this kiosk cannot use."
        ) from exc
    except shared.SignatureInvalid as exc:
        raise SignatureInvalidError() from exc


_WHOSE = {
    shared.Role.CARD: "card's",
    shared.Role.INTERMEDIATE: "intermediate authority's",
    shared.Role.ANCHOR: "issuing authority's",
}


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
    try:
        return shared.verify_chain(
            leaf, anchors.certificates, intermediates, at or datetime.now(UTC)
        )
    except shared.Untrusted as exc:
        raise CertificateChainError() from exc
    except shared.OutOfDates as dates:
        whose, cert = _WHOSE[dates.role], dates.certificate
        if dates.early:
            message = (
                f"The {whose} certificate is not valid until "
                f"{cert.not_valid_before_utc:%Y-%m-%d}. Check the kiosk's clock; "
                "identify the person another way for now."
            )
        else:
            message = (
                f"The {whose} certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}. "
                "The person can renew it at the municipal office; identify them another way "
                "for now."
            )
        raise CertificateValidityError(message) from None
