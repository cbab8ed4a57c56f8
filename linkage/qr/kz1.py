"""Sign and verify KZ1 text: ``KZ1:`` + Base45(body || Ed25519 signature)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from linkage.qr import base45
from linkage.qr.body import (
    VERSION,
    Body,
    CodeRefused,
    CodeType,
    Reason,
    encode_body,
    parse_body,
)

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
    """A verifier's key: the issuer it speaks for and its issuing window (Unix seconds)."""

    kid: str
    issuer: str
    public_key: bytes
    not_before: int
    not_after: int | None
    # Revoked by the platform: every code it signed is refused, whatever its dates.
    revoked: bool = False


def verify(
    text: str, keys: dict[str, TrustedKey], now: int, expected: CodeType | None = None
) -> Body:
    """The body of a code that passes every check, in the document's order; else ``CodeRefused``."""
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
    body = parse_body(signed)
    key = keys.get(body.kid)
    if key is None:
        raise CodeRefused(Reason.UNKNOWN_KEY, f"key {body.kid} is not in the key set")
    if key.revoked:
        raise CodeRefused(Reason.KEY_REVOKED, f"key {body.kid} was revoked")
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(signature, CONTEXT + signed)
    except InvalidSignature:
        raise CodeRefused(Reason.BAD_SIGNATURE, "the signature does not verify") from None
    _check_claims(body, key, now, expected)
    return body


def _check_claims(body: Body, key: TrustedKey, now: int, expected: CodeType | None) -> None:
    if body.issuer != key.issuer:
        raise CodeRefused(Reason.WRONG_ISSUER, "the code names another issuer than its key")
    if body.issued_at < key.not_before or (
        key.not_after is not None and body.issued_at > key.not_after
    ):
        raise CodeRefused(Reason.KEY_NOT_VALID, "issued outside its key's window")
    if now + LEEWAY_S < body.issued_at:
        raise CodeRefused(Reason.NOT_YET_VALID, "issued in the future")
    if now - LEEWAY_S >= body.expires_at:
        raise CodeRefused(Reason.EXPIRED, "expired")
    if expected is not None and body.type != expected:
        raise CodeRefused(Reason.WRONG_TYPE, f"a {body.type.name.lower()} code")
