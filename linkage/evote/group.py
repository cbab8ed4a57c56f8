"""The ristretto255 group through the system's libsodium (``pysodium``): elements, scalars and
the domain-separated hash onto scalars that every Fiat–Shamir challenge uses.

Scalars are Python integers reduced modulo the group order; elements keep their canonical
32-byte encoding. The identity is handled here because libsodium refuses it as an input or a
result of a scalar multiplication, yet a tally of zero votes decrypts to it.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import pysodium

from linkage.evote.errors import EvoteError

ORDER = 2**252 + 27742317777372353535851937790883648493
"""The prime order ℓ of ristretto255."""

PROTOCOL = "kazasu-evote/1"
_IDENTITY_BYTES = bytes(32)


@dataclass(frozen=True, slots=True)
class Element:
    """A ristretto255 group element by its canonical encoding."""

    encoded: bytes

    def __add__(self, other: Element) -> Element:
        if self.encoded == _IDENTITY_BYTES:
            return other
        if other.encoded == _IDENTITY_BYTES:
            return self
        return Element(pysodium.crypto_core_ristretto255_add(self.encoded, other.encoded))

    def __sub__(self, other: Element) -> Element:
        if other.encoded == _IDENTITY_BYTES:
            return self
        return Element(pysodium.crypto_core_ristretto255_sub(self.encoded, other.encoded))

    def __mul__(self, scalar: int) -> Element:
        s = scalar % ORDER
        if s == 0 or self.encoded == _IDENTITY_BYTES:
            return IDENTITY
        return Element(pysodium.crypto_scalarmult_ristretto255(scalar_bytes(s), self.encoded))

    def is_identity(self) -> bool:
        """Whether this is the group's neutral element."""
        return self.encoded == _IDENTITY_BYTES

    def hex(self) -> str:
        """The encoding as lowercase hex, as every document carries it."""
        return self.encoded.hex()


IDENTITY = Element(_IDENTITY_BYTES)
GENERATOR = Element(pysodium.crypto_scalarmult_ristretto255_base((1).to_bytes(32, "little")))


def base_mul(scalar: int) -> Element:
    """``scalar`` times the generator (libsodium's faster fixed-base multiplication)."""
    s = scalar % ORDER
    if s == 0:
        return IDENTITY
    return Element(pysodium.crypto_scalarmult_ristretto255_base(scalar_bytes(s)))


@functools.lru_cache(maxsize=256)
def small_mul(value: int) -> Element:
    """``value·G`` for a small plaintext (a vote, a branch of a range proof), remembered: every
    selection's proof needs ``0·G`` and ``1·G``."""
    return base_mul(value)


def scalar_bytes(scalar: int) -> bytes:
    """The 32-byte little-endian encoding of a reduced scalar."""
    return (scalar % ORDER).to_bytes(32, "little")


def random_scalar() -> int:
    """A uniformly random non-zero scalar from the operating system's generator."""
    return secrets.randbelow(ORDER - 1) + 1


def element_from_hex(text: object, where: str, *, allow_identity: bool = False) -> Element:
    """Parse a canonical element encoding; refuse anything else naming ``where``."""
    raw = _hex32(text, where, "group element")
    if raw == _IDENTITY_BYTES:
        if allow_identity:
            return IDENTITY
        raise EvoteError(where, "the identity element is not allowed here")
    if not pysodium.crypto_core_ristretto255_is_valid_point(raw):
        raise EvoteError(where, "not a canonical ristretto255 element")
    return Element(raw)


def scalar_from_hex(text: object, where: str) -> int:
    """Parse a canonical (fully reduced) scalar encoding; refuse anything else naming ``where``."""
    value = int.from_bytes(_hex32(text, where, "scalar"), "little")
    if value >= ORDER:
        raise EvoteError(where, "scalar is not reduced modulo the group order")
    return value


def scalar_hex(scalar: int) -> str:
    """A scalar as the lowercase hex of its 32-byte little-endian encoding."""
    return scalar_bytes(scalar).hex()


def _hex32(text: object, where: str, what: str) -> bytes:
    if not isinstance(text, str) or len(text) != 64:
        raise EvoteError(where, f"a {what} must be 64 lowercase hex characters")
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raise EvoteError(where, f"a {what} must be 64 lowercase hex characters") from None
    if raw.hex() != text:
        raise EvoteError(where, f"a {what} must be 64 lowercase hex characters")
    return raw


HashPart = Element | int | str | bytes


def encode_part(part: HashPart) -> bytes:
    """One hash input, length-prefixed: elements by encoding, scalars and integers as 32 bytes
    little-endian, text as UTF-8, bytes as they are."""
    if isinstance(part, Element):
        raw = part.encoded
    elif isinstance(part, bool):
        raise TypeError("booleans are not hash inputs")
    elif isinstance(part, int):
        raw = scalar_bytes(part)
    elif isinstance(part, str):
        raw = part.encode("utf-8")
    else:
        raw = part
    return len(raw).to_bytes(4, "big") + raw


def hash_bytes(tag: str, parts: Iterable[HashPart]) -> bytes:
    """SHA-512 over the protocol name, ``tag`` and ``parts``, each length-prefixed."""
    digest = hashlib.sha512()
    digest.update(encode_part(PROTOCOL))
    digest.update(encode_part(tag))
    for part in parts:
        digest.update(encode_part(part))
    return digest.digest()


def hash_to_scalar(tag: str, *parts: HashPart) -> int:
    """The domain-separated hash onto scalars: SHA-512 reduced modulo ℓ (a wide reduction, so
    the result is uniform)."""
    return int.from_bytes(hash_bytes(tag, parts), "little") % ORDER
