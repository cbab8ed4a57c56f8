"""The core's messages in Japanese: one gettext catalogue for the kiosk core, kazasu-kiosk and
kazasu-card, complete for every message the code can say, chosen by the locale on the command
line; machine output (reason codes, --json) stays as it was."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from kiosk.errors import InvalidInput, Refused, error_text
from kiosk.fields import EARLIEST_BIRTH, MAX_AGE, REASONS, InvalidField
from kiosk.i18n import language_from_environment, translate
from tests.catalogues import I18N, ROOT, compile_stale

JA_PO = I18N / "core" / "ja.po"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
NOT_CHECKED_IN = "この人はどの避難所にも入所していません"


@pytest.fixture(scope="module", autouse=True)
def compiled() -> None:
    compile_stale()


def _code_messages() -> set[str]:
    """Every message the code hands to the catalogue, found as ``make messages`` finds them."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^CORE_KEYWORDS := ((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    assert found is not None
    keywords: dict[str, tuple[int, ...] | None] = {}
    for word in found.group(1).replace("\\\n", " ").split():
        name, _, position = word.partition(":")
        keywords[name] = (int(position),) if position else None
    messages = set()
    for folder in ("kiosk", "cardio", "sync"):
        for filename, _, message, _, _ in extract_from_dir(
            ROOT / folder,
            keywords=keywords,
            comment_tags=(),
            strip_comment_tags=True,
        ):
            if folder != "sync" or filename.endswith(("cli.py", "websignin.py")):
                messages.add(message if isinstance(message, str) else message[0])
    return messages


def test_every_message_of_the_code_is_translated_in_the_japanese_catalogue() -> None:
    with JA_PO.open("rb") as file:
        catalogue = read_po(file)
    translated = {m.id: m.string for m in catalogue if m.id and m.string and not m.fuzzy}
    code = _code_messages()
    assert len(code) > 200
    assert sorted(code - set(translated)) == []
    for source, text in translated.items():
        assert isinstance(source, str) and isinstance(text, str)
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), source
        # A Japanese text is not the English one copied over: words in it are Japanese.
        words = PLACEHOLDER.sub("", text)
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", words) or not re.search(
            "[A-Za-z]", words
        ), source


def test_the_two_reported_errors_read_in_japanese() -> None:
    refusal = Refused("not_present", "this person is not checked in at any shelter")
    assert refusal.text("ja") == NOT_CHECKED_IN
    members = InvalidInput("every member needs a name and its furigana")
    assert error_text(members, "ja") == "世帯員全員の氏名とふりがなが必要です"
    # The English text stays what logs and scripts read.
    assert str(refusal) == "this person is not checked in at any shelter"
    assert refusal.text("en") == str(refusal)


def test_parameters_are_filled_in_after_translation() -> None:
    closed = Refused("shelter_closed", "shelter {shelter_id} is closed", shelter_id="S1")
    assert (str(closed), closed.text("ja")) == ("shelter S1 is closed", "避難所 S1 は閉鎖中です")
    assert closed.params == {"shelter_id": "S1"} and closed.reason == "shelter_closed"


def test_a_refused_field_names_the_field_and_the_rule_in_the_language() -> None:
    error = InvalidField("furigana", "empty")
    assert error.text("ja") == "ふりがなを入力してください"
    assert error.text("en") == "Furigana: must not be empty"
    assert str(error) == "furigana: must not be empty"


def test_the_birth_date_rule_says_the_limits_it_checks() -> None:
    # Written out for the catalogue: it must still say what fields.py checks.
    assert EARLIEST_BIRTH.isoformat() in REASONS["too_old"] and str(MAX_AGE) in REASONS["too_old"]


def test_a_message_the_catalogue_does_not_hold_is_shown_as_given() -> None:
    assert translate("the platform said: 503", language="ja") == "the platform said: 503"
    assert error_text(ValueError("plain"), "ja") == "plain"


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LC_MESSAGES": "ja_JP.eucJP", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LANGUAGE": "ja:en", "LANG": "C"}, "ja"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({}, None),
    ],
)
def test_the_command_lines_take_the_language_from_the_locale(
    environ: dict[str, str], language: str | None
) -> None:
    assert language_from_environment(environ) == language


def _kiosk_cli(data: Path, lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env |= {
        "LANG": lang,
        "KAZASU_DATA": str(data),
        "KAZASU_PASSPHRASE": "operator passphrase",
        "KAZASU_ACTOR": "staff:i18n-test",
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )


def test_kazasu_kiosk_under_a_japanese_locale_says_its_refusal_in_japanese(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    assert _kiosk_cli(data, "C.UTF-8", "init").returncode == 0
    assert _kiosk_cli(data, "C.UTF-8", "shelter-add", "S1", "第一小学校").returncode == 0
    assert _kiosk_cli(data, "C.UTF-8", "open", "S1").returncode == 0
    added = _kiosk_cli(data, "C.UTF-8", "register", "--name", "山田 一郎", "--furigana", "やまだ")
    person = json.loads(added.stdout)["person_id"]

    japanese = _kiosk_cli(data, "ja_JP.UTF-8", "checkout", person, "--shelter", "S1")
    # The reason code is for scripts and stays; the words are Japanese.
    assert (japanese.returncode, japanese.stdout) == (1, "")
    assert japanese.stderr == f"できません（not_present）：{NOT_CHECKED_IN}\n"

    english = _kiosk_cli(data, "C.UTF-8", "checkout", person, "--shelter", "S1")
    assert english.stderr == (
        "refused (not_present): this person is not checked in at any shelter\n"
    )
    missing = _kiosk_cli(data, "ja_JP.UTF-8", "show", "nobody")
    assert (missing.returncode, missing.stderr) == (1, "エラー：nobody に当たる人がいません\n")


def _card_cli(lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    return subprocess.run(
        [sys.executable, "-m", "cardio.cli", *args],
        capture_output=True,
        text=True,
        env=env | {"LANG": lang},
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )


def test_kazasu_card_speaks_japanese_but_its_json_stays_as_it_was() -> None:
    japanese = _card_cli("ja_JP.UTF-8", "sign", "not a challenge")
    assert japanese.stderr.startswith("kazasu-card: サインイン用の文字列ではありません。")
    machine = _card_cli("ja_JP.UTF-8", "sign", "--json", "not a challenge")
    body = json.loads(machine.stdout)
    assert body["error"] == "bad_challenge"
    assert body["message"].startswith("This is not a sign-in text")
