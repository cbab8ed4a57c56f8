"""A suggested hiragana reading (furigana) for a person's name, for staff to check and edit.

A My Number Card holds the name in kanji but no reading, and the reading of a name cannot be
derived for certain: 角田 is つのだ, かくた or すみだ. So the kiosk only suggests; staff confirm
with the person. Readings come from SudachiPy's small dictionary, which lists family names
(人名・姓) and given names (人名・名) with their readings; each part of the name is looked up as
the kind of name it is before falling back to morphological analysis.

A name already in kana gives its hiragana form. A name with Latin letters (a foreign resident's
name as the card writes it) gives no suggestion: the katakana a person uses for their name is
theirs to say. Neither does a name with a character the dictionary cannot read. The family/given
separator (a full-width or an ordinary space) is kept.

The dictionary is loaded on the first suggestion, never at start-up (about 0.2 s, off the GUI
thread), and kept.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import TYPE_CHECKING

import jaconv

if TYPE_CHECKING:
    from sudachipy import Dictionary, Tokenizer

DICTIONARY = "small"
"""The ``sudachidict_<name>`` package read: the small edition read every name tried as the core
one did, at about half the size (docs/decisions/kiosk-screens.md)."""

FAMILY, GIVEN = "姓", "名"

_SEPARATOR = re.compile(r"([ \u3000]+)")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
_HIRAGANA = re.compile(r"[\u3041-\u3096\u309d\u309eー]+")
# Variant forms on cards (異体字) the dictionary does not list, mapped to the common form for
# the look-up only; the name itself is never changed.
_VARIANTS = str.maketrans(
    {"髙": "高", "﨑": "崎", "𠮷": "吉", "濵": "浜", "邉": "辺", "邊": "辺", "德": "徳", "栁": "柳"}
)

_lock = threading.Lock()
_loaded: tuple[Dictionary, Tokenizer] | None = None


def suggest_furigana(name: str) -> str | None:
    """The suggested hiragana reading of ``name``, or None when there is none to suggest."""
    name = name.strip()
    if not name or _LATIN.search(name):
        return None
    pieces = _SEPARATOR.split(name)
    parts = pieces[0::2]
    roles = [FAMILY, GIVEN] if len(parts) == 2 else [None] * len(parts)
    readings = []
    for part, role in zip(parts, roles, strict=True):
        reading = _read(part, role)
        if reading is None:
            return None
        readings.append(reading)
    out = [readings[i // 2] if i % 2 == 0 else sep for i, sep in enumerate(pieces)]
    return "".join(out)


def _read(part: str, role: str | None) -> str | None:
    # NFKC turns half-width katakana into full-width; names have nothing else it would change.
    folded = unicodedata.normalize("NFKC", part)
    kana: str = jaconv.kata2hira(folded)
    if _HIRAGANA.fullmatch(kana):
        return kana
    reading = _from_dictionary(folded.translate(_VARIANTS), role)
    if reading is None:
        return None
    hiragana: str = jaconv.kata2hira(reading)
    return hiragana if _HIRAGANA.fullmatch(hiragana) else None


def _from_dictionary(text: str, role: str | None) -> str | None:
    dictionary, tokenizer = _converter()
    with _lock:  # a tokenizer is not to be shared between threads
        entries = [(m.reading_form(), m.part_of_speech()) for m in dictionary.lookup(text)]
        # A personal-name entry of this part's kind first, then any personal name.
        for wanted in (role, None):
            for reading, pos in entries:
                if pos[1:3] == ("固有名詞", "人名") and wanted in (None, pos[3]):
                    return str(reading)
        morphemes = tokenizer.tokenize(text)
        if any(m.is_oov() for m in morphemes):
            return None
        return "".join(m.reading_form() for m in morphemes)


def _converter() -> tuple[Dictionary, Tokenizer]:
    global _loaded
    with _lock:
        if _loaded is None:
            # Imported here: the kiosk's cold start does not pay for it.
            from sudachipy import Dictionary, SplitMode

            dictionary = Dictionary(dict=DICTIONARY)
            _loaded = dictionary, dictionary.tokenizer(SplitMode.C)
        return _loaded
