"""Search keys for names: what staff type should find what the roster holds.

Hiragana and katakana match each other, full-width and half-width forms match, case and spaces
are ignored. Both the stored key and the query go through the same function.
"""

from __future__ import annotations

import re
import unicodedata

import jaconv

# The characters jaconv.kata2hira changes (all of them in this block; tests/kiosk/
# test_normalize.py checks every other character): a name in kanji or a furigana in hiragana
# holds none, and looking for one costs a tenth of the translation (a provisioning kiosk makes
# two keys for each of 100,000 people).
_KANA_BLOCK = range(0x3000, 0x3100)
_KATAKANA = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in _KANA_BLOCK if jaconv.kata2hira(chr(c)) != chr(c))
    + "]"
)


def search_key(text: str) -> str:
    """The normalised form of a name or furigana used for indexing and matching."""
    # NFKC folds full-width ASCII to half-width and half-width katakana to full-width.
    folded = unicodedata.normalize("NFKC", text)
    hira: str = jaconv.kata2hira(folded) if _KATAKANA.search(folded) else folded
    # str.split() splits at the characters the regular expression ``\s`` matches (both ask
    # str.isspace), in half the time of removing them with it or less.
    return "".join(hira.casefold().split())


def prefix_upper_bound(key: str) -> str:
    """The smallest string greater than every string that starts with ``key``."""
    return key + "\U0010ffff"


# The rule below is the platform's too (linkage/names.py); docs/protocol/address-vectors.json
# holds the examples both sides are tested against.
_DASHES = re.compile("[\u2010-\u2015\u2212\u30fc\uff0d\uff70-]")
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CHOME_KANJI = re.compile("([〇一二三四五六七八九十]+)丁目")
_BLOCK_WORDS = re.compile(r"(\d+)(?:丁目|番地|番|号)")
_REPEATED_DASH = re.compile("-{2,}")


def _kanji_number(text: str) -> str:
    # 十 alone is 10, 十二 is 12, 二十 is 20, 二十三 is 23; 丁目 numbers never reach 100.
    if "十" not in text:
        return "".join(str(_KANJI_DIGITS[c]) for c in text)
    tens, _, ones = text.partition("十")
    value = (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)
    return str(value)


def address_key(text: str) -> str:
    """The compare-form of an address: what must be equal for two addresses to be one.

    NFKC (full-width digits and letters to half-width), no white space, every hyphen and dash
    look-alike as ``-``, a kanji 丁目 number as digits, and 丁目/番地/番/号 after a number as
    ``-``: 霞が関二丁目1番2号, 霞が関2-1-2 and 霞が関２－１－２ are one address.
    """
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    folded = _CHOME_KANJI.sub(lambda m: _kanji_number(m.group(1)) + "丁目", folded)
    folded = _BLOCK_WORDS.sub(r"\1-", _DASHES.sub("-", folded))
    return _REPEATED_DASH.sub("-", folded).strip("-")
