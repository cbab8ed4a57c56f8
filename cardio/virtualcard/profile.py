"""The card profile file: everything a virtual card holds, as one JSON document.

Format (version 1)::

    {
      "format": "kazasu.virtual-my-number-card", "version": 1, "label": "...",
      "jpki": {"certificate": PEM, "ca_certificate": PEM or null, "private_key": PEM (PKCS#8),
               "pin": "1234", "pin_tries_left": 3},
      "card_info": {"pin": "1234", "pin_tries_left": 3, "name": "...", "address": "...",
                    "birth_date": "YYYYMMDD", "sex": "1" | "2" | "9"}
    }

A profile holds a private key and PINs in the clear: it is for test cards only.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from cardio.virtualcard.pki import Issued, PrivateKey, issue_user_certificate

FORMAT = "kazasu.virtual-my-number-card"
VERSION = 1


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

    def to_json(self) -> str:
        """Serialise to the profile format."""
        body = {
            "format": FORMAT,
            "version": VERSION,
            "label": self.label,
            "jpki": {
                "certificate": _pem(self.auth_certificate),
                "ca_certificate": _pem(self.ca_certificate) if self.ca_certificate else None,
                "private_key": self.auth_key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ).decode("ascii"),
                "pin": self.auth_pin,
                "pin_tries_left": self.auth_pin_tries_left,
            },
            "card_info": {
                "pin": self.card_info_pin,
                "pin_tries_left": self.card_info_pin_tries_left,
                "name": self.name,
                "address": self.address,
                "birth_date": self.birth_date,
                "sex": self.sex,
            },
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
            key = serialization.load_pem_private_key(jpki["private_key"].encode(), None)
            if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
                raise ProfileError("the private key must be RSA or EC")
            ca_pem = jpki.get("ca_certificate")
            return cls(
                label=str(body.get("label", "")),
                auth_certificate=x509.load_pem_x509_certificate(jpki["certificate"].encode()),
                auth_key=key,
                ca_certificate=x509.load_pem_x509_certificate(ca_pem.encode()) if ca_pem else None,
                name=_str(info, "name"),
                address=_str(info, "address"),
                birth_date=_str(info, "birth_date"),
                sex=_str(info, "sex"),
                auth_pin=_str(jpki, "pin"),
                auth_pin_tries_left=_tries(jpki),
                card_info_pin=_str(info, "pin"),
                card_info_pin_tries_left=_tries(info),
            )
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


def new_test_profile(
    ca: Issued,
    label: str = "test card",
    name: str = "試験 太郎",
    address: str = "東京都千代田区霞が関二丁目1番2号 テスト住宅101",
    birth_date: str = "19850401",
    sex: str = "1",
    key_type: str = "rsa",
    user: Issued | None = None,
) -> CardProfile:
    """A card issued by ``ca`` with a fresh key, holding the given basic items."""
    issued = user or issue_user_certificate(ca, "ec" if key_type == "ec" else "rsa")
    return CardProfile(
        label=label,
        auth_certificate=issued.certificate,
        auth_key=issued.key,
        ca_certificate=ca.certificate,
        name=name,
        address=address,
        birth_date=birth_date,
        sex=sex,
    )


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _str(section: dict[str, Any], key: str) -> str:
    value = section[key]
    if not isinstance(value, str):
        raise ProfileError(f"{key} must be a string")
    return value


def _tries(section: dict[str, Any]) -> int:
    value = section.get("pin_tries_left", 3)
    if not isinstance(value, int) or not 0 <= value <= 3:
        raise ProfileError("pin_tries_left must be 0..3")
    return value
