"""Person fields in the kiosk's vocabulary, and the compare-form of names and addresses.

A person's fields on the platform are those of the kiosk's person record: ``name`` (family
and given name joined by a full-width space), ``furigana``, ``sex`` as an ISO 5218 code,
``birth_date`` … Municipal lists split names into parts; they are joined here on the way in.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import jaconv

# ISO 5218: 0 not known, 1 male, 2 female, 9 not applicable.
SEX_CODES = {
    "0": "0",
    "1": "1",
    "2": "2",
    "9": "9",
    "unknown": "0",
    "male": "1",
    "female": "2",
    "other": "9",
}
NAME_SEPARATOR = "\u3000"
# Hyphen and dash look-alikes written in addresses (e.g. 1－2－3, 1ー2ー3 typed by mistake).
_DASHES = re.compile("[\u2010-\u2015\u2212\u30fc\uff0d\uff70-]")
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CHOME_KANJI = re.compile("([〇一二三四五六七八九十]+)丁目")
_BLOCK_WORDS = re.compile(r"(\d+)(?:丁目|番地|番|号)")
# Compare-forms remembered: a city's lists repeat family names and a household's address, and
# an import or a roll match computes one per row.
_REMEMBERED = 1 << 16
_REPEATED_DASH = re.compile("-{2,}")


def join_name(family: str, given: str) -> str:
    """A full name from its parts, as the kiosk shows it (either part may be empty)."""
    family, given = family.strip(), given.strip()
    return f"{family}{NAME_SEPARATOR}{given}" if family and given else family or given


@functools.lru_cache(maxsize=_REMEMBERED)
def name_key(text: str) -> str:
    """Compare-form of a name: NFKC, katakana as hiragana, case folded, no white space."""
    folded: str = jaconv.kata2hira(unicodedata.normalize("NFKC", text))
    return "".join(folded.casefold().split())


def _kanji_number(text: str) -> str:
    # 十 alone is 10, 十二 is 12, 二十 is 20, 二十三 is 23; 丁目 numbers never reach 100.
    if "十" not in text:
        return "".join(str(_KANJI_DIGITS[c]) for c in text)
    tens, _, ones = text.partition("十")
    value = (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)
    return str(value)


@functools.lru_cache(maxsize=_REMEMBERED)
def address_key(text: str) -> str:
    """Compare-form of an address: NFKC, no white space, one kind of dash, a kanji 丁目
    number as digits, and 丁目/番地/番/号 after a number as a dash (霞が関二丁目1番2号 and
    霞が関２－１－２ are one address; docs/protocol/address-vectors.json)."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    folded = _CHOME_KANJI.sub(lambda m: _kanji_number(m.group(1)) + "丁目", folded)
    folded = _BLOCK_WORDS.sub(r"\1-", _DASHES.sub("-", folded))
    return _REPEATED_DASH.sub("-", folded).strip("-")
