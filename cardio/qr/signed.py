"""Signed QR codes issued by the platform: pre-registration passes and early-voting declarations.

The format's bytes and checks are ``kazasu_protocol.kz1``, shared with the platform's signer.
Here is what the kiosk adds: the key-set document it stores, and for each way a code can be
wrong its own :class:`SignedCodeError` subclass with a message staff can act on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kazasu_protocol import kz1
from kazasu_protocol.kz1 import (
    Body,
    Claims,
    CodeRefused,
    CodeType,
    DeclarationClaims,
    PassClaims,
    Reason,
    TrustedKey,
)

__all__ = [
    "Claims",
    "CodeType",
    "DeclarationClaims",
    "KeySet",
    "PassClaims",
    "QRSigner",
    "Reason",
    "SignedCode",
    "SignedCodeError",
    "TrustedKey",
    "parse",
    "verify",
]

# A verified code's content; times are Unix seconds.
SignedCode = Body


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


class QRSigner:
    """Makes signed codes with one Ed25519 key (the kiosk uses it in tests and demos)."""

    def __init__(self, kid: str, issuer: str, private_key: Ed25519PrivateKey) -> None:
        """Sign as ``issuer`` with ``private_key``, known to verifiers as ``kid``."""
        self.kid, self.issuer, self._key = kid, issuer, private_key

    def sign(self, subject: str, claims: Claims, issued_at: int, expires_at: int) -> str:
        """The QR text of a code for ``subject`` (a person_id) carrying ``claims``.

        Raises ``ValueError`` (a ``CodeRefused``) for a code the verifier would refuse.
        """
        body = Body(self.kid, self.issuer, subject, issued_at, expires_at, claims)
        return kz1.sign(self._key.private_bytes_raw(), body)

    def trusted_key(self, not_before: int, not_after: int | None = None) -> TrustedKey:
        """The entry a kiosk's key set needs to verify this signer's codes."""
        public = self._key.public_key().public_bytes_raw()
        return TrustedKey(self.kid, self.issuer, public, not_before, not_after)


# -- keys ----------------------------------------------------------------------------------------


def _epoch(value: str) -> int:
    stamp = dt.datetime.fromisoformat(value)
    if stamp.tzinfo is None:
        raise ValueError(f"time {value!r} has no UTC offset")
    return int(stamp.timestamp())


def _iso(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat().replace("+00:00", "Z")


class KeySet(Mapping[str, TrustedKey]):
    """The platform keys a kiosk trusts, by key id, and the ids the platform revoked."""

    def __init__(self, keys: Iterable[TrustedKey], revoked: Iterable[str] = ()) -> None:
        """Hold ``keys``; key ids must be unique. A revoked id is refused even if held."""
        self.revoked = frozenset(revoked)
        self._keys: dict[str, TrustedKey] = {}
        for key in keys:
            if key.kid in self._keys:
                raise ValueError(f"key id {key.kid!r} appears twice")
            self._keys[key.kid] = key

    def kids(self) -> list[str]:
        """The ids of the keys held."""
        return list(self._keys)

    def __getitem__(self, kid: str) -> TrustedKey:
        return self._keys[kid]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

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
            public = bytes.fromhex(entry["public_key"])
            if len(public) != 32:
                raise ValueError(f"key {entry['kid']!r}: an Ed25519 public key is 32 bytes")
            not_after = entry.get("not_after")
            keys.append(
                TrustedKey(
                    kid=entry["kid"],
                    issuer=entry["issuer"],
                    public_key=public,
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
                "public_key": k.public_key.hex(),
                "not_before": _iso(k.not_before),
                "not_after": None if k.not_after is None else _iso(k.not_after),
            }
            for k in self._keys.values()
        ]
        return json.dumps({"keys": entries}, indent=2, ensure_ascii=False) + "\n"


# -- refusals ------------------------------------------------------------------------------------

_CUT_SHORT = "the code is cut short; ask the person to show it again"


def _refusal(refused: CodeRefused, expected: CodeType | None) -> SignedCodeError:
    """The kiosk's exception for ``refused``, worded for the staff member at the desk."""
    reason, body = refused.reason, refused.body
    detail = str(refused).removeprefix(f"{reason.value}: ")
    kid = "?" if body is None else body.kid
    if reason == Reason.NOT_SIGNED_CODE:
        return NotASignedCode("this QR code is not a Kazasu pass or declaration")
    if reason == Reason.UNSUPPORTED_VERSION:
        return UnsupportedVersion(
            f"code {detail} is newer than this kiosk supports; update the kiosk"
        )
    if reason == Reason.MALFORMED:
        return MalformedCode(f"the code is damaged: {detail}")
    if reason == Reason.TRUNCATED:
        return TruncatedCode(_CUT_SHORT)
    if reason == Reason.UNKNOWN_TYPE:
        return UnknownCodeType(f"unknown code type ({detail})")
    if reason == Reason.KEY_REVOKED:
        return KeyRevoked(f"signed with key {kid!r}, which the platform revoked: do not accept it")
    if reason == Reason.UNKNOWN_KEY:
        return UnknownKey(
            f"signed with key {kid!r}, which this kiosk does not hold; sync the kiosk"
        )
    if reason == Reason.BAD_SIGNATURE:
        return ForgedCode("the code's signature is not valid: do not accept it")
    if body is None:  # every later check reads the body
        return MalformedCode(f"the code is damaged: {detail}")
    if reason == Reason.WRONG_ISSUER:
        return WrongIssuer(f"issuer {body.issuer!r} does not own key {kid!r}")
    if reason == Reason.KEY_NOT_VALID:
        return KeyNotValid(f"key {kid!r} was not in use when this code was issued")
    if reason == Reason.NOT_YET_VALID:
        return CodeNotYetValid(
            f"issued in the future ({_iso(body.issued_at)}); check the kiosk's clock"
        )
    if reason == Reason.EXPIRED:
        return CodeExpired(
            f"expired {_iso(body.expires_at)}; the person can show a new one from the portal"
        )
    wanted = "another kind of" if expected is None else f"a {expected.name.lower()}"
    return WrongCodeType(f"this is a {body.type.name.lower()} code, not {wanted} code")


# -- decoding ------------------------------------------------------------------------------------


def parse(text: str) -> tuple[SignedCode, bytes, bytes]:
    """Decode ``text`` without checking the signature: the content, body bytes and signature.

    Raises the structural errors (not a signed code, version, malformed, truncated, type).
    """
    try:
        return kz1.split(text)
    except CodeRefused as refused:
        raise _refusal(refused, None) from None


def verify(
    text: str,
    keys: KeySet,
    *,
    now: int,
    expected_type: CodeType | None = None,
) -> SignedCode:
    """Verify ``text`` offline and return its content, or raise why it must be refused.

    Checks, in this order: structure, revoked key id, key id, signature, issuer, key validity
    at issue time, not-yet-valid and expiry at ``now`` (Unix seconds, allowing ``kz1.LEEWAY_S`` of
    clock difference either way), and the type the caller expects.
    """
    try:
        return kz1.verify(text, keys, now, expected_type, revoked=keys.revoked)
    except CodeRefused as refused:
        raise _refusal(refused, expected_type) from None
