"""The citizen pages' texts in Japanese, English and the languages foreign residents read.

Each page module owns a catalogue file ``messages/<page>.json`` mapping a dotted key to its
Japanese and English text: ``{"signin.title": {"ja": "…", "en": "…"}}``. The residents'
languages (やさしい日本語, 中文（简体）, 한국어, Tiếng Việt, Português) have a folder each,
``messages/<language>/<page>.json`` mapping the same keys to their text, so that a translator
works on one file and a page's engineer is told by the loader what is missing. Japanese comes
first and is the default; keys must be unique across files, and every language must have every
key of every page (checked when the catalogues load) — except the staff pages' (``STAFF_PAGES``),
which stay Japanese and English as the kiosk's staff screens do: there easy Japanese reads the
Japanese text and the other residents' languages the English.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

EASY_JAPANESE = "ja-x-easy"
"""やさしい日本語: a private-use BCP 47 tag, so it never matches a browser's ``ja``."""

INLINE_LANGUAGES = ("ja", "en")
"""The languages written beside each key in ``messages/<page>.json``."""

LANGUAGE_NAMES = {
    "ja": "日本語",
    EASY_JAPANESE: "やさしい にほんご",
    "en": "English",
    "zh-Hans": "中文（简体）",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "pt": "Português",
}
"""Every language of the pages, in the menu's order, each named in its own script."""

LANGUAGES = tuple(LANGUAGE_NAMES)
STAFF_PAGES = frozenset({"hq.json"})
"""Catalogues of pages only staff read (the headquarters' view): Japanese and English only."""
DEFAULT_LANGUAGE = "ja"
MESSAGES_DIR = Path(__file__).with_name("messages")

HTML_LANG = {EASY_JAPANESE: "ja"}
"""The ``lang`` attribute where it is not the code itself: easy Japanese is Japanese to a screen
reader or a font (the page marks the variant with ``data-lang``)."""

# Browser language tags (lower case, before any region) and the page language they ask for.
_BROWSER = {"ja": "ja", "en": "en", "ko": "ko", "vi": "vi", "pt": "pt"}
# Chinese in simplified script: traditional-script tags (zh-TW, zh-HK, zh-Hant) do not match.
_SIMPLIFIED = {"zh", "zh-hans", "zh-cn", "zh-sg", "zh-hans-cn"}


class CatalogueError(ValueError):
    """A message catalogue is malformed: a duplicate key or a missing language."""


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every message of every page in every language, loaded once."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(MESSAGES_DIR.glob("*.json")):
        page = json.loads(path.read_text(encoding="utf-8"))
        for key, texts in page.items():
            if key in merged:
                raise CatalogueError(f"{path.name}: message {key} is defined twice")
            missing = [lang for lang in INLINE_LANGUAGES if not texts.get(lang)]
            if missing:
                raise CatalogueError(f"{path.name}: message {key} lacks {', '.join(missing)}")
            merged[key] = {lang: texts[lang] for lang in INLINE_LANGUAGES}
        for lang in LANGUAGES:
            if lang in INLINE_LANGUAGES:
                continue
            if path.name in STAFF_PAGES:
                fallback = "ja" if lang == EASY_JAPANESE else "en"
                for key in page:
                    merged[key][lang] = merged[key][fallback]
            else:
                _add_language(merged, page.keys(), lang, path.name)
    return merged


def _add_language(
    merged: dict[str, dict[str, str]], keys: Iterable[str], lang: str, name: str
) -> None:
    path = MESSAGES_DIR / lang / name
    if not path.is_file():
        raise CatalogueError(f"{lang}/{name} is missing")
    texts: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    wanted = list(keys)
    missing = [key for key in wanted if not str(texts.get(key, "")).strip()]
    if missing:
        raise CatalogueError(f"{lang}/{name}: lacks {', '.join(missing)}")
    unknown = sorted(set(texts) - set(wanted))
    if unknown:
        raise CatalogueError(f"{lang}/{name}: {', '.join(unknown)} not in {name}")
    for key in wanted:
        merged[key][lang] = texts[key]


def translate(lang: str, key: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` placeholders filled in.

    An unknown key is a programming error and raises ``KeyError`` so tests catch it.
    """
    text = catalogue()[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def html_lang(lang: str) -> str:
    """The ``lang`` attribute of a page in ``lang``."""
    return HTML_LANG.get(lang, lang)


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page language: the ``lang`` query, then the cookie, then the browser's (by its
    preference weights), then Japanese."""
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return choice
    weighted: list[tuple[float, int, str]] = []
    for order, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().lower().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        lang = "zh-Hans" if tag in _SIMPLIFIED else _BROWSER.get(tag.split("-")[0], "")
        if lang and weight > 0:
            weighted.append((-weight, order, lang))
    return min(weighted)[2] if weighted else DEFAULT_LANGUAGE
