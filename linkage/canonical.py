"""Hashes, clocks and identifiers shared by the platform's modules.

Canonical JSON itself is ``kazasu_protocol.canonical``, the one copy kiosks use too.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

import orjson

ZERO_HASH = "0" * 64
_MS_MASK = (1 << 48) - 1
_VERSION_CLEAR = ~((0xF << 76) | (0x3 << 62))
_VERSION_7 = (0x7 << 76) | (0x2 << 62)
_last_id_ms = 0
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
    """A new time-ordered identifier with a readable prefix, e.g. ``p-0192…``.

    A UUID version 7 (RFC 9562) as ``uuid6.uuid7`` makes it, each later than the last one this
    process made, written without building a ``uuid.UUID``: an import makes one per row.
    """
    global _last_id_ms
    stamp = max(time.time_ns() // 1_000_000, _last_id_ms + 1)
    _last_id_ms = stamp
    value = (stamp & _MS_MASK) << 80 | secrets.randbits(76)
    # Version 7 in bits 76–79, the RFC variant (10) in bits 62–63.
    value = value & _VERSION_CLEAR | _VERSION_7
    text = f"{value:032x}"
    return f"{prefix}-{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def new_ids(prefix: str, count: int) -> list[str]:
    """``count`` ids as ``new_id`` makes them, in order, from one read of the system's random
    source (a bulk import's batch; one read per id is a system call each)."""
    global _last_id_ms
    start = max(time.time_ns() // 1_000_000, _last_id_ms + 1)
    _last_id_ms = start + count - 1
    pool = secrets.token_bytes(10 * count)
    out = []
    for n in range(count):
        random = int.from_bytes(pool[10 * n : 10 * n + 10]) >> 4  # 76 bits
        value = ((start + n) & _MS_MASK) << 80 | random
        value = value & _VERSION_CLEAR | _VERSION_7
        text = f"{value:032x}"
        out.append(f"{prefix}-{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}")
    return out
