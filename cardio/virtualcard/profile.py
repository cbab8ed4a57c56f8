"""The card profile file: everything a virtual card holds, as one JSON document.

Format (version 1)::

    {
      "format": "kazasu.virtual-my-number-card", "version": 1, "label": "...",
      "jpki": {"certificate": PEM, "ca_certificate": PEM or null, "private_key": PEM (PKCS#8),
               "pin": "1234", "pin_tries_left": 3},
      "jpki_sign": {"certificate": PEM, "ca_certificate": PEM, "private_key": PEM (PKCS#8),
                    "password": "TEST1234", "password_tries_left": 5},
      "card_info": {"pin": "1234", "pin_tries_left": 3, "name": "...", "address": "...",
                    "birth_date": "YYYYMMDD", "sex": "1" | "2" | "9"}
    }

``jpki_sign`` (the signing side: certificate with the holder's items, its CA, key, password) was
added within version 1 and is optional: a file without it is a card with no signing certificate.

A profile holds private keys, PINs and a password in the clear: it is for test cards only.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from cardio.virtualcard.pki import (
    HolderItems,
    Issued,
    KeyType,
    PrivateKey,
    issue_signing_certificate,
    issue_user_certificate,
    make_ca,
)

FORMAT = "kazasu.virtual-my-number-card"
VERSION = 1
DEFAULT_SIGN_PASSWORD = "TEST1234"
SIGN_PASSWORD_PATTERN = re.compile(r"[A-Z0-9]{6,16}")
"""The signing password: 6 to 16 upper-case letters and digits."""
PIN_TRIES = 3
SIGN_PASSWORD_TRIES = 5


class ProfileError(ValueError):
    """The profile file is not a valid card profile."""


@dataclass
class CardProfile:
    """What a virtual card holds."""

    label: str
    auth_certificate: x509.Certificate
    auth_key: PrivateKey
    ca_certificate: x509.Certificate | None
    name: str
    address: str
    birth_date: str
    sex: str
    auth_pin: str = "1234"
    auth_pin_tries_left: int = 3
    card_info_pin: str = "1234"
    card_info_pin_tries_left: int = 3
    sign_certificate: x509.Certificate | None = None
    sign_key: PrivateKey | None = None
    sign_ca_certificate: x509.Certificate | None = None
    sign_password: str = DEFAULT_SIGN_PASSWORD
    sign_password_tries_left: int = SIGN_PASSWORD_TRIES

    def to_json(self) -> str:
        """Serialise to the profile format."""
        body: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "label": self.label,
            "jpki": {
                "certificate": _pem(self.auth_certificate),
                "ca_certificate": _pem(self.ca_certificate) if self.ca_certificate else None,
                "private_key": _key_pem(self.auth_key),
                "pin": self.auth_pin,
                "pin_tries_left": self.auth_pin_tries_left,
            },
        }
        if self.sign_certificate is not None and self.sign_key is not None:
            body["jpki_sign"] = {
                "certificate": _pem(self.sign_certificate),
                "ca_certificate": (
                    _pem(self.sign_ca_certificate) if self.sign_ca_certificate else None
                ),
                "private_key": _key_pem(self.sign_key),
                "password": self.sign_password,
                "password_tries_left": self.sign_password_tries_left,
            }
        body["card_info"] = {
            "pin": self.card_info_pin,
            "pin_tries_left": self.card_info_pin_tries_left,
            "name": self.name,
            "address": self.address,
            "birth_date": self.birth_date,
            "sex": self.sex,
        }
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"

    def save(self, path: Path) -> None:
        """Write the profile, readable by its owner only (it holds a private key)."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(self.to_json())

    @classmethod
    def from_json(cls, text: str) -> CardProfile:
        """Parse the profile format; raises ``ProfileError`` with what is wrong."""
        try:
            body = json.loads(text)
            if body.get("format") != FORMAT or body.get("version") != VERSION:
                raise ProfileError(f"not a {FORMAT} version {VERSION} file")
            jpki, info = body["jpki"], body["card_info"]
            profile = cls(
                label=str(body.get("label", "")),
                auth_certificate=x509.load_pem_x509_certificate(jpki["certificate"].encode()),
                auth_key=_load_key(jpki),
                ca_certificate=_optional_certificate(jpki),
                name=_str(info, "name"),
                address=_str(info, "address"),
                birth_date=_str(info, "birth_date"),
                sex=_str(info, "sex"),
                auth_pin=_str(jpki, "pin"),
                auth_pin_tries_left=_tries(jpki, "pin_tries_left", PIN_TRIES),
                card_info_pin=_str(info, "pin"),
                card_info_pin_tries_left=_tries(info, "pin_tries_left", PIN_TRIES),
            )
            sign = body.get("jpki_sign")
            if sign is not None:
                password = _str(sign, "password")
                if not SIGN_PASSWORD_PATTERN.fullmatch(password):
                    raise ProfileError("the signing password must be 6-16 of A-Z and 0-9")
                profile.sign_certificate = x509.load_pem_x509_certificate(
                    sign["certificate"].encode()
                )
                profile.sign_key = _load_key(sign)
                profile.sign_ca_certificate = _optional_certificate(sign)
                profile.sign_password = password
                profile.sign_password_tries_left = _tries(
                    sign, "password_tries_left", SIGN_PASSWORD_TRIES
                )
            return profile
        except ProfileError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ProfileError(f"invalid card profile: {exc}") from exc

    @classmethod
    def load(cls, path: Path) -> CardProfile:
        """Read a profile file."""
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProfileError(f"cannot read {path}: {exc.strerror}") from exc
        return cls.from_json(text)


