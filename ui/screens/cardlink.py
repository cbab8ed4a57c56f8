"""「カードを登録」: a resident's My Number Card linked to their record at the counter.

The resident places the card and enters its PIN; the kiosk reads the four basic items and
shows the people of its store whose name and birth date match, with which items matched. Staff
choose one and the card, still on the reader, signs the link (docs/decisions/counter-linking.md).
The PIN is kept only until the link is made or the dialog closes.

After the link, 「市民カードも登録」 lets staff link the resident's city card too: its QR code is
shown to the camera (or typed by a handheld scanner), and from then on the city card alone checks
them in and out (kiosk/citycards.py).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cardio.card_errors import PinTriesTooFewError, WrongPinError
from cardio.mynumber import SignedNonce, pin_tries_left
from cardio.mynumber.jpki import PinKind
from cardio.transport import CardTransport
from kiosk.cardlink import Candidate, CardRead, Linked, LinkRequest, Match, read_card, sign_request
from kiosk.citycards import CityCardLinked
from kiosk.errors import InvalidInput, KioskError, Refused, error_text
from ui.context import Context
from ui.i18n import shown_date
from ui.messages import card_error_text
from ui.widgets import CardPinBox

ROW_HEIGHT = 84
"""Candidates are touched, not clicked: each row is a large target."""


class CardLinkDialog(QDialog):
    """Card and PIN, the candidates, then the link; ``person_id`` preselects a person."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id: str | None = None
        self.read: CardRead | None = None
        self.candidates: list[Candidate] = []
        self.linked: Linked | None = None
        self.city_linked: CityCardLinked | None = None
        self.tries: int | None = None
        self.busy = False
        self._pin = ""
        self.title = QLabel()
        self.title.setObjectName("attractSubtitle")
        self.pages = QStackedWidget()
        self.card_box = CardPinBox()
        self.card_box.pin.entered.connect(self.read_card)
        self.pages.addWidget(self.card_box)
        choose = QWidget()
        self.items_label = QLabel()
        self.items_label.setWordWrap(True)
        self.list = QListWidget()
        self.list.itemSelectionChanged.connect(self._selection)
        self.confirm = QPushButton()
        self.confirm.setObjectName("primary")
        self.confirm.setMinimumHeight(ROW_HEIGHT)
        self.confirm.clicked.connect(self.link)
        column = QVBoxLayout(choose)
        column.addWidget(self.items_label)
        column.addWidget(self.list, 1)
        column.addWidget(self.confirm)
        self.pages.addWidget(choose)
        city = QWidget()
        self.city_hint = QLabel()
        self.city_hint.setWordWrap(True)
        self.city_code = QLineEdit()
        self.city_code.returnPressed.connect(lambda: self.code_read(self.city_code.text()))
        self.city_submit = QPushButton()
        self.city_submit.setObjectName("primary")
        self.city_submit.setMinimumHeight(ROW_HEIGHT)
        self.city_submit.clicked.connect(lambda: self.code_read(self.city_code.text()))
        city_column = QVBoxLayout(city)
        city_column.addWidget(self.city_hint)
        city_column.addWidget(self.city_code)
        city_column.addWidget(self.city_submit)
        city_column.addStretch(1)
        self.pages.addWidget(city)
        self.city_button = QPushButton()
        self.city_button.setMinimumHeight(ROW_HEIGHT)
        self.city_button.clicked.connect(self.show_city_card)
        self.city_button.hide()
        self.message = QLabel()
        self.message.setObjectName("warning")
        self.message.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.setMinimumHeight(ROW_HEIGHT // 2)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.city_button)
        layout.addWidget(self.message)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.resize(820, 760)
        self.finished.connect(lambda _result: self._forget())
        self.restart()

    def restart(self, person_id: str | None = None) -> None:
        """Empty: wait for the card and its PIN (for ``person_id`` when staff chose one)."""
        self._forget()
        self.person_id = person_id
        self.read, self.candidates, self.linked, self.tries = None, [], None, None
        self.city_linked = None
        self.busy = False
        self.city_button.hide()
        self.city_code.clear()
        self.list.clear()
        self.message.clear()
        self.pages.setCurrentIndex(0)
        self.retranslate()
        if self.ctx.card.status.state.value == "card_present":
            self.card_arrived()

    def _forget(self) -> None:
        self._pin = ""
        self.card_box.pin.field.clear()

    def card_arrived(self) -> None:
        """A card came: show its card-info PIN's tries left (asking spends none)."""
        if self.pages.currentIndex() != 0 or self.busy:
            return

        def ask(transport: CardTransport) -> int:
            return pin_tries_left(transport, PinKind.CARD_INFO)

        self.ctx.tasks.follow(self.ctx.card.submit(ask), self._show_tries, self._card_failed)

    def _show_tries(self, tries: int) -> None:
        self.tries = tries
        self.retranslate()

    def read_card(self, pin: str) -> None:
        """Read the card's key and four items with ``pin`` (never when one try is left)."""
        if self.busy:
            return
        if self.tries is not None and self.tries <= 1:
            self._forget()
            self.message.setText(card_error_text(PinTriesTooFewError()))
            return
        self.busy = True
        self._pin = pin
        self.message.setText(self.tr("Reading the card… keep it still"))
        self.ctx.tasks.follow(
            self.ctx.card.submit(lambda t: read_card(t, pin)), self._card_read, self._card_failed
        )

    def _card_read(self, read: CardRead) -> None:
        self.read = read
        service = self.ctx.kiosk.cardlink
        self.ctx.tasks.run(lambda: service.candidates(read), self._show_candidates)

    def _show_candidates(self, candidates: list[Candidate]) -> None:
        self.busy = False
        self.candidates = candidates
        self.list.clear()
        chosen = None
        for candidate in candidates:
            item = QListWidgetItem(self._row_text(candidate))
            item.setSizeHint(QSize(0, ROW_HEIGHT))
            item.setData(Qt.ItemDataRole.UserRole, candidate.person.person_id)
            self.list.addItem(item)
            if candidate.person.person_id == self.person_id or (
                self.person_id is None and len(candidates) == 1
            ):
                chosen = item
        # Nothing is chosen for staff unless it is the person they came with or the only one.
        self.list.clearSelection()
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        self.message.clear()
        if not candidates:
            self.message.setText(
                self.tr(
                    "Nobody at this kiosk has this card's name and birth date. Register the "
                    "resident as a walk-in, or check the roster."
                )
            )
        elif self.person_id is not None and chosen is None:
            self.message.setText(
                self.tr("The chosen person's name or birth date is not the card's.")
            )
        self.pages.setCurrentIndex(1)
        self.retranslate()

    def _selection(self) -> None:
        self.confirm.setEnabled(self._chosen() is not None and not self.busy)

    def _chosen(self) -> QListWidgetItem | None:
        selected = self.list.selectedItems()
        return selected[0] if selected else None

    def link(self) -> None:
        """Link the card to the chosen person: the card signs, the link is written and sent."""
        item = self._chosen()
        read = self.read
        if item is None or read is None or self.busy:
            return
        person_id = str(item.data(Qt.ItemDataRole.UserRole))
        self.busy = True
        self._selection()
        self.message.setText(self.tr("Keep the card on the reader…"))
        service, actor = self.ctx.kiosk.cardlink, self.ctx.actor
        self.ctx.tasks.run(
            lambda: service.prepare(actor, read, person_id), self._sign, self._refused
        )

    def _sign(self, request: LinkRequest) -> None:
        pin = self._pin

        def signed(transport: CardTransport) -> SignedNonce:
            return sign_request(transport, pin, request)

        self.ctx.tasks.follow(
            self.ctx.card.submit(signed), lambda s: self._commit(request, s), self._card_failed
        )

    def _commit(self, request: LinkRequest, signed: SignedNonce) -> None:
        self._forget()
        service, actor = self.ctx.kiosk.cardlink, self.ctx.actor
        self.ctx.tasks.run(
            lambda: service.commit(actor, request, signed), self._done, self._refused
        )

    def _done(self, linked: Linked) -> None:
        self.busy = False
        self.linked = linked
        self.ctx.sync.wake()
        self.message.setObjectName("")
        self.message.style().polish(self.message)
        if linked.via == "platform-challenge":
            text = self.tr("The card is linked. It is sent to the platform now.")
        else:
            text = self.tr(
                "The card is linked here. The platform is not reachable: the link is sent "
                "with the next sync."
            )
        self.message.setText(text)
        self.confirm.setEnabled(False)
        self.city_button.show()

    def show_city_card(self) -> None:
        """「市民カードも登録」: wait for the city card's QR code for the person just linked."""
        if self.linked is None or self.busy:
            return
        self.city_button.hide()
        self.message.clear()
        self.city_code.clear()
        self.pages.setCurrentIndex(2)
        self.city_code.setFocus()

    def code_read(self, text: str) -> None:
        """A QR code from the camera (or a scanner typing it): the city card, on its page."""
        linked = self.linked
        if self.pages.currentIndex() != 2 or linked is None or self.busy or not text.strip():
            return
        self.busy = True
        service, actor, person_id = self.ctx.kiosk.citycards, self.ctx.actor, linked.person_id
        self.ctx.tasks.run(
            lambda: service.link(actor, person_id, text), self._city_done, self._city_refused
        )

    def _city_done(self, linked: CityCardLinked) -> None:
        self.busy = False
        self.city_linked = linked
        self.ctx.sync.wake()
        self.city_code.clear()
        self.message.setText(
            self.tr("The city card is linked. From now on it checks this person in and out.")
        )

    def _city_refused(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            raise error
        self.busy = False
        reason = error.reason if isinstance(error, Refused) else ""
        if isinstance(error, InvalidInput):
            text = self.tr("This is not a city card of a format this kiosk knows: {detail}")
            self.message.setText(text.format(detail=error_text(error)))
            return
        texts = {
            "linked_elsewhere": self.tr("This city card is already linked to another person."),
            "not_verified": self.tr(
                "Link the resident's My Number Card first: a city card is linked only after "
                "the card's PIN has proven who they are."
            ),
        }
        self.message.setText(texts.get(reason, error_text(error)))

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            raise error
        self.busy = False
        self._selection()
        reason = error.reason if isinstance(error, Refused) else ""
        texts = {
            "linked_elsewhere": self.tr("This card is already linked to another person."),
            "name_differs": self.tr("The chosen person's name is not the card's."),
            "birth_date_differs": self.tr("The chosen person's birth date is not the card's."),
            "not_enrolled": self.tr("Connect this kiosk to the platform before linking cards."),
            "other_card": self.tr("A different card is on the reader. Start again."),
        }
        self.message.setText(texts.get(reason, error_text(error)))

    def _card_failed(self, error: Exception) -> None:
        self.busy = False
        self._forget()
        self._selection()
        if isinstance(error, WrongPinError):
            self.tries = error.tries_left
            self.retranslate()
        self.message.setText(card_error_text(error))

    def _row_text(self, candidate: Candidate) -> str:
        person = candidate.person
        names = {
            Match.NAME: self.tr("name"),
            Match.BIRTH_DATE: self.tr("birth date"),
            Match.ADDRESS: self.tr("address"),
        }
        matched = "・".join(names[m] for m in candidate.matched)
        born = shown_date(person.birth_date) if person.birth_date else "—"
        lines = [
            f"{person.name}（{person.furigana}）  {born}",
            f"{person.address or '—'}",
            self.tr("Matches: {items}").format(items=matched)
            + (self.tr(" — already holds this card") if candidate.has_this_card else ""),
        ]
        return "\n".join(lines)

    def retranslate(self) -> None:
        """Set the texts."""
        self.setWindowTitle(self.tr("Link a card"))
        self.title.setText(self.tr("Link a card"))
        self.card_box.setTitle(self.tr("The resident's card"))
        self.card_box.hint.setText(
            self.tr(
                "Place the resident's My Number Card on the reader and have them enter its "
                "4-digit PIN. Its name, address, birth date and sex are read; never the "
                "individual number."
            )
        )
        self.card_box.tries_label.setText(
            ""
            if self.tries is None
            else self.tr("PIN tries left: {tries}").format(tries=self.tries)
        )
        read = self.read
        if read is not None:
            items = read.items
            self.items_label.setText(
                self.tr("The card says: {name}, born {born}, {address}").format(
                    name=items.name, born=items.birth_date or "—", address=items.address or "—"
                )
            )
        self.confirm.setText(self.tr("Link the card to this person"))
        self.city_button.setText(self.tr("Also register the city card"))
        self.city_hint.setText(
            self.tr(
                "Show the resident's city card QR code to the camera, or scan it with the "
                "handheld scanner."
            )
        )
        self.city_submit.setText(self.tr("Register the city card"))
        self.close_button.setText(self.tr("Close"))
        self._selection()
