"""Web sign-in at the counter: a resident's phone or PC shows the citizen web's sign-in QR code,
the kiosk reads it (camera or pasted text), shows the host, and the resident's card answers it.

The resident learns on their own screen whether they were signed in; the kiosk says only whether
the platform received the card's answer (docs/protocol/web-sign-in.md).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from cardio.card_errors import PinTriesTooFewError, WrongPinError
from cardio.mynumber import SignedNonce, pin_tries_left, sign_nonce
from cardio.transport import CardTransport
from kazasu_protocol.websignin import SignInChallenge
from kiosk.websignin import WebSignInFailed, WebSignInProblem, WebSignIns
from ui.context import Context
from ui.messages import card_error_text
from ui.widgets import CardPinBox


class WebSignInDialog(QDialog):
    """Reads one challenge at a time; the card box opens once the challenge has been checked."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service: WebSignIns | None = None
        self.challenge: SignInChallenge | None = None
        self.tries: int | None = None
        self.busy = False
        # The page shows its code until it notices the answer: a re-scan is not a new challenge.
        self.answered_text = ""
        self.title = QLabel()
        self.title.setObjectName("attractSubtitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.text = QLineEdit()
        self.text.returnPressed.connect(self.check)
        self.check_button = QPushButton()
        self.check_button.setObjectName("primary")
        self.check_button.clicked.connect(self.check)
        self.host = QLabel()
        self.host.setObjectName("attractSubtitle")
        self.host.setWordWrap(True)
        self.card_box = CardPinBox()
        self.card_box.pin.entered.connect(self.sign)
        self.message = QLabel()
        self.message.setObjectName("warning")
        self.message.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        layout = QGridLayout(self)
        layout.addWidget(self.title, 0, 0, 1, 2)
        layout.addWidget(self.intro, 1, 0, 1, 2)
        layout.addWidget(self.text, 2, 0)
        layout.addWidget(self.check_button, 2, 1)
        layout.addWidget(self.host, 3, 0, 1, 2)
        layout.addWidget(self.card_box, 4, 0, 1, 2, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.message, 5, 0, 1, 2)
        layout.addWidget(self.close_button, 6, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        self.resize(720, 760)
        self.restart()

    def restart(self) -> None:
        """Empty: wait for a challenge."""
        self.challenge = None
        self.tries = None
        self.busy = False
        self.text.clear()
        self.message.clear()
        self.card_box.pin.field.clear()
        self.card_box.setEnabled(False)
        self.retranslate()

    def code_read(self, text: str) -> None:
        """The camera read a QR code: take it as the challenge unless one is being answered."""
        text = text.strip()
        if self.busy or text == self.answered_text:
            return
        if self.challenge is not None and text == self.text.text():
            return
        self.text.setText(text)
        self.check()

    def check(self) -> None:
        """Check the text against the enrolled platform before anyone is asked for a PIN."""
        if self.busy:
            return
        text = self.text.text()
        self.challenge = None
        self.card_box.setEnabled(False)
        self.message.clear()
        self.retranslate()
        service = self._service()
        self.ctx.tasks.run(lambda: service.read(text), self._checked, self._refused)

    def _checked(self, challenge: SignInChallenge) -> None:
        self.challenge = challenge
        self.card_box.setEnabled(True)
        self.retranslate()
        if self.ctx.card.status.state.value == "card_present":
            self.card_arrived()

    def card_arrived(self) -> None:
        """A card came: ask it how many PIN tries it has left (this spends none)."""
        if self.challenge is not None and not self.busy:
            self.ctx.tasks.follow(
                self.ctx.card.submit(pin_tries_left), self._show_tries, self._card_failed
            )

    def _show_tries(self, tries: int) -> None:
        self.tries = tries
        self.retranslate()

    def sign(self, pin: str) -> None:
        """Sign the challenge's nonce with the card after ``pin``, then send the answer."""
        challenge = self.challenge
        if challenge is None or self.busy:
            return
        if self.tries is not None and self.tries <= 1:
            self.card_box.pin.field.clear()
            self.message.setText(card_error_text(PinTriesTooFewError()))
            return
        self.busy = True
        self.message.setText(self.tr("Checking the card…"))

        def signed(transport: CardTransport) -> SignedNonce:
            return sign_nonce(transport, pin, challenge.nonce)

        self.ctx.tasks.follow(
            self.ctx.card.submit(signed), lambda s: self._send(challenge, s), self._card_failed
        )

    def _send(self, challenge: SignInChallenge, signed: SignedNonce) -> None:
        self.card_box.pin.field.clear()
        self.message.setText(self.tr("Sending the card's answer…"))
        service, actor = self._service(), self.ctx.actor
        self.ctx.tasks.run(
            lambda: service.answer(actor, challenge, signed), self._received, self._refused
        )

    def _received(self, _none: None) -> None:
        host = self.challenge.host if self.challenge else ""
        self.answered_text = self.text.text().strip()
        self.restart()
        self._say(
            self.tr(
                "Received by {host}. The resident continues on their own phone or computer."
            ).format(host=host),
            warning=False,
        )

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, WebSignInFailed):
            raise error
        self.busy = False
        self.card_box.pin.field.clear()
        if error.problem not in (WebSignInProblem.CARD_REFUSED, WebSignInProblem.UNAVAILABLE):
            # The platform keeps a challenge open after a card it refused or an answer it never
            # got; anything else means this challenge cannot be answered here.
            self.challenge = None
            self.card_box.setEnabled(False)
        self._say(self._problem_text(error))
        self.retranslate()

    def _card_failed(self, error: Exception) -> None:
        self.busy = False
        self.card_box.pin.field.clear()
        if isinstance(error, WrongPinError):
            self.tries = error.tries_left
            self.retranslate()
        self._say(card_error_text(error))

    def _say(self, text: str, warning: bool = True) -> None:
        self.message.setObjectName("warning" if warning else "")
        self.message.style().polish(self.message)
        self.message.setText(text)

    def _service(self) -> WebSignIns:
        if self.service is None:
            self.service = self.ctx.sync.web_sign_ins()
        return self.service

    def _problem_text(self, error: WebSignInFailed) -> str:
        texts = {
            WebSignInProblem.NOT_A_CHALLENGE: self.tr(
                "This is not a web sign-in code. Show the QR code of the sign-in page, or copy "
                "its whole text."
            ),
            WebSignInProblem.NOT_ENROLLED: self.tr(
                "This kiosk is not connected to the platform yet, so it cannot sign anyone in."
            ),
            WebSignInProblem.OTHER_PLATFORM: self.tr(
                "Not answered: this sign-in is for {detail}. This kiosk signs in only at the "
                "platform it is connected to."
            ).format(detail=error.detail),
            WebSignInProblem.CHALLENGE_INVALID: self.tr(
                "Not answered: this sign-in code has expired or was already used. Reload the "
                "sign-in page and show the new code."
            ),
            WebSignInProblem.UNAVAILABLE: self.tr(
                "The platform cannot be reached or cannot check cards now. Please try again later."
            ),
        }
        card_texts = {
            "card-untrusted": self.tr("Refused: the platform does not trust this card."),
            "card-certificate-expired": self.tr("Refused: this card's certificate has expired."),
            "card-revoked": self.tr("Refused: this card's certificate has been revoked."),
        }
        if error.problem is WebSignInProblem.CARD_REFUSED:
            return card_texts.get(
                error.kind, self.tr("Refused: the platform could not verify the card's answer.")
            )
        return texts.get(
            error.problem, self.tr("Refused by the platform: {detail}").format(detail=error.detail)
        )

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set the texts."""
        self.setWindowTitle(self.tr("Web sign-in"))
        self.title.setText(self.tr("Web sign-in with the My Number Card"))
        self.intro.setText(
            self.tr(
                "Hold the sign-in QR code on the phone or computer up to the camera, or paste "
                "its text here."
            )
        )
        self.text.setPlaceholderText(self.tr("Sign-in code text"))
        self.check_button.setText(self.tr("Read"))
        if self.challenge is None:
            self.host.setText("")
        else:
            self.host.setText(
                self.tr("Signing in at: {host}\nCheck that this is the site on the screen.").format(
                    host=self.challenge.host
                )
            )
        self.card_box.setTitle(self.tr("Resident's card and PIN"))
        self.card_box.hint.setText(
            self.tr("Place the card on the reader and enter its 4-digit PIN.")
        )
        if self.tries is None:
            self.card_box.tries_label.setText("")
        elif self.tries <= 1:
            self.card_box.tries_label.setText(
                self.tr("1 try left: the kiosk will not try the PIN.")
            )
        else:
            self.card_box.tries_label.setText(
                self.tr("PIN tries left: {tries}").format(tries=self.tries)
            )
        self.close_button.setText(self.tr("Close"))
