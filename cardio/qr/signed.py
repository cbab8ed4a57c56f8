"""Signed QR codes issued by the platform: pre-registration passes and early-voting declarations.

The format is specified byte for byte in ``docs/protocol/signed-qr.md``; the platform implements
its own signer from that document and is tested against the same vectors. In short::

    "KZ1:" + Base45( body || Ed25519 signature over ("KAZASU-QR" 0x00 || body) )

The kiosk verifies codes offline against a :class:`KeySet`. Each way a code can be wrong raises its
own :class:`SignedCodeError` subclass with a :class:`Reason`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cardio.qr.base45 import Base45Error, b45decode, b45encode

VERSION = 1
PREFIX = f"KZ{VERSION}:"
SIGNING_CONTEXT = b"KAZASU-QR\x00"
SIGNATURE_LEN = 64
MAX_U32 = 0xFFFFFFFF
DEFAULT_LEEWAY_S = 300

_PREFIX_RE = re.compile(r"KZ([0-9]{1,3}):")
_KID_RE = re.compile(r"[A-Za-z0-9._-]{1,32}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class CodeType(IntEnum):
    """What a signed code is for; the value is the type byte."""

    PASS = 1  # pre-registration pass (shelter check-in)
    DECLARATION = 2  # early-voting declaration made online


class Reason(StrEnum):
    """Why a code was refused; stable strings, used in the test vectors and in audit records."""

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


class SignedCodeError(Exception):
    """A code that must not be accepted. ``reason`` says why; the message says what to do."""

    reason: Reason


class NotASignedCode(SignedCodeError):
    """The text does not start with a Kazasu prefix (it may be another kind of QR code)."""

    reason = Reason.NOT_SIGNED_CODE


class UnsupportedVersion(SignedCodeError):
    """A Kazasu code of a format version this kiosk does not know."""

    reason = Reason.UNSUPPORTED_VERSION


class MalformedCode(SignedCodeError):
    """Not valid Base45, or a field breaks the format's rules."""

    reason = Reason.MALFORMED


class TruncatedCode(SignedCodeError):
    """The data ends before the format says it should."""

    reason = Reason.TRUNCATED


class UnknownCodeType(SignedCodeError):
    """The type byte names no known kind of code."""

    reason = Reason.UNKNOWN_TYPE


class UnknownKey(SignedCodeError):
    """Signed with a key id the kiosk does not hold."""

    reason = Reason.UNKNOWN_KEY


class KeyRevoked(SignedCodeError):
    """The platform revoked the key that signed the code: refused whatever its dates."""

    reason = Reason.KEY_REVOKED


class ForgedCode(SignedCodeError):
    """The signature does not verify: the code was altered or not made by the platform."""

    reason = Reason.BAD_SIGNATURE


class WrongIssuer(SignedCodeError):
    """The code names an issuer other than the one its key belongs to."""

    reason = Reason.WRONG_ISSUER


class KeyNotValid(SignedCodeError):
    """The code's issue time lies outside its key's validity period."""

    reason = Reason.KEY_NOT_VALID


class CodeNotYetValid(SignedCodeError):
    """The code's issue time is in the future (beyond the clock leeway)."""

    reason = Reason.NOT_YET_VALID


class CodeExpired(SignedCodeError):
    """The code's expiry has passed (beyond the clock leeway)."""

    reason = Reason.EXPIRED


class WrongCodeType(SignedCodeError):
    """A genuine code of another kind than the screen asked for."""

    reason = Reason.WRONG_TYPE


@dataclass(frozen=True, slots=True)
class PassClaims:
    """A pre-registration pass: the household, and the shelter it was registered for if any."""

    household_id: str
    shelter_id: str | None = None


@dataclass(frozen=True, slots=True)
class DeclarationClaims:
    """An early-voting declaration: election, the day of the early vote, the statutory reason."""

    election_id: str
    vote_date: dt.date
    reason: int  # 1-6, Public Offices Election Act art. 48-2 (1)


