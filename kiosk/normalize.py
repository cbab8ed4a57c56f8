"""Search keys for names: what staff type should find what the roster holds.

Hiragana and katakana match each other, full-width and half-width forms match, case and spaces
are ignored. Both the stored key and the query go through the same function.
"""

from __future__ import annotations

import re
import unicodedata

import jaconv

_SPACES = re.compile(r"\s+")


def search_key(text: str) -> str:
    """The normalised form of a name or furigana used for indexing and matching."""
    # NFKC folds full-width ASCII to half-width and half-width katakana to full-width.
    folded = unicodedata.normalize("NFKC", text)
    hira: str = jaconv.kata2hira(folded)
    return _SPACES.sub("", hira.casefold())


def prefix_upper_bound(key: str) -> str:
    """The smallest string greater than every string that starts with ``key``."""
    return key + "\U0010ffff"
