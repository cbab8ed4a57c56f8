"""The platform's Ed25519 QR-signing keys: key ids, issuing windows and rotation.

Each key may issue codes from ``not_before_s`` to ``not_after_s`` (Unix seconds, inclusive;
null: open-ended), as the key set of docs/protocol/signed-qr.md describes. The key that signs
now is the newest whose window has begun; rotating ends the current key's window where the new
key's begins, which may lie in the future so that kiosks learn the new key before it is used.

Private seeds are stored sealed under the key-encryption key (linkage/kek.py). A revoked key
never signs again and leaves the published key set; kiosks learn of the revocation through the
change feed (``revoked_key`` upserts for every device) and refuse every code it signed.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import ColumnElement, Connection, and_, func, insert, or_, select, update

from kazasu_protocol import b64url
from linkage import kek
from linkage.canonical import now_ms
from linkage.feed import EVERY_DEVICE, Change
from linkage.problems import Problem
from linkage.tables import signing_keys

# The longest a signed code may live; a retired key is published until its last code expired.
MAX_CODE_LIFETIME_S = 366 * 24 * 3600


def rfc3339(epoch_s: int | None) -> str | None:
    """``2025-10-14T08:53:20Z`` for a Unix time; None stays None (an open-ended window)."""
    if epoch_s is None:
        return None
    return datetime.fromtimestamp(epoch_s, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class SigningKey:
    """A key able to sign now: its id, the issuer it vouches for and its private seed."""

    kid: str
    issuer: str
    seed: bytes


def new_kid(at_s: int) -> str:
    """A fresh key id: the day it was made and random digits, within KZ1's 32-character limit."""
    day = datetime.fromtimestamp(at_s, UTC).strftime("%Y%m%d")
    return f"k-{day}-{secrets.token_hex(4)}"


def rotate(conn: Connection, issuer: str, lead_s: int = 0) -> tuple[str, int]:
    """Publish a new key that starts issuing ``lead_s`` seconds from now: (its id, the start).

    Every key still open at that moment stops issuing then, so exactly one key issues at a time.
    The private key is sealed with the key-encryption key bound to the connection's engine.
    """
    if lead_s < 0:
        raise Problem(422, "invalid-lead-time", "The lead time cannot be negative")
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    start = int(time.time()) + lead_s
    kid = new_kid(start)
    sealed = kek.of(conn).seal(kid, private.private_bytes_raw())
    conn.execute(
        update(signing_keys)
        .where(or_(signing_keys.c.not_after_s.is_(None), signing_keys.c.not_after_s > start))
        .values(not_after_s=start)
    )
    conn.execute(
        insert(signing_keys).values(
            kid=kid,
            public_key=b64url.encode(public),
            private_key=sealed,
            created_at_ms=now_ms(),
            issuer=issuer,
            not_before_s=start,
            not_after_s=None,
        )
    )
    return kid, start


def _issuing_now(at_s: int) -> ColumnElement[bool]:
    return and_(
        signing_keys.c.revoked_at_ms.is_(None),
        signing_keys.c.not_before_s <= at_s,
        or_(signing_keys.c.not_after_s.is_(None), signing_keys.c.not_after_s >= at_s),
    )


def current_kid(conn: Connection, at_s: int) -> str | None:
    """The id of the key that signs codes issued at ``at_s``, if any."""
    return conn.execute(
        select(signing_keys.c.kid)
        .where(_issuing_now(at_s))
        .order_by(signing_keys.c.not_before_s.desc(), signing_keys.c.created_at_ms.desc())
        .limit(1)
    ).scalar()


def signing_key(conn: Connection, at_s: int) -> SigningKey:
    """The key that signs codes issued at ``at_s`` (409 when none is issuing; 503 when the
    key-encryption key is missing or is not the one the key was sealed with)."""
    kid = current_kid(conn, at_s)
    if kid is None:
        raise Problem(409, "no-signing-key", "No QR-signing key is issuing now; rotate one")
    row = conn.execute(
        select(signing_keys.c.issuer, signing_keys.c.private_key).where(signing_keys.c.kid == kid)
    ).one()
    return SigningKey(kid, row.issuer, kek.of(conn).open(kid, row.private_key))


def ensure_key(conn: Connection, issuer: str) -> None:
    """Make a key that issues from now on when none does (a new or migrated database)."""
    now = int(time.time())
    if current_kid(conn, now) is None:
        pending = conn.execute(
            select(signing_keys.c.kid).where(signing_keys.c.not_before_s > now).limit(1)
        ).first()
        if pending is None:
            rotate(conn, issuer)