Claims = PassClaims | DeclarationClaims


@dataclass(frozen=True, slots=True)
class SignedCode:
    """A verified code's content. Times are Unix seconds."""

    type: CodeType
    kid: str
    issuer: str
    subject: str
    issued_at: int
    expires_at: int
    claims: Claims


def _type_of(claims: Claims) -> CodeType:
    return CodeType.PASS if isinstance(claims, PassClaims) else CodeType.DECLARATION


# -- encoding ------------------------------------------------------------------------------------


def _check_text(name: str, value: str, *, optional: bool = False) -> None:
    raw = value.encode("utf-8")
    if not raw and not optional:
        raise ValueError(f"{name} must not be empty")
    if len(raw) > 255:
        raise ValueError(f"{name} is longer than 255 bytes")
    if _CONTROL_RE.search(value):
        raise ValueError(f"{name} contains control characters")


def _check_fields(code: SignedCode) -> None:
    if not _KID_RE.fullmatch(code.kid):
        raise ValueError("kid must be 1-32 of A-Z a-z 0-9 . _ -")
    for name in ("issuer", "subject"):
        _check_text(name, getattr(code, name))
    if not 0 <= code.issued_at < code.expires_at <= MAX_U32:
        raise ValueError("need 0 <= issued_at < expires_at < 2**32")
    claims = code.claims
    if code.type != _type_of(claims):
        raise ValueError("type does not match the claims")
    if isinstance(claims, PassClaims):
        _check_text("household_id", claims.household_id)
        if claims.shelter_id is not None:
            _check_text("shelter_id", claims.shelter_id)
    else:
        _check_text("election_id", claims.election_id)
        if not 1 <= claims.reason <= 6:
            raise ValueError("reason must be 1-6")
        if not 2000 <= claims.vote_date.year <= 2099:
            raise ValueError("vote_date must be in 2000-2099")


def _str8(value: str) -> bytes:
    raw = value.encode("utf-8")
    return bytes([len(raw)]) + raw


def encode_body(code: SignedCode) -> bytes:
    """The body bytes of ``code`` (everything the signature covers after the context)."""
    _check_fields(code)
    out = bytearray(struct.pack(">BBII", VERSION, code.type, code.issued_at, code.expires_at))
    for value in (code.kid, code.issuer, code.subject):
        out += _str8(value)
    claims = code.claims
    if isinstance(claims, PassClaims):
        out += _str8(claims.household_id) + _str8(claims.shelter_id or "")
    else:
        d = claims.vote_date
        out += _str8(claims.election_id)
        out += struct.pack(">HBBB", d.year, d.month, d.day, claims.reason)
    return bytes(out)


class QRSigner:
    """Makes signed codes with one Ed25519 key (the kiosk uses it in tests and demos)."""

    def __init__(self, kid: str, issuer: str, private_key: Ed25519PrivateKey) -> None:
        """Sign as ``issuer`` with ``private_key``, known to verifiers as ``kid``."""
        self.kid, self.issuer, self._key = kid, issuer, private_key

    def sign(self, subject: str, claims: Claims, issued_at: int, expires_at: int) -> str:
        """The QR text of a code for ``subject`` (a person_id) carrying ``claims``."""
        code = SignedCode(
            _type_of(claims), self.kid, self.issuer, subject, issued_at, expires_at, claims
        )
        body = encode_body(code)
        signature = self._key.sign(SIGNING_CONTEXT + body)
        return PREFIX + b45encode(body + signature)

    def trusted_key(self, not_before: int, not_after: int | None = None) -> TrustedKey:
        """The entry a kiosk's key set needs to verify this signer's codes."""
        return TrustedKey(self.kid, self.issuer, self._key.public_key(), not_before, not_after)


