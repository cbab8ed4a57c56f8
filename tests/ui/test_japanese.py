"""Japanese throughout: in the Japanese UI no visible text is left in English, the core's errors
reach the screen in Japanese, Qt's own dialogs are Japanese, and every catalogue is complete."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QTableView,
    QTreeView,
    QWidget,
)

from kiosk.printout import roster_printout
from tests.ui.conftest import ADMIN, Scene, sign_in
from ui.printing import write_roster_pdf
from ui.screens.roster import RosterTab
from ui.theme import FONT_FAMILIES

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# Visible text that is right in ASCII in the Japanese UI: names of things (the product, the
# English language's own name in the language switch, QR codes, PINs, ids, CSV and PDF files)
# and what staff typed or the platform holds. Anything else in ASCII is an untranslated string.
ALLOWED = {"Kazasu", "English", "QR", "PIN", "ID", "CSV", "PDF", "OK", "Wi-Fi", "USB"}
# Data rather than words: ids, numbers, times, card keys, addresses of the platform.
DATA = re.compile(r"[A-Za-z]{0,2}[-_]?\d[\w\-:.]*|jpki:[0-9a-f]+|https?://\S*|—|-")


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text)).strip()


def english_left(text: str) -> bool:
    """Whether ``text`` (a label, button, title) is ASCII words that are not allowed as such."""
    plain = _plain(text)
    if not plain or not plain.isascii() or not re.search("[A-Za-z]", plain):
        return False
    words = re.findall(r"[A-Za-z][\w\-:./]*", plain)
    return any(w not in ALLOWED and not DATA.fullmatch(w) for w in words)


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(widget class, text) of every text a person can see in ``root`` now."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        kind = type(widget).__name__
        if isinstance(widget, QLabel):
            found.append((kind, widget.text()))
        elif isinstance(widget, QAbstractButton):
            found += [(kind, widget.text()), (kind, widget.toolTip())]
        elif isinstance(widget, QGroupBox):
            found.append((kind, widget.title()))
        elif isinstance(widget, QLineEdit):
            found.append((kind, widget.placeholderText()))
        elif isinstance(widget, QTabBar):
            found += [
                (kind, widget.tabText(i)) for i in range(widget.count()) if widget.isTabVisible(i)
            ]
        elif isinstance(widget, QTableView | QTreeView) and widget.model() is not None:
            model = widget.model()
            found += [
                (kind, str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                for c in range(model.columnCount(QModelIndex()))
            ]
    return found


def english_on_screen(scene: Scene) -> list[tuple[str, str]]:
    scene.qtbot.wait(50)
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    return [(k, t) for w in windows for k, t in visible_texts(w) if english_left(t)]


def test_the_allow_list_lets_names_and_data_through_and_nothing_else() -> None:
    assert not english_left("Kazasu 1.2.0")
    assert not english_left("S1 — 第一小学校")
    assert not english_left("<b>QR</b>")
    assert not english_left("12:30")
    assert english_left("Check out")
    assert english_left("Not done: this person is not checked in at any shelter")


def select_listed(scene: Scene, roster: RosterTab, person_id: str) -> None:
    """Select a person once the roster lists them, and wait until their details are loaded."""
    scene.qtbot.waitUntil(lambda: person_id in [r.person.person_id for r in roster.page.rows])
    roster.select_person(person_id)
    scene.qtbot.waitUntil(
        lambda: roster.extras is not None and roster.extras.person_id == person_id
    )


def test_walking_every_screen_in_japanese_finds_no_english(scene: Scene) -> None:
    window = scene.window
    window.ctx.languages.switch("ja")
    seen: dict[str, list[tuple[str, str]]] = {}
    window.show_attract()
    seen["attract"] = english_on_screen(scene)
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: window.stack.currentWidget() is window.confirmation)
    seen["confirmation"] = english_on_screen(scene)
    scene.lift()
    window.show_signin()
    seen["sign-in"] = english_on_screen(scene)
    sign_in(scene)
    console = window.console
    select_listed(scene, console.roster, "p-1")
    for index in range(console.tabs.count()):
        if not console.tabs.isTabVisible(index):
            continue
        console.tabs.setCurrentIndex(index)
        scene.qtbot.waitUntil(lambda: not window.ctx.tasks.pending)
        seen[f"console tab {console.tabs.tabText(index)}"] = english_on_screen(scene)
    console.tabs.setCurrentWidget(console.walkin)
    console.walkin.type_instead.click()
    seen["walk-in typed"] = english_on_screen(scene)
    console.tabs.setCurrentWidget(console.roster)
    editor = console.roster.open_person_editor()
    assert editor is not None
    seen["person editor"] = english_on_screen(scene)
    editor.reject()
    assert {name: texts for name, texts in seen.items() if texts} == {}


def test_the_core_refusals_reach_the_screen_in_japanese(scene: Scene) -> None:
    scene.window.ctx.languages.switch("ja")
    sign_in(scene)
    console = scene.window.console
    roster = console.roster
    select_listed(scene, roster, "p-1")  # registered, not checked in
    roster.check_out.click()
    scene.qtbot.waitUntil(lambda: roster.message.text() != "")
    assert roster.message.text() == ("できませんでした：この人はどの避難所にも入所していません")

    console.tabs.setCurrentWidget(console.walkin)
    wizard = console.walkin
    wizard.type_instead.click()
    wizard.representative.fields["name"].setText("手入力 次郎")  # type: ignore[attr-defined]
    wizard.register.click()
    scene.qtbot.waitUntil(lambda: wizard.message.text() != "")
    assert "世帯員全員の氏名とふりがなが必要です" in wizard.message.text()
    assert not english_left(wizard.message.text())


def test_qt_dialogs_and_standard_buttons_are_japanese(scene: Scene) -> None:
    scene.window.ctx.languages.switch("ja")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    # Qt's own file dialog, as the roster's 'Save as PDF' opens it where there is no native one.
    dialog = QFileDialog(scene.window)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    shown = [t for _, t in visible_texts(dialog) if t]
    assert "ファイル名(&N):" in shown, shown
    # Two labels Qt's own qtbase_ja (Qt 6.11) has no translation for; everything else is Qt's.
    assert [t for t in shown if english_left(t)] == ["&Look in:", "Files of &type:"]
    dialog.reject()
    box.deleteLater()


def test_the_roster_pdf_has_a_japanese_title_and_a_proportional_font(
    scene: Scene, tmp_path: Path
) -> None:
    doc = roster_printout(scene.kiosk.store, "S1", ADMIN)
    path = tmp_path / "roster.pdf"
    write_roster_pdf(doc, path)
    reader = PdfReader(path)
    assert reader.metadata is not None and reader.metadata.title == "避難者名簿 第一小学校"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index]
    }
    assert fonts and all("IPAPGothic" in f for f in fonts), fonts
    assert "IPAGothic" not in FONT_FAMILIES


@pytest.mark.parametrize("ts", sorted(I18N.glob("kazasu_*.ts")), ids=lambda p: p.name)
def test_every_message_of_the_qt_catalogues_is_translated(ts: Path) -> None:
    japanese = ts.name == "kazasu_ja.ts"
    for context in ET.parse(ts).iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None, (name, source)
            assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), (
                name,
                source,
            )
            forms = [f.text or "" for f in translation.iter("numerusform")]
            texts = forms or [translation.text or ""]
            assert all(t.strip() for t in texts), (name, source)
            if japanese:
                words = [PLACEHOLDER.sub("", t) for t in texts]
                assert not any(english_left(w) for w in words), (name, source, texts)
