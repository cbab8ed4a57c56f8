"""The key-encryption key on a PKCS#11 token (an HSM, or SoftHSM2 for tests and trials).

The key is an AES-256 secret key generated on the token, sensitive and not extractable, used
for encryption and decryption only. Sealing and opening are done by the token with CKM_AES_GCM
(a 12-byte nonce from this process, the key id as associated data, a 128-bit tag): the stored
form is ``p11kek1:`` + base64url(nonce || ciphertext || tag), the layout of ``kek1:``.

One logged-in session is kept per process and used under a lock (a PKCS#11 session serves one
operation at a time). A session lost with the token is opened again on the next use. A PIN the
token refused is never tried again by this process: retrying it on every pass issued would
lock the token's user PIN within a few requests.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Iterator
from typing import Any, Protocol, cast

import pkcs11
from pkcs11 import Attribute, KeyType, Mechanism, MechanismFlag, ObjectClass
from pkcs11.exceptions import (
    DeviceRemoved,
    MultipleObjectsReturned,
    NoSuchKey,
    PinExpired,
    PinIncorrect,
    PinInvalid,
    PinLenRange,
    PinLocked,
    PKCS11Error,
    SessionClosed,
    SessionHandleInvalid,
    TokenNotPresent,
    TokenNotRecognised,
    UserNotLoggedIn,
    UserPinNotInitialized,
)
from pkcs11.mechanisms import GCMParams
from pkcs11.types import DecryptMixin, EncryptMixin

from linkage.config import Pkcs11Kek
from linkage.kek import NONCE_BYTES, TOKEN_PREFIX, associated_data, b64url, locked, sealed_body
from linkage.problems import Problem

KEY_BITS = 256
TAG_BITS = 128
# Refusals of the PIN itself: trying again cannot succeed and spends the token's tries.
_PIN_REFUSED = (PinIncorrect, PinInvalid, PinLenRange, PinLocked, PinExpired, UserPinNotInitialized)
# Losses of the session or the token: the next use opens a new session.
_LOST = (
    DeviceRemoved,
    SessionClosed,
    SessionHandleInvalid,
    TokenNotPresent,
    TokenNotRecognised,
    UserNotLoggedIn,
)


class _AesKey(Protocol):
    """A key object that may encrypt and decrypt (what ``_find`` returns)."""

    def encrypt(self, data: bytes, **kwargs: Any) -> bytes | Iterator[bytes]: ...

    def decrypt(self, data: bytes, **kwargs: Any) -> bytes | Iterator[bytes]: ...


class TokenKek:
    """The key-encryption key ``config`` names, used on its token."""

    def __init__(self, config: Pkcs11Kek) -> None:
        self.config = config
        self.where = (
            f"the PKCS#11 token {config.token_label!r} (key {config.key_label!r}, "
            f"module {config.module}, from {config.source})"
        )
        self._lock = threading.Lock()
        self._session: pkcs11.Session | None = None
        self._key: _AesKey | None = None
        self._refused: Problem | None = None

    def check(self) -> None:
        """Log in to the token and find the key, or raise the 503 that says why not."""
        with self._lock:
            self._find()

    def seal(self, kid: str, seed: bytes) -> str:
        """The stored form of signing key ``kid``'s private seed, sealed by the token."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        params = GCMParams(nonce, associated_data(kid), TAG_BITS)
        with self._lock:
            key = self._find()
            try:
                sealed = key.encrypt(seed, mechanism=Mechanism.AES_GCM, mechanism_param=params)
            except PKCS11Error as exc:
                raise self._failed(exc, f"could not seal key {kid}") from None
        # Given bytes, the token answers bytes (an iterable in gives an iterable out).
        return TOKEN_PREFIX + b64url(nonce + cast(bytes, sealed))

    def open(self, kid: str, stored: str) -> bytes:
        """The private seed of signing key ``kid``, opened by the token (503 when it cannot)."""
        raw = sealed_body(kid, stored, TOKEN_PREFIX, self.where)
        params = GCMParams(raw[:NONCE_BYTES], associated_data(kid), TAG_BITS)
        with self._lock:
            key = self._find()
            try:
                opened = key.decrypt(
                    raw[NONCE_BYTES:], mechanism=Mechanism.AES_GCM, mechanism_param=params
                )
            except _LOST as exc:
                raise self._failed(exc, f"could not open key {kid}") from None
            except PKCS11Error:
                # Tokens report a failed tag check variously (SoftHSM2: CKR_GENERAL_ERROR).
                raise locked(
                    "The key-encryption key does not open the QR-signing key",
                    f"{self.where} does not open key {kid}: configure the token key it was "
                    "sealed with",
                ) from None
        return cast(bytes, opened)

    def _find(self) -> _AesKey:
        """The key on a logged-in session, opened now if need be (the lock is held)."""
        if self._refused is not None:
            raise self._refused
        if self._key is not None:
            return self._key
        try:
            session = _token(self.config).open(user_pin=self.config.pin)
        except _PIN_REFUSED as exc:
            self._refused = locked(
                "The PKCS#11 token refused the PIN: the platform cannot sign QR codes",
                f"{self.where} answered {type(exc).__name__}; fix {self.config.source}_PIN "
                f"(or _PIN_FILE) and restart. The PIN is not tried again, so as not to lock "
                "the token",
            )
            raise self._refused from None
        except PKCS11Error as exc:
            raise _unreachable(self.where, exc) from None
        try:
            key = session.get_key(ObjectClass.SECRET_KEY, KeyType.AES, label=self.config.key_label)
        except NoSuchKey:
            session.close()
            raise locked(
                "The PKCS#11 token holds no key-encryption key",
                f"{self.where}: there is no AES key labelled {self.config.key_label!r} on it; "
                "make it with `kazasu-platform kek-init-pkcs11`",
            ) from None
        except MultipleObjectsReturned:
            session.close()
            raise locked(
                "The PKCS#11 token holds several keys of that label",
                f"{self.where}: label {self.config.key_label!r} names more than one AES key",
            ) from None
        if not (isinstance(key, EncryptMixin) and isinstance(key, DecryptMixin)):
            session.close()
            raise locked(
                "The PKCS#11 token's key cannot seal",
                f"{self.where}: the key labelled {self.config.key_label!r} may not encrypt and "
                "decrypt",
            )
        self._session, self._key = session, key
        return key

    def _failed(self, exc: PKCS11Error, what: str) -> Problem:
        """Forget a session that failed (the next use opens one) and say what happened."""
        if self._session is not None:
            with contextlib.suppress(PKCS11Error):  # it may be gone with the token
                self._session.close()
        self._session = self._key = None
        return locked(
            "The PKCS#11 token failed: the platform cannot sign QR codes",
            f"{self.where}: {what}: {type(exc).__name__} {exc}".rstrip(),
        )


