"""A card's proof as JSON: the user-authentication certificate, the CA certificates read from the
card and the card's signature over a nonce (docs/protocol/sync.md "Card links", "Arrivals";
web-sign-in.md; events.md "person.card_linked from a counter link").

Written by the kiosk (a counter link's event, an arrival by card, a web sign-in answer) and by
``kazasu-card sign``; read by the platform, which checks what it reads against its trust
anchors (kazasu_protocol.jpki).

    {"certificate": "<base64url DER>", "intermediates": ["<base64url DER>", …],
     "signature": "<base64url>"}

Where a proof travels with more (a challenge id, the nonce, when it was signed), those keys sit
beside these three in the same object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography import x509

from kazasu_protocol import b64url


class SignedAnswer(Protocol):
    """What a card answered: its certificate, the CA certificates it holds, its signature."""

    @property
    def certificate(self) -> bytes: ...  # DER

    @property
    def intermediates(self) -> Sequence[bytes]: ...  # DER each

    @property
    def signature(self) -> bytes: ...


class ProofMalformed(ValueError):
    """A proof field that is not what it should be; ``kind`` names which (``certificate-invalid``
    or ``signature-invalid``), ``title`` says it in English."""

    def __init__(self, kind: str, title: str) -> None:
        super().__init__(title)
        self.kind, self.title = kind, title


@dataclass(frozen=True)
class CardProof:
    """A proof as read: the certificates parsed, the signature decoded, nothing yet checked."""

    certificate: x509.Certificate
    intermediates: list[x509.Certificate]
    signature: bytes


def proof_body(signed: SignedAnswer) -> dict[str, Any]:
    """The JSON of a card's answer: certificates as base64url DER, the signature base64url."""
    return {
        "certificate": b64url.encode(signed.certificate),
        "intermediates": [b64url.encode(c) for c in signed.intermediates],
        "signature": b64url.encode(signed.signature),
    }


def parse_certificate(text: str) -> x509.Certificate:
    """A certificate given as base64url DER or, as a person may paste it, as PEM text."""
    try:
        if text.lstrip().startswith("-----BEGIN"):
            return x509.load_pem_x509_certificate(text.encode("ascii"))
        return x509.load_der_x509_certificate(b64url.decode(text))
    except ValueError as exc:
        raise ProofMalformed("certificate-invalid", "Not an X.509 certificate") from exc


def parse_proof(certificate: str, intermediates: Sequence[str], signature: str) -> CardProof:
    """A proof's three fields as sent, read; ``ProofMalformed`` for the first that is not."""
    cert = parse_certificate(certificate)
    chain = [parse_certificate(c) for c in intermediates]
    try:
        return CardProof(cert, chain, b64url.decode(signature))
    except ValueError as exc:
        raise ProofMalformed("signature-invalid", "The signature is not base64url") from exc
