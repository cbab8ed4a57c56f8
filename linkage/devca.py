"""A development CA and a server certificate for 127.0.0.1/localhost, and the pin kiosks keep.

The pin is ``"sha256/"`` + base64 (standard alphabet, padded) of the SHA-256 of the server
certificate's SubjectPublicKeyInfo DER: it survives re-issuing the certificate on the same key.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from linkage.config import ensure_data_dir

CA_DAYS = 3650
SERVER_DAYS = 825


@dataclass(frozen=True)
class DevTls:
    """Where the development TLS files are, inside the data folder."""

    folder: Path

    @property
    def ca(self) -> Path:
        """The CA certificate kiosks (and test clients) trust."""
        return self.folder / "dev-ca.pem"

    @property
    def ca_key(self) -> Path:
        """The CA's private key."""
        return self.folder / "dev-ca-key.pem"

    @property
    def cert(self) -> Path:
        """The server certificate ``serve`` presents."""
        return self.folder / "server.pem"

    @property
    def key(self) -> Path:
        """The server's private key."""
        return self.folder / "server-key.pem"


def dev_tls(data_dir: Path) -> DevTls:
    """The development TLS files of a data folder."""
    return DevTls(data_dir / "tls")


def pin_of(certificate: x509.Certificate) -> str:
    """The pin of a certificate: sha256/ + base64 of SHA-256 of its SubjectPublicKeyInfo."""
    spki = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return "sha256/" + base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def pin_of_file(path: Path) -> str:
    """The pin of the first certificate of a PEM file."""
    return pin_of(x509.load_pem_x509_certificates(path.read_bytes())[0])


def _write_owner_only(path: Path, data: bytes) -> None:
    # Created owner-only before anything is written into it; a file left by an older version
    # is closed again too.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def make_dev_ca(data_dir: Path, hosts: tuple[str, ...] = ("127.0.0.1", "localhost")) -> str:
    """Make (or replace) the development CA and server certificate; returns the server's pin."""
    files = dev_tls(data_dir)
    ensure_data_dir(data_dir)
    ensure_data_dir(files.folder)
    now = datetime.now(UTC) - timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kazasu development CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=SERVER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_owner_only(files.ca_key, _pem_key(ca_key))
    _write_owner_only(files.key, _pem_key(key))
    _write_owner_only(files.ca, ca.public_bytes(serialization.Encoding.PEM))
    _write_owner_only(files.cert, server.public_bytes(serialization.Encoding.PEM))
    return pin_of(server)
