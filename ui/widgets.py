"""Small widgets the screens share: the status strip, a PIN pad, a QR code, a bar chart."""

from __future__ import annotations

import html
import math
import re
import time
from collections.abc import Callable, Sequence

import segno
from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cardio.device import DeviceState, DeviceStatus
from cardio.qr.camera_status import CameraStatus, StatusChange
from kiosk.status import Link, SyncStatus
from ui.i18n import CITIZEN_LANGUAGE_NAMES, CITIZEN_LANGUAGES

MAX_REMEMBERED_WIDTHS = 64
"""How many widths a ``WrappedLabel`` keeps heights for (a window being resized asks many)."""


def say(label: QLabel, text: str, ok: bool) -> None:
    """Show a message on ``label``: a success in green (``success``), a refusal or a problem in
    red (``warning``), so that "done" never looks like an error."""
    label.setObjectName("success" if ok else "warning")
    label.style().unpolish(label)
    label.style().polish(label)
    label.setText(text)


class Translatable(QWidget):
    """A widget that sets its texts in ``retranslate`` and redoes it when the language changes."""

    def retranslate(self) -> None:
        """Set every visible text (override)."""

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class LanguageButtons(QWidget):
    """A row of touch buttons, one per residents' language, each named in its own script (never
    translated) and, for screen readers, in English; ``chosen`` carries the language's code."""

    chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for code, name in CITIZEN_LANGUAGES.items():
            button = QPushButton(name)
            button.setObjectName("language")
            button.setCheckable(True)
            button.setAccessibleName(f"{name} ({CITIZEN_LANGUAGE_NAMES[code]})")
            button.clicked.connect(lambda _=False, code=code: self.chosen.emit(code))
            row.addWidget(button)
            self.buttons[code] = button
        self.show_language("ja")

    def show_language(self, language: str) -> None:
        """Mark ``language``'s button as the one the screens are in."""
        for code, button in self.buttons.items():
            button.setChecked(code == language)


_RUBY = re.compile(r"\{([^|{}]+)\|([^|{}]+)\}")


def ruby_html(text: str) -> str:
    """Rich text for ``text`` with furigana: ``{職員|しょくいん}`` puts the small reading above
    the word, as ruby would (Qt's rich text has no ruby, so each word is a table column with its
    reading on the row above). Text without braces comes back escaped and unchanged."""
    parts: list[tuple[str, str]] = []
    at = 0
    for match in _RUBY.finditer(text):
        if match.start() > at:
            parts.append((text[at : match.start()], ""))
        parts.append((match.group(1), match.group(2)))
        at = match.end()
    if not any(reading for _, reading in parts):
        return html.escape(text)
    if at < len(text):
        parts.append((text[at:], ""))
    top = "".join(
        f"<td align='center' style='font-size:small'>{html.escape(r)}</td>" for _, r in parts
    )
    bottom = "".join(f"<td align='center'>{html.escape(b)}</td>" for b, _ in parts)
    return f"<table align='center' cellspacing='0'><tr>{top}</tr><tr>{bottom}</tr></table>"


def plain(text: str) -> str:
    """``text`` without its furigana marks (for accessible names and logs)."""
    return _RUBY.sub(r"\1", text)


class WrappedLabel(QLabel):
    """A word-wrapped label that remembers its height for each width until its text, font or
    style changes.

    Qt lays a wrapped label's text out again at every ``heightForWidth``, and a screen in a
    scroll area asks each of its labels many times whenever anything on the screen changes; a
    line with furigana is a table to lay out. On the citizens' screens that was half of the
    screens' thread's time in a tap (docs/decisions/kiosk-sync.md, "The tap during
    provisioning, eighth round")."""

    _RELAID = frozenset(
        {
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.ContentsRectChange,
            QEvent.Type.LayoutDirectionChange,
        }
    )

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self._text = ""
        self._heights: dict[int, int] = {}

    def heightForWidth(self, width: int) -> int:
        """The label's height at ``width``, laid out once per text, font and style."""
        text = self.text()
        if text != self._text or len(self._heights) > MAX_REMEMBERED_WIDTHS:
            self._text = text
            self._heights.clear()
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        """A new font, style, margins or direction lay the text out anew."""
        if event.type() in self._RELAID:
            self._heights.clear()
        super().changeEvent(event)


def scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area: on a small screen or at a large UI scale the page
    scrolls instead of growing the window past the screen's edge."""
    area = QScrollArea()
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area


def _page(area: QWidget | None) -> QWidget | None:
    return area.widget() if isinstance(area, QScrollArea) else area


