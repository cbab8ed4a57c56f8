"""Hash chains shared by the outbox and the audit log: SHA-256 links over canonical JSON."""

from __future__ import annotations

import hashlib
from typing import Any

from kazasu_protocol.canonical import canonical_json

GENESIS = "0" * 64


def link_hash(body: dict[str, Any]) -> str:
    """Lowercase hex SHA-256 of the canonical JSON of ``body`` (which holds ``prev_hash``)."""
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
