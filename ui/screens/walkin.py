"""The walk-in registration wizard: card and PIN (or typing), household members with their needs,
consents and answers to the administrators' questions, then a pass QR code for the next visit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cardio.card_errors import PinTriesTooFewError, WrongPinError
from cardio.mynumber import identify, pin_tries_left, read_basic_items
from cardio.mynumber.cardinfo import BasicItems
from cardio.mynumber.jpki import PinKind
from cardio.transport import CardTransport
from kiosk.counter import local_pass_text
from kiosk.duplicates import Candidate, PossibleDuplicate
from kiosk.errors import InvalidInput, KioskError, error_text
from kiosk.model import Household, Person, Staying
from kiosk.printout import Receipt, receipt
from kiosk.questions import Question
from kiosk.walkin import CardDetails, WalkIn, details_from_card
from ui.context import Context
from ui.forms import FormDialog, PersonForm, RecordForm
from ui.i18n import shown_date
from ui.messages import card_error_text
from ui.printing import (
    document_title,
    print_with_dialog,
    printer,
    receipt_painter,
    write_receipt_pdf,
)
from ui.widgets import CardPinBox, LanguageButtons, QrCode, Translatable

DUPLICATES_PAGE = 3


class WalkInWizard(Translatable):
    """Three steps: where the details come from, the household, the pass; and, when a member
    may be someone already registered, a step where staff say whether it is."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.card_key: str | None = None
        self.tries: int | None = None
        self.members: list[Person] = []
        self.member_answers: list[dict[str, Any]] = []
        self.person_questions: list[Question] = []
        self.result: WalkIn | None = None
        self.candidates: tuple[Candidate, ...] = ()
        self.ruled_out: set[str] = set()
        self.pages = QStackedWidget()
        self.message = QLabel()
        self.message.setObjectName("warning")
        self.message.setWordWrap(True)
        # Staff may hand the form to the resident: in their language until the wizard restarts.
        self.language_row = LanguageButtons()
        self.language_row.chosen.connect(self.choose_language)
        layout = QVBoxLayout(self)
        layout.addWidget(self.language_row, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        self.pages.addWidget(self._source_page())
        self.pages.addWidget(self._household_page())
        self.pages.addWidget(self._done_page())
        self.pages.addWidget(self._duplicates_page())
        self.retranslate()

    def _source_page(self) -> QWidget:
        page = QWidget()
        self.card_box = CardPinBox()
        self.card_hint, self.tries_label, self.pin = (
            self.card_box.hint,
            self.card_box.tries_label,
            self.card_box.pin,
        )
        self.pin.entered.connect(self.read_card)
        self.type_instead = QPushButton()
        self.type_instead.clicked.connect(lambda: self._to_household(None))
        row = QHBoxLayout(page)
        row.addWidget(self.card_box, 2)
        row.addWidget(self.type_instead, 1)
        return page

    def _household_page(self) -> QWidget:
        page = QWidget()
        self.representative = PersonForm()
        self.representative.enable_suggestions(self.ctx.tasks)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.representative)
        self.rep_box = QGroupBox()
        QVBoxLayout(self.rep_box).addWidget(scroll)
        self.others_box = QGroupBox()
        self.others = QListWidget()
        self.add_member = QPushButton()
        self.add_member.clicked.connect(self.open_member_form)
        self.remove_member = QPushButton()
        self.remove_member.clicked.connect(self._remove_member)
        self.staying_label = QLabel()
        self.staying = QComboBox()
        self.staying.addItems([s.value for s in Staying])
        self.household_questions = RecordForm()
        self.register = QPushButton()
        self.register.setObjectName("primary")
        self.register.clicked.connect(self.submit)
        self.back = QPushButton()
        self.back.clicked.connect(self.restart)
        side = QVBoxLayout(self.others_box)
        side.addWidget(self.others, 1)
        side.addWidget(self.add_member)
        side.addWidget(self.remove_member)
        side.addWidget(self.staying_label)
        side.addWidget(self.staying)
        side.addWidget(self.household_questions)
        side.addStretch(1)
        side.addWidget(self.back)
        side.addWidget(self.register)
        row = QHBoxLayout(page)
        row.addWidget(self.rep_box, 3)
        row.addWidget(self.others_box, 2)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_title = QLabel()
        self.done_title.setObjectName("attractSubtitle")
        self.pass_hint = QLabel()
        self.pass_hint.setWordWrap(True)
        self.qr = QrCode()
        self.print_pass = QPushButton()
        self.print_pass.clicked.connect(self.print_receipt)
        self.save_pass = QPushButton()
        self.save_pass.clicked.connect(self._ask_pdf)
        self.print_dialog: QPrintDialog | None = None
        self.finish = QPushButton()
        self.finish.setObjectName("primary")
        self.finish.clicked.connect(self.restart)
        side = QVBoxLayout()
        side.addWidget(self.done_title)
        side.addWidget(self.pass_hint)
        side.addStretch(1)
        side.addWidget(self.print_pass)
        side.addWidget(self.save_pass)
        side.addWidget(self.finish)
        row = QHBoxLayout(page)
        row.addWidget(self.qr, 1)
        row.addLayout(side, 1)
        return page

    def _duplicates_page(self) -> QWidget:
        page = QWidget()
        self.dup_title = QLabel()
        self.dup_title.setObjectName("attractSubtitle")
        self.dup_title.setWordWrap(True)
        self.dup_list = QListWidget()
        self.dup_list.setObjectName("candidates")
        self.dup_list.setWordWrap(True)
        self.dup_list.setSpacing(6)
        self.same_person = QPushButton()
        self.same_person.setObjectName("primary")
        self.same_person.setEnabled(False)
        self.same_person.clicked.connect(self.check_in_candidate)
        self.dup_list.itemSelectionChanged.connect(
            lambda: self.same_person.setEnabled(bool(self.dup_list.selectedItems()))
        )
        self.different_person = QPushButton()
        self.different_person.clicked.connect(self.register_anyway)
        self.dup_back = QPushButton()
        self.dup_back.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        buttons = QVBoxLayout()
        buttons.addWidget(self.same_person)
        buttons.addWidget(self.different_person)
        buttons.addStretch(1)
        buttons.addWidget(self.dup_back)
        column = QVBoxLayout()
        column.addWidget(self.dup_title)
        column.addWidget(self.dup_list, 1)
        row = QHBoxLayout(page)
        row.addLayout(column, 3)
        row.addLayout(buttons, 2)
        return page

    def choose_language(self, language: str) -> None:
        """Show the form in the resident's ``language`` until the wizard starts over."""
        self.ctx.languages.visit(language)
        self.language_row.show_language(self.ctx.languages.shown)

    def end_language(self) -> None:
        """Back to the kiosk's own language, the form kept as it is."""
        self.ctx.languages.end_visit()
        self.language_row.show_language(self.ctx.languages.shown)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the form (another tab, signing out) ends the resident's language."""
        if self.ctx.languages.visitor:
            self.end_language()
        super().hideEvent(event)

    def restart(self) -> None:
        """Back to the first step with nothing kept, in the kiosk's own language."""
        self.end_language()
        self.card_key, self.tries, self.members, self.result = None, None, [], None
        self.member_answers = []
        self.candidates, self.ruled_out = (), set()
        self.representative.set_values({"sex": "0"})
        self.representative.set_answers({})
        self.household_questions.set_answers({})
        self.others.clear()
        self.pin.field.clear()
        self.message.clear()
        self.pages.setCurrentIndex(0)
        self.load_questions()
        self.retranslate()

    def set_event_site(self, event: bool) -> None:
        """At an event site everyone registered attends it: no place of stay, no household
        questions, and no care needs or shelter consents on the person forms."""
        self.representative.set_event_site(event)
        if event:
            self.staying.setCurrentIndex(0)  # checked in at the site by the registration
        for widget in (self.staying_label, self.staying, self.household_questions):
            widget.setVisible(not event)

    def load_questions(self) -> None:
        """Ask the administrators' current questions for the forms, in the background."""
        questions = self.ctx.kiosk.questions
        self.ctx.tasks.run(
            lambda: (questions.all("person"), questions.all("household")), self._questions
        )

    def _questions(self, loaded: tuple[list[Question], list[Question]]) -> None:
        self.person_questions, household = loaded
        for form, questions in (
            (self.representative, self.person_questions),
            (self.household_questions, household),
        ):
            answers = form.answers() if form.questions else {}
            form.set_questions(questions)
            form.set_answers(answers)

    def card_arrived(self) -> None:
        """A card came: show its card-info PIN's tries left (asking spends none)."""
        if self.pages.currentIndex() != 0:
            return

        def ask(transport: CardTransport) -> int:
            return pin_tries_left(transport, PinKind.CARD_INFO)

        self.ctx.tasks.follow(self.ctx.card.submit(ask), self._show_tries, self._card_failed)

    def _show_tries(self, tries: int) -> None:
        self.tries = tries
        self.retranslate()

    def read_card(self, pin: str) -> None:
        """Read the four basic items with ``pin`` (never when one try is left)."""
        if self.tries is not None and self.tries <= 1:
            self.message.setText(card_error_text(PinTriesTooFewError()))
            return
        self.message.setText(self.tr("Reading the card… keep it still"))

        def read(transport: CardTransport) -> tuple[str, BasicItems]:
            card_key = identify(transport).card_key
            return card_key, read_basic_items(transport, pin)

        self.ctx.tasks.follow(self.ctx.card.submit(read), self._card_read, self._card_failed)

    def _card_read(self, result: tuple[str, BasicItems]) -> None:
        card_key, items = result
        self.card_key = card_key
        # In the background: the first suggested reading loads its dictionary.
        self.ctx.tasks.run(lambda: details_from_card(items), self._to_household)

    def _card_failed(self, error: Exception) -> None:
        self.pin.field.clear()
        if isinstance(error, WrongPinError):
            self.tries = error.tries_left
            self.retranslate()
        self.message.setText(card_error_text(error))

    def _to_household(self, details: CardDetails | None) -> None:
        self.message.clear()
        if details is not None:
            self.representative.set_values(
                {
                    "name": details.name,
                    "address": details.address,
                    "birth_date": details.birth_date.isoformat() if details.birth_date else None,
                    "sex": details.sex.value,
                }
            )
            self.representative.show_suggestion(details.furigana)
            if not details.exact:
                self.message.setText(
                    self.tr("Some characters could not be read (〓). Compare with the card.")
                )
        self.pages.setCurrentIndex(1)
        self.representative.fields["furigana"].setFocus()

    def open_member_form(self) -> FormDialog:
        """Add a household member through the full person form (returns the open dialog)."""
        form = PersonForm()
        form.enable_suggestions(self.ctx.tasks)
        form.set_event_site(self.ctx.event_site)
        form.set_values({"sex": "0", "address": self.representative.values()["address"]})
        form.set_questions(self.person_questions)
        dialog = FormDialog(form, self.tr("Add a member"), self)
        dialog.accepted.connect(
            lambda: self._add_member(dialog.result_values, dialog.result_answers)
        )
        dialog.open()
        return dialog

    def _add_member(self, values: dict[str, object], answers: dict[str, Any]) -> None:
        try:
            person = Person.from_dict({"person_id": ""} | values)
        except InvalidInput as exc:
            self.message.setText(error_text(exc))
            return
        self.members.append(person)
        self.member_answers.append(answers)
        self.others.addItem(f"{person.name}（{person.furigana}）")

    def _remove_member(self) -> None:
        row = self.others.currentRow()
        if row >= 0:
            self.others.takeItem(row)
            del self.members[row]
            del self.member_answers[row]

    def submit(self) -> None:
        """Register the household in the background, then show the pass."""
        try:
            first = Person.from_dict({"person_id": ""} | self.representative.values())
            answers = [self.representative.answers(), *self.member_answers]
            household_answers = self.household_questions.answers()
        except InvalidInput as exc:
            self.message.setText(error_text(exc))
            return
        ctx, card_key, ruled_out = self.ctx, self.card_key, frozenset(self.ruled_out)
        staying = Staying([s.value for s in Staying][self.staying.currentIndex()])
        household = Household("", shelter_id=ctx.shelter_id, address=first.address, staying=staying)
        members = [first, *self.members]

        # Those staying here are checked in by the registration itself: one transaction.
        check_in_at = ctx.shelter_id if staying is Staying.SHELTER else None

        def register() -> WalkIn:
            return ctx.kiosk.walkin.register(
                ctx.actor,
                household,
                members,
                card_key,
                answers,
                household_answers,
                ruled_out,
                check_in_at,
            )

        ctx.tasks.run(register, self._registered, self._refused)

    def _registered(self, walk_in: WalkIn) -> None:
        self.result = walk_in
        self.qr.set_text(local_pass_text(walk_in.members[0].person_id))
        self.message.clear()
        self.pages.setCurrentIndex(2)
        self.retranslate()

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            raise error
        if isinstance(error, PossibleDuplicate):
            self._show_candidates(error.candidates)
            return
        self.message.setText(self.tr("Not registered: {reason}").format(reason=error_text(error)))

    def _show_candidates(self, candidates: tuple[Candidate, ...]) -> None:
        self.candidates = candidates
        self.dup_list.clear()
        for candidate in candidates:
            self.dup_list.addItem(QListWidgetItem(self._candidate_text(candidate)))
        # Staff choose the match themselves; nothing is picked for them.
        self.dup_list.clearSelection()
        self.same_person.setEnabled(False)
        self.message.clear()
        self.pages.setCurrentIndex(DUPLICATES_PAGE)
        self.retranslate()

    def _candidate_text(self, candidate: Candidate) -> str:
        p = candidate.person
        lines = [
            f"{p.name}（{p.furigana}）",
            self.tr("Birth date: {date}").format(
                date=shown_date(p.birth_date) if p.birth_date else ""
            ),
            self.tr("Household: {name}").format(name=candidate.household or "—"),
            self.tr("Shelter: {name}").format(
                name=candidate.shelter_name or candidate.shelter_id or "—"
            ),
        ]
        if p.dv_protected:
            lines.append(self.tr("Protected (DV): never disclose"))
        return "\n".join(lines)

    def check_in_candidate(self) -> None:
        """Staff say the selected match is this person: check them in, register nobody."""
        chosen = self.dup_list.selectedItems()
        if not chosen:
            return
        person = self.candidates[self.dup_list.row(chosen[0])].person
        ctx = self.ctx
        ctx.tasks.run(
            lambda: ctx.kiosk.presence.check_in(ctx.actor, person.person_id, ctx.shelter_id),
            lambda _: self._checked_in(person),
            self._refused,
        )

    def _checked_in(self, person: Person) -> None:
        self.restart()
        self.message.setText(self.tr("Checked in: {name}").format(name=person.name))

    def register_anyway(self) -> None:
        """Staff say every match is a different person: register, with that judgement audited."""
        self.ruled_out |= {c.person.person_id for c in self.candidates}
        self.submit()

    def _receipt(self) -> Receipt:
        assert self.result is not None
        ctx = self.ctx
        shelter = ctx.kiosk.shelters.get(ctx.shelter_id)
        moment = ctx.kiosk.now().astimezone()
        return receipt(self.result, shelter.name, self.qr.text, moment)

    def print_receipt(self) -> None:
        """Open the print dialog for the household's 受付票."""
        receipt = self._receipt()
        device = printer(landscape=False, title=document_title(receipt))
        self.print_dialog = print_with_dialog(self, device, 1, receipt_painter(receipt))

    def _ask_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), "receipt.pdf", "PDF (*.pdf)"
        )
        if path:
            self.print_pass_pdf(Path(path))

    def print_pass_pdf(self, path: Path) -> None:
        """Write the household's 受付票 (members, date, pass code) to a PDF file."""
        write_receipt_pdf(self._receipt(), path)

    def retranslate(self) -> None:
        """Set the texts."""
        self.card_box.setTitle(self.tr("Read name and address from the card"))
        self.card_hint.setText(
            self.tr(
                "Place the card on the reader and enter its 4-digit PIN for the card's details."
            )
        )
        if self.tries is None:
            self.tries_label.setText("")
        elif self.tries <= 1:
            self.tries_label.setText(self.tr("1 try left: the kiosk will not try the PIN."))
        else:
            self.tries_label.setText(self.tr("PIN tries left: {tries}").format(tries=self.tries))
        self.type_instead.setText(self.tr("Type the details instead"))
        self.rep_box.setTitle(self.tr("Representative"))
        self.others_box.setTitle(self.tr("Other members"))
        self.add_member.setText(self.tr("Add a member"))
        self.remove_member.setText(self.tr("Remove"))
        self.staying_label.setText(self.tr("Staying at"))
        places = [
            self.tr("In the shelter"),
            self.tr("At home"),
            self.tr("In a car"),
            self.tr("In a tent"),
            self.tr("Elsewhere"),
        ]
        for i, text in enumerate(places):
            self.staying.setItemText(i, text)
        self.register.setText(self.tr("Register"))
        self.back.setText(self.tr("Start over"))
        self.done_title.setText(self.tr("Registered"))
        self.pass_hint.setText(
            self.tr("Show this code at the entrance next time, or tap the card.")
        )
        self.print_pass.setText(self.tr("Print receipt"))
        self.save_pass.setText(self.tr("Save as PDF"))
        self.finish.setText(self.tr("Finish"))
        self.dup_title.setText(
            self.tr(
                "This may be the same person as someone already registered. Compare before saving."
            )
        )
        for row, candidate in enumerate(self.candidates):
            item = self.dup_list.item(row)
            if item is not None:
                item.setText(self._candidate_text(candidate))
        self.same_person.setText(self.tr("This is the same person: check them in"))
        self.different_person.setText(self.tr("A different person: register"))
        self.dup_back.setText(self.tr("Back to the form"))