class ScrollingTabs(QTabWidget):
    """Tabs whose pages scroll when they do not fit; callers see the pages, not the scroll
    areas, so ``indexOf``, ``widget`` and ``currentWidget`` take and give the pages."""

    def addTab(self, page: QWidget, label: str) -> int:  # type: ignore[override]
        """Add ``page``, in a scroll area, under ``label``."""
        return super().addTab(scrolling(page), label)

    def indexOf(self, page: QWidget) -> int:
        """The index of ``page`` (-1 when it is not one of the tabs)."""
        for i in range(self.count()):
            if self.widget(i) is page:
                return i
        return -1

    def widget(self, index: int) -> QWidget:
        """The page at ``index``."""
        return _page(super().widget(index))  # type: ignore[return-value]

    def currentWidget(self) -> QWidget:
        """The page on show."""
        return _page(super().currentWidget())  # type: ignore[return-value]

    def setCurrentWidget(self, page: QWidget) -> None:
        """Show ``page``."""
        self.setCurrentIndex(self.indexOf(page))


class ScrollingStack(QStackedWidget):
    """A stack of screens that scroll when they do not fit (pages in, pages out, as above)."""

    def addWidget(self, page: QWidget) -> int:
        """Add ``page`` in a scroll area."""
        return super().addWidget(scrolling(page))

    def indexOf(self, page: QWidget) -> int:
        """The index of ``page`` (-1 when it is not in the stack)."""
        for i in range(self.count()):
            if self.widget(i) is page:
                return i
        return -1

    def widget(self, index: int) -> QWidget:
        """The screen at ``index``."""
        return _page(super().widget(index))  # type: ignore[return-value]

    def currentWidget(self) -> QWidget:
        """The screen on show."""
        return _page(super().currentWidget())  # type: ignore[return-value]

    def setCurrentWidget(self, page: QWidget) -> None:
        """Show ``page``."""
        self.setCurrentIndex(self.indexOf(page))


class StatusStrip(Translatable):
    """The line at the bottom of every screen: network, waiting events, reader, camera, staff."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("statusStrip")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        self.network = QLabel()
        self.waiting = QLabel()
        self.reader = QLabel()
        self.camera = QLabel()
        self.staff = QLabel()
        self.provisioning = ProvisioningBar()
        self.provisioning.setMaximumWidth(220)
        self.provisioning.hide()
        for w in (self.network, self.waiting, self.provisioning, self.reader, self.camera):
            layout.addWidget(w)
            layout.addSpacing(24)
        layout.addStretch(1)
        layout.addWidget(self.staff)
        self.sync: SyncStatus | None = None
        self.retry = RetryCountdown(self.retranslate)
        self.device: DeviceStatus | None = None
        self.camera_status: CameraStatus | None = None
        self.staff_name = ""
        self.calls = 0
        self.call = QLabel()
        self.call.setObjectName("staffCall")
        layout.addWidget(self.call)
        self.set_staff("")

    def set_sync(self, status: SyncStatus) -> None:
        """Show the sync worker's status."""
        self.sync = status
        self.retry.set(status.retry_in_s)
        self.retranslate()

    def set_device(self, status: DeviceStatus) -> None:
        """Show the reader's state."""
        self.device = status
        self.retranslate()

    def set_camera(self, change: StatusChange) -> None:
        """Show the camera's state (until the first change: no camera configured)."""
        self.camera_status = change.status
        self.retranslate()

    def set_staff(self, name: str) -> None:
        """Show who is signed in (empty: nobody). The technical status (link, waiting events,
        reader, camera) is for staff: citizens at the entrance see none of it."""
        self.staff_name = name
        for widget in (self.network, self.waiting, self.reader, self.camera):
            widget.setVisible(bool(name))
        self.retranslate()

    def set_calls(self, count: int) -> None:
        """Say how many calls for staff wait at the entrance (0: none)."""
        self.calls = count
        self.retranslate()

    def retranslate(self) -> None:
        """Set the texts."""
        sync = self.sync
        if sync is None:
            self.network.setText("")
            self.waiting.setText("")
        else:
            self.network.setText(self.network_text(sync))
            self.waiting.setText(self.tr("Events waiting: {count}").format(count=sync.waiting))
            self.provisioning.setVisible(self.provisioning.show_status(sync))
        self.reader.setText(self.tr("Reader: {state}").format(state=device_text(self.device)))
        self.camera.setText(
            self.tr("Camera: {state}").format(state=camera_text(self.camera_status))
        )
        self.call.setText(self.tr("🔔 Staff called") if self.calls else "")
        self.staff.setText(
            self.tr("Staff: {name}").format(name=self.staff_name) if self.staff_name else ""
        )

    def network_text(self, sync: SyncStatus) -> str:
        """The link in a word or two, with the seconds until the next try when offline."""
        if sync.link is Link.ONLINE:
            return self.tr("● Online")
        if sync.link is Link.SYNCING:
            return self.tr("◐ Syncing")
        if sync.link is Link.INCOMPATIBLE:
            return self.tr("⚠ Kiosk update needed")
        if sync.link is Link.REFUSED:
            return self.tr("⚠ Refused by the platform")
        if sync.link is Link.REVOKED:
            return self.tr("⛔ Revoked by the platform")
        seconds = self.retry.seconds_left()
        if seconds is not None:
            return self.tr("○ Offline (retry in {seconds} s)").format(seconds=seconds)
        return self.tr("○ Offline")