# -- keys ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrustedKey:
    """A platform signing key as the kiosk holds it.

    The key signs codes issued from ``not_before`` to ``not_after`` (Unix seconds, inclusive;
    None = open-ended). A retired key stays in the set until the last code it signed expires,
    which is how keys rotate without invalidating passes already handed out.
    """

    kid: str
    issuer: str
    public_key: Ed25519PublicKey
    not_before: int
    not_after: int | None = None


def _epoch(value: str) -> int:
    stamp = dt.datetime.fromisoformat(value)
    if stamp.tzinfo is None:
        raise ValueError(f"time {value!r} has no UTC offset")
    return int(stamp.timestamp())


def _iso(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat().replace("+00:00", "Z")


class KeySet:
    """The platform keys a kiosk trusts, by key id, and the ids the platform revoked."""

    def __init__(self, keys: Iterable[TrustedKey], revoked: Iterable[str] = ()) -> None:
        """Hold ``keys``; key ids must be unique. A revoked id is refused even if held."""
        self.revoked = frozenset(revoked)
        self._keys: dict[str, TrustedKey] = {}
        for key in keys:
            if key.kid in self._keys:
                raise ValueError(f"key id {key.kid!r} appears twice")
            self._keys[key.kid] = key

    def get(self, kid: str) -> TrustedKey | None:
        """The key with id ``kid``, if held."""
        return self._keys.get(kid)

    def kids(self) -> list[str]:
        """The ids of the keys held."""
        return list(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    @classmethod
    def from_json(cls, text: str) -> KeySet:
        """Read the key-set document described in docs/protocol/signed-qr.md."""
        doc = json.loads(text)
        keys = []
        for entry in doc["keys"]:
            if entry.get("alg", "Ed25519") != "Ed25519":
                raise ValueError(f"key {entry['kid']!r}: unsupported algorithm {entry['alg']!r}")
            not_after = entry.get("not_after")
            keys.append(
                TrustedKey(
                    kid=entry["kid"],
                    issuer=entry["issuer"],
                    public_key=Ed25519PublicKey.from_public_bytes(
                        bytes.fromhex(entry["public_key"])
                    ),
                    not_before=_epoch(entry["not_before"]),
                    not_after=None if not_after is None else _epoch(not_after),
                )
            )
        return cls(keys, (str(kid) for kid in doc.get("revoked", [])))

    def to_json(self) -> str:
        """Write the key set as a key-set document."""
        entries = [
            {
                "kid": k.kid,
                "issuer": k.issuer,
                "alg": "Ed25519",
                "public_key": k.public_key.public_bytes_raw().hex(),
                "not_before": _iso(k.not_before),
                "not_after": None if k.not_after is None else _iso(k.not_after),
            }
            for k in self._keys.values()
        ]
        return json.dumps({"keys": entries}, indent=2, ensure_ascii=False) + "\n"


# -- decoding ------------------------------------------------------------------------------------


class _Cursor:
    """Reads the body front to back; running out of bytes means the code was cut short."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise TruncatedCode("the code is cut short; ask the person to show it again")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> tuple[int, ...]:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))

    def text(self, name: str, *, optional: bool = False) -> str:
        raw = self.take(self.take(1)[0])
        try:
            value = raw.decode("utf-8")
            _check_text(name, value, optional=optional)
        except (UnicodeDecodeError, ValueError) as exc:
            raise MalformedCode(f"field {name} is invalid: {exc}") from None
        return value


def parse(text: str) -> tuple[SignedCode, bytes, bytes]:
    """Decode ``text`` without checking the signature: the content, body bytes and signature.

    Raises the structural errors (not a signed code, version, malformed, truncated, type).
    """
    match = _PREFIX_RE.match(text)
    if match is None:
        raise NotASignedCode("this QR code is not a Kazasu pass or declaration")
    if int(match.group(1)) != VERSION:
        raise UnsupportedVersion(
            f"code format {match.group(1)} is newer than this kiosk supports; update the kiosk"
        )
    try:
        raw = b45decode(text[match.end() :])
    except Base45Error as exc:
        if exc.truncated:
            raise TruncatedCode("the code is cut short; ask the person to show it again") from None
        raise MalformedCode(f"the code is damaged: {exc}") from None
    if len(raw) < SIGNATURE_LEN:
        raise TruncatedCode("the code is cut short; ask the person to show it again")
    body, signature = raw[:-SIGNATURE_LEN], raw[-SIGNATURE_LEN:]
    cur = _Cursor(body)
    version, type_byte, issued_at, expires_at = cur.unpack(">BBII")
    if version != VERSION:
        raise MalformedCode(f"body version {version} does not match the prefix")
    try:
        code_type = CodeType(type_byte)
    except ValueError:
        raise UnknownCodeType(f"unknown code type {type_byte}") from None
    kid, issuer, subject = cur.text("kid"), cur.text("issuer"), cur.text("subject")
    if not _KID_RE.fullmatch(kid):
        raise MalformedCode("field kid is invalid")
    claims: Claims
    if code_type == CodeType.PASS:
        household = cur.text("household_id")
        shelter = cur.text("shelter_id", optional=True)
        claims = PassClaims(household, shelter or None)
    else:
        election = cur.text("election_id")
        year, month, day, reason = cur.unpack(">HBBB")
        try:
            vote_date = dt.date(year, month, day)
        except ValueError:
            raise MalformedCode(f"vote date {year}-{month}-{day} does not exist") from None
        claims = DeclarationClaims(election, vote_date, reason)
    if cur.pos != len(body):
        raise MalformedCode(f"{len(body) - cur.pos} unexpected bytes after the claims")
    code = SignedCode(code_type, kid, issuer, subject, issued_at, expires_at, claims)
    try:
        _check_fields(code)
    except ValueError as exc:
        raise MalformedCode(f"the code breaks the format: {exc}") from None
    return code, body, signature


def verify(
    text: str,
    keys: KeySet,
    *,
    now: int,
    expected_type: CodeType | None = None,
    leeway_s: int = DEFAULT_LEEWAY_S,
) -> SignedCode:
    """Verify ``text`` offline and return its content, or raise why it must be refused.

    Checks, in this order: structure, revoked key id, key id, signature, issuer, key validity
    at issue time, not-yet-valid and expiry at ``now`` (Unix seconds, allowing ``leeway_s`` of
    clock difference either way), and the type the caller expects.
    """
    code, body, signature = parse(text)
    if code.kid in keys.revoked:
        raise KeyRevoked(
            f"signed with key {code.kid!r}, which the platform revoked: do not accept it"
        )
    key = keys.get(code.kid)
    if key is None:
        raise UnknownKey(
            f"signed with key {code.kid!r}, which this kiosk does not hold; sync the kiosk"
        )
    try:
        key.public_key.verify(signature, SIGNING_CONTEXT + body)
    except InvalidSignature:
        raise ForgedCode("the code's signature is not valid: do not accept it") from None
    if code.issuer != key.issuer:
        raise WrongIssuer(f"issuer {code.issuer!r} does not own key {code.kid!r}")
    if code.issued_at < key.not_before or (
        key.not_after is not None and code.issued_at > key.not_after
    ):
        raise KeyNotValid(f"key {code.kid!r} was not in use when this code was issued")
    if now + leeway_s < code.issued_at:
        raise CodeNotYetValid(
            f"issued in the future ({_iso(code.issued_at)}); check the kiosk's clock"
        )
    if now - leeway_s >= code.expires_at:
        raise CodeExpired(
            f"expired {_iso(code.expires_at)}; the person can show a new one from the portal"
        )
    if expected_type is not None and code.type != expected_type:
        raise WrongCodeType(
            f"this is a {code.type.name.lower()} code, not a {expected_type.name.lower()} code"
        )
    return code
