"""The citizen's screens: "hold your card" and the large confirmation that follows a tap."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.counter import Answer, Confirmation, Refusal, TurnedAway
from kiosk.presence import Outcome
from ui.messages import card_error_text, refusal_text
from ui.widgets import LanguageButtons, PinPad, Translatable, WrappedLabel, plain, ruby_html

PIN_WAIT_S = 30
"""How long the PIN pad waits for a card holder the kiosk does not know yet."""


PICTOGRAM = Path(__file__).resolve().parents[2] / "resources" / "card-reader.svg"
"""A card held over the reader: where the reader is and what to do with the card."""


class AttractScreen(Translatable):
    """Greets people at the entrance: which shelter this is, to hold the My Number Card over the
    reader (with a pictogram of it), and, for those without a card, a button that calls staff.
    A row of buttons, each naming its language in its own script, chooses the language of this
    person's visit. Staff reach their console from the corner button."""

    staff_requested = Signal()
    language_requested = Signal(str)
    call_staff_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.shelter_name = ""
        self.event_site = False
        self.called = False
        self.shelter = WrappedLabel()
        self.shelter.setObjectName("attractShelter")
        self.title = WrappedLabel()
        self.title.setObjectName("attractTitle")
        self.subtitle = WrappedLabel()
        self.subtitle.setObjectName("attractSubtitle")
        self.busy = WrappedLabel()
        self.busy.setObjectName("attractSubtitle")
        self.no_card = WrappedLabel()
        self.no_card.setObjectName("attractSubtitle")
        self.call_answer = WrappedLabel()
        self.call_answer.setObjectName("attractSubtitle")
        for label in (
            self.shelter,
            self.title,
            self.subtitle,
            self.busy,
            self.no_card,
            self.call_answer,
        ):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pictogram = QSvgWidget(str(PICTOGRAM))
        self.pictogram.setFixedSize(160, 160)
        self.call_staff = QPushButton()
        self.call_staff.setObjectName("primary")
        self.call_staff.clicked.connect(self._call_staff)
        self.language_row = LanguageButtons()
        self.language_row.chosen.connect(self.language_requested)
        self.languages = self.language_row.buttons
        self.staff = QPushButton()
        self.staff.clicked.connect(self.staff_requested)
        corner = QHBoxLayout()
        corner.addWidget(self.language_row)
        corner.addStretch(1)
        corner.addWidget(self.staff)
        layout = QVBoxLayout(self)
        layout.addWidget(self.shelter)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.pictogram, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addWidget(self.no_card)
        layout.addWidget(self.call_staff, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.call_answer)
        layout.addStretch(1)
        layout.addLayout(corner)
        self.busy.hide()
        self.retranslate()

    def set_shelter(self, name: str, event: bool = False) -> None:
        """Name the shelter (or, with ``event``, the community event's site) this entrance
        belongs to."""
        self.shelter_name = name
        self.event_site = event
        self.retranslate()

    def set_busy(self, busy: bool) -> None:
        """Say that a card is being read, so the person keeps it still."""
        self.busy.setText(self.tr("Reading… keep the card still") if busy else "")
        # Empty lines take no height: the entrance fits a 1280×800 screen without scrolling.
        self.busy.setVisible(busy)

    def set_called(self, called: bool) -> None:
        """Say that staff have been called (until staff answer or the next person comes)."""
        self.called = called
        self.call_staff.setEnabled(not called)
        self.retranslate()

    def show_language(self, language: str) -> None:
        """Mark ``language``'s button as the one the screens are in."""
        self.language_row.show_language(language)

    def _call_staff(self) -> None:
        self.set_called(True)
        self.call_staff_requested.emit()

    def retranslate(self) -> None:
        """Set the texts (Japanese in plain words, with furigana over the kanji that stay)."""
        self.shelter.setText(
            # Inserted after the furigana marks are read, so a name is never taken for one.
            ruby_html(
                self.tr("{name} — event entrance")
                if self.event_site
                else self.tr("{name} — shelter entrance")
            ).replace("{name}", html.escape(self.shelter_name))
            if self.shelter_name
            else ""
        )
        self.title.setText(ruby_html(self.tr("Please hold your My Number Card over the reader")))
        self.subtitle.setText(ruby_html(self.tr("or show your QR code to the camera")))
        self.pictogram.setAccessibleName(self.tr("A card held over the card reader"))
        self.no_card.setText(ruby_html(self.tr("No card? Please ask staff.")))
        self.call_staff.setText(plain(self.tr("Call staff")))
        self.call_staff.setAccessibleName(plain(self.tr("Call staff")))
        self.call_answer.setText(
            ruby_html(self.tr("Staff are on their way. Please wait here.")) if self.called else ""
        )
        self.call_answer.setVisible(self.called)
        self.staff.setText(self.tr("Staff"))
        self.staff.setAccessibleName(self.tr("Staff sign-in"))


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
        self.action = WrappedLabel()
        self.action.setObjectName("confirmAction")
        self.name = WrappedLabel()
        self.name.setObjectName("confirmName")
        self.household = WrappedLabel()
        self.household.setObjectName("confirmAction")
        self.message = WrappedLabel()
        self.message.setObjectName("errorMessage")
        for label in (self.action, self.name, self.household, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Rich text always: a translation may carry furigana, and an escaped apostrophe must
        # not be shown as "&#x27;" by a label that guessed plain text.
        for label in (self.action, self.message):
            label.setTextFormat(Qt.TextFormat.RichText)
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
        """Set the texts for the current answer (with furigana where a translation marks them)."""
        self.ok.setText(self.tr("OK"))
        answer = self.answer
        self.pin.setVisible(self.wants_pin())
        self.leave.setText(plain(self.tr("Check out")))
        self.leave.setVisible(isinstance(answer, Confirmation) and answer.may_leave)
        if self.checking:
            self.panel.setObjectName("confirmChecking")
            self.action.setText(ruby_html(self.tr("Checking…")))
            self.name.setText("")
            self.household.setText("")
            self.message.setText(
                ruby_html(self.tr("Asking the city's system for your registration"))
            )
        elif isinstance(answer, Confirmation):
            checked_in = answer.outcome is not Outcome.CHECKED_OUT
            self.panel.setObjectName("confirmIn" if checked_in else "confirmOut")
            if answer.may_leave:
                self.action.setText(ruby_html(self.tr("You are already checked in.")))
            elif checked_in:
                self.action.setText(ruby_html(self.tr("Welcome. You are checked in.")))
            else:
                self.action.setText(ruby_html(self.tr("You are checked out. Take care.")))
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
                    ruby_html(
                        self.tr(
                            "Checked in provisionally with the pass (offline). Staff: the name "
                            "and household arrive at the next sync."
                        )
                    )
                )
            elif answer.repeated:
                self.message.setText(ruby_html(self.tr("Already recorded (nothing was changed).")))
            elif answer.may_leave:
                self.message.setText(ruby_html(self.tr("Leaving the shelter? Press 'Check out'.")))
            else:
                self.message.setText("")
        else:
            self.panel.setObjectName("confirmError")
            self.action.setText(ruby_html(self.tr("Sorry")))
            self.name.setText("")
            self.household.setText("")
            if answer is not None:
                self.message.setText(ruby_html(refusal_text(answer)))
            elif self.error is not None:
                self.message.setText(ruby_html(card_error_text(self.error)))
        # A new object name needs the style sheet applied again to change the background.
        self.panel.style().unpolish(self.panel)
        self.panel.style().polish(self.panel)
