"""QR-signing keys the platform revoked, as the kiosk keeps them from the feed.

The platform sends a ``revoked_key`` change to every kiosk (docs/protocol/sync.md); once it is
applied, every code signed with that key is refused, whatever its dates. The list only grows:
a revocation is never taken back.
"""

from __future__ import annotations

import json

from kiosk.sqlite import Connection

REVOKED_KEYS_META = "qr_revoked_keys"


def revoked(conn: Connection) -> dict[str, str]:
    """Revoked key ids, each with when the platform revoked it (RFC 3339)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (REVOKED_KEYS_META,)).fetchone()
    return {} if row is None else {str(k): str(v) for k, v in json.loads(row[0]).items()}


def record(conn: Connection, kid: str, revoked_at: str) -> bool:
    """Add a revoked key; returns whether it is new to this kiosk."""
    known = revoked(conn)
    if kid in known:
        return False
    known[kid] = revoked_at
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (REVOKED_KEYS_META, json.dumps(known, sort_keys=True)),
    )
    return True
