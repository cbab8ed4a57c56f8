"""The theme restyles the screens when its scale changes, and only then."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel

from ui.theme import apply_theme


class _StyleChanges(QObject):
    """Counts the style changes delivered to the widget it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange:
            self.count += 1
        return False


def test_the_same_theme_applied_again_leaves_every_widget_as_it_is(qapp: QApplication) -> None:
    apply_theme(qapp, 1.0)
    label = QLabel("受付")
    label.show()
    changes = _StyleChanges()
    label.installEventFilter(changes)
    QApplication.processEvents()
    apply_theme(qapp, 1.0)
    QApplication.processEvents()
    assert changes.count == 0
    apply_theme(qapp, 1.5)
    QApplication.processEvents()
    assert changes.count > 0
    assert qapp.font().pixelSize() == 33
    apply_theme(qapp, 1.0)
    label.close()
