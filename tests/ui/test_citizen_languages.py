"""Residents choose their language on the entrance: every resident catalogue holds every citizen
string, the choice lasts for one person's visit, and the fonts have the glyphs it needs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from kiosk.questions import Question
from tests.integration.platform_server import PlatformServer, running_platform
from tests.ui.conftest import ADMIN, Scene
from tests.ui.test_arrivals import enrol
from tests.ui.test_walkin import open_wizard
from ui import selftest
from ui.i18n import CITIZEN_CONTEXTS, CITIZEN_LANGUAGES, EASY_JAPANESE, I18N, LANGUAGES
from ui.theme import FONT_FAMILIES

# Resident languages whose catalogue is the citizen contexts only (Japanese and English are
# whole catalogues, as the staff screens use them too).
RESIDENT = [code for code in CITIZEN_LANGUAGES if code not in LANGUAGES]
# Sources that are the right text in a language too, so a translation may equal them.
SAME_IN_SOME = {"OK", "{field}: {reason}", ", "}


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) → translation, None when unfinished."""
    found: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            done = translation.get("type") not in ("unfinished", "obsolete", "vanished")
            found[(name, message.findtext("source") or "")] = translation.text if done else None
    return found


JAPANESE = messages(I18N / "kazasu_ja.ts")
ROOT = I18N.parents[1]


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[PlatformServer]:
    with running_platform(tmp_path / "platform") as server:
        yield server


@pytest.fixture(scope="module")
def in_code(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str | None]:
    """Every string the screens translate, as lupdate finds them in the code."""
    ts = tmp_path_factory.mktemp("lupdate") / "code.ts"
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), *sources, "-ts", str(ts), "-no-obsolete", "-locations", "none"],
        check=True,
        capture_output=True,
    )
    found = messages(ts)
    assert len(found) > 500
    return found


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_whole_catalogues_translate_every_string_of_the_code(
    code: str, in_code: dict[tuple[str, str], str | None]
) -> None:
    catalogue = messages(I18N / f"kazasu_{code}.ts")
    missing = [key for key in in_code if not catalogue.get(key)]
    assert missing == [], f"kazasu_{code}.ts lacks {missing}"


@pytest.mark.parametrize("code", RESIDENT)
def test_a_resident_catalogue_translates_every_citizen_string(
    code: str, in_code: dict[tuple[str, str], str | None]
) -> None:
    catalogue = messages(I18N / f"kazasu_{code}.ts")
    wanted = [key for key in in_code if key[0] in CITIZEN_CONTEXTS]
    assert len(wanted) > 50
    missing = [key for key in wanted if not catalogue.get(key)]
    assert missing == [], f"kazasu_{code}.ts lacks {missing}"
    untranslated = [
        key for key in wanted if catalogue[key] == key[1] and key[1] not in SAME_IN_SOME
    ]
    assert untranslated == [], f"kazasu_{code}.ts leaves {untranslated} in English"
    # Staff screens stay Japanese or English: nothing outside the citizen contexts.
    assert {context for context, _ in catalogue} == set(CITIZEN_CONTEXTS)


def test_easy_japanese_differs_from_the_japanese_catalogue_and_writes_no_hard_kanji_bare() -> None:
    easy = messages(I18N / f"kazasu_{EASY_JAPANESE}.ts")
    rewritten = [key for key, text in easy.items() if text != JAPANESE[key]]
    assert len(rewritten) > len(easy) // 2
    # A kanji in easy Japanese carries its reading: {漢字|かんじ}.
    for key, text in easy.items():
        bare = "".join(
            ch
            for part in (text or "").replace("}", "{").split("{")[::2]
            for ch in part
            if "\u4e00" <= ch <= "\u9fff"
        )
        assert bare == "", f"{key}: {text}"


@pytest.mark.parametrize("code", list(CITIZEN_LANGUAGES))
def test_the_theme_fonts_draw_every_character_of_each_language(code: str, qapp: object) -> None:
    catalogue = messages(I18N / f"kazasu_{code}.ts")
    text = CITIZEN_LANGUAGES[code] + "".join(
        t or "" for (context, _), t in catalogue.items() if context in CITIZEN_CONTEXTS
    )
    installed = [f for f in FONT_FAMILIES if f in QFontDatabase.families()]
    metrics = [QFontMetrics(QFont(family)) for family in installed]
    lacking = sorted(
        {ch for ch in text if ch.isprintable() and not any(m.inFontUcs4(ord(ch)) for m in metrics)}
    )
    assert lacking == [], f"no font in {installed} has {''.join(lacking)}"


def test_the_entrance_offers_each_language_in_its_own_script(scene: Scene) -> None:
    buttons = scene.window.attract.languages
    assert [b.text() for b in buttons.values()] == [
        "日本語",
        "やさしい にほんご",
        "English",
        "中文",
        "한국어",
        "Tiếng Việt",
        "Português",
    ]
    assert buttons["ko"].accessibleName() == "한국어 (Korean)"
    assert all(b.height() >= 64 for b in buttons.values())
    assert buttons["ja"].isChecked()


