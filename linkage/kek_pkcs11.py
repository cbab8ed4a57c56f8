"""The key-encryption key on a PKCS#11 token (an HSM, or SoftHSM2 for tests and trials).

The key is an AES-256 secret key generated on the token, sensitive and not extractable, used
for encryption and decryption only. Sealing and opening are done by the token with CKM_AES_GCM
(a 12-byte nonce from this process, the key id as associated data, a 128-bit tag): the stored
form is ``p11kek1:`` + base64url(nonce || ciphertext || tag), the layout of ``kek1:``.

Each seal or open logs in to a session of its own and closes it, one at a time in a process:
PKCS#11 login is the process's, not the session's, so sessions held open by several users
would collide, and no session outlives a token that went away. It costs a login (about 7 ms on
SoftHSM2) per signature, at the rate passes are issued. A PIN the token refused
is never tried again by the object that was given it: retrying it on every pass issued would
lock the token's user PIN within a few requests.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar, cast

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

from kazasu_protocol import b64url
from linkage.config import Pkcs11Kek
from linkage.kek import NONCE_BYTES, TOKEN_PREFIX, associated_data, locked, sealed_body
from linkage.problems import Problem

T = TypeVar("T")
KEY_BITS = 256
TAG_BITS = 128
# PKCS#11 login is the process's: one logged-in session at a time.
_LOCK = threading.Lock()
# Refusals of the PIN itself: trying again cannot succeed and spends the token's tries.
_PIN_REFUSED = (PinIncorrect, PinInvalid, PinLenRange, PinLocked, PinExpired, UserPinNotInitialized)
# Losses of the session or the token (not a failed tag check).
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
        self._refused: Problem | None = None

    def check(self) -> None:
        """Log in to the token and find the key, or raise the 503 that says why not."""
        self._with_key(lambda key: None)

    def seal(self, kid: str, seed: bytes) -> str:
        """The stored form of signing key ``kid``'s private seed, sealed by the token."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        params = GCMParams(nonce, associated_data(kid), TAG_BITS)
        try:
            sealed = self._with_key(
                lambda key: key.encrypt(seed, mechanism=Mechanism.AES_GCM, mechanism_param=params)
            )
        except PKCS11Error as exc:
            raise _unusable(self.where, exc) from None
        # Given bytes, the token answers bytes (an iterable in gives an iterable out).
        return TOKEN_PREFIX + b64url.encode(nonce + cast(bytes, sealed))

    def open(self, kid: str, stored: str) -> bytes:
        """The private seed of signing key ``kid``, opened by the token (503 when it cannot)."""
        raw = sealed_body(kid, stored, TOKEN_PREFIX, self.where)
        params = GCMParams(raw[:NONCE_BYTES], associated_data(kid), TAG_BITS)
        try:
            opened = self._with_key(
                lambda key: key.decrypt(
                    raw[NONCE_BYTES:], mechanism=Mechanism.AES_GCM, mechanism_param=params
                )
            )
        except _LOST as exc:
            raise _unusable(self.where, exc) from None
        except PKCS11Error:
            # Tokens report a failed tag check variously (SoftHSM2: CKR_GENERAL_ERROR).
            raise locked(
                "The key-encryption key does not open the QR-signing key",
                f"{self.where} does not open key {kid}: configure the token key it was sealed with",
            ) from None
        return cast(bytes, opened)

    def _with_key(self, use: Callable[[_AesKey], T]) -> T:
        """``use`` the key in a session logged in for it alone (PKCS11Error from ``use``
        passes through; failing to log in or to find the key raises the 503 saying why)."""
        with _LOCK:
            if self._refused is not None:
                raise self._refused
            try:
                session = _token(self.config).open(user_pin=self.config.pin)
            except _PIN_REFUSED as exc:
                self._refused = locked(
                    "The PKCS#11 token refused the PIN: the platform cannot sign QR codes",
                    f"{self.where} answered {type(exc).__name__}; fix {self.config.source}_PIN "
                    "(or _PIN_FILE) and restart. The PIN is not tried again, so as not to "
                    "lock the token",
                )
                raise self._refused from None
            except PKCS11Error as exc:
                raise _unusable(self.where, exc) from None
            with session:
                return use(self._find(session))

    def _find(self, session: pkcs11.Session) -> _AesKey:
        label = self.config.key_label
        try:
            key = session.get_key(ObjectClass.SECRET_KEY, KeyType.AES, label=label)
        except NoSuchKey:
            raise locked(
                "The PKCS#11 token holds no key-encryption key",
                f"{self.where}: there is no AES key labelled {label!r} on it; make it with "
                "`kazasu-platform kek-init-pkcs11`",
            ) from None
        except MultipleObjectsReturned:
            raise locked(
                "The PKCS#11 token holds several keys of that label",
                f"{self.where}: label {label!r} names more than one AES key",
            ) from None
        if not (isinstance(key, EncryptMixin) and isinstance(key, DecryptMixin)):
            raise locked(
                "The PKCS#11 token's key cannot seal",
                f"{self.where}: the key labelled {label!r} may not encrypt and decrypt",
            )
        return key


def _token(config: Pkcs11Kek) -> pkcs11.Token:
    """The token (a module that does not load, or no such token: PKCS11Error)."""
    return pkcs11.lib(config.module).get_token(token_label=config.token_label)


def _unusable(where: str, exc: PKCS11Error) -> Problem:
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
    with _LOCK:
        try:
            session = _token(config).open(rw=True, user_pin=config.pin)
        except PKCS11Error as exc:
            raise _unusable(where, exc) from None
        return _create_in(session, config, where)


def _create_in(session: pkcs11.Session, config: Pkcs11Kek, where: str) -> bool:
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
