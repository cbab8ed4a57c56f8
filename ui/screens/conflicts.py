"""Sync field conflicts for staff: per person, the value kept and the value lost, and when.

The platform decided each one (the later edit wins); staff read what was lost and, where the
lost value was the right one, enter it again through the person's editor.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.conflicts import ConflictReview
from kiosk.model import Person
from kiosk.questions import Question
from ui.context import Context
from ui.forms import HouseholdForm, PersonForm, RecordForm, question_label
from ui.widgets import Translatable

COLUMNS = 6


class ConflictsView(Translatable):
    """A table of conflicts: everyone's (``person`` None) or one person's and their household's."""

    def __init__(self, ctx: Context, person: Person | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.person = person
        self.rows: list[ConflictReview] = []
        self.questions: dict[str, Question] = {}
        self.loaded = False
        # Forms made once, for their translated field labels and choice names.
        self._forms: dict[str, RecordForm] = {}
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def refresh(self) -> None:
        """Load the conflicts (and the extra questions, for their labels) in the background."""
        ctx, person_id = self.ctx, self.person.person_id if self.person else None

        def load() -> tuple[list[ConflictReview], list[Question]]:
            questions = ctx.kiosk.questions.all(inactive=True)
            return ctx.kiosk.conflicts(person_id), questions

        ctx.tasks.run(load, self._show)

    def _show(self, loaded: tuple[list[ConflictReview], list[Question]]) -> None:
        self.rows, questions = loaded
        self.questions = {q.question_id: q for q in questions}
        self.loaded = True
        self.retranslate()

    def field_text(self, row: ConflictReview) -> str:
        """The field's label as the forms show it."""
        field = row.conflict.field
        if field.startswith("q:"):
            question = self.questions.get(field[2:])
            return question_label(question) if question else field[2:]
        form = self._form(row.conflict.entity)
        text = form.label_text(field) if field in form.labels else field
        if row.conflict.entity == "person":
            return text
        return self.tr("Household: {field}").format(field=text)

    def value_text(self, row: ConflictReview, value: Any) -> str:
        """A kept or lost value in words: yes/no, choices by name, lists joined."""
        if value is None or value == "" or value == []:
            return self.tr("(empty)")
        if isinstance(value, bool):
            return self.tr("Yes") if value else self.tr("No")
        if isinstance(value, list):
            return ", ".join(self.value_text(row, v) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{k}: {self.value_text(row, v)}" for k, v in value.items())
        form, field = self._form(row.conflict.entity), row.conflict.field
        if field in form.choices or field in form.multi:
            return form.choice_text(field, str(value))
        return str(value)

    def _form(self, entity: str) -> RecordForm:
        if entity not in self._forms:
            self._forms[entity] = PersonForm() if entity == "person" else HouseholdForm()
        return self._forms[entity]

    def retranslate(self) -> None:
        """Set the texts and fill the table."""
        self.table.setAccessibleName(QCoreApplication.translate("ConsoleScreen", "Sync conflicts"))
        self.title.setText(
            self.tr("Sync conflicts of {name}").format(name=self.person.name)
            if self.person
            else self.tr("Sync conflicts")
        )
        self.hint.setText(
            self.tr(
                "The same field was changed in two places. The later change was kept; the other "
                "is shown here. If the lost value is right, enter it again in the editor."
            )
        )
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Person"),
                self.tr("Field"),
                self.tr("Kept value"),
                self.tr("Kept (changed at)"),
                self.tr("Lost value"),
                self.tr("Lost (changed at)"),
            ]
        )
        if self.loaded and not self.rows:
            self.table.setRowCount(1)
            self.table.setSpan(0, 0, 1, COLUMNS)
            self.table.setItem(0, 0, QTableWidgetItem(self.tr("No conflicts")))
            return
        self.table.clearSpans()
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = [
                row.name,
                self.field_text(row),
                self.value_text(row, row.conflict.kept_value),
                _when(row.kept_at),
                self.value_text(row, row.conflict.lost_value),
                _when(row.lost_at),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))


def _when(moment: Any) -> str:
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


class ConflictsDialog(QDialog):
    """One person's conflicts, opened from their detail in the roster."""

    def __init__(self, ctx: Context, person: Person, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ConflictsView(ctx, person)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(QCoreApplication.translate("ConflictsDialog", "Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.setWindowTitle(person.name)
        self.resize(1100, 600)
        self.view.refresh()
