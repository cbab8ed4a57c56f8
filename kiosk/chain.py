"""Hash chains shared by the outbox and the audit log: canonical JSON and SHA-256 links."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """The canonical JSON of docs/protocol/events.md: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link_hash(body: dict[str, Any]) -> str:
    """Lowercase hex SHA-256 of the canonical JSON of ``body`` (which holds ``prev_hash``)."""
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