def public_key_set(conn: Connection) -> list[dict[str, object]]:
    """The published key set, oldest first: every key that issues, will, or whose codes live.

    Each entry: ``kid``, ``issuer``, ``alg``, ``public_key`` (base64url), ``active`` (signs
    codes issued now), ``not_before`` and ``not_after`` (RFC 3339, ``not_after`` may be null).
    """
    now = int(time.time())
    active = current_kid(conn, now)
    rows = conn.execute(
        select(
            signing_keys.c.kid,
            signing_keys.c.issuer,
            signing_keys.c.public_key,
            signing_keys.c.not_before_s,
            signing_keys.c.not_after_s,
        )
        .where(
            signing_keys.c.revoked_at_ms.is_(None),
            or_(
                signing_keys.c.not_after_s.is_(None),
                signing_keys.c.not_after_s + MAX_CODE_LIFETIME_S > now,
            ),
        )
        .order_by(signing_keys.c.not_before_s, signing_keys.c.created_at_ms)
    )
    return [
        {
            "kid": r.kid,
            "issuer": r.issuer,
            "alg": "Ed25519",
            "public_key": r.public_key,
            "active": r.kid == active,
            "not_before": rfc3339(r.not_before_s),
            "not_after": rfc3339(r.not_after_s),
        }
        for r in rows
    ]


def holds_sealed_key(conn: Connection) -> bool:
    """Whether any stored key is sealed (then a new key-encryption key would open none)."""
    stored: list[str] = list(conn.execute(select(signing_keys.c.private_key)).scalars())
    return any(kek.is_sealed(str(value)) for value in stored)


def seal_clear_keys(conn: Connection) -> list[str]:
    """Seal the keys an older platform stored in clear; returns their ids."""
    sealer = kek.of(conn)
    done = []
    for row in conn.execute(select(signing_keys.c.kid, signing_keys.c.private_key)).all():
        if kek.is_sealed(row.private_key):
            continue
        sealed = sealer.seal(row.kid, b64url.decode(row.private_key))
        conn.execute(
            update(signing_keys).where(signing_keys.c.kid == row.kid).values(private_key=sealed)
        )
        done.append(row.kid)
    return done


@dataclass(frozen=True)
class Revoked:
    """A revocation done: the key, when, whether it was the key issuing, and the key made to
    sign in its place (none without the key-encryption key to seal one)."""

    kid: str
    revoked_at_ms: int
    was_issuing: bool
    replaced_by: str | None


def revoke(conn: Connection, kid: str, actor: str, issuer: str) -> tuple[Revoked, list[Change]]:
    """Revoke key ``kid``: it never signs again, leaves the key set, and every kiosk learns
    from the feed to refuse codes it signed. Revoking the key that issues now makes a new one
    at once, so passes can still be issued (with the new key). The revocation never waits for
    the key-encryption key: without it no replacement is made."""
    row = conn.execute(
        select(signing_keys.c.revoked_at_ms).where(signing_keys.c.kid == kid)
    ).first()
    if row is None:
        raise Problem(404, "unknown-signing-key", "Unknown QR-signing key", kid)
    if row.revoked_at_ms is not None:
        raise Problem(409, "already-revoked", "The QR-signing key is already revoked", kid)
    issuing = current_kid(conn, int(time.time())) == kid
    at = now_ms()
    conn.execute(
        update(signing_keys)
        .where(signing_keys.c.kid == kid)
        .values(revoked_at_ms=at, revoked_by=actor)
    )
    replaced_by = None
    if issuing and kek.ready(kek.of(conn)):
        replaced_by = rotate(conn, issuer)[0]
    return Revoked(kid, at, issuing, replaced_by), [revocation_change(kid, at)]


def revocation_change(kid: str, revoked_at_ms: int) -> Change:
    """The feed change (and snapshot item) telling every kiosk that ``kid`` is revoked."""
    payload = {"kid": kid, "revoked_at": rfc3339(revoked_at_ms // 1000)}
    return Change(EVERY_DEVICE, "revoked_key", kid, "upsert", payload, None)


def revoked_count(conn: Connection) -> int:
    """How many keys are revoked (snapshot items)."""
    query = select(func.count()).where(signing_keys.c.revoked_at_ms.is_not(None))
    return int(conn.execute(query).scalar_one())


def revocations(conn: Connection, after: str, limit: int) -> list[dict[str, object]]:
    """Revoked keys after key id ``after``, as snapshot items."""
    rows = conn.execute(
        select(signing_keys.c.kid, signing_keys.c.revoked_at_ms)
        .where(signing_keys.c.revoked_at_ms.is_not(None), signing_keys.c.kid > after)
        .order_by(signing_keys.c.kid)
        .limit(limit)
    )
    out: list[dict[str, object]] = []
    for r in rows:
        change = revocation_change(r.kid, r.revoked_at_ms)
        out.append({"entity": change.entity, "entity_id": r.kid, "payload": change.payload})
    return out
