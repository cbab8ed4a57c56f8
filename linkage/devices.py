"""Device enrolment with one-time codes, challenge-signed sessions and revocation."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, delete, insert, select, update

from kazasu_protocol import b64url
from linkage.canonical import ZERO_HASH, new_id, now_ms, sha256_hex
from linkage.config import DEFAULT_ENROLMENT_TTL_S
from linkage.problems import Problem
from linkage.scope import Scope
from linkage.tables import (
    challenges,
    devices,
    enrolment_codes,
    polling_sites,
    sessions,
    shelters,
)

# Crockford-style alphabet without look-alike characters, easy to read out over a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
SESSION_CONTEXT = b"kazasu-session-v1"


@dataclass(frozen=True)
class Device:
    """An authenticated, unrevoked device."""

    device_id: str
    scope: Scope

    @property
    def scope_keys(self) -> frozenset[str]:
        """The feed scope keys the device may read."""
        return self.scope.keys()


def _check_scope_exists(conn: Connection, scope: Scope) -> None:
    if scope.polling_site is not None:
        found = conn.execute(
            select(polling_sites.c.site_id).where(polling_sites.c.site_id == scope.polling_site)
        ).first()
        if found is None:
            raise Problem(404, "unknown-polling-site", "Unknown polling site", scope.polling_site)
        return
    known: set[str] = set(
        conn.execute(
            select(shelters.c.shelter_id).where(shelters.c.shelter_id.in_(scope.shelters))
        ).scalars()
    )
    missing = sorted(set(scope.shelters) - known)
    if missing:
        raise Problem(404, "unknown-shelter", "Unknown shelter", ", ".join(missing))


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def create_enrolment_code(
    conn: Connection, scope: Scope, label: str, ttl_s: int = DEFAULT_ENROLMENT_TTL_S
) -> tuple[str, int]:
    """Make a one-time code bound to ``scope``; returns the code and its expiry (ms)."""
    _check_scope_exists(conn, scope)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    now = now_ms()
    expires = now + ttl_s * 1000
    conn.execute(
        insert(enrolment_codes).values(
            code_hash=sha256_hex(raw),
            scope=scope.to_json(),
            label=label,
            created_at_ms=now,
            expires_at_ms=expires,
        )
    )
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4)), expires


def enrol(conn: Connection, code: str, public_key: str, label: str | None) -> tuple[str, Scope]:
    """Spend ``code`` to enrol a device holding ``public_key``; returns its id and scope.

    Idempotent for the key that spent the code: while the code is valid, the same key asking
    again (its answer was lost on the way) gets the same device, not a refusal and an orphan.
    Any other key is refused a spent code.
    """
    try:
        key_bytes = b64url.decode(public_key)
        Ed25519PublicKey.from_public_bytes(key_bytes)
    except ValueError as exc:
        raise Problem(422, "invalid-public-key", "Not an Ed25519 public key") from exc
    code_hash = sha256_hex(normalise_code(code))
    row = conn.execute(
        select(enrolment_codes).where(enrolment_codes.c.code_hash == code_hash).with_for_update()
    ).first()
    now = now_ms()
    if row is not None and row.used_at_ms is not None and row.expires_at_ms >= now:
        again = _enrolled_by(conn, row.device_id, public_key)
        if again is not None:
            return again, Scope.from_json(row.scope)
    if row is None or row.used_at_ms is not None or row.expires_at_ms < now:
        raise Problem(401, "enrolment-code-invalid", "Enrolment code unknown, used or expired")
    if conn.execute(select(devices.c.device_id).where(devices.c.public_key == public_key)).first():
        raise Problem(409, "key-already-enrolled", "This public key is already enrolled")
    device_id = new_id("kiosk")
    conn.execute(
        insert(devices).values(
            device_id=device_id,
            public_key=public_key,
            scope=row.scope,
            label=label or row.label,
            enrolled_at_ms=now,
            acked_seq=0,
            head_hash=ZERO_HASH,
        )
    )
    conn.execute(
        update(enrolment_codes)
        .where(enrolment_codes.c.code_hash == code_hash)
        .values(used_at_ms=now, device_id=device_id)
    )
    return device_id, Scope.from_json(row.scope)


def _enrolled_by(conn: Connection, device_id: str | None, public_key: str) -> str | None:
    """``device_id`` if that live device holds ``public_key``: the code's own enrolment."""
    found = conn.execute(
        select(devices.c.device_id).where(
            devices.c.device_id == device_id,
            devices.c.public_key == public_key,
            devices.c.revoked_at_ms.is_(None),
        )
    ).first()
    return None if found is None else str(found.device_id)


# Outstanding challenges kept per device: a kiosk needs one at a time, and anyone may ask in a
# device's name. The oldest go first, so asking cannot lock the kiosk itself out.
MAX_OUTSTANDING_CHALLENGES = 4
# Verified when the device is unknown, so that its refusal costs what a known device's does.
_DECOY_KEY = Ed25519PublicKey.from_public_bytes(bytes(range(32)))
_REFUSED = ("challenge-invalid", "Challenge unknown, used or expired, or its signature is wrong")


