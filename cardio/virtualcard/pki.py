"""A test PKI shaped like the JPKI user-authentication hierarchy: one CA, user certificates.

Names say "TEST" everywhere so that nothing made here is mistaken for a real card's certificate.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import (
    AuthorityInformationAccessOID,
    ExtendedKeyUsageOID,
    NameOID,
    ObjectIdentifier,
)

KeyType = Literal["rsa", "ec"]
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

# A private-use arc, not the real JPKI policy OID.
TEST_POLICY_OID = ObjectIdentifier("1.3.6.1.4.1.55555.1.2.1")
USER_VALIDITY = timedelta(days=5 * 365)
CA_VALIDITY = timedelta(days=20 * 365)


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key."""

    certificate: x509.Certificate
    key: PrivateKey


def new_key(key_type: KeyType = "rsa") -> PrivateKey:
    """RSA-2048 as on current cards, or ECDSA P-384 as announced for the next generation."""
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP384R1())


def make_ca(
    key_type: KeyType = "rsa",
    not_before: datetime | None = None,
    validity: timedelta = CA_VALIDITY,
    label: str = "Kazasu TEST JPKI",
) -> Issued:
    """A self-signed CA for user-authentication certificates."""
    key = new_key(key_type)
    start = not_before or datetime.now(UTC) - timedelta(days=1)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, label),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "TEST for user authentication"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "TEST Certification Authority"),
        ]
    )
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + validity)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, _hash_for(key))
    )
    return Issued(certificate, key)


def issue_user_certificate(
    ca: Issued,
    key_type: KeyType = "rsa",
    not_before: datetime | None = None,
    validity: timedelta = USER_VALIDITY,
    serial_number: int | None = None,
) -> Issued:
    """A user-authentication certificate as the card holds in EF 000A (no personal data)."""
    key = new_key(key_type)
    start = not_before or datetime.now(UTC) - timedelta(days=1)
    public = key.public_key()
    ca_key_id = ca.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"TEST{secrets.token_hex(12).upper()}"),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(public)
        .serial_number(serial_number or x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + validity)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(
            x509.CertificatePolicies(
                [
                    x509.PolicyInformation(
                        TEST_POLICY_OID,
                        ["https://jpki.invalid/test/cps.html"],
                    )
                ]
            ),
            critical=True,
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier("http://crl.jpki.invalid/test/auth.crl")],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier("http://ocsp.jpki.invalid/test/auth"),
                    )
                ]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_key_id),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(ca.key, _hash_for(ca.key))
    )
    return Issued(certificate, key)


def _hash_for(key: PrivateKey) -> hashes.SHA256 | hashes.SHA384:
    return hashes.SHA384() if isinstance(key, ec.EllipticCurvePrivateKey) else hashes.SHA256()
