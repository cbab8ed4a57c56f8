"""The key-encryption key: it seals the QR-signing keys the database holds.

A signing key's private seed is stored sealed with AES-256-GCM, the key id bound in as
associated data so that a sealed value copied onto another key's row does not open. ``Kek`` is
what seals and opens; two kinds exist, told apart by the stored value's prefix:

- ``kek1:`` + base64url(nonce || ciphertext): sealed here with a 32-byte key from
  ``KAZASU_SIGNING_KEK`` (base64url) or, by default, the owner-only file ``signing-kek`` in the
  data folder (``KeyKek``);
- ``p11kek1:`` + the same: sealed by a PKCS#11 token with an AES key that never leaves it,
  configured by ``KAZASU_SIGNING_KEK_PKCS11`` and its companions (linkage/kek_pkcs11.py).

The key-encryption key itself never enters the database (docs/platform.md says how to back it
up, move keys onto a token and rotate it). It travels with the database engine a process
opened (``bind``), so every writer that signs (passes, declarations, rotation) finds it
without each caller passing it along.
"""

from __future__ import annotations

import os
import secrets
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, Engine, select, update

from kazasu_protocol import b64url
from linkage.config import PKCS11_ENV, create_secret_file, ensure_data_dir, pkcs11_kek
from linkage.problems import Problem
from linkage.tables import signing_keys

ENV = "KAZASU_SIGNING_KEK"
FILE_NAME = "signing-kek"
SEALED_PREFIX = "kek1:"
TOKEN_PREFIX = "p11kek1:"
KEY_BYTES = 32
NONCE_BYTES = 12
_AAD_CONTEXT = b"kazasu-signing-key-v1\x00"


class Kek(Protocol):
    """Seals and opens signing keys' private seeds, by key id."""

    @property
    def where(self) -> str:
        """Where the key-encryption key comes from (or should have), for messages."""
        ...

    def check(self) -> None:
        """Raise the 503 that says why it cannot seal and open now; nothing when it can."""
        ...

    def seal(self, kid: str, seed: bytes) -> str:
        """The stored form of signing key ``kid``'s private seed."""
        ...

    def open(self, kid: str, stored: str) -> bytes:
        """The private seed of signing key ``kid`` from its stored form (503 when it cannot)."""
        ...


def associated_data(kid: str) -> bytes:
    """What a sealed seed is bound to: its key id (and the purpose, so nothing else opens)."""
    return _AAD_CONTEXT + kid.encode()


def locked(title: str, detail: str) -> Problem:
    """The refusal to sign for want of a usable key-encryption key."""
    return Problem(503, "signing-key-locked", title, detail)


def sealed_body(kid: str, stored: str, prefix: str, where: str) -> bytes:
    """The nonce and ciphertext of a stored seed sealed with ``prefix``'s kind of key.

    A seed stored in clear, or sealed by the other kind of key, is refused (503) saying so.
    """
    if not is_sealed(stored):
        # Only a platform not yet migrated holds clear keys; they are not used as they are.
        raise locked(
            "The QR-signing key is not sealed yet",
            f"key {kid}: run `kazasu-platform migrate` to seal it",
        )
    if not stored.startswith(prefix):
        on_token = stored.startswith(TOKEN_PREFIX)
        by = "a PKCS#11 token" if on_token else f"{ENV} or a {FILE_NAME} file"
        raise locked(
            "The QR-signing key is sealed under another key-encryption key",
            f"key {kid} is sealed by {by}, but this process has {where}: configure that one, "
            "or move the keys with `kazasu-platform rekey-signing-keys` (docs/platform.md)",
        )
    return b64url.decode(stored[len(prefix) :])


