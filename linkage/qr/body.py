"""The KZ1 body: fixed header, key id, issuer, subject and the claims of a pass or declaration.

``parse_body`` holds every rule of the body tables; the signer runs its own output through it,
so the platform can never sign a code that a kiosk would call malformed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

VERSION = 1
_KID = re.compile(r"[A-Za-z0-9._-]{1,32}")


class CodeType(IntEnum):
    """The type byte."""

    PASS = 1
    DECLARATION = 2


class Reason(StrEnum):
    """Why a code is refused, as docs/protocol/signed-qr.md names the reasons."""

    NOT_SIGNED_CODE = "not_signed_code"
    UNSUPPORTED_VERSION = "unsupported_version"
    MALFORMED = "malformed"
    TRUNCATED = "truncated"
    UNKNOWN_TYPE = "unknown_type"
    UNKNOWN_KEY = "unknown_key"
    KEY_REVOKED = "key_revoked"
    BAD_SIGNATURE = "bad_signature"
    WRONG_ISSUER = "wrong_issuer"
    KEY_NOT_VALID = "key_not_valid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    WRONG_TYPE = "wrong_type"


class CodeRefused(ValueError):
    """A code that is not accepted, with the reason."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(f"{reason.value}: {message}")
        self.reason = reason


@dataclass(frozen=True)
class PassClaims:
    """A pre-registration pass: the person's household and, optionally, their shelter."""

    household_id: str
    shelter_id: str | None = None


@dataclass(frozen=True)
class DeclarationClaims:
    """An early-voting declaration: the election, the intended voting day, the reason (1-6)."""

    election_id: str
    vote_date: date
    reason: int


Claims = PassClaims | DeclarationClaims


@dataclass(frozen=True)
class Body:
    """Everything a code says, before the signature."""

    kid: str
    issuer: str
    subject: str
    issued_at: int
    expires_at: int
    claims: Claims

    @property
    def type(self) -> CodeType:
        """Pass or declaration, from the claims."""
        return CodeType.PASS if isinstance(self.claims, PassClaims) else CodeType.DECLARATION


def _str8(value: str) -> bytes:
    raw = value.encode("utf-8")
    if len(raw) > 255:
        raise CodeRefused(Reason.MALFORMED, "a text field longer than 255 bytes")
    return bytes([len(raw)]) + raw


def encode_body(body: Body) -> bytes:
    """The body bytes in the table's order (checked by ``parse_body``)."""
    out = bytearray([VERSION, body.type])
    for value in (body.issued_at, body.expires_at):
        if not 0 <= value < 2**32:
            raise CodeRefused(Reason.MALFORMED, "a time outside 32 bits")
        out += value.to_bytes(4, "big")
    for text in (body.kid, body.issuer, body.subject):
        out += _str8(text)
    claims = body.claims
    if isinstance(claims, PassClaims):
        out += _str8(claims.household_id) + _str8(claims.shelter_id or "")
    else:
        if not 0 <= claims.reason <= 255:
            raise CodeRefused(Reason.MALFORMED, "reason is not a byte")
        out += _str8(claims.election_id)
        out += claims.vote_date.year.to_bytes(2, "big")
        out += bytes([claims.vote_date.month, claims.vote_date.day, claims.reason])
    return bytes(out)


class _Reader:
    """Takes bytes from the front; running out is ``truncated``."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise CodeRefused(Reason.TRUNCATED, "the body ends early")
        chunk = self.data[self.at : self.at + n]
        self.at += n
        return chunk

    def uint(self, n: int) -> int:
        return int.from_bytes(self.take(n), "big")

    def str8(self, name: str, minimum: int = 1) -> str:
        raw = self.take(self.uint(1))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CodeRefused(Reason.MALFORMED, f"{name} is not UTF-8") from None
        if len(raw) < minimum:
            raise CodeRefused(Reason.MALFORMED, f"{name} is empty")
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
            raise CodeRefused(Reason.MALFORMED, f"{name} has a control character")
        return text


def parse_body(data: bytes) -> Body:
    """Read a body to its end, applying every rule of the tables."""
    r = _Reader(data)
    if r.uint(1) != VERSION:
        raise CodeRefused(Reason.MALFORMED, "the body's version is not the prefix's")
    kind = r.uint(1)
    if kind not in (CodeType.PASS, CodeType.DECLARATION):
        raise CodeRefused(Reason.UNKNOWN_TYPE, f"type byte {kind}")
    issued_at, expires_at = r.uint(4), r.uint(4)
    if expires_at <= issued_at:
        raise CodeRefused(Reason.MALFORMED, "expires_at is not after issued_at")
    kid = r.str8("kid")
    if not _KID.fullmatch(kid):
        raise CodeRefused(Reason.MALFORMED, "kid has characters outside A-Z a-z 0-9 . _ -")
    issuer, subject = r.str8("issuer"), r.str8("subject")
    claims: Claims
    if kind == CodeType.PASS:
        household = r.str8("household_id")
        shelter = r.str8("shelter_id", minimum=0)
        claims = PassClaims(household, shelter or None)
    else:
        claims = _declaration(r)
    if r.at != len(data):
        raise CodeRefused(Reason.MALFORMED, "bytes left after the claims")
    return Body(kid, issuer, subject, issued_at, expires_at, claims)


def _declaration(r: _Reader) -> DeclarationClaims:
    election = r.str8("election_id")
    year, month, day, reason = r.uint(2), r.uint(1), r.uint(1), r.uint(1)
    if not 2000 <= year <= 2099:
        raise CodeRefused(Reason.MALFORMED, "vote_date year outside 2000-2099")
    try:
        vote_date = date(year, month, day)
    except ValueError:
        raise CodeRefused(Reason.MALFORMED, "vote_date does not exist") from None
    if not 1 <= reason <= 6:
        raise CodeRefused(Reason.MALFORMED, "reason outside 1-6")
    return DeclarationClaims(election, vote_date, reason)
