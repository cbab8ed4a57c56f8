"""Search keys: the kana folding is looked for before it is done, with the same keys."""

from __future__ import annotations

import re
import sys
import unicodedata

import jaconv
import pytest

from kiosk.normalize import _KANA_BLOCK, search_key


def folded_always(text: str) -> str:
    """``search_key`` as it was: the kana translation on every text."""
    hira: str = jaconv.kata2hira(unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", hira.casefold())


def test_kata2hira_changes_no_character_outside_the_block_looked_in() -> None:
    outside = (chr(c) for c in range(sys.maxunicode + 1) if c not in _KANA_BLOCK)
    changed = [c for c in outside if not 0xD800 <= ord(c) <= 0xDFFF and jaconv.kata2hira(c) != c]
    assert changed == []


@pytest.mark.parametrize(
    "text",
    [
        "架空 太郎",
        "かくう たろう",
        "カクウ　ハナコ",
        "ｶｸｳ ﾊﾅｺ",
        "かくう ハナコ",
        "ヴァイオリン・ヰヱヽヾ",
        "Ｙａｍａｄａ Hanako",
        "",
        "".join(map(chr, _KANA_BLOCK)),
    ],
)
def test_search_keys_are_those_of_folding_every_text(text: str) -> None:
    assert search_key(text) == folded_always(text)


def test_every_whitespace_character_is_removed_as_the_pattern_removes_it() -> None:
    # The key drops what ``\s`` matches; it now asks str.split, which must find the same.
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    text = "か" + "く".join(spaces) + "う" + "".join(spaces)
    assert search_key(text) == folded_always(text)
    for c in map(chr, range(sys.maxunicode + 1)):
        if not 0xD800 <= ord(c) <= 0xDFFF:
            assert "".join(c.split()) == re.sub(r"\s+", "", c)