def test_korean_lasts_for_the_confirmation_and_japanese_comes_back(scene: Scene) -> None:
    window = scene.window
    attract, confirmation = window.attract, window.confirmation
    attract.languages["ko"].click()
    scene.qtbot.waitUntil(lambda: "마이넘버 카드" in attract.title.text())
    assert attract.languages["ko"].isChecked() and not attract.languages["ja"].isChecked()
    assert attract.call_staff.text() == "직원 부르기"
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: window.stack.currentWidget() is confirmation)
    assert confirmation.action.text() == "어서 오세요. 접수되었습니다."
    assert confirmation.household.text() == "이 대피소에 있는 가족: 佐藤 蓮"
    assert confirmation.ok.text() == "확인"
    # The status strip is for staff: it stays in the kiosk's language.
    assert "オフライン" in window.status.network.text()
    scene.lift()
    confirmation.ok.click()
    scene.qtbot.waitUntil(lambda: "マイナンバーカード" in attract.title.text())
    assert window.stack.currentWidget() is attract
    assert attract.languages["ja"].isChecked() and window.ctx.languages.visitor == ""


def test_a_card_nobody_registered_is_sent_to_the_staff_desk_in_vietnamese(scene: Scene) -> None:
    window = scene.window
    window.attract.languages["vi"].click()
    scene.place("stranger")
    confirmation = window.confirmation
    scene.qtbot.waitUntil(lambda: window.stack.currentWidget() is confirmation)
    assert confirmation.action.text() == "Xin lỗi"
    assert confirmation.message.text() == "Không tìm thấy đăng ký của bạn. Hãy đến bàn nhân viên."


def test_an_unknown_card_asks_for_its_pin_in_vietnamese(
    scene: Scene, platform: PlatformServer
) -> None:
    engine = enrol(scene, platform.url, platform)
    window = scene.window
    window.attract.languages["vi"].click()
    scene.place("stranger")
    confirmation = window.confirmation
    scene.qtbot.waitUntil(confirmation.pin.isVisible, timeout=10000)
    engine.close()
    assert confirmation.message.text() == (
        "Nơi sơ tán này chưa có đăng ký của bạn. "
        "Hãy nhập mã PIN 4 số của thẻ để chuyển đăng ký đến đây."
    )
    assert confirmation.pin.field.accessibleName() == "Mã PIN 4 số"
    assert confirmation.pin.clear_key.text() == "Xóa"


def test_a_chosen_language_ends_when_nobody_touches_the_entrance(scene: Scene) -> None:
    window = scene.window
    window.idle.setInterval(200)
    window.attract.languages["pt"].click()
    scene.qtbot.waitUntil(lambda: window.attract.call_staff.text() == "Chamar a equipe")
    scene.qtbot.waitUntil(lambda: window.attract.call_staff.text() == "職員を　呼ぶ")
    assert window.ctx.languages.visitor == ""


def test_staff_sign_in_is_never_in_the_residents_language(scene: Scene) -> None:
    window = scene.window
    window.attract.languages["zh-Hans"].click()
    scene.qtbot.waitUntil(lambda: window.attract.call_staff.text() == "呼叫工作人员")
    window.attract.staff.click()
    assert window.ctx.languages.visitor == ""
    scene.qtbot.waitUntil(lambda: window.attract.call_staff.text() == "職員を　呼ぶ")


def test_easy_japanese_puts_the_reading_over_the_kanji(scene: Scene) -> None:
    attract = scene.window.attract
    attract.languages[EASY_JAPANESE].click()
    scene.qtbot.waitUntil(lambda: "ひと" in attract.no_card.text())
    assert "しょくいん" in attract.no_card.text() and "職員" in attract.no_card.text()
    assert attract.call_staff.text() == "職員を　呼ぶ"


def test_the_self_test_fails_when_a_resident_catalogue_is_not_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    for qm in I18N.glob("*.qm"):
        if qm.name != "kazasu_ko.qm":
            shutil.copy(qm, tmp_path / qm.name)
    monkeypatch.setattr(selftest, "I18N", tmp_path)
    ok, detail = selftest.check_resources()
    assert not ok and "kazasu_ko.qm" in detail
    monkeypatch.setattr(selftest, "I18N", I18N)
    ok, detail = selftest.check_resources()
    assert ok and "for residents ja-x-easy, zh-Hans, ko, vi, pt" in detail


def test_a_walk_in_form_handed_to_a_resident_is_in_portuguese_while_it_is_on_screen(
    scene: Scene,
) -> None:
    scene.kiosk.questions.add(
        ADMIN, Question("wheelchair", "person", "yesno", "車いす", "Wheelchair")
    )
    wizard = open_wizard(scene)
    wizard.type_instead.click()
    form = wizard.representative
    scene.qtbot.waitUntil(lambda: "wheelchair" in form.questions)
    wizard.language_row.buttons["pt"].click()
    scene.qtbot.waitUntil(lambda: form.labels["name"].text() == "Nome")
    assert form.labels["furigana"].text() == "Leitura do nome (furigana)"
    assert wizard.register.text() == "Cadastrar"
    # Administrators word their questions in Japanese and English: English for Portuguese.
    assert form.questions["wheelchair"][1].text() == "Wheelchair"
    form.fields["name"].setText("Silva Ana")  # type: ignore[attr-defined]
    console = scene.window.console
    console.tabs.setCurrentWidget(console.roster)
    scene.qtbot.waitUntil(lambda: form.labels["name"].text() == "氏名")
    assert scene.window.ctx.languages.visitor == ""
    assert form.questions["wheelchair"][1].text() == "車いす"
    assert form.values()["name"] == "Silva Ana"  # the form is kept, only its language ends
