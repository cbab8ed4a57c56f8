"""A test PKI shaped like JPKI: a user-authentication CA and a signing CA, user certificates.

As in JPKI, the two hierarchies are distinct: the signing certificate is issued by a signing CA,
and carries the holder's basic items in its subjectAltName under the real JPKI item OIDs (see
``cardio.mynumber.signitems``) so that the reader is exercised against the real layout.

Names say "TEST" everywhere so that nothing made here is mistaken for a real card's certificate.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
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

from cardio.mynumber.signitems import (
    ADDRESS_OID,
    ADDRESS_SUBSTITUTE_OID,
    BIRTH_DATE_OID,
    NAME_OID,
    NAME_SUBSTITUTE_OID,
    SEX_OID,
)

KeyType = Literal["rsa", "ec"]
Purpose = Literal["authentication", "signature"]
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

# Private-use arcs, not the real JPKI policy OIDs.
TEST_POLICY_OID = ObjectIdentifier("1.3.6.1.4.1.55555.1.2.1")
TEST_SIGN_POLICY_OID = ObjectIdentifier("1.3.6.1.4.1.55555.1.1.1")
# First days of the eras J-LIS codes 1-5 (Meiji to Reiwa) in the signing certificate's birth date.
_ERA_STARTS = (
    (date(2019, 5, 1), "5"),
    (date(1989, 1, 8), "4"),
    (date(1926, 12, 25), "3"),
    (date(1912, 7, 30), "2"),
    (date(1868, 10, 23), "1"),
)
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
    purpose: Purpose = "authentication",
) -> Issued:
    """A self-signed CA for user-authentication (or, distinct, for signing) certificates."""
    key = new_key(key_type)
    start = not_before or datetime.now(UTC) - timedelta(days=1)
    unit = (
        "TEST for user authentication"
        if purpose == "authentication"
        else "TEST for digital signature"
    )
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, label),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit),
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


@dataclass(frozen=True)
class HolderItems:
    """What a signing certificate says of its holder; ``sex`` and ``birth_date`` as on the card."""

    name: str
    address: str
    birth_date: str
    sex: str
    name_substitute: str = ""
    address_substitute: str = ""


def issue_signing_certificate(
    ca: Issued,
    holder: HolderItems,
    key_type: KeyType = "rsa",
    not_before: datetime | None = None,
    validity: timedelta = USER_VALIDITY,
) -> Issued:
    """A signing certificate as the card holds in EF 0001, the holder's items in subjectAltName.

    The six entries are written in the order real certificates use; the birth date gets its
    era digit. ``ca`` should be a signing CA (``make_ca(purpose="signature")``).
    """
    key = new_key(key_type)
    start = not_before or datetime.now(UTC) - timedelta(days=1)
    public = key.public_key()
    ca_key_id = ca.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "TEST Prefecture"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "TEST City"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"TEST{secrets.token_hex(12).upper()}"),
        ]
    )
    items = [
        (NAME_OID, holder.name),
        (BIRTH_DATE_OID, _era_code(holder.birth_date) + holder.birth_date),
        (SEX_OID, holder.sex),
        (ADDRESS_OID, holder.address),
        (NAME_SUBSTITUTE_OID, holder.name_substitute),
        (ADDRESS_SUBSTITUTE_OID, holder.address_substitute),
    ]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + validity)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
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
        .add_extension(
            x509.CertificatePolicies(
                [
                    x509.PolicyInformation(
                        TEST_SIGN_POLICY_OID, ["https://jpki.invalid/test/cps.html"]
                    )
                ]
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.OtherName(oid, _utf8_string(value)) for oid, value in items]
            ),
            critical=False,
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier("http://crl.jpki.invalid/test/sign.crl")],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
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


def _era_code(birth_date: str) -> str:
    try:
        born = date(int(birth_date[:4]), int(birth_date[4:6]), int(birth_date[6:8]))
    except ValueError:
        # A test card may carry a deliberately odd date; keep it as given, without an era.
        return ""
    return next((code for start, code in _ERA_STARTS if born >= start), "")


def _utf8_string(text: str) -> bytes:
    # DER UTF8String; cryptography wraps an otherName value in [0] EXPLICIT itself.
    value = text.encode("utf-8")
    n = len(value)
    if n < 0x80:
        length = bytes((n,))
    elif n <= 0xFF:
        length = bytes((0x81, n))
    else:
        length = bytes((0x82,)) + n.to_bytes(2, "big")
    return b"\x0c" + length + value


def _hash_for(key: PrivateKey) -> hashes.SHA256 | hashes.SHA384:
    return hashes.SHA384() if isinstance(key, ec.EllipticCurvePrivateKey) else hashes.SHA256()
