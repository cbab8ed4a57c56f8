"""Staff sign-in: the staff member's own card and PIN, or a staff code where the site allows it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
)

from cardio.card_errors import PinTriesTooFewError, WrongPinError
from cardio.mynumber import HolderProof, pin_tries_left, prove_holder
from cardio.transport import CardTransport
from kiosk.errors import KioskError
from kiosk.staff import Session
from ui.context import Context
from ui.messages import card_error_text
from ui.widgets import CardPinBox, Translatable


class SignInScreen(Translatable):
    """Signs a staff member in; ``signed_in`` carries the session, ``cancelled`` goes back."""

    signed_in = Signal(object)
    cancelled = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.tries: int | None = None
        self.title = QLabel()
        self.title.setObjectName("attractSubtitle")
        self.card_box = CardPinBox()
        self.card_hint, self.tries_label, self.pin = (
            self.card_box.hint,
            self.card_box.tries_label,
            self.card_box.pin,
        )
        self.pin.entered.connect(self.sign_in_with_card)
        self.code_box = QGroupBox()
        self.staff_id = QLineEdit()
        self.code = QLineEdit()
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code_button = QPushButton()
        self.code_button.setObjectName("primary")
        self.code_button.clicked.connect(self.sign_in_with_code)
        self.staff_id.returnPressed.connect(self.code.setFocus)
        self.code.returnPressed.connect(self.sign_in_with_code)
        self.staff_id_label = QLabel()
        self.code_label = QLabel()
        code_layout = QGridLayout(self.code_box)
        code_layout.addWidget(self.staff_id_label, 0, 0)
        code_layout.addWidget(self.staff_id, 0, 1)
        code_layout.addWidget(self.code_label, 1, 0)
        code_layout.addWidget(self.code, 1, 1)
        code_layout.addWidget(self.code_button, 2, 1)
        self.message = QLabel()
        self.message.setObjectName("warning")
        self.message.setWordWrap(True)
        self.cancel = QPushButton()
        self.cancel.clicked.connect(self.cancelled)
        layout = QGridLayout(self)
        layout.addWidget(self.title, 0, 0, 1, 2, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.card_box, 1, 0)
        layout.addWidget(self.code_box, 1, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message, 2, 0, 1, 2)
        layout.addWidget(self.cancel, 3, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def reset(self) -> None:
        """Start over: empty fields, the code box only where codes are allowed."""
        self.pin.field.clear()
        self.code.clear()
        self.message.clear()
        self.tries = None
        self.code_box.setVisible(self.ctx.settings.staff_code_allowed)
        self.retranslate()
        if self.ctx.card.status.state.value == "card_present":
            self.card_arrived()

    def card_arrived(self) -> None:
        """A card came: ask it how many PIN tries it has left (this spends none)."""
        self.ctx.tasks.follow(self.ctx.card.submit(pin_tries_left), self._show_tries, self._fail)

    def _show_tries(self, tries: int) -> None:
        self.tries = tries
        self.retranslate()

    def sign_in_with_card(self, pin: str) -> None:
        """Prove the card's holder with ``pin``, then find their staff account."""
        anchors = self.ctx.anchors
        if anchors is None:
            self.message.setText(self.tr("Card sign-in is not set up on this kiosk."))
            return
        if self.tries is not None and self.tries <= 1:
            self.message.setText(card_error_text(PinTriesTooFewError()))
            return
        self.message.setText(self.tr("Checking the card…"))

        def prove(transport: CardTransport) -> HolderProof:
            return prove_holder(transport, pin, anchors)

        self.ctx.tasks.follow(self.ctx.card.submit(prove), self._proven, self._fail)

    def _proven(self, proof: HolderProof) -> None:
        self.tries = proof.pin_tries_left
        self.ctx.tasks.run(
            lambda: self.ctx.kiosk.staff.sign_in_card(proof.card_key), self._done, self._refused
        )

    def sign_in_with_code(self) -> None:
        """Sign in with a staff id and code."""
        staff_id, code = self.staff_id.text().strip(), self.code.text()
        allowed = self.ctx.settings.staff_code_allowed
        self.ctx.tasks.run(
            lambda: self.ctx.kiosk.staff.sign_in_code(staff_id, code, allowed),
            self._done,
            self._refused,
        )

    def _done(self, session: Session) -> None:
        self.pin.field.clear()
        self.code.clear()
        self.signed_in.emit(session)

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            raise error
        self.message.setText(self.tr("Not signed in: this card or code is not a staff account."))

    def _fail(self, error: Exception) -> None:
        self.pin.field.clear()
        if isinstance(error, WrongPinError):
            self.tries = error.tries_left
            self.retranslate()
            staff, tries = self.ctx.kiosk.staff, error.tries_left
            self.ctx.tasks.run(lambda: staff.record_wrong_pin(tries), lambda _: None)
        self.message.setText(card_error_text(error))

    def retranslate(self) -> None:
        """Set the texts."""
        self.title.setText(self.tr("Staff sign-in"))
        self.card_box.setTitle(self.tr("Staff card and PIN"))
        self.card_hint.setText(self.tr("Place your card on the reader and enter its 4-digit PIN."))
        if self.tries is None:
            self.tries_label.setText("")
        elif self.tries <= 1:
            self.tries_label.setText(self.tr("1 try left: the kiosk will not try the PIN."))
        else:
            self.tries_label.setText(self.tr("PIN tries left: {tries}").format(tries=self.tries))
        self.code_box.setTitle(self.tr("Staff code"))
        self.staff_id_label.setText(self.tr("Staff ID"))
        self.code_label.setText(self.tr("Code"))
        self.code_button.setText(self.tr("Sign in"))
        self.cancel.setText(self.tr("Back"))
