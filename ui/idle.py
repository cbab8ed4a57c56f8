"""The idle time-out: ends a staff session, or a visitor's chosen language, when nobody touches
the kiosk for a while."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)
"""The events that say someone is using the kiosk."""


class IdleTimeout(QObject):
    """A single-shot time-out that any touch or key anywhere in the application restarts while
    it runs.

    It watches the application's events only while it runs: an application-wide event filter
    brings every event of every widget (layouts, paints, timers) into Python, and a citizen's
    tap at the entrance, where no time-out runs, paid for it in the interpreter and waited for
    it while a provisioning held the interpreter (docs/decisions/kiosk-sync.md, "The tap during
    provisioning, eighth round")."""

    timeout = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expired)

    def setInterval(self, ms: int) -> None:
        """How long nobody may touch the kiosk before the time-out."""
        self._timer.setInterval(ms)

    def start(self) -> None:
        """Start, or restart, the time-out."""
        self._timer.start()
        # Installing it again is harmless: Qt keeps one filter once.
        self._application().installEventFilter(self)

    def isActive(self) -> bool:
        """Whether the time-out runs."""
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Someone touched the kiosk: the time-out starts again."""
        if event.type() in ACTIVITY:
            self._timer.start()
        return False

    def _expired(self) -> None:
        self._application().removeEventFilter(self)
        self.timeout.emit()

    @staticmethod
    def _application() -> QApplication:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        return app
