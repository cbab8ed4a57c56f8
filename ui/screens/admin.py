"""Administrators' screens: the extra questions of the forms, and the staff accounts.

The console shows these tabs to administrators only; every change is also checked against the
session on the database thread (``require_admin``), so a staff session is refused even if a
screen were reached some other way. The services audit each change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from cardio.mynumber import Identity, identify
from kiosk.errors import KioskError, error_text
from kiosk.questions import KINDS, Question
from kiosk.staff import Role, StaffMember, require_admin
from ui.context import Context
from ui.messages import card_error_text
from ui.widgets import Translatable

_CHOICE_SEPARATORS = re.compile(r"[,、，]")
SUBJECTS = ("person", "household")


class AdminTab(Translatable):
    """A list, a form to add to it, and a button that retires or restores the selected row."""

    changed = Signal()

    def __init__(self, ctx: Context, columns: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.table = QTableWidget(0, columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self.retranslate)
        self.toggle = QPushButton()
        self.toggle.clicked.connect(self.toggle_selected)
        self.form_box = QGroupBox()
        self.form = QFormLayout(self.form_box)
        self.add = QPushButton()
        self.add.setObjectName("primary")
        self.add.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("warning")
        self.message.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.toggle)
        right = QVBoxLayout()
        right.addWidget(self.form_box)
        right.addWidget(self.message)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    def selected_row(self) -> int | None:
        """The selected row's index, if any."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def as_admin(self, job: Callable[[str], Any], done: Callable[[Any], None]) -> None:
        """Run ``job(actor)`` on the database thread if the session is an administrator's."""
        ctx = self.ctx
        session = ctx.session

        def checked() -> Any:
            return job(require_admin(session).actor)

        ctx.tasks.run(checked, done, self._refused)

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            raise error
        # Named context: self.tr here would look the text up under the subclass's name.
        if getattr(error, "reason", "") == "not_admin":
            text = QCoreApplication.translate("AdminTab", "Only an administrator may do this.")
        else:
            text = QCoreApplication.translate("AdminTab", "Not done: {reason}").format(
                reason=error_text(error)
            )
        self.message.setText(text)

    def submit(self) -> None:
        """Add what the form holds (override)."""

    def toggle_selected(self) -> None:
        """Retire or restore the selected row (override)."""


