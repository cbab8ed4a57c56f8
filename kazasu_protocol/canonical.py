"""Canonical JSON as docs/protocol/events.md defines it: what hash chains and event bodies hash."""

from __future__ import annotations

import json
from typing import Any


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, non-ASCII text kept as UTF-8 rather than escaped."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
