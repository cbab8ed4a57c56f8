"""A wrapped label's height for a width: remembered, and laid out anew whenever what it shows
or how it shows it changes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ui.widgets import WrappedLabel, ruby_html

FURIGANA = "カードを　お{持|も}ちでない　{方|かた}は　{職員|しょくいん}へ"
LONG = "マイナンバーカードを　カードリーダーに　かざして　ください。" * 4


def label(qtbot: QtBot, text: str) -> WrappedLabel:
    shown = WrappedLabel()
    qtbot.addWidget(shown)
    shown.setText(ruby_html(text))
    return shown


def as_qt_lays_it_out(shown: WrappedLabel, width: int) -> int:
    """The height a plain QLabel showing the same gets at ``width``."""
    plain = QLabel()
    plain.setWordWrap(True)
    plain.setFont(shown.font())
    plain.setStyleSheet(shown.styleSheet())
    plain.setText(shown.text())
    plain.ensurePolished()
    return plain.heightForWidth(width)


def test_its_height_is_qt_s_for_each_width(qtbot: QtBot) -> None:
    shown = label(qtbot, LONG)
    for width in (200, 400, 800, 400):
        assert shown.heightForWidth(width) == as_qt_lays_it_out(shown, width)
    assert shown.heightForWidth(200) > shown.heightForWidth(800)


def test_a_new_text_is_laid_out_anew(qtbot: QtBot) -> None:
    shown = label(qtbot, "{職員|しょくいん}を　{呼|よ}ぶ")
    short = shown.heightForWidth(300)
    shown.setText(ruby_html(LONG))
    assert shown.heightForWidth(300) > short
    assert shown.heightForWidth(300) == as_qt_lays_it_out(shown, 300)
    shown.setText(ruby_html(FURIGANA))
    assert shown.heightForWidth(300) == as_qt_lays_it_out(shown, 300)


def test_a_larger_font_is_laid_out_anew(qtbot: QtBot) -> None:
    # By style sheet, as the theme sets the screens' fonts (an application's style sheet
    # overrides a widget's own font).
    shown = label(qtbot, LONG)
    shown.setStyleSheet("font-size: 12pt")
    shown.ensurePolished()
    before = shown.heightForWidth(400)
    shown.setStyleSheet("font-size: 36pt")
    shown.ensurePolished()
    larger = shown.heightForWidth(400)
    assert larger > before
    assert larger == as_qt_lays_it_out(shown, 400)


def test_margins_are_laid_out_anew(qtbot: QtBot) -> None:
    shown = label(qtbot, LONG)
    before = shown.heightForWidth(400)
    shown.setContentsMargins(0, 40, 0, 40)
    assert shown.heightForWidth(400) == before + 80