def _device_row(conn: Connection, device_id: str) -> Any:
    return conn.execute(
        select(devices.c.public_key, devices.c.revoked_at_ms).where(
            devices.c.device_id == device_id
        )
    ).first()


def issue_challenge(conn: Connection, device_id: str, ttl_s: int) -> tuple[str, str, int]:
    """A fresh random challenge for ``device_id``: (challenge id, nonce, seconds valid).

    Every caller gets the same kind of answer whether the device is unknown, revoked or live,
    so that nobody can learn which devices exist by asking. Only known devices' challenges are
    stored, at most ``MAX_OUTSTANDING_CHALLENGES`` each; expired ones are swept here.
    """
    challenge_id = new_id("c")
    nonce = b64url.encode(secrets.token_bytes(32))
    now = now_ms()
    conn.execute(delete(challenges).where(challenges.c.expires_at_ms < now))
    if _device_row(conn, device_id) is None:
        return challenge_id, nonce, ttl_s
    kept = (
        select(challenges.c.challenge_id)
        .where(challenges.c.device_id == device_id)
        .order_by(challenges.c.expires_at_ms.desc(), challenges.c.challenge_id.desc())
        .limit(MAX_OUTSTANDING_CHALLENGES - 1)
    )
    conn.execute(
        delete(challenges).where(
            challenges.c.device_id == device_id, challenges.c.challenge_id.not_in(kept)
        )
    )
    conn.execute(
        insert(challenges).values(
            challenge_id=challenge_id,
            device_id=device_id,
            nonce=nonce,
            expires_at_ms=now + ttl_s * 1000,
        )
    )
    return challenge_id, nonce, ttl_s


def session_message(device_id: str, nonce: str) -> bytes:
    """The bytes a device signs to open a session (see docs/protocol/sync.md)."""
    return b"\n".join([SESSION_CONTEXT, device_id.encode(), nonce.encode()])


def _signed(key: Ed25519PublicKey, signature: str, message: bytes) -> bool:
    try:
        key.verify(b64url.decode(signature), message)
    except (ValueError, InvalidSignature):
        return False
    return True


def open_session(
    conn: Connection, device_id: str, challenge_id: str, signature: str, ttl_s: int
) -> tuple[str, int]:
    """Check the signed challenge (single use) and issue a bearer token: (token, seconds).

    An unknown device, an unknown or expired challenge and a wrong signature get one and the
    same refusal; only a device that proved its key learns that it has been revoked.
    """
    device = _device_row(conn, device_id)
    row = conn.execute(
        delete(challenges)
        .where(challenges.c.challenge_id == challenge_id, challenges.c.device_id == device_id)
        .returning(challenges.c.nonce, challenges.c.expires_at_ms)
    ).first()
    key = (
        _DECOY_KEY
        if device is None
        else Ed25519PublicKey.from_public_bytes(b64url.decode(device.public_key))
    )
    nonce = row.nonce if row is not None else b64url.encode(secrets.token_bytes(32))
    signed = _signed(key, signature, session_message(device_id, nonce))
    if device is None or row is None or row.expires_at_ms < now_ms() or not signed:
        raise Problem(401, *_REFUSED)
    if device.revoked_at_ms is not None:
        raise Problem(401, "device-revoked", "This device has been revoked")
    token = secrets.token_urlsafe(32)
    now = now_ms()
    conn.execute(
        insert(sessions).values(
            token_hash=sha256_hex(token), device_id=device_id, expires_at_ms=now + ttl_s * 1000
        )
    )
    # Expired sessions are swept here rather than by a separate job.
    conn.execute(delete(sessions).where(sessions.c.expires_at_ms < now))
    return token, ttl_s


def authenticate(conn: Connection, token: str) -> Device:
    """The device a bearer token belongs to; revocation takes effect on the next request."""
    row = conn.execute(
        select(
            devices.c.device_id, devices.c.scope, devices.c.revoked_at_ms, sessions.c.expires_at_ms
        )
        .join(sessions, sessions.c.device_id == devices.c.device_id)
        .where(sessions.c.token_hash == sha256_hex(token))
    ).first()
    if row is None or row.expires_at_ms < now_ms():
        raise Problem(401, "session-invalid", "Session token unknown or expired")
    if row.revoked_at_ms is not None:
        raise Problem(401, "device-revoked", "This device has been revoked")
    return Device(row.device_id, Scope.from_json(row.scope))


def revoke(conn: Connection, device_id: str) -> None:
    """Revoke a device: its sessions are refused from now on and it can never open another.

    The session records stay until they expire, so that a revoked device still trying (a
    ballot claim, say) is recognised and recorded rather than being an anonymous caller.
    """
    result = conn.execute(
        update(devices)
        .where(devices.c.device_id == device_id, devices.c.revoked_at_ms.is_(None))
        .values(revoked_at_ms=now_ms())
    )
    if result.rowcount == 0:
        exists = conn.execute(select(devices.c.device_id).where(devices.c.device_id == device_id))
        if exists.first() is None:
            raise Problem(404, "unknown-device", "Unknown device", device_id)
