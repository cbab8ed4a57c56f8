"""The key-encryption key: it seals the QR-signing keys the database holds.

A signing key's private seed is stored as ``kek1:`` + base64url(nonce || AES-256-GCM
ciphertext), with the key id bound in as associated data, so a sealed value copied onto
another key's row does not open. The key-encryption key itself never enters the database: it
comes from ``KAZASU_SIGNING_KEK`` (32 bytes, base64url) or, by default, from the owner-only
file ``signing-kek`` in the data folder (docs/platform.md says how to back it up and rotate it).

The key travels with the database engine a process opened (``bind``), so every writer that
signs (passes, declarations, rotation) finds it without each caller passing it along.
"""

from __future__ import annotations

import base64
import os
import secrets
import weakref
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, Engine

from linkage.config import ensure_data_dir
from linkage.problems import Problem

ENV = "KAZASU_SIGNING_KEK"
FILE_NAME = "signing-kek"
SEALED_PREFIX = "kek1:"
KEY_BYTES = 32
NONCE_BYTES = 12
_AAD_CONTEXT = b"kazasu-signing-key-v1\x00"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


@dataclass(frozen=True)
class Kek:
    """A key-encryption key, or where it should have come from (``key`` None: not found)."""

    key: bytes | None
    where: str

    def seal(self, kid: str, seed: bytes) -> str:
        """The stored form of signing key ``kid``'s private seed."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = AESGCM(self._require()).encrypt(nonce, seed, _AAD_CONTEXT + kid.encode())
        return SEALED_PREFIX + _b64url(nonce + sealed)

    def open(self, kid: str, stored: str) -> bytes:
        """The private seed of signing key ``kid`` from its stored form (503 when it cannot)."""
        if not is_sealed(stored):
            # Only a platform not yet migrated holds clear keys; they are not used as they are.
            raise Problem(
                503,
                "signing-key-locked",
                "The QR-signing key is not sealed yet",
                f"key {kid}: run `kazasu-platform migrate` to seal it",
            )
        raw = _b64url_decode(stored[len(SEALED_PREFIX) :])
        try:
            return AESGCM(self._require()).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _AAD_CONTEXT + kid.encode()
            )
        except InvalidTag:
            raise Problem(
                503,
                "signing-key-locked",
                "The key-encryption key does not open the QR-signing key",
                f"the key-encryption key from {self.where} does not open key {kid}: "
                f"give the one it was sealed with ({ENV} or the {FILE_NAME} file)",
            ) from None

    def _require(self) -> bytes:
        if self.key is None:
            raise Problem(
                503,
                "signing-key-locked",
                "No key-encryption key: the platform cannot sign QR codes",
                f"{self.where}; set {ENV} or restore the {FILE_NAME} file it was made with "
                "(docs/platform.md)",
            )
        return self.key


def is_sealed(stored: str) -> bool:
    """Whether a stored private key is sealed (older platforms stored the seed in clear)."""
    return stored.startswith(SEALED_PREFIX)


def path_in(data_dir: Path) -> Path:
    """Where the key file lives in a data folder."""
    return data_dir / FILE_NAME


def load(data_dir: Path) -> Kek:
    """The key from ``KAZASU_SIGNING_KEK``, else from the data folder's file, else none.

    A malformed key is refused at once (ValueError naming where it came from).
    """
    env = os.environ.get(ENV)
    if env:
        return Kek(_parse(env.strip(), ENV), ENV)
    path = path_in(data_dir)
    if not path.exists():
        return Kek(None, f"no key-encryption key: {ENV} is not set and {path} does not exist")
    return Kek(_parse(path.read_text(encoding="ascii").strip(), str(path)), str(path))


def create(data_dir: Path) -> Kek:
    """Make a new random key in the data folder's file (owner-only from its creation)."""
    ensure_data_dir(data_dir)
    path = path_in(data_dir)
    key = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(_b64url(key) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return Kek(key, str(path))


def _parse(text: str, where: str) -> bytes:
    try:
        key = _b64url_decode(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise ValueError(f"the key-encryption key in {where} is not 32 bytes in base64url")
    return key


_bound: weakref.WeakKeyDictionary[Engine, Kek] = weakref.WeakKeyDictionary()


def bind(engine: Engine, kek: Kek) -> None:
    """Let every connection of ``engine`` seal and open signing keys with ``kek``."""
    _bound[engine] = kek


def for_engine(engine: Engine) -> Kek:
    """The key-encryption key bound to ``engine`` (one without a key when none is)."""
    return _bound.get(engine, Kek(None, "no key-encryption key is configured for this process"))


def of(conn: Connection) -> Kek:
    """The key-encryption key bound to this connection's engine."""
    return for_engine(conn.engine)
