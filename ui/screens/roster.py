"""The staff roster: search as you type, filters, a person's detail, check in / out / move,
editing, CSV export, and the printed 避難者名簿 (print dialog or PDF)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from cardio.mynumber import identify
from cardio.transport import CardTransport
from kiosk.errors import KioskError, error_text
from kiosk.model import Household, Person, Shelter
from kiosk.printout import RosterPrintout
from kiosk.questions import Question
from kiosk.roster import RosterFilter, RosterPage, RosterRow
from kiosk.undo import LastAction
from ui.context import Context
from ui.forms import FormDialog, HouseholdForm, PersonForm
from ui.i18n import shown_date
from ui.printing import (
    document_title,
    print_with_dialog,
    printer,
    roster_painter,
    write_roster_pdf,
)
from ui.screens.cardlink import CardLinkDialog
from ui.screens.conflicts import ConflictsDialog
from ui.widgets import Translatable, say

SEARCH_DELAY_MS = 150
"""Typing pauses shorter than this do not start a search: one query per word, not per key."""


@dataclass(frozen=True)
class PersonExtras:
    """What the detail and the editors need beyond the roster row, loaded on selection."""

    person_id: str
    household: Household | None
    person_questions: list[Question]
    household_questions: list[Question]
    person_answers: dict[str, Any]
    household_answers: dict[str, Any]
    conflicts: int


class RosterTab(Translatable):
    """The roster and the selected person's detail."""

    changed = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.page = RosterPage([], 0)
        self.selected: RosterRow | None = None
        self.extras: PersonExtras | None = None
        self.household_id: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)
        self.search = QLineEdit()
        self.search.textChanged.connect(lambda: self.timer.start(SEARCH_DELAY_MS))
        self.filter = QComboBox()
        self.filter.addItems([f.value for f in RosterFilter])
        self.filter.currentIndexChanged.connect(self.refresh)
        self.count = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._select)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel()
        self.message.setObjectName("warning")
        self.message.setWordWrap(True)
        self.check_in = QPushButton()
        self.check_out = QPushButton()
        self.move_to = QComboBox()
        self.move_person = QPushButton()
        self.edit_person = QPushButton()
        self.edit_household = QPushButton()
        self.show_household = QPushButton()
        self.show_conflicts = QPushButton()
        self.link_card = QPushButton()
        self.link_unknown = QPushButton()
        self.link_unknown.setObjectName("primary")
        self.link_unknown.hide()
        self.card_dialog: CardLinkDialog | None = None
        self.export = QPushButton()
        self.print = QPushButton()
        self.save_pdf = QPushButton()
        self.print_dialog: QPrintDialog | None = None
        self.undo = QPushButton()
        self.undo_service = ctx.kiosk.undo
        self.undo_box: QMessageBox | None = None
        self.undo.clicked.connect(self.ask_undo)
        self.check_in.clicked.connect(lambda: self._presence("in"))
        self.check_out.clicked.connect(lambda: self._presence("out"))
        self.move_person.clicked.connect(lambda: self._presence("move"))
        self.edit_person.clicked.connect(self.open_person_editor)
        self.edit_household.clicked.connect(self.open_household_editor)
        self.show_household.clicked.connect(self._filter_household)
        self.show_conflicts.clicked.connect(self.open_conflicts)
        self.link_card.clicked.connect(lambda: self.open_card_link(self._selected_id()))
        self.link_unknown.clicked.connect(lambda: self.open_card_link(None))
        self.export.clicked.connect(self._ask_export)
        self.print.clicked.connect(self.print_roster)
        self.save_pdf.clicked.connect(self._ask_pdf)
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        side = QGridLayout()
        side.addWidget(self.detail, 0, 0, 1, 2)
        side.addWidget(self.check_in, 1, 0)
        side.addWidget(self.check_out, 1, 1)
        side.addWidget(self.move_to, 2, 0)
        side.addWidget(self.move_person, 2, 1)
        side.addWidget(self.edit_person, 3, 0)
        side.addWidget(self.edit_household, 3, 1)
        side.addWidget(self.show_household, 4, 0)
        side.addWidget(self.show_conflicts, 4, 1)
        side.addWidget(self.link_card, 5, 0, 1, 2)
        side.addWidget(self.message, 6, 0, 1, 2)
        side.addWidget(self.link_unknown, 7, 0, 1, 2)
        side.setRowStretch(0, 1)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(side, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.undo)
        bottom.addStretch(1)
        bottom.addWidget(self.export)
        bottom.addWidget(self.print)
        bottom.addWidget(self.save_pdf)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self.retranslate()

    def refresh(self) -> None:
        """Run the query for the search text and filter in the background."""
        ctx, query = self.ctx, self.search.text()
        which = RosterFilter(list(RosterFilter)[self.filter.currentIndex()])
        household = self.household_id

        def load() -> RosterPage:
            return ctx.kiosk.roster.page(ctx.shelter_id, query, which, household)

        ctx.tasks.run(load, self._show)
        if self.move_to.count() == 0:
            ctx.tasks.run(ctx.kiosk.shelters.all, self._shelters)

    def _shelters(self, shelters: list[Shelter]) -> None:
        self.move_to.clear()
        for shelter in shelters:
            self.move_to.addItem(shelter.name, shelter.shelter_id)

    def _show(self, page: RosterPage) -> None:
        # The highlight, the detail and the buttons must name one visible person. Qt keeps the
        # highlight on a row index whatever that row now holds, so the rows are replaced
        # without selection signals and the highlight is set again for the same person.
        before = self.selected.person.person_id if self.selected is not None else None
        self.page = page
        self.table.blockSignals(True)
        self.table.setRowCount(len(page.rows))
        today = date.today()
        for r, row in enumerate(page.rows):
            person = row.person
            age = person.age_on(today)
            cells = [
                person.name,
                person.furigana,
                "" if age is None else str(age),
                self._where(row),
                self.tr("Needs care") if person.needs_care() else "",
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        ids = [row.person.person_id for row in page.rows]
        self.table.clearSelection()
        if before in ids:
            self.selected = page.rows[ids.index(before)]
            self.table.selectRow(ids.index(before))
        else:
            if before is not None:
                self.message.clear()  # it spoke of the person who left the view
            self.selected = None
            self.extras = None
        self.table.blockSignals(False)
        self.retranslate()

    def _where(self, row: RosterRow) -> str:
        if row.present_here:
            return self.tr("Here")
        if row.present_elsewhere:
            return self.tr("At {shelter}").format(shelter=row.present_elsewhere)
        if row.staying.value != "shelter":
            return self.tr("Outside")
        return self.tr("Not here")

    def _select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        selected = self.page.rows[rows[0].row()] if rows else None
        same = (
            selected is not None
            and self.extras is not None
            and self.extras.person_id == selected.person.person_id
        )
        self.selected = selected
        if not same:
            self.extras = None
            self.message.clear()
        if selected is not None:
            self.load_extras(selected.person)
        self.retranslate()

    def load_extras(self, person: Person) -> None:
        """Load the person's household, extra questions, answers and conflicts in the
        background; the editors open once they are here."""
        ctx = self.ctx

        def load() -> PersonExtras:
            people, questions = ctx.kiosk.people, ctx.kiosk.questions
            household_id = person.household_id
            return PersonExtras(
                person.person_id,
                people.household(household_id) if household_id else None,
                questions.all("person"),
                questions.all("household"),
                questions.answers(person.person_id),
                questions.answers(household_id) if household_id else {},
                len(ctx.kiosk.conflicts(person.person_id)),
            )

        ctx.tasks.run(load, self._extras_loaded)

    def _extras_loaded(self, extras: PersonExtras) -> None:
        if self.selected is not None and self.selected.person.person_id == extras.person_id:
            self.extras = extras
            self.retranslate()

    def _selected_id(self) -> str | None:
        return self.selected.person.person_id if self.selected else None

    def open_card_link(self, person_id: str | None) -> CardLinkDialog:
        """「カードを登録」: link a card to ``person_id``, or to whoever its items match."""
        if self.card_dialog is None:
            self.card_dialog = CardLinkDialog(self.ctx, self)
            self.card_dialog.finished.connect(lambda _r: self.refresh())
        self.link_unknown.hide()
        self.card_dialog.restart(person_id)
        self.card_dialog.open()
        return self.card_dialog

    def card_dialog_open(self) -> CardLinkDialog | None:
        """The card-linking dialog, when it is on screen."""
        dialog = self.card_dialog
        return dialog if dialog is not None and dialog.isVisible() else None

    def card_arrived(self) -> None:
        """A card tapped at the roster: an unknown one is offered for linking."""
        if (dialog := self.card_dialog_open()) is not None:
            dialog.card_arrived()
            return
        people = self.ctx.kiosk.people

        def known(transport: CardTransport) -> str:
            return identify(transport).card_key

        def found(card_key: str) -> None:
            self.ctx.tasks.run(lambda: people.find(card_key), self._card_found)

        self.ctx.tasks.follow(self.ctx.card.submit(known), found, lambda _e: None)

    def _card_found(self, person: Person | None) -> None:
        if person is not None:
            self.select_person(person.person_id)
            self.link_unknown.hide()
            return
        self.message.setText(self.tr("This card is not linked to anyone here."))
        self.link_unknown.show()

    def select_person(self, person_id: str) -> None:
        """Select a person listed in the table."""
        for r, row in enumerate(self.page.rows):
            if row.person.person_id == person_id:
                self.table.selectRow(r)

    def _presence(self, what: str) -> None:
        if self.selected is None:
            return
        ctx, person_id = self.ctx, self.selected.person.person_id
        target = self.move_to.currentData()
        actions = {
            "in": lambda: ctx.kiosk.presence.check_in(ctx.actor, person_id, ctx.shelter_id),
            "out": lambda: ctx.kiosk.presence.check_out(ctx.actor, person_id, ctx.shelter_id),
            "move": lambda: ctx.kiosk.presence.move(ctx.actor, person_id, target),
        }
        ctx.tasks.run(actions[what], lambda _: self._after_change(), self._refused)

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            raise error
        say(
            self.message,
            self.tr("Not done: {reason}").format(reason=error_text(error)),
            ok=False,
        )

    def open_person_editor(self) -> FormDialog | None:
        """Edit every field and extra question of the selected person (returns the open
        dialog; None until the person's extras are loaded)."""
        extras = self.extras
        if self.selected is None or extras is None:
            return None
        person = self.selected.person
        form = PersonForm()
        form.set_values(person.to_dict())
        form.set_questions(extras.person_questions)
        form.set_answers(extras.person_answers)
        dialog = FormDialog(form, self.tr("Edit person"), self)
        dialog.accepted.connect(
            lambda: self._save(
                "person", person.person_id, dialog.result_values, dialog.result_answers
            )
        )
        dialog.open()
        return dialog

    def open_household_editor(self) -> FormDialog | None:
        """Edit every field and extra question of the selected person's household (returns
        the open dialog; None until the person's extras are loaded)."""
        extras = self.extras
        if extras is None or extras.household is None:
            return None
        household = extras.household
        form = HouseholdForm()
        form.set_values(household.to_dict())
        form.set_questions(extras.household_questions)
        form.set_answers(extras.household_answers)
        dialog = FormDialog(form, self.tr("Edit household"), self)
        dialog.accepted.connect(
            lambda: self._save(
                "household", household.household_id, dialog.result_values, dialog.result_answers
            )
        )
        dialog.open()
        return dialog

    def _save(
        self, kind: str, subject_id: str, values: dict[str, Any], answers: dict[str, Any]
    ) -> None:
        ctx = self.ctx
        ctx.tasks.run(
            lambda: ctx.kiosk.people.edit(ctx.actor, kind, subject_id, values, answers),
            lambda _: self._after_save(),
            self._refused,
        )

    def _after_save(self) -> None:
        self._after_change()
        if self.selected is not None:
            self.load_extras(self.selected.person)

    def open_conflicts(self) -> ConflictsDialog | None:
        """Show the sync conflicts of the selected person and their household."""
        if self.selected is None:
            return None
        dialog = ConflictsDialog(self.ctx, self.selected.person, self)
        dialog.open()
        return dialog

    def _filter_household(self) -> None:
        if self.selected is None:
            return
        self.household_id = self.selected.person.household_id
        self.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.HOUSEHOLD))
        self.refresh()

    def ask_undo(self) -> None:
        """Show the last check-in or check-out and ask before undoing it."""
        self.ctx.tasks.run(self.undo_service.last, self._confirm_undo, self._refused)

    def _confirm_undo(self, last: LastAction | None) -> None:
        if last is None:
            say(self.message, self.tr("There is nothing to undo."), ok=False)
            return
        what = self.tr("check-in") if last.action == "check_in" else self.tr("check-out")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Undo"),
            self.tr("Undo the {what} of {name} at {time}?").format(
                what=what, name=last.name, time=last.at[11:16]
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).clicked.connect(lambda: self._undo(last))
        self.undo_box = box
        box.open()

    def _undo(self, last: LastAction) -> None:
        ctx = self.ctx
        what = self.tr("check-in") if last.action == "check_in" else self.tr("check-out")
        done = self.tr("Undid the {what} of {name}.").format(what=what, name=last.name)

        def after(_: object) -> None:
            self._after_change()
            say(self.message, done, ok=True)

        ctx.tasks.run(lambda: self.undo_service.undo(ctx.actor, last.seq), after, self._refused)

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export CSV"), "roster.csv", "CSV (*.csv)"
        )
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> None:
        """Write the shelter's roster as CSV (UTF-8 with BOM) in the background."""
        ctx = self.ctx
        ctx.tasks.run(
            lambda: ctx.kiosk.export_roster_csv(ctx.shelter_id, path, ctx.actor),
            lambda rows: say(
                self.message,
                self.tr("Exported {rows} rows to {file}").format(rows=rows, file=path.name),
                ok=True,
            ),
            self._refused,
        )

    def print_roster(self) -> None:
        """Build the shelter's 避難者名簿 and open the print dialog for it."""
        self._printout(self._open_print_dialog)

    def _open_print_dialog(self, doc: RosterPrintout) -> None:
        device = printer(landscape=True, title=document_title(doc))
        self.print_dialog = print_with_dialog(self, device, len(doc.pages), roster_painter(doc))

    def _ask_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), "roster.pdf", "PDF (*.pdf)"
        )
        if path:
            self.print_pdf(Path(path))

    def print_pdf(self, path: Path) -> None:
        """Write the shelter's 避難者名簿 to a PDF file."""

        def write(doc: RosterPrintout) -> None:
            write_roster_pdf(doc, path)
            self.message.setText(self.tr("Saved to {file}").format(file=path.name))

        self._printout(write)

    def _printout(self, then: Callable[[RosterPrintout], None]) -> None:
        ctx = self.ctx
        ctx.tasks.run(
            lambda: ctx.kiosk.roster_printout(ctx.shelter_id, ctx.actor),
            then,
            self._refused,
        )

    def retranslate(self) -> None:
        """Set the texts."""
        self.search.setPlaceholderText(self.tr("Search by name or furigana"))
        self.search.setAccessibleName(self.search.placeholderText())
        self.table.setAccessibleName(QCoreApplication.translate("ConsoleScreen", "Roster"))
        names = {
            RosterFilter.ALL: self.tr("Everyone"),
            RosterFilter.PRESENT: self.tr("Present"),
            RosterFilter.OUTSIDE: self.tr("Staying outside"),
            RosterFilter.NEEDS_CARE: self.tr("Needs care"),
            RosterFilter.HOUSEHOLD: self.tr("Household"),
        }
        for i, f in enumerate(RosterFilter):
            self.filter.setItemText(i, names[f])
        self.count.setText(
            self.tr("{shown} of {total}").format(shown=len(self.page.rows), total=self.page.total)
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Furigana"),
                self.tr("Age"),
                self.tr("Where"),
                self.tr("Care"),
            ]
        )
        self.check_in.setText(self.tr("Check in"))
        self.check_out.setText(self.tr("Check out"))
        self.move_person.setText(self.tr("Move"))
        self.edit_person.setText(self.tr("Edit person"))
        self.edit_household.setText(self.tr("Edit household"))
        self.show_household.setText(self.tr("Show household"))
        self.export.setText(self.tr("Export CSV"))
        self.print.setText(self.tr("Print"))
        self.save_pdf.setText(self.tr("Save as PDF"))
        self.undo.setText(self.tr("Undo last check-in/out"))
        row = self.selected
        extras = self.extras
        conflicts = extras.conflicts if extras else 0
        self.show_conflicts.setText(self.tr("Sync conflicts ({count})").format(count=conflicts))
        for button in (self.check_in, self.check_out, self.move_person):
            button.setEnabled(row is not None)
        self.edit_person.setEnabled(row is not None and extras is not None)
        self.edit_household.setEnabled(extras is not None and extras.household is not None)
        self.show_household.setEnabled(row is not None and row.person.household_id is not None)
        self.show_conflicts.setEnabled(conflicts > 0)
        self.link_card.setText(self.tr("Link a card"))
        self.link_card.setEnabled(row is not None)
        self.link_unknown.setText(self.tr("Link this card to a resident"))
        if row is None:
            self.detail.setText(self.tr("Choose a person in the list."))
            return
        p = row.person
        lines = [
            f"<b style='font-size:150%'>{html.escape(p.name)}</b>",
            html.escape(p.furigana),
            self.tr("Status: {where}").format(where=html.escape(self._where(row))),
        ]
        if row.since:
            lines.append(self.tr("Since: {since}").format(since=row.since[:16].replace("T", " ")))
        if p.birth_date:
            lines.append(self.tr("Birth date: {date}").format(date=shown_date(p.birth_date)))
        if p.needs_care():
            lines.append(self.tr("Needs care"))
        if p.dv_protected:
            lines.append(self.tr("Protected (DV): never disclose"))
        if p.provisional:
            lines.append(self.tr("Registered here (provisional)"))
        if conflicts:
            lines.append(
                self.tr("{count} of this person's edits lost to a later one elsewhere").format(
                    count=conflicts
                )
            )
        self.detail.setText("<br>".join(lines))
