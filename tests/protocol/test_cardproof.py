"""A card's proof as JSON: what the kiosk writes is what the platform reads, field for field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kazasu_protocol import b64url
from kazasu_protocol.cardproof import ProofMalformed, parse_proof, proof_body

KEY = ec.generate_private_key(ec.SECP384R1())


def _certificate(name: str) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(KEY.public_key())
        .serial_number(7)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(KEY, hashes.SHA384())
    )


CARD, CA = _certificate("card"), _certificate("card CA")


@dataclass(frozen=True)
class Answer:
    """A card's answer, as cardio's SignedNonce holds it."""

    certificate: bytes
    intermediates: tuple[bytes, ...]
    signature: bytes


ANSWER = Answer(
    CARD.public_bytes(serialization.Encoding.DER),
    (CA.public_bytes(serialization.Encoding.DER),),
    b"\x30\x02\xfb\xff signature",
)


def test_the_body_holds_the_three_fields_in_base64url() -> None:
    body = proof_body(ANSWER)
    assert sorted(body) == ["certificate", "intermediates", "signature"]
    assert body["certificate"] == b64url.encode(ANSWER.certificate)
    assert body["intermediates"] == [b64url.encode(ANSWER.intermediates[0])]
    assert "=" not in body["signature"] and "+" not in body["signature"]


def test_what_is_written_reads_back_as_the_same_certificates_and_signature() -> None:
    body = json.loads(json.dumps(proof_body(ANSWER)))
    read = parse_proof(body["certificate"], body["intermediates"], body["signature"])
    assert read.certificate == CARD and read.intermediates == [CA]
    assert read.signature == ANSWER.signature


def test_a_certificate_pasted_as_pem_is_read_too() -> None:
    pem = CARD.public_bytes(serialization.Encoding.PEM).decode("ascii")
    assert parse_proof(pem, [], "AA").certificate == CARD


@pytest.mark.parametrize(
    ("certificate", "intermediates", "signature", "kind"),
    [
        ("not a certificate", [], "AA", "certificate-invalid"),
        (b64url.encode(b"\x30\x03junk"), [], "AA", "certificate-invalid"),
        (None, ["AA"], "AA", "certificate-invalid"),
        (None, [], "not base64url!", "signature-invalid"),
        ("-----BEGIN CERTIFICATE-----\nこんにちは\n", [], "AA", "certificate-invalid"),
    ],
)
def test_a_malformed_field_is_named(
    certificate: str | None, intermediates: list[str], signature: str, kind: str
) -> None:
    good = proof_body(ANSWER)["certificate"]
    with pytest.raises(ProofMalformed) as refused:
        parse_proof(certificate or good, intermediates, signature)
    assert refused.value.kind == kind