def _token(config: Pkcs11Kek) -> pkcs11.Token:
    """The token (a module that does not load, or no such token: PKCS11Error)."""
    return pkcs11.lib(config.module).get_token(token_label=config.token_label)


def _unreachable(where: str, exc: PKCS11Error) -> Problem:
    return locked(
        "The PKCS#11 token cannot be used: the platform cannot sign QR codes",
        f"{where}: {type(exc).__name__} {exc}".rstrip(),
    )


def create_key(config: Pkcs11Kek) -> bool:
    """Generate the key-encryption key on the token unless it holds one; whether it was made.

    The key is made on the token as a token object: AES-256, sensitive, not extractable,
    allowed to encrypt and decrypt only. A key of that label which could leave the token is
    refused (503): it would not be the protection this option promises.
    """
    where = TokenKek(config).where
    try:
        session = _token(config).open(rw=True, user_pin=config.pin)
    except PKCS11Error as exc:
        raise _unreachable(where, exc) from None
    with session:
        try:
            found = session.get_key(ObjectClass.SECRET_KEY, KeyType.AES, label=config.key_label)
        except NoSuchKey:
            session.generate_key(
                KeyType.AES,
                KEY_BITS,
                label=config.key_label,
                store=True,
                capabilities=MechanismFlag.ENCRYPT | MechanismFlag.DECRYPT,
                template={
                    Attribute.TOKEN: True,
                    Attribute.PRIVATE: True,
                    Attribute.SENSITIVE: True,
                    Attribute.EXTRACTABLE: False,
                },
            )
            return True
        if not found[Attribute.SENSITIVE] or found[Attribute.EXTRACTABLE]:
            raise locked(
                "The token's key-encryption key could leave the token",
                f"{where}: the key labelled {config.key_label!r} is extractable or not "
                "sensitive; give another label to make a proper one",
            )
        return False
