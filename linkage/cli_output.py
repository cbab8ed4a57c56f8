"""How ``kazasu-platform``'s commands print what they made: indented JSON, text kept as written."""

from __future__ import annotations

import json
from typing import Any


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON; Japanese stays readable, never ``\\u`` escaped."""
    print(json.dumps(value, ensure_ascii=False, indent=2))