class RetryCountdown(QTimer):
    """Counts down to the sync worker's next try, calling ``tick`` every second until then."""

    def __init__(self, tick: Callable[[], None]) -> None:
        super().__init__()
        self.setInterval(1000)
        self.timeout.connect(tick)
        self.timeout.connect(self._check)
        self.deadline: float | None = None

    def set(self, retry_in_s: float | None) -> None:
        """Count down from ``retry_in_s`` (None: no retry pending)."""
        self.deadline = None if retry_in_s is None else time.monotonic() + retry_in_s
        if self.deadline is None:
            self.stop()
        elif not self.isActive():
            self.start()

    def seconds_left(self) -> int | None:
        """Whole seconds until the next try, or None when none is pending."""
        if self.deadline is None:
            return None
        return max(0, math.ceil(self.deadline - time.monotonic()))

    def _check(self) -> None:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.stop()


class ProvisioningBar(QProgressBar):
    """The first download of the kiosk's scope: done of total, or a busy bar while the platform
    has not said how many records its snapshot holds."""

    def show_status(self, sync: SyncStatus) -> bool:
        """Follow ``sync``; returns whether provisioning is running now."""
        running = (
            sync.link is Link.SYNCING and not sync.provisioned and sync.provisioning_done > 0
        ) or sync.provisioning
        total = sync.provisioning_total
        if sync.provisioned:
            self.setRange(0, 1)
            self.setValue(1)
        elif total:
            self.setRange(0, total)
            self.setValue(min(sync.provisioning_done, total))
        elif running:
            self.setRange(0, 0)
        else:
            self.setRange(0, 1)
            self.setValue(0)
        return running


def device_text(status: DeviceStatus | None) -> str:
    """A reader state in a few words."""
    state = status.state if status else DeviceState.STARTING
    words = {
        DeviceState.STARTING: QCoreApplication.translate("Devices", "starting"),
        DeviceState.PCSC_UNAVAILABLE: QCoreApplication.translate(
            "Devices", "card service not running"
        ),
        DeviceState.NO_READER: QCoreApplication.translate("Devices", "not connected"),
        DeviceState.WAITING_FOR_CARD: QCoreApplication.translate("Devices", "ready"),
        DeviceState.CARD_PRESENT: QCoreApplication.translate("Devices", "card on reader"),
        DeviceState.CARD_UNRESPONSIVE: QCoreApplication.translate("Devices", "card not answering"),
        DeviceState.STOPPED: QCoreApplication.translate("Devices", "stopped"),
    }
    return words[state]


def camera_text(status: CameraStatus | None) -> str:
    """A camera state in a few words."""
    if status is None:
        return QCoreApplication.translate("Devices", "none")
    words = {
        CameraStatus.OPENING: QCoreApplication.translate("Devices", "opening"),
        CameraStatus.RUNNING: QCoreApplication.translate("Devices", "ready"),
        CameraStatus.OPEN_FAILED: QCoreApplication.translate("Devices", "cannot open"),
        CameraStatus.LOST: QCoreApplication.translate("Devices", "lost"),
        CameraStatus.ENDED: QCoreApplication.translate("Devices", "ended"),
        CameraStatus.STOPPED: QCoreApplication.translate("Devices", "stopped"),
    }
    return words[status]