@dataclass(frozen=True)
class CardCertificates:
    """A test card's two certificates with their keys and issuers: authentication, issued by
    ``ca``, and signing, issued by ``sign_ca``."""

    ca: Issued
    user: Issued
    sign_ca: Issued
    signer: Issued


def issue_card_certificates(
    ca: Issued,
    holder: HolderItems,
    key_type: KeyType = "rsa",
    *,
    user: Issued | None = None,
    sign_ca: Issued | None = None,
    signer: Issued | None = None,
) -> CardCertificates:
    """A card's certificates, each with a fresh key unless given: the authentication one issued
    by ``ca``, the signing one by ``sign_ca`` (by default the signing CA paired with ``ca``, see
    ``signing_ca_for``) holding ``holder``'s items."""
    issued = user or issue_user_certificate(ca, key_type)
    signing_ca = sign_ca or signing_ca_for(ca)
    signing = signer or issue_signing_certificate(signing_ca, holder, key_type)
    return CardCertificates(ca, issued, signing_ca, signing)


def card_profile(
    certificates: CardCertificates, holder: HolderItems, label: str, sign_password: str
) -> CardProfile:
    """The card holding ``certificates``, whose card-info application holds ``holder``'s basic
    items."""
    return CardProfile(
        label=label,
        auth_certificate=certificates.user.certificate,
        auth_key=certificates.user.key,
        ca_certificate=certificates.ca.certificate,
        name=holder.name,
        address=holder.address,
        birth_date=holder.birth_date,
        sex=holder.sex,
        sign_certificate=certificates.signer.certificate,
        sign_key=certificates.signer.key,
        sign_ca_certificate=certificates.sign_ca.certificate,
        sign_password=sign_password,
    )


# Every item of a test card has a default; a test names the few it is about.
def new_test_profile(
    ca: Issued,
    label: str = "test card",
    name: str = "試験 太郎",
    address: str = "東京都千代田区霞が関二丁目1番2号 テスト住宅101",
    birth_date: str = "19850401",
    sex: str = "1",
    key_type: str = "rsa",
    signer: Issued | None = None,
    sign_password: str = DEFAULT_SIGN_PASSWORD,
    name_substitute: str = "",
    address_substitute: str = "",
) -> CardProfile:
    """A whole card: an authentication certificate issued by ``ca`` and a signing certificate
    issued by the signing CA paired with ``ca`` (see ``signing_ca_for``), each with a fresh key
    (``signer``: a signing certificate made beforehand), the signing one holding the same basic
    items as the card-info application. Certificates made otherwise: ``issue_card_certificates``
    and ``card_profile``.
    """
    kind: KeyType = "ec" if key_type == "ec" else "rsa"
    holder = HolderItems(name, address, birth_date, sex, name_substitute, address_substitute)
    certificates = issue_card_certificates(ca, holder, kind, signer=signer)
    return card_profile(certificates, holder, label, sign_password)


@functools.cache
def _signing_ca(ca_certificate: x509.Certificate, key_type: KeyType) -> Issued:
    return make_ca(key_type, purpose="signature")


def signing_ca_for(ca: Issued) -> Issued:
    """The test signing CA paired with the authentication CA ``ca``: one per CA per process.

    Real cards' two certificates come from two distinct CAs; pairing them here lets every card
    of one test CA share a signing CA that tests can trust, without a new CA key per card.
    """
    kind: KeyType = "ec" if isinstance(ca.key, ec.EllipticCurvePrivateKey) else "rsa"
    return _signing_ca(ca.certificate, kind)


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _key_pem(key: PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def _load_key(section: dict[str, Any]) -> PrivateKey:
    key = serialization.load_pem_private_key(section["private_key"].encode(), None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ProfileError("the private key must be RSA or EC")
    return key


def _optional_certificate(section: dict[str, Any]) -> x509.Certificate | None:
    pem = section.get("ca_certificate")
    return x509.load_pem_x509_certificate(pem.encode()) if pem else None


def _str(section: dict[str, Any], key: str) -> str:
    value = section[key]
    if not isinstance(value, str):
        raise ProfileError(f"{key} must be a string")
    return value


def _tries(section: dict[str, Any], key: str, most: int) -> int:
    value = section.get(key, most)
    if not isinstance(value, int) or not 0 <= value <= most:
        raise ProfileError(f"{key} must be 0..{most}")
    return value
