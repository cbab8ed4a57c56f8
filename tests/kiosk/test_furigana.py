"""Suggested furigana: real names read as a person would expect, or no suggestion at all."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.furigana import suggest_furigana


@pytest.mark.parametrize(
    ("name", "reading"),
    [
        ("佐藤", "さとう"),
        ("高橋", "たかはし"),
        ("渡辺", "わたなべ"),
        ("渡邊", "わたなべ"),
        ("長谷川", "はせがわ"),
        ("東海林", "しょうじ"),
        ("一郎", "いちろう"),
        ("翔太", "しょうた"),
        ("陽菜", "はるな"),
        ("美咲", "みさき"),
    ],
)
def test_common_family_and_given_names_are_read(name: str, reading: str) -> None:
    assert suggest_furigana(name) == reading


@pytest.mark.parametrize(
    ("name", "reading"),
    [("山﨑", "やまざき"), ("髙橋", "たかはし"), ("齋藤", "さいとう")],
)
def test_variant_kanji_on_cards_read_as_their_common_form(name: str, reading: str) -> None:
    assert suggest_furigana(name) == reading


def test_the_full_width_space_between_family_and_given_name_is_kept() -> None:
    assert suggest_furigana("佐藤\u3000一郎") == "さとう\u3000いちろう"
    assert suggest_furigana("山﨑\u3000美咲") == "やまざき\u3000みさき"


def test_an_ordinary_space_is_kept_too() -> None:
    assert suggest_furigana("高橋 翔太") == "たかはし しょうた"


def test_a_part_is_read_as_the_kind_of_name_it_is() -> None:
    # 樹 alone is most often き (a tree); as a given name it is いつき. 日向 as a family name is
    # ひゅうが, as a word ひなた.
    assert suggest_furigana("髙橋\u3000樹") == "たかはし\u3000いつき"
    assert suggest_furigana("日向\u3000葵") == "ひゅうが\u3000あおい"


def test_a_name_in_katakana_gives_its_hiragana() -> None:
    assert suggest_furigana("サトウ\u3000イチロウ") == "さとう\u3000いちろう"
    assert suggest_furigana("グエン\u3000ヴァン\u3000アン") == "ぐえん\u3000ゔぁん\u3000あん"


def test_half_width_katakana_gives_full_width_hiragana() -> None:
    assert suggest_furigana("ｻﾄｳ ｲﾁﾛｳ") == "さとう いちろう"


def test_a_name_in_hiragana_is_its_own_reading() -> None:
    assert suggest_furigana("さとう\u3000いちろう") == "さとう\u3000いちろう"


@pytest.mark.parametrize("name", ["SMITH JOHN", "Nguyen Van An", "ＳＭＩＴＨ　ＪＯＨＮ", "李 Ann"])
def test_a_latin_name_gets_no_suggestion(name: str) -> None:
    assert suggest_furigana(name) is None


@pytest.mark.parametrize("name", ["", "\u3000", "   "])
def test_an_empty_name_gets_no_suggestion(name: str) -> None:
    assert suggest_furigana(name) is None


def test_a_character_the_dictionary_cannot_read_gives_no_suggestion() -> None:
    # A private-use character stands for a gaiji the card could not encode.
    assert suggest_furigana("佐藤\u3000\ue000子") is None
    assert suggest_furigana("〓田\u3000一郎") is None


def test_every_suggestion_is_hiragana_and_separators_only() -> None:
    for name in (
        "小林\u3000蓮",
        "五十嵐\u3000凛",
        "中村\u3000結衣",
        "鈴木\u3000大翔",
        "未登録 太郎",
    ):
        reading = suggest_furigana(name)
        assert reading is not None
        assert all("\u3041" <= c <= "\u3096" or c in "ー \u3000" for c in reading), reading


def test_suggestions_from_several_threads_agree() -> None:
    names = ["佐藤\u3000一郎", "渡辺\u3000陽菜", "山﨑\u3000美咲", "高橋 翔太"] * 25
    expected = [suggest_furigana(n) for n in names]
    results: list[list[str | None]] = [[] for _ in range(4)]

    def work(out: list[str | None]) -> None:
        out.extend(suggest_furigana(n) for n in names)

    threads = [threading.Thread(target=work, args=(out,)) for out in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(out == expected for out in results)


def test_the_kiosk_starts_without_loading_the_converter() -> None:
    # The screens import the walk-in wizard at start-up; the analyser must wait for a name.
    code = (
        "import sys, ui.app, ui.screens.walkin, kiosk.furigana, kiosk.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith('sudachi')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    ).stdout
    assert out.strip() == "[]"
