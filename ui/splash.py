"""The start-up progress window: what the kiosk is doing from its first paint until the entrance
screen is painted, instead of nothing on screen.

A first start on a new PC can take half a minute (the program's libraries read and checked for the
first time, the key asked of the OS key store, the encrypted store checked and migrated). This
module imports Qt only, so the window is painted before any of that begins, and each slow step
runs on a thread of its own while the window stays painted and its bar moves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from enum import IntEnum
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from ui.i18n import StartupLanguage

T = TypeVar("T")


def both(translated: str, source: str) -> str:
    """Japanese, then the English source on the next line (once, if there is no translation)."""
    return translated if translated == source else f"{translated}\n{source}"


class Step(IntEnum):
    """The steps of a start, in order."""

    LOAD = 0
    OPEN = 1
    SCREENS = 2


class StartupProgress(QWidget):
    """The steps of the start with the current one marked; ``painted`` carries the step shown."""

    painted = Signal(object)
    _work_done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Kazasu")
        self.setObjectName("startupProgress")
        self.step = Step.LOAD
        self.finished = False
        # Shown before the language setting can be read (it is in the store): Japanese first,
        # the English source below it. The texts are set once; the screens switch languages later.
        with StartupLanguage():
            self.texts = {
                Step.LOAD: both(self.tr("Loading the program"), "Loading the program"),
                Step.OPEN: both(
                    self.tr("Opening the encrypted data (key, check, updates)"),
                    "Opening the encrypted data (key, check, updates)",
                ),
                Step.SCREENS: both(self.tr("Preparing the screens"), "Preparing the screens"),
            }
            self.title = QLabel(both(self.tr("Kazasu is starting"), "Kazasu is starting"))
            self.note = QLabel(
                both(
                    self.tr("Please wait. The first start on a new computer can take a minute."),
                    "Please wait. The first start on a new computer can take a minute.",
                )
            )
        self.title.setObjectName("title")
        # The theme is applied with the settings, later: sizes of its own, readable at a distance.
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.setFont(font)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.rows = {step: QLabel() for step in Step}
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # moving, not a guess of time left
        self.bar.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        for row in self.rows.values():
            layout.addWidget(row)
        layout.addWidget(self.bar)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.setMinimumWidth(880)
        self.adjustSize()
        self._show_rows()

    def begin(self, step: Step) -> None:
        """Mark ``step`` as the one under way, painted before its work starts."""
        self.step = step
        self._show_rows()
        self.repaint()
        # A window just shown is painted once the windowing system has exposed it.
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def behind(self, work: Callable[[], T]) -> T:
        """Run ``work`` on a thread of its own while this window stays painted; its result, or
        its exception raised here."""
        done: Future[T] = Future()
        loop = QEventLoop()
        self._work_done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

        def run() -> None:
            try:
                done.set_result(work())
            except BaseException as exc:  # handed to the GUI thread, raised there
                done.set_exception(exc)
            self._work_done.emit()

        threading.Thread(target=run, name="kazasu-start", daemon=True).start()
        # The queued quit is delivered only inside this loop, so it cannot be missed.
        loop.exec()
        self._work_done.disconnect(loop.quit)
        return done.result()

    def finish(self) -> None:
        """The screens are painted: go."""
        self.finished = True
        self.close()

    def _show_rows(self) -> None:
        for step, row in self.rows.items():
            mark = "✓" if step < self.step else "▶" if step == self.step else "・"
            row.setText(f"{mark} {self.texts[step]}")
            row.setEnabled(step <= self.step)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint, and say which step is on screen."""
        super().paintEvent(event)
        self.painted.emit(self.step)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Not closed by hand: the start closes it when the screens are painted."""
        if not self.finished:
            event.ignore()
            return
        super().closeEvent(event)