class QuestionsTab(AdminTab):
    """Extra questions for the person and household forms, added without a schema change."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, 6)
        self.questions: list[Question] = []
        self.question_id = QLineEdit()
        self.applies_to = QComboBox()
        self.applies_to.addItems(list(SUBJECTS))
        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        self.label_ja = QLineEdit()
        self.label_en = QLineEdit()
        self.choices = QLineEdit()
        self.kind.currentIndexChanged.connect(self._enable_choices)
        self.labels = [QLabel() for _ in range(6)]
        for label, widget in zip(
            self.labels,
            [
                self.question_id,
                self.applies_to,
                self.kind,
                self.label_ja,
                self.label_en,
                self.choices,
            ],
            strict=True,
        ):
            self.form.addRow(label, widget)
        self.form.addRow(self.add)
        self._enable_choices()
        self.retranslate()

    def refresh(self) -> None:
        """Load every question, retired ones too."""
        self.ctx.tasks.run(lambda: self.ctx.kiosk.questions.all(inactive=True), self._show)

    def _show(self, questions: list[Question]) -> None:
        self.questions = questions
        self.retranslate()

    def _enable_choices(self) -> None:
        self.choices.setEnabled(KINDS[self.kind.currentIndex()] == "choice")

    def submit(self) -> None:
        """Add the question in the form."""
        kind = KINDS[self.kind.currentIndex()]
        choices = tuple(
            c.strip() for c in _CHOICE_SEPARATORS.split(self.choices.text()) if c.strip()
        )
        question = Question(
            self.question_id.text().strip(),
            SUBJECTS[self.applies_to.currentIndex()],
            kind,
            self.label_ja.text().strip(),
            self.label_en.text().strip(),
            choices if kind == "choice" else (),
        )
        self.as_admin(lambda actor: self.ctx.kiosk.questions.add(actor, question), self._added)

    def _added(self, question: Question) -> None:
        for field in (self.question_id, self.label_ja, self.label_en, self.choices):
            field.clear()
        self.message.setText(self.tr("Question {id} added").format(id=question.question_id))
        self.refresh()
        self.changed.emit()

    def toggle_selected(self) -> None:
        """Retire the selected question from the forms, or bring it back."""
        row = self.selected_row()
        if row is None:
            return
        question = self.questions[row]
        self.as_admin(
            lambda actor: self.ctx.kiosk.questions.set_active(
                actor, question.question_id, not question.active
            ),
            lambda _: self._toggled(),
        )

    def _toggled(self) -> None:
        self.message.clear()
        self.refresh()
        self.changed.emit()

    def retranslate(self) -> None:
        """Set the texts and fill the table."""
        self.form_box.setTitle(self.tr("Add a question"))
        self.table.setAccessibleName(QCoreApplication.translate("ConsoleScreen", "Questions"))
        names = [
            self.tr("ID (a-z, 0-9, _)"),
            self.tr("Asked about"),
            self.tr("Answer"),
            self.tr("Question in Japanese"),
            self.tr("Question in English"),
            self.tr("Choices (separated by commas)"),
        ]
        for label, text in zip(self.labels, names, strict=True):
            label.setText(text)
        subjects = {"person": self.tr("Each person"), "household": self.tr("The household")}
        kinds = {
            "text": self.tr("Text"),
            "yesno": self.tr("Yes or no"),
            "number": self.tr("Number"),
            "choice": self.tr("One of the choices"),
        }
        for i, key in enumerate(subjects):
            self.applies_to.setItemText(i, subjects[key])
        for i, key in enumerate(KINDS):
            self.kind.setItemText(i, kinds[key])
        self.add.setText(self.tr("Add question"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("ID"),
                self.tr("Asked about"),
                self.tr("Answer"),
                self.tr("Question"),
                self.tr("Choices"),
                self.tr("In the forms"),
            ]
        )
        self.table.setRowCount(len(self.questions))
        for r, q in enumerate(self.questions):
            cells = [
                q.question_id,
                subjects[q.applies_to],
                kinds[q.kind],
                f"{q.label_ja} / {q.label_en}",
                "、".join(q.choices),
                self.tr("Yes") if q.active else self.tr("Retired"),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        row = self.selected_row()
        active = row is None or row >= len(self.questions) or self.questions[row].active
        self.toggle.setEnabled(row is not None)
        self.toggle.setText(self.tr("Retire from the forms") if active else self.tr("Restore"))


class StaffTab(AdminTab):
    """Staff accounts: create one with the person's own card (tapped here) and/or a code, and
    disable or enable accounts."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, 6)
        self.members: list[StaffMember] = []
        self.card_key: str | None = None
        self.card_problem: Exception | None = None
        self.staff_id = QLineEdit()
        self.name = QLineEdit()
        self.role = QComboBox()
        self.role.addItems([r.value for r in Role])
        self.card_state = QLabel()
        self.card_state.setWordWrap(True)
        self.forget_card = QPushButton()
        self.forget_card.clicked.connect(self._forget_card)
        card_row = QVBoxLayout()
        card_row.addWidget(self.card_state)
        card_row.addWidget(self.forget_card)
        self.code = QLineEdit()
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code_note = QLabel()
        self.code_note.setWordWrap(True)
        self.labels = [QLabel() for _ in range(5)]
        self.form.addRow(self.labels[0], self.staff_id)
        self.form.addRow(self.labels[1], self.name)
        self.form.addRow(self.labels[2], self.role)
        self.form.addRow(self.labels[3], card_row)
        self.form.addRow(self.labels[4], self.code)
        self.form.addRow(self.code_note)
        self.form.addRow(self.add)
        self.retranslate()

    def refresh(self) -> None:
        """Load the accounts and show whether this site takes codes."""
        self.code.setEnabled(self.ctx.settings.staff_code_allowed)
        self.ctx.tasks.run(self.ctx.kiosk.staff.members, self._show)

    def _show(self, members: list[StaffMember]) -> None:
        self.members = members
        self.retranslate()

    def card_arrived(self) -> None:
        """A card on the reader while this tab is shown: the new account's card."""
        self.card_problem = None
        self.ctx.tasks.follow(self.ctx.card.submit(identify), self._card_read, self._card_failed)

    def _card_read(self, identity: Identity) -> None:
        self.card_key = identity.card_key
        self.retranslate()

    def _card_failed(self, error: Exception) -> None:
        self.card_problem = error
        self.retranslate()

    def _forget_card(self) -> None:
        self.card_key = None
        self.card_problem = None
        self.retranslate()

    def submit(self) -> None:
        """Create the account in the form."""
        staff_id, name = self.staff_id.text().strip(), self.name.text().strip()
        role = list(Role)[self.role.currentIndex()]
        card_key = self.card_key
        code = self.code.text() if self.ctx.settings.staff_code_allowed else ""
        self.as_admin(
            lambda actor: self.ctx.kiosk.staff.add(
                actor, staff_id, name, role, card_key, code or None
            ),
            self._added,
        )

    def _added(self, member: StaffMember) -> None:
        for field in (self.staff_id, self.name, self.code):
            field.clear()
        self.card_key = None
        self.message.setText(self.tr("Account {id} created").format(id=member.staff_id))
        self.refresh()

    def toggle_selected(self) -> None:
        """Disable the selected account, or enable it again."""
        row = self.selected_row()
        if row is None:
            return
        member = self.members[row]
        self.as_admin(
            lambda actor: self.ctx.kiosk.staff.set_active(
                actor, member.staff_id, not member.active
            ),
            lambda _: self._toggled(),
        )

    def _toggled(self) -> None:
        self.message.clear()
        self.refresh()

    def retranslate(self) -> None:
        """Set the texts and fill the table."""
        self.form_box.setTitle(self.tr("Create a staff account"))
        self.table.setAccessibleName(QCoreApplication.translate("ConsoleScreen", "Staff accounts"))
        names = [
            self.tr("Staff ID"),
            self.tr("Name"),
            self.tr("Role"),
            self.tr("Card"),
            self.tr("Code (6+ digits)"),
        ]
        for label, text in zip(self.labels, names, strict=True):
            label.setText(text)
        roles = {Role.STAFF: self.tr("Staff"), Role.ADMIN: self.tr("Administrator")}
        for i, role in enumerate(Role):
            self.role.setItemText(i, roles[role])
        if self.card_key is not None:
            self.card_state.setText(self.tr("Card read: it will sign this person in."))
        elif self.card_problem is not None:
            self.card_state.setText(card_error_text(self.card_problem))
        else:
            self.card_state.setText(self.tr("Place the staff member's own card on the reader."))
        self.forget_card.setText(self.tr("Clear"))
        self.forget_card.setEnabled(self.card_key is not None)
        self.code_note.setText(
            ""
            if self.ctx.settings.staff_code_allowed
            else self.tr("This site accepts staff cards only (see Settings).")
        )
        self.add.setText(self.tr("Create account"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Staff ID"),
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Card"),
                self.tr("Code"),
                self.tr("Status"),
            ]
        )
        self.table.setRowCount(len(self.members))
        for r, m in enumerate(self.members):
            cells = [
                m.staff_id,
                m.name,
                roles[m.role],
                self.tr("Linked") if m.card_key else "",
                self.tr("Set") if m.code_hash else "",
                self.tr("Active") if m.active else self.tr("Disabled"),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        row = self.selected_row()
        active = row is None or row >= len(self.members) or self.members[row].active
        self.toggle.setEnabled(row is not None)
        self.toggle.setText(self.tr("Disable account") if active else self.tr("Enable account"))
