"""Hashes, clocks and identifiers shared by the platform's modules.

Canonical JSON itself is ``kazasu_protocol.canonical``, the one copy kiosks use too.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from typing import Any

import orjson
import uuid6

ZERO_HASH = "0" * 64
PLATFORM_NODE = "platform"


def canonical_json_bytes(value: Any) -> bytes:
    """Canonical JSON (``kazasu_protocol.canonical``) of ``value`` in UTF-8, written several
    times faster; ``orjson.Fragment`` values (stored canonical JSON) are spliced in as they are.

    For answers only, never for what is hashed: it refuses what the protocol's canonical form
    never holds (integers beyond 64 bits, keys that are not text) rather than writing them as
    ``json`` would, and for the JSON types it writes exactly what ``canonical_json`` writes.
    """
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def sha256_hex(data: str | bytes) -> str:
    """Lowercase hex SHA-256 of ``data`` (text is hashed as UTF-8)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def now_ms() -> int:
    """The platform's wall clock in milliseconds; kiosks' clocks are never trusted for expiry."""
    return time.time_ns() // 1_000_000


def platform_hlc(at_ms: int | None = None) -> str:
    """An HLC stamp for a change the platform makes itself (imports, merges, admin edits)."""
    return f"{(now_ms() if at_ms is None else at_ms):018d}:00000:{PLATFORM_NODE}"


def new_id(prefix: str) -> str:
    """A new time-ordered identifier with a readable prefix, e.g. ``p-0192…``."""
    value: uuid.UUID = uuid6.uuid7()
    return f"{prefix}-{value}"
