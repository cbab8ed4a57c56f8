"""The entrance says where people are and what to do, technical status is for staff, every
control has a name a screen reader can say, and every touch target is at least 64 px."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTabBar,
    QWidget,
)

from kiosk import audit
from tests.ui.conftest import Scene, sign_in
from tests.ui.test_layout_fits import INTERACTIVE, screens
from ui.window import MainWindow

TOUCH = 64


def _visible(window: MainWindow, kinds: tuple[type, ...]) -> list[QWidget]:
    return [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisibleTo(window)
        and not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)
    ]


def _describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLineEdit) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {text!r} in {widget.parent()!r}"


def test_the_entrance_names_the_shelter_the_card_and_shows_where_the_reader_is(
    scene: Scene,
) -> None:
    attract = scene.window.attract
    scene.qtbot.waitUntil(lambda: "第一小学校" in attract.shelter.text())
    assert "マイナンバーカード" in attract.title.text()
    assert attract.pictogram.isVisible() and attract.pictogram.renderer().isValid()
    # Furigana over the kanji that stay in the plain-Japanese sentence.
    assert "しょくいん" in attract.no_card.text() and "職員" in attract.no_card.text()
    assert attract.call_staff.text() == "職員を　呼ぶ"
    attract.languages["en"].click()
    scene.qtbot.waitUntil(lambda: "My Number Card" in attract.title.text())
    assert attract.no_card.text() == "No card? Please ask staff."


def test_a_call_for_staff_from_the_entrance_shows_at_the_console_until_answered(
    scene: Scene,
) -> None:
    window = scene.window
    window.attract.call_staff.click()
    scene.qtbot.waitUntil(lambda: window.status.call.text() == "🔔 職員呼び出し")
    assert "しょくいん" in window.attract.call_answer.text()
    assert not window.attract.call_staff.isEnabled()
    sign_in(scene)
    console = window.console
    scene.qtbot.waitUntil(lambda: console.call_banner.isVisible())
    assert "入口で職員を呼んでいる方がいます" in console.call_banner.text()
    console.answer_call.click()
    scene.qtbot.waitUntil(lambda: not console.call_banner.isVisible())
    assert window.status.call.text() == ""
    assert window.attract.call_staff.isEnabled()
    with scene.kiosk.store.reading() as conn:
        actions = [(e.actor, e.action) for e in audit.entries(conn, 5)]
    assert ("kiosk:self-service", "staff.called") in actions
    assert any(a == "staff.call_answered" and "t01" in actor for actor, a in actions), actions


def test_technical_status_is_shown_to_staff_only(scene: Scene) -> None:
    status = scene.window.status
    scene.qtbot.waitUntil(lambda: status.sync is not None)
    technical = (status.network, status.waiting, status.reader, status.camera)
    assert not any(label.isVisible() for label in technical)
    sign_in(scene)
    assert all(label.isVisible() for label in technical)
    scene.window.sign_out()
    assert not any(label.isVisible() for label in technical)


def test_every_control_on_every_screen_has_an_accessible_name(scene: Scene) -> None:
    window = scene.window
    missing = []
    for name, show in list(screens(scene)):
        show()
        scene.qtbot.wait(50)
        for widget in _visible(window, INTERACTIVE):
            if isinstance(widget, QHeaderView):
                continue  # part of its table, which has the name
            face = QAccessible.queryAccessibleInterface(widget)
            said = face.text(QAccessible.Text.Name) if face is not None else ""
            if not said.strip():
                missing.append(f"{name}: {_describe(widget)}")
    assert not sorted(set(missing)), "\n".join(sorted(set(missing)))


def test_every_touch_target_is_at_least_64_px(scene: Scene) -> None:
    window = scene.window
    small = []
    for name, show in list(screens(scene)):
        show()
        scene.qtbot.wait(50)
        targets = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QCheckBox)
        for widget in _visible(window, targets):
            if widget.height() < TOUCH or widget.width() < TOUCH:
                small.append(f"{name}: {_describe(widget)} is {widget.width()}×{widget.height()}")
        for bar in _visible(window, (QTabBar,)):
            assert isinstance(bar, QTabBar)
            for i in range(bar.count()):
                if bar.isTabVisible(i) and bar.tabRect(i).height() < TOUCH:
                    small.append(f"{name}: tab {bar.tabText(i)!r} is {bar.tabRect(i).height()}")
    assert not sorted(set(small)), "\n".join(sorted(set(small)))
