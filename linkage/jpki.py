"""The platform's side of JPKI card proofs: its trust anchors, revocation hook and API problems.

The rules themselves (card key, signature, certificate path) are ``kazasu_protocol.jpki``, the
code kiosks check cards with; here a refusal becomes the problem type the API answers with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path

from cryptography import x509

from kazasu_protocol import jpki as shared

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


def verify_signature(certificate: x509.Certificate, nonce: bytes, signature: bytes) -> None:
    """Check the card's signature over ``nonce`` with the certificate's key."""
    try:
        shared.verify_signature(certificate, nonce, signature)
    except shared.SignatureInvalid:
        raise CardRejected(
            "card-signature-invalid", "The card's signature does not verify"
        ) from None
    except shared.KeyUnsupported:
        raise CardRejected("card-key-unsupported", "Not an RSA or ECDSA P-384 card key") from None


_WHOSE = {
    shared.Role.CARD: "card's",
    shared.Role.INTERMEDIATE: "intermediate",
    shared.Role.ANCHOR: "trust anchor's",
}


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
    try:
        path = shared.verify_chain(leaf, anchors, intermediates, at)
    except shared.OutOfDates as dates:
        raise CardRejected(
            "card-certificate-expired", f"The {_WHOSE[dates.role]} certificate is not valid now"
        ) from None
    except shared.Untrusted:
        raise CardRejected(
            "card-untrusted", "The card's certificate does not chain to a trust anchor"
        ) from None
    return path[1]