class PinPad(Translatable):
    """Four masked digits typed on large keys (or the keyboard); ``entered`` fires on OK."""

    entered = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(4)
        self.field.setInputMask("")
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.returnPressed.connect(self._ok)
        grid.addWidget(self.field, 0, 0, 1, 3)
        for i, digit in enumerate("123456789"):
            grid.addWidget(self._key(digit), 1 + i // 3, i % 3)
        self.clear_key = QPushButton()
        self.clear_key.clicked.connect(self.field.clear)
        self.ok_key = QPushButton()
        self.ok_key.setObjectName("primary")
        self.ok_key.clicked.connect(self._ok)
        grid.addWidget(self.clear_key, 4, 0)
        grid.addWidget(self._key("0"), 4, 1)
        grid.addWidget(self.ok_key, 4, 2)
        self.retranslate()

    def _key(self, digit: str) -> QPushButton:
        key = QPushButton(digit)
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.clicked.connect(lambda: self.field.setText((self.field.text() + digit)[:4]))
        return key

    def _ok(self) -> None:
        self.entered.emit(self.field.text())

    def retranslate(self) -> None:
        """Set the texts."""
        self.field.setPlaceholderText(self.tr("4-digit PIN"))
        self.field.setAccessibleName(self.tr("4-digit PIN"))
        self.clear_key.setText(self.tr("Clear"))
        self.ok_key.setText(self.tr("OK"))


class QrCode(QWidget):
    """A QR code drawn with square modules and a quiet zone."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.setMinimumSize(240, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.matrix: list[list[bool]] = []
        self.set_text(text)

    def set_text(self, text: str) -> None:
        """Show a code for ``text`` (nothing when empty)."""
        self.text = text
        if text:
            code = segno.make_qr(text, error="m", boost_error=False)
            self.matrix = [[bool(dark) for dark in row] for row in code.matrix_iter(border=4)]
        else:
            self.matrix = []
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the code centred in the widget."""
        painter = QPainter(self)
        side = min(self.width(), self.height())
        painter.fillRect(self.rect(), QColor("white"))
        self.draw(painter, (self.width() - side) / 2, (self.height() - side) / 2, side)

    def draw(self, painter: QPainter, left: float, top: float, side: float) -> None:
        """Draw the modules in a square (also used to print the code)."""
        if not self.matrix:
            return
        module = side / len(self.matrix)
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(
                        QRectF(left + x * module, top + y * module, module + 0.5, module + 0.5),
                        QColor("black"),
                    )


class BarChart(QWidget):
    """Grouped bars with a legend: one group per category, one bar per series."""

    COLOURS = ("#0b3d91", "#c2410c", "#0b5d1e", "#6b21a8")

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(480, 260)
        self.categories: list[str] = []
        self.series: list[tuple[str, list[int]]] = []

    def set_data(self, categories: Sequence[str], series: Sequence[tuple[str, list[int]]]) -> None:
        """Show ``series`` (name, one value per category)."""
        self.categories = list(categories)
        self.series = list(series)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw axes, bars, labels and the legend."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.categories:
            return
        metrics = painter.fontMetrics()
        line = metrics.height()
        left, right, top, bottom = 48, self.width() - 12, line * 2, self.height() - line - 8
        peak = max([1, *(v for _, values in self.series for v in values)])
        painter.setPen(QColor("#111111"))
        painter.drawLine(left, bottom, right, bottom)
        painter.drawText(4, top + line // 2, str(peak))
        painter.drawText(4, bottom, "0")
        group = (right - left) / len(self.categories)
        bar = group * 0.8 / max(len(self.series), 1)
        for c, category in enumerate(self.categories):
            x0 = left + c * group + group * 0.1
            for s, (_, values) in enumerate(self.series):
                height = (bottom - top) * values[c] / peak
                rect = QRectF(x0 + s * bar, bottom - height, bar - 2, height)
                painter.fillRect(rect, QColor(self.COLOURS[s % len(self.COLOURS)]))
                if values[c]:
                    painter.drawText(rect.adjusted(0, -line, 0, 0).topLeft(), str(values[c]))
            painter.drawText(
                QRectF(left + c * group, bottom + 4, group, line),
                Qt.AlignmentFlag.AlignHCenter,
                category,
            )
        x = left
        for s, (name, _) in enumerate(self.series):
            painter.fillRect(QRectF(x, 4, line, line), QColor(self.COLOURS[s % len(self.COLOURS)]))
            painter.drawText(x + line + 6, 4 + metrics.ascent(), name)
            x += line + 18 + metrics.horizontalAdvance(name)


class CardPinBox(QGroupBox):
    """A framed hint, the PIN tries left and a PIN pad: where a card holder proves the card.

    The screen that holds it sets the texts, which differ by purpose.
    """

    def __init__(self) -> None:
        super().__init__()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.tries_label = QLabel()
        self.pin = PinPad()
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.tries_label)
        layout.addWidget(self.pin)
