"""KZ1 signed codes (docs/protocol/signed-qr.md): the body, its signature and its checks.

``KZ1:`` + Base45(body || Ed25519 signature over ("KAZASU-QR" 0x00 || body)). ``parse_body``
holds every rule of the body tables; the signer runs its own output through it, so a signer can
never make a code that a verifier would call malformed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kazasu_protocol import base45

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
    """A code that is not accepted, with the reason.

    ``body`` is the code's body when the refusal came after it was read (key, signature,
    issuer, dates, type), so a verifier can word its own message with the key id or dates.
    """

    def __init__(self, reason: Reason, message: str, body: Body | None = None) -> None:
        super().__init__(f"{reason.value}: {message}")
        self.reason = reason
        self.body = body


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


PREFIX = f"KZ{VERSION}:"
# Signed under this context so that a code's signature is valid for nothing else.
CONTEXT = b"KAZASU-QR\x00"
SIGNATURE_SIZE = 64
LEEWAY_S = 300
_PREFIX = re.compile(r"KZ(\d+):")


def sign(seed: bytes, body: Body) -> str:
    """The code text for ``body`` signed with the Ed25519 private key ``seed`` (32 bytes)."""
    data = encode_body(body)
    if parse_body(data) != body:
        raise CodeRefused(Reason.MALFORMED, "the body does not survive a round trip")
    signature = Ed25519PrivateKey.from_private_bytes(seed).sign(CONTEXT + data)
    return PREFIX + base45.encode(data + signature)


@dataclass(frozen=True)
class TrustedKey:
    """A verifier's key: the issuer it speaks for and its issuing window (Unix seconds).

    A retired key stays trusted until the last code it signed expires, which is how keys
    rotate without invalidating codes already handed out.
    """

    kid: str
    issuer: str
    public_key: bytes
    not_before: int
    not_after: int | None = None
    # Revoked by the platform: every code it signed is refused, whatever its dates.
    revoked: bool = False


def split(text: str) -> tuple[Body, bytes, bytes]:
    """The body of ``text`` read by every structural rule, its bytes and the signature.

    Nothing is checked against a key: that is ``verify``'s part.
    """
    prefix = _PREFIX.match(text)
    if prefix is None:
        raise CodeRefused(Reason.NOT_SIGNED_CODE, "no KZ<n>: prefix")
    if int(prefix.group(1)) != VERSION:
        raise CodeRefused(Reason.UNSUPPORTED_VERSION, f"format version {prefix.group(1)}")
    try:
        data = base45.decode(text[prefix.end() :])
    except base45.Base45Error as exc:
        reason = Reason.TRUNCATED if exc.truncated else Reason.MALFORMED
        raise CodeRefused(reason, str(exc)) from None
    if len(data) < SIGNATURE_SIZE:
        raise CodeRefused(Reason.TRUNCATED, "shorter than a signature")
    signed, signature = data[:-SIGNATURE_SIZE], data[-SIGNATURE_SIZE:]
    return parse_body(signed), signed, signature


def verify(
    text: str,
    keys: Mapping[str, TrustedKey],
    now: int,
    expected: CodeType | None = None,
    *,
    revoked: Collection[str] = (),
) -> Body:
    """The body of a code that passes every check, in the document's order; else ``CodeRefused``.

    ``revoked`` names key ids refused even when ``keys`` does not hold them; ``LEEWAY_S`` is
    the clock difference allowed either way at ``now`` (Unix seconds).
    """
    body, signed, signature = split(text)
    key = keys.get(body.kid)
    if body.kid in revoked or (key is not None and key.revoked):
        raise CodeRefused(Reason.KEY_REVOKED, f"key {body.kid} was revoked", body)
    if key is None:
        raise CodeRefused(Reason.UNKNOWN_KEY, f"key {body.kid} is not in the key set", body)
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(signature, CONTEXT + signed)
    except InvalidSignature:
        raise CodeRefused(Reason.BAD_SIGNATURE, "the signature does not verify", body) from None
    _check_claims(body, key, now, expected)
    return body


def _check_claims(body: Body, key: TrustedKey, now: int, expected: CodeType | None) -> None:
    if body.issuer != key.issuer:
        raise CodeRefused(Reason.WRONG_ISSUER, "the code names another issuer than its key", body)
    if body.issued_at < key.not_before or (
        key.not_after is not None and body.issued_at > key.not_after
    ):
        raise CodeRefused(Reason.KEY_NOT_VALID, "issued outside its key's window", body)
    if now + LEEWAY_S < body.issued_at:
        raise CodeRefused(Reason.NOT_YET_VALID, "issued in the future", body)
    if now - LEEWAY_S >= body.expires_at:
        raise CodeRefused(Reason.EXPIRED, "expired", body)
    if expected is not None and body.type != expected:
        raise CodeRefused(Reason.WRONG_TYPE, f"a {body.type.name.lower()} code", body)
