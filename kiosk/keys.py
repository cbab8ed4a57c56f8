"""The store's key: random 256 bits, held by the OS key store, with a passphrase-wrapped copy.

The key is never written in the clear. ``key.wrapped`` in the data folder holds it encrypted with
AES-256-GCM under a key derived by scrypt from the administrator passphrase; it is the recovery
copy, and the only copy where no OS key store exists (headless Linux, CI).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from kiosk.errors import NoPassphrase, StoreKeyError, WrongPassphrase

KEY_BYTES = 32
KEYRING_SERVICE = "kazasu-kiosk"
WRAP_FORMAT = "kazasu-wrapped-key-1"
# scrypt cost: about 0.1 s and 32 MiB here; slow enough to make guessing a passphrase expensive.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 8

PassphraseSource = Callable[[], str | None]


@dataclass(frozen=True)
class WrappedKey:
    """A store key encrypted under a passphrase-derived key."""

    install_id: str
    salt: bytes
    nonce: bytes
    ciphertext: bytes
    n: int = SCRYPT_N

    def to_json(self) -> str:
        """Serialise for ``key.wrapped``."""
        b64 = base64.b64encode
        return json.dumps(
            {
                "format": WRAP_FORMAT,
                "install_id": self.install_id,
                "kdf": {"name": "scrypt", "n": self.n, "r": SCRYPT_R, "p": SCRYPT_P},
                "salt": b64(self.salt).decode(),
                "nonce": b64(self.nonce).decode(),
                "ciphertext": b64(self.ciphertext).decode(),
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> WrappedKey:
        """Parse ``key.wrapped``; a damaged file is a StoreKeyError, not a crash."""
        try:
            body = json.loads(text)
            if body["format"] != WRAP_FORMAT:
                raise ValueError(body["format"])
            b64 = base64.b64decode
            return cls(
                install_id=str(body["install_id"]),
                salt=b64(body["salt"]),
                nonce=b64(body["nonce"]),
                ciphertext=b64(body["ciphertext"]),
                n=int(body["kdf"]["n"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreKeyError(
                "the wrapped key file is damaged or unknown ({exc})", exc=exc
            ) from exc


def _kek(passphrase: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode())


def wrap(key: bytes, passphrase: str, install_id: str) -> WrappedKey:
    """Encrypt ``key`` under ``passphrase``; the install id is bound in as associated data."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise StoreKeyError(
            "the passphrase must have at least {minimum} characters", minimum=MIN_PASSPHRASE
        )
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    ct = AESGCM(_kek(passphrase, salt, SCRYPT_N)).encrypt(nonce, key, install_id.encode())
    return WrappedKey(install_id, salt, nonce, ct)


def unwrap(wrapped: WrappedKey, passphrase: str) -> bytes:
    """Recover the key; a wrong passphrase raises WrongPassphrase."""
    kek = _kek(passphrase, wrapped.salt, wrapped.n)
    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, wrapped.install_id.encode())
    except InvalidTag:
        raise WrongPassphrase("the administrator passphrase is not correct") from None


def passphrase_from_env() -> str | None:
    """The passphrase given in ``KAZASU_PASSPHRASE``, if any."""
    return os.environ.get("KAZASU_PASSPHRASE") or None


def os_keystore_available() -> bool:
    """Whether a real OS key store (not keyring's 'fail' or plaintext backends) is present."""
    backend = keyring.get_keyring()
    return backend.priority > 0 and "fail" not in type(backend).__module__


