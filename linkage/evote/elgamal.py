"""Exponential ElGamal on ristretto255: a vote ``m`` under the election key ``K`` with nonce
``r`` is ``(α, β) = (r·G, m·G + r·K)``; ciphertexts add to the encryption of the sum."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from linkage.evote.errors import EvoteError
from linkage.evote.group import (
    GENERATOR,
    IDENTITY,
    Element,
    base_mul,
    element_from_hex,
    small_mul,
)


@dataclass(frozen=True, slots=True)
class Ciphertext:
    """An exponential ElGamal ciphertext ``(α, β)``."""

    alpha: Element
    beta: Element

    def __add__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(self.alpha + other.alpha, self.beta + other.beta)

    def to_json(self) -> dict[str, str]:
        """The ciphertext as it appears in ballots and records."""
        return {"alpha": self.alpha.hex(), "beta": self.beta.hex()}


ZERO = Ciphertext(IDENTITY, IDENTITY)
"""The encryption of 0 with nonce 0: the neutral element of homomorphic addition."""


def encrypt(public_key: Element, value: int, nonce: int) -> Ciphertext:
    """Encrypt the small non-negative ``value`` under ``public_key`` with ``nonce``."""
    return Ciphertext(base_mul(nonce), small_mul(value) + public_key * nonce)


def add_all(ciphertexts: Iterable[Ciphertext]) -> Ciphertext:
    """The homomorphic sum of ``ciphertexts`` (encrypts the sum of their values)."""
    total = ZERO
    for ciphertext in ciphertexts:
        total = total + ciphertext
    return total


def ciphertext_from_json(value: object, where: str, *, allow_identity: bool = False) -> Ciphertext:
    """Parse ``{"alpha": hex, "beta": hex}``; a ballot's α is never the identity."""
    if not isinstance(value, dict):
        raise EvoteError(where, "a ciphertext must be an object with alpha and beta")
    return Ciphertext(
        element_from_hex(
            _field(value, "alpha", where), f"{where}.alpha", allow_identity=allow_identity
        ),
        element_from_hex(_field(value, "beta", where), f"{where}.beta", allow_identity=True),
    )


def _field(value: dict[str, Any], key: str, where: str) -> object:
    if key not in value:
        raise EvoteError(where, f"{key} is missing")
    return value[key]


class DiscreteLogTable:
    """Recovers ``m`` from ``m·G`` for ``0 ≤ m ≤ bound`` by a table grown on demand: a count
    is at most the number of ballots, so the table never needs more entries than that."""

    def __init__(self) -> None:
        self._points: dict[bytes, int] = {IDENTITY.encoded: 0}
        self._last = IDENTITY
        self._size = 1

    def lookup(self, point: Element, bound: int) -> int:
        """The ``m`` with ``m·G == point`` and ``m ≤ bound``, or an error if there is none."""
        found = self._points.get(point.encoded)
        while found is None and self._size <= bound:
            self._last = self._last + GENERATOR
            self._points[self._last.encoded] = self._size
            if self._last == point:
                found = self._size
            self._size += 1
        if found is None or found > bound:
            raise EvoteError("", f"the decrypted value is not a count between 0 and {bound}")
        return found


def decrypt_with_share(
    ciphertext: Ciphertext, combined_share: Element, table: DiscreteLogTable, bound: int
) -> int:
    """The value of ``ciphertext`` given ``M = s·α`` for the election secret ``s``."""
    return table.lookup(ciphertext.beta - combined_share, bound)