@dataclass(frozen=True)
class KeyKek:
    """A key-encryption key held by this process, or where it should have come from (``key``
    None: not found)."""

    key: bytes | None
    where: str

    def check(self) -> None:
        """Raise the 503 that says why there is no key; nothing when there is one."""
        self._require()

    def seal(self, kid: str, seed: bytes) -> str:
        """The stored form of signing key ``kid``'s private seed."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = AESGCM(self._require()).encrypt(nonce, seed, associated_data(kid))
        return SEALED_PREFIX + b64url.encode(nonce + sealed)

    def open(self, kid: str, stored: str) -> bytes:
        """The private seed of signing key ``kid`` from its stored form (503 when it cannot)."""
        raw = sealed_body(kid, stored, SEALED_PREFIX, self.where)
        try:
            return AESGCM(self._require()).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated_data(kid)
            )
        except InvalidTag:
            raise locked(
                "The key-encryption key does not open the QR-signing key",
                f"the key-encryption key from {self.where} does not open key {kid}: "
                f"give the one it was sealed with ({ENV} or the {FILE_NAME} file)",
            ) from None

    def _require(self) -> bytes:
        if self.key is None:
            raise locked(
                "No key-encryption key: the platform cannot sign QR codes",
                f"{self.where}; set {ENV} or restore the {FILE_NAME} file it was made with "
                "(docs/platform.md)",
            )
        return self.key


def ready(kek: Kek) -> bool:
    """Whether ``kek`` can seal and open now (a new signing key is made only when it can)."""
    try:
        kek.check()
    except Problem:
        return False
    return True


def is_sealed(stored: str) -> bool:
    """Whether a stored private key is sealed (older platforms stored the seed in clear)."""
    return stored.startswith((SEALED_PREFIX, TOKEN_PREFIX))


def path_in(data_dir: Path) -> Path:
    """Where the key file lives in a data folder."""
    return data_dir / FILE_NAME


def load(data_dir: Path) -> Kek:
    """The configured key-encryption key: the PKCS#11 token where ``KAZASU_SIGNING_KEK_PKCS11``
    is set, else the key in ``KAZASU_SIGNING_KEK``, else the data folder's file, else none.

    Malformed or conflicting settings are refused at once (ValueError naming the problem). A
    token that cannot be reached or logged in to is not: signing then fails with 503, saying why.
    """
    token = pkcs11_kek()
    if token is not None:
        if os.environ.get(ENV):
            raise ValueError(f"both {ENV} and {PKCS11_ENV} are set: keep the one the keys use")
        from linkage.kek_pkcs11 import TokenKek

        return TokenKek(token)
    return load_key(data_dir)


def load_key(data_dir: Path) -> KeyKek:
    """The key from ``KAZASU_SIGNING_KEK``, else from the data folder's file, else none."""
    env = os.environ.get(ENV)
    if env:
        return KeyKek(_parse(env.strip(), ENV), ENV)
    return load_file(path_in(data_dir), missing_ok=True)


def load_file(path: Path, missing_ok: bool = False) -> KeyKek:
    """The key in a key file (none when it does not exist and ``missing_ok``)."""
    if not path.exists():
        if missing_ok:
            missing = f"no key-encryption key: {ENV} is not set and {path} does not exist"
            return KeyKek(None, missing)
        raise ValueError(f"the key-encryption key file {path} does not exist")
    return KeyKek(_parse(path.read_text(encoding="ascii").strip(), str(path)), str(path))


def create(data_dir: Path) -> KeyKek:
    """Make a new random key in the data folder's file (owner-only from its creation)."""
    ensure_data_dir(data_dir)
    path = path_in(data_dir)
    key = secrets.token_bytes(KEY_BYTES)
    create_secret_file(path, (b64url.encode(key) + "\n").encode("ascii"))
    return KeyKek(key, str(path))


def _parse(text: str, where: str) -> bytes:
    try:
        key = b64url.decode(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise ValueError(f"the key-encryption key in {where} is not 32 bytes in base64url")
    return key


def reseal(conn: Connection, old: Kek, new: Kek) -> list[str]:
    """Seal every stored signing key (revoked ones too) under ``new``, opening it with ``old``;
    returns the ids of the keys re-sealed.

    A key ``new`` already opens is left as it is, so an interrupted run can simply be repeated;
    one neither opens fails the whole run (503) and, the caller's transaction rolled back,
    nothing changes. Keys still in clear are sealed too.
    """
    new.check()
    done = []
    for row in conn.execute(select(signing_keys.c.kid, signing_keys.c.private_key)).all():
        if not is_sealed(row.private_key):
            seed = b64url.decode(row.private_key)
        else:
            try:
                new.open(row.kid, row.private_key)
                continue
            except Problem:
                seed = old.open(row.kid, row.private_key)
        sealed = new.seal(row.kid, seed)
        conn.execute(
            update(signing_keys).where(signing_keys.c.kid == row.kid).values(private_key=sealed)
        )
        done.append(row.kid)
    return done


_bound: weakref.WeakKeyDictionary[Engine, Kek] = weakref.WeakKeyDictionary()


def bind(engine: Engine, kek: Kek) -> None:
    """Let every connection of ``engine`` seal and open signing keys with ``kek``."""
    _bound[engine] = kek


def for_engine(engine: Engine) -> Kek:
    """The key-encryption key bound to ``engine`` (one without a key when none is)."""
    unbound = KeyKek(None, "no key-encryption key is configured for this process")
    return _bound.get(engine) or unbound


def of(conn: Connection) -> Kek:
    """The key-encryption key bound to this connection's engine."""
    return for_engine(conn.engine)
