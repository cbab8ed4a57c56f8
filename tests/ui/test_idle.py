"""The idle time-out: restarted by any touch, key or kana being composed while it runs, and
blind to the application's events otherwise."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import Scene
from ui.idle import IdleTimeout
from ui.window import MainWindow


class CountingTimeout(IdleTimeout):
    """The time-out, counting the events its filter is given."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.seen += 1
        return super().eventFilter(watched, event)


def key_press(widget: QWidget) -> None:
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    QApplication.sendEvent(widget, event)


def touch(widget: QWidget) -> None:
    QTest.mousePress(widget, Qt.MouseButton.LeftButton)


def kana_composed(widget: QWidget) -> None:
    QApplication.sendEvent(widget, QInputMethodEvent("か", []))


def test_it_watches_the_application_s_events_only_while_it_runs(qtbot: QtBot) -> None:
    idle = CountingTimeout()
    idle.setInterval(100)
    field = QLineEdit()
    qtbot.addWidget(field)
    key_press(field)
    assert idle.seen == 0
    idle.start()
    key_press(field)
    assert idle.seen > 0
    with qtbot.waitSignal(idle.timeout, timeout=5000):
        pass
    assert not idle.isActive()
    idle.seen = 0
    key_press(field)
    touch(field)
    assert idle.seen == 0


@pytest.mark.parametrize("activity", [touch, key_press, kana_composed])
def test_a_touch_a_key_or_a_kana_being_composed_starts_it_again(
    qtbot: QtBot, activity: Callable[[QWidget], None]
) -> None:
    idle = IdleTimeout()
    idle.setInterval(1500)
    field = QLineEdit()
    qtbot.addWidget(field)
    expired: list[bool] = []
    idle.timeout.connect(lambda: expired.append(True))
    idle.start()
    qtbot.wait(900)
    activity(field)
    qtbot.wait(900)
    # 1.8 s after the start: only the restart kept it running.
    assert not expired and idle.isActive()
    qtbot.waitUntil(lambda: bool(expired), timeout=5000)


def counting(
    event_filter: Callable[[Any, QObject, QEvent], bool], filtered: list[QEvent.Type]
) -> Callable[[Any, QObject, QEvent], bool]:
    """``event_filter``, noting the type of each event it is given in ``filtered``."""

    def noting(self: Any, watched: QObject, event: QEvent) -> bool:
        filtered.append(event.type())
        return event_filter(self, watched, event)

    return noting


def test_a_citizen_s_tap_at_the_entrance_brings_no_event_into_python_filters(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every event of every widget through Python cost a tap 4-8 ms of the interpreter.
    filtered: list[QEvent.Type] = []
    for kind in (MainWindow, IdleTimeout):
        monkeypatch.setattr(kind, "eventFilter", counting(kind.eventFilter, filtered))
    scene.qtbot.waitUntil(lambda: "準備完了" in scene.window.status.reader.text())
    filtered.clear()
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: scene.window.stack.currentWidget() is scene.window.confirmation)
    assert filtered == []
