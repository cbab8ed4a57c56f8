"""Japanese and English texts of the citizen pages.

Each page module owns a catalogue file ``messages/<page>.json`` mapping a dotted key to its
Japanese and English text: ``{"signin.title": {"ja": "…", "en": "…"}}``. Japanese comes first
and is the default; keys must be unique across files (checked when the catalogues load).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"
MESSAGES_DIR = Path(__file__).with_name("messages")


class CatalogueError(ValueError):
    """A message catalogue is malformed: a duplicate key or a missing language."""


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every message of every page, loaded once."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(MESSAGES_DIR.glob("*.json")):
        for key, texts in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise CatalogueError(f"{path.name}: message {key} is defined twice")
            missing = [lang for lang in LANGUAGES if not texts.get(lang)]
            if missing:
                raise CatalogueError(f"{path.name}: message {key} lacks {', '.join(missing)}")
            merged[key] = texts
    return merged


def translate(lang: str, key: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` placeholders filled in.

    An unknown key is a programming error and raises ``KeyError`` so tests catch it.
    """
    text = catalogue()[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page language: the ``lang`` query, then the cookie, then the browser's, then ja."""
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return choice
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE
