"""The citizen's screens: "hold your card" and the large confirmation that follows a tap."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.counter import Answer, Confirmation, Refusal, TurnedAway
from kiosk.presence import Outcome
from ui.messages import card_error_text, refusal_text
from ui.widgets import PinPad, Translatable

PIN_WAIT_S = 30
"""How long the PIN pad waits for a card holder the kiosk does not know yet."""


class AttractScreen(Translatable):
    """Waits for a card or a code; staff reach their console from the corner button."""

    staff_requested = Signal()
    language_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        self.title.setObjectName("attractTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("attractSubtitle")
        self.busy = QLabel()
        self.busy.setObjectName("attractSubtitle")
        for label in (self.title, self.subtitle, self.busy):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.language = QPushButton()
        self.language.clicked.connect(self.language_requested)
        self.staff = QPushButton()
        self.staff.clicked.connect(self.staff_requested)
        corner = QHBoxLayout()
        corner.addWidget(self.language)
        corner.addStretch(1)
        corner.addWidget(self.staff)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(32)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.busy)
        layout.addStretch(3)
        layout.addLayout(corner)
        self.retranslate()

    def set_busy(self, busy: bool) -> None:
        """Say that a card is being read, so the person keeps it still."""
        self.busy.setText(self.tr("Reading… keep the card still") if busy else "")

    def retranslate(self) -> None:
        """Set the texts."""
        self.title.setText(self.tr("Please hold your card over the reader"))
        self.subtitle.setText(self.tr("or show your QR code to the camera"))
        self.language.setText(self.tr("English"))
        self.staff.setText(self.tr("Staff"))


class ConfirmationScreen(Translatable):
    """Shows what a tap did, in large type, then asks to go back to the attract screen.

    While the platform is asked about someone this kiosk does not hold it says "checking"; for
    a card it does not hold it offers the PIN pad, whose PIN ``pin_entered`` carries.
    """

    done = Signal()
    painted = Signal()
    pin_entered = Signal(str)
    leave_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.panel = QWidget()
        self.panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.action = QLabel()
        self.action.setObjectName("confirmAction")
        self.name = QLabel()
        self.name.setObjectName("confirmName")
        self.household = QLabel()
        self.household.setObjectName("confirmAction")
        self.message = QLabel()
        self.message.setObjectName("errorMessage")
        for label in (self.action, self.name, self.household, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.ok = QPushButton()
        self.ok.clicked.connect(self.done)
        # Checking out takes this deliberate second step: a tap alone never does it.
        self.leave = QPushButton()
        self.leave.setObjectName("leave")
        self.leave.setVisible(False)
        self.leave.clicked.connect(self._leave)
        self.pin = PinPad()
        self.pin.setVisible(False)
        self.pin.entered.connect(self._pin_entered)
        inner = QVBoxLayout(self.panel)
        inner.addStretch(1)
        for label in (self.action, self.name, self.household, self.message):
            inner.addWidget(label)
        inner.addWidget(self.pin, alignment=Qt.AlignmentFlag.AlignCenter)
        inner.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.leave)
        buttons.addWidget(self.ok)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.panel)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.done)
        self.answer: Answer | None = None
        self.error: Exception | None = None
        self.checking = False
        self._fresh = False
        self.retranslate()

    def show_answer(self, answer: Answer, seconds: int) -> None:
        """Show the counter's answer for ``seconds`` (the PIN pad waits longer)."""
        self.answer, self.error, self.checking = answer, None, False
        self.pin.field.clear()
        self._present(PIN_WAIT_S if self.wants_pin() else seconds)

    def show_error(self, error: Exception, seconds: int) -> None:
        """Show a card problem in plain language for ``seconds``."""
        self.answer, self.error, self.checking = None, error, False
        self._present(seconds)

    def show_checking(self) -> None:
        """Say that the platform is being asked (until the answer replaces it)."""
        self.answer, self.error, self.checking = None, None, True
        self.timer.stop()
        self._fresh = True
        self.retranslate()

    def wants_pin(self) -> bool:
        """Whether the answer asks the card holder for the PIN."""
        answer = self.answer
        return isinstance(answer, TurnedAway) and answer.refusal is Refusal.CARD_NEEDS_PIN

    def _leave(self) -> None:
        answer = self.answer
        if isinstance(answer, Confirmation) and answer.may_leave:
            self.timer.stop()
            self.leave.setVisible(False)
            self.leave_requested.emit(answer.person_id)

    def _pin_entered(self, pin: str) -> None:
        self.pin.field.clear()
        self.pin_entered.emit(pin)

    def _present(self, seconds: int) -> None:
        self._fresh = True
        self.retranslate()
        self.timer.start(seconds * 1000)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint, and say so once per answer (the tap-to-confirmation benchmark waits for it)."""
        super().paintEvent(event)
        if self._fresh:
            self._fresh = False
            self.painted.emit()

    def retranslate(self) -> None:
        """Set the texts for the current answer."""
        self.ok.setText(self.tr("OK"))
        answer = self.answer
        self.pin.setVisible(self.wants_pin())
        self.leave.setText(self.tr("Check out"))
        self.leave.setVisible(isinstance(answer, Confirmation) and answer.may_leave)
        if self.checking:
            self.panel.setObjectName("confirmChecking")
            self.action.setText(self.tr("Checking…"))
            self.name.setText("")
            self.household.setText("")
            self.message.setText(self.tr("Asking the city's system for your registration"))
        elif isinstance(answer, Confirmation):
            checked_in = answer.outcome is not Outcome.CHECKED_OUT
            self.panel.setObjectName("confirmIn" if checked_in else "confirmOut")
            if answer.may_leave:
                self.action.setText(self.tr("You are already checked in."))
            elif checked_in:
                self.action.setText(self.tr("Welcome. You are checked in."))
            else:
                self.action.setText(self.tr("You are checked out. Take care."))
            self.name.setText(answer.name)
            self.household.setText(
                self.tr("Your household here: {names}").format(
                    names=self.tr(", ").join(answer.household_present)
                )
                if answer.household_present
                else ""
            )
            if answer.provisional:
                self.message.setText(
                    self.tr(
                        "Checked in provisionally with the pass (offline). Staff: the name and "
                        "household arrive at the next sync."
                    )
                )
            elif answer.repeated:
                self.message.setText(self.tr("Already recorded (nothing was changed)."))
            elif answer.may_leave:
                self.message.setText(self.tr("Leaving the shelter? Press 'Check out'."))
            else:
                self.message.setText("")
        else:
            self.panel.setObjectName("confirmError")
            self.action.setText(self.tr("Sorry"))
            self.name.setText("")
            self.household.setText("")
            if answer is not None:
                self.message.setText(refusal_text(answer))
            elif self.error is not None:
                self.message.setText(card_error_text(self.error))
        # A new object name needs the style sheet applied again to change the background.
        self.panel.style().unpolish(self.panel)
        self.panel.style().polish(self.panel)
