"""Every screen lays out inside the kiosk's own screen: 1280×800 and 1366×768 at 100 %, 1920×1080
at 150 %, nothing clipped, and the window shrinks again when the scale goes back to 100 %."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QWidget,
)

from tests.ui.conftest import Scene, sign_in
from ui.window import MainWindow

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QAbstractItemView,
    QTabBar,
)
SIZES = [(1280, 800, 1.0), (1366, 768, 1.0), (1920, 1080, 1.5)]


def _reachable(widget: QWidget, window: QWidget) -> QRect:
    """Where ``widget`` can be seen in ``window``: inside a scroll area, the area's viewport
    (scrolling brings the widget into it); otherwise the widget itself."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, (QScrollArea, QAbstractItemView)) and parent is not widget:
            widget = parent
        parent = parent.parentWidget()
    top_left = widget.mapTo(window, QPoint(0, 0))
    return QRect(top_left, widget.size())


def clipped(window: MainWindow) -> list[str]:
    """The visible interactive widgets that do not lie wholly inside the window."""
    frame = QRect(QPoint(0, 0), window.size())
    out = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(window):
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # a spin box's own line edit
        rect = _reachable(widget, window)
        if not frame.contains(rect):
            name = widget.objectName() or widget.accessibleName()
            text = widget.text() if isinstance(widget, QAbstractButton | QLineEdit) else ""
            out.append(f"{type(widget).__name__} {name!r} {text!r} at {rect.getRect()}")
    return out


def screens(scene: Scene) -> Iterator[tuple[str, Callable[[], None]]]:
    """Every screen and how to reach it."""
    window = scene.window
    yield "attract", window.show_attract
    yield "sign-in", window.show_signin

    def console(index: int) -> Callable[[], None]:
        def show() -> None:
            if window.ctx.session is None:
                sign_in(scene)
            window.console.tabs.setCurrentIndex(index)

        return show

    for index in range(window.console.tabs.count()):
        yield f"console tab {index}", console(index)

    def walkin_household() -> None:
        console(window.console.tabs.indexOf(window.console.walkin))()
        window.console.walkin.type_instead.click()

    yield "walk-in household", walkin_household


def _settle(scene: Scene) -> None:
    QApplication.processEvents()
    scene.qtbot.wait(50)


@pytest.mark.parametrize(("width", "height", "scale"), SIZES)
def test_every_screen_fits_the_kiosk_screen(
    scene: Scene, width: int, height: int, scale: float
) -> None:
    window = scene.window
    window.apply_settings(window.ctx.with_settings(ui_scale=scale))
    window.resize(width, height)
    problems = []
    for name, show in list(screens(scene)):
        show()
        window.resize(width, height)
        _settle(scene)
        if (window.width(), window.height()) != (width, height):
            problems.append(f"{name}: the window grew to {window.width()}×{window.height()}")
        problems += [f"{name}: {p}" for p in clipped(window)]
    assert not problems, "\n".join(problems)


def test_going_back_to_100_percent_shrinks_the_window(scene: Scene) -> None:
    window = scene.window
    sign_in(scene)
    window.resize(1280, 800)
    window.apply_settings(window.ctx.with_settings(ui_scale=2.0))
    _settle(scene)
    large = window.minimumSizeHint()
    window.apply_settings(window.ctx.with_settings(ui_scale=1.0))
    _settle(scene)
    assert window.minimumSizeHint().height() < large.height()
    assert (window.width(), window.height()) == (1280, 800)
