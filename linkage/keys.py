"""The platform's Ed25519 QR-signing keys, identified by key id so that they can be rotated."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import Connection, insert, select, update

from linkage.canonical import new_id, now_ms
from linkage.tables import signing_keys


def b64url(data: bytes) -> str:
    """base64url without padding, the encoding of every key, nonce and signature on the wire."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Inverse of ``b64url``; raises ``ValueError`` on malformed input."""
    if not text.isascii():
        raise ValueError("not base64url")
    padded = text + "=" * (-len(text) % 4)
    return base64.b64decode(padded, altchars=b"-_", validate=True)


def rotate(conn: Connection) -> str:
    """Make a new signing key the active one; older keys stay published for verification."""
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kid = new_id("k")
    conn.execute(update(signing_keys).values(active=False))
    conn.execute(
        insert(signing_keys).values(
            kid=kid,
            public_key=b64url(public),
            private_key=b64url(private.private_bytes_raw()),
            created_at_ms=now_ms(),
            active=True,
        )
    )
    return kid


def ensure_key(conn: Connection) -> None:
    """Create the first signing key if there is none yet."""
    if conn.execute(select(signing_keys.c.kid).limit(1)).first() is None:
        rotate(conn)


def public_key_set(conn: Connection) -> list[dict[str, object]]:
    """Every published key: ``kid``, ``alg``, ``public_key`` and whether it signs new payloads."""
    rows = conn.execute(
        select(signing_keys.c.kid, signing_keys.c.public_key, signing_keys.c.active).order_by(
            signing_keys.c.created_at_ms
        )
    )
    return [
        {"kid": r.kid, "alg": "Ed25519", "public_key": r.public_key, "active": r.active}
        for r in rows
    ]