class KeyManager:
    """Obtains, stores and replaces the key of one data folder's store."""

    def __init__(self, folder: Path, use_os_keystore: bool | None = None) -> None:
        self.folder = folder
        self.wrapped_path = folder / "key.wrapped"
        self.pending_path = folder / "key.wrapped.next"
        self.use_os_keystore = (
            os_keystore_available() if use_os_keystore is None else use_os_keystore
        )

    def install_id(self) -> str:
        """The installation id the wrapped key is bound to."""
        return self._read(self.wrapped_path).install_id

    def create(self, passphrase: str, install_id: str) -> bytes:
        """Make a new random key, write its wrapped copy and put it in the OS key store."""
        key = secrets.token_bytes(KEY_BYTES)
        _write_atomically(self.wrapped_path, wrap(key, passphrase, install_id).to_json())
        self._remember(install_id, key)
        return key

    def candidates(self, passphrase: PassphraseSource) -> list[tuple[bytes, bool]]:
        """Keys that may open the store, each with whether it is a pending re-key's.

        Two are possible only after a re-key was interrupted between changing the database and
        replacing the wrapped copy; the store tries each.
        """
        current = self._read(self.wrapped_path)
        remembered = self._recall(current.install_id)
        if remembered is not None and not self.pending_path.exists():
            return [(remembered, False)]
        secret = passphrase()
        if secret is None:
            raise NoPassphrase(
                "no OS key store holds the key: set KAZASU_PASSPHRASE or enter the "
                "administrator passphrase"
            )
        # After an interrupted re-key the two copies are wrapped under different passphrases;
        # whichever the administrator gave decides which key is tried.
        copies = [(self.pending_path, True)] if self.pending_path.exists() else []
        copies.append((self.wrapped_path, False))
        keys = []
        for path, is_pending in copies:
            try:
                keys.append((unwrap(self._read(path), secret), is_pending))
            except WrongPassphrase:
                continue
        if not keys:
            raise WrongPassphrase("the administrator passphrase is not correct")
        return keys

    def key_of(self, wrapped: WrappedKey, passphrase: PassphraseSource) -> bytes:
        """The key a wrapped copy holds (a backup's): from the OS key store when it remembers
        that installation, else unwrapped with the administrator passphrase."""
        remembered = self._recall(wrapped.install_id)
        if remembered is not None:
            return remembered
        secret = passphrase()
        if secret is None:
            raise NoPassphrase("set KAZASU_PASSPHRASE or enter the administrator passphrase")
        return unwrap(wrapped, secret)

    def install(self, wrapped: WrappedKey, key: bytes) -> None:
        """Make ``wrapped`` this folder's key file (a restored store's key)."""
        _write_atomically(self.wrapped_path, wrapped.to_json())
        self._remember(wrapped.install_id, key)

    def prepare_rekey(self, passphrase: str, install_id: str) -> bytes:
        """Make the next key and write its wrapped copy beside the current one."""
        key = secrets.token_bytes(KEY_BYTES)
        _write_atomically(self.pending_path, wrap(key, passphrase, install_id).to_json())
        return key

    def commit_rekey(self, install_id: str, key: bytes) -> None:
        """Make the pending wrapped copy the current one, once the database uses the new key."""
        os.replace(self.pending_path, self.wrapped_path)
        _fsync_dir(self.folder)
        self._remember(install_id, key)

    def settle(self, install_id: str, key: bytes, was_pending: bool) -> None:
        """After opening with ``key``, finish or discard an interrupted re-key."""
        if was_pending:
            self.commit_rekey(install_id, key)
        elif self.pending_path.exists():
            # The database never took the new key: the pending copy wraps a key nobody uses.
            self.pending_path.unlink()
            self._remember(install_id, key)

    def _read(self, path: Path) -> WrappedKey:
        try:
            return WrappedKey.from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StoreKeyError(
                "no key file in {folder}: is this a Kazasu data folder?", folder=self.folder
            ) from None

    def _remember(self, install_id: str, key: bytes) -> None:
        if not self.use_os_keystore:
            return
        try:
            keyring.set_password(KEYRING_SERVICE, install_id, key.hex())
        except keyring.errors.KeyringError:
            # The wrapped copy still opens the store; a failing key store only costs a prompt.
            self.use_os_keystore = False

    def _recall(self, install_id: str) -> bytes | None:
        if not self.use_os_keystore:
            return None
        try:
            stored = keyring.get_password(KEYRING_SERVICE, install_id)
        except keyring.errors.KeyringError:
            return None
        return bytes.fromhex(stored) if stored else None


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)
