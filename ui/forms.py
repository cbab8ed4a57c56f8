"""Forms for every field of a person and a household (shared/domain/shelters.md).

Values go in and out as the records' JSON-ready dicts, so the services' ``update`` and
``from_dict`` take them as they are and check them.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import InvalidInput, error_text
from kiosk.furigana import suggest_furigana
from kiosk.model import Damage, Disability, Sex, Staying, Tenure
from kiosk.questions import Question
from ui.tasks import TaskManager
from ui.widgets import Translatable

MULTI_COLUMNS = 2
"""Check boxes per row of a many-of field (six disability kinds in one row overflowed)."""


def question_label(question: Question) -> str:
    """A question's label in the language on screen (administrators write both)."""
    japanese = QLocale().language() == QLocale.Language.Japanese
    return question.label_ja if japanese else question.label_en


class RecordForm(Translatable):
    """A form of typed fields; subclasses declare fields and their translated labels.

    Administrators' extra questions follow the fields (``set_questions``); their answers go in
    and out separately (``set_answers``, ``answers``), as the services keep them apart.
    """

    def __init__(self) -> None:
        super().__init__()
        self.form = QFormLayout(self)
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.choices: dict[str, list[str]] = {}
        self.multi: dict[str, dict[str, QCheckBox]] = {}
        self.dates: set[str] = set()
        self.questions: dict[str, tuple[Question, QLabel, QWidget]] = {}
        self.questions_title = QLabel()
        self.questions_title.setObjectName("sectionTitle")

    def set_questions(self, questions: list[Question]) -> None:
        """Show these extra questions after the fields, replacing any shown before."""
        for _, label, _ in self.questions.values():
            self.form.removeRow(label)
        if self.questions:
            self.form.takeRow(self.questions_title)
        self.questions = {}
        if questions:
            self.form.addRow(self.questions_title)
        for question in questions:
            widget: QWidget
            if question.kind in ("yesno", "choice"):
                widget = QComboBox()
                widget.addItems(
                    ["", "", ""] if question.kind == "yesno" else ["", *question.choices]
                )
            else:
                widget = QLineEdit()
            label = QLabel()
            self.questions[question.question_id] = (question, label, widget)
            self.form.addRow(label, widget)
        self.retranslate()

    def set_answers(self, answers: dict[str, Any]) -> None:
        """Fill the extra questions from the answers recorded (unanswered ones stay empty)."""
        for question_id, (question, _, widget) in self.questions.items():
            value = answers.get(question_id)
            if isinstance(widget, QComboBox):
                if question.kind == "yesno":
                    widget.setCurrentIndex({None: 0, True: 1, False: 2}.get(value, 0))
                else:
                    choices = ["", *question.choices]
                    widget.setCurrentIndex(choices.index(value) if value in choices else 0)
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))

    def answers(self) -> dict[str, Any]:
        """Every extra question's answer (None: not answered); a number that is not one is an
        InvalidInput naming the question."""
        out: dict[str, Any] = {}
        for question_id, (question, _, widget) in self.questions.items():
            if isinstance(widget, QComboBox):
                index = widget.currentIndex()
                if question.kind == "yesno":
                    out[question_id] = [None, True, False][index]
                else:
                    out[question_id] = ["", *question.choices][index] or None
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                if question.kind == "number":
                    out[question_id] = _number(question_label(question), text)
                else:
                    out[question_id] = text or None
        return out

    def _row(self, name: str, widget: QWidget) -> None:
        label = QLabel()
        self.labels[name] = label
        self.fields[name] = widget
        self.form.addRow(label, widget)

    def add_text(self, name: str) -> None:
        """A line of text (the system's input method works in it)."""
        self._row(name, QLineEdit())

    def add_date(self, name: str) -> None:
        """A date typed as YYYY-MM-DD, or empty."""
        field = QLineEdit()
        self.dates.add(name)
        self._row(name, field)

    def add_bool(self, name: str) -> None:
        """A yes/no box."""
        self._row(name, QCheckBox())

    def add_choice(self, name: str, values: list[str]) -> None:
        """One of ``values`` (shown through ``choice_text``)."""
        self.choices[name] = values
        box = QComboBox()
        box.addItems(values)
        self._row(name, box)

    def add_multi(self, name: str, values: list[str]) -> None:
        """Any of ``values``, in rows of two: a single row of six scrolled sideways."""
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        boxes = {}
        for i, value in enumerate(values):
            boxes[value] = QCheckBox()
            grid.addWidget(boxes[value], i // MULTI_COLUMNS, i % MULTI_COLUMNS)
        self.multi[name] = boxes
        self._row(name, holder)

    def label_text(self, name: str) -> str:
        """The translated label of a field (override)."""
        return name

    def choice_text(self, name: str, value: str) -> str:
        """The translated text of a choice's value (override)."""
        return value

    def retranslate(self) -> None:
        """Set labels and choice texts."""
        for name, label in self.labels.items():
            label.setText(self.label_text(name))
            # A screen reader says the row's label for the field (a box without text, a field
            # in a holder, have no other name).
            self.fields[name].setAccessibleName(self.label_text(name))
        for name in self.dates:
            field = self.fields[name]
            assert isinstance(field, QLineEdit)
            # Named context: self.tr would look the text up under each subclass's name.
            field.setPlaceholderText(QCoreApplication.translate("RecordForm", "YYYY-MM-DD"))
        for name, values in self.choices.items():
            box = self.fields[name]
            assert isinstance(box, QComboBox)
            for i, value in enumerate(values):
                box.setItemText(i, self.choice_text(name, value))
        for name, boxes in self.multi.items():
            for value, box in boxes.items():
                box.setText(self.choice_text(name, value))
        # The base class's own context: self.tr would look the texts up under the subclass.
        self.questions_title.setText(
            QCoreApplication.translate("RecordForm", "Additional questions")
        )
        yes_no = ["", QCoreApplication.translate("RecordForm", "Yes"),
                  QCoreApplication.translate("RecordForm", "No")]  # fmt: skip
        for question, label, widget in self.questions.values():
            label.setText(question_label(question))
            widget.setAccessibleName(question_label(question))
            if question.kind == "yesno" and isinstance(widget, QComboBox):
                for i, text in enumerate(yes_no):
                    widget.setItemText(i, text)

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the fields from a record's JSON-ready dict."""
        for name, widget in self.fields.items():
            value = values.get(name)
            if name in self.multi:
                for key, box in self.multi[name].items():
                    box.setChecked(key in (value or []))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                key = "" if value is None else str(value)
                widget.setCurrentIndex(max(0, self.choices[name].index(key)))
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict; a malformed date is an InvalidInput naming it."""
        out: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if name in self.multi:
                out[name] = [k for k, box in self.multi[name].items() if box.isChecked()]
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[name] = self.choices[name][widget.currentIndex()]
            elif isinstance(widget, QLineEdit):
                out[name] = widget.text().strip()
                if name in self.dates:
                    out[name] = _date(self.label_text(name), out[name])
        return out


def _number(label: str, text: str) -> int | float | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        words = QCoreApplication.translate("RecordForm", "{label}: {text} is not a number")
        raise InvalidInput(words.format(label=label, text=repr(text)))
    return value


def _date(label: str, text: str) -> str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        words = QCoreApplication.translate("RecordForm", "{label}: write the date as 1950-02-03")
        raise InvalidInput(words.format(label=label)) from None


# What only a shelter asks: care needs (for 要配慮者 and supplies) and the consents about telling
# where someone shelters. An event's organisers need attendance only, so at an event site these
# are neither shown nor recorded.
SHELTER_ONLY = (
    "pregnant",
    "nursing",
    "care_required",
    "disabilities",
    "allergies",
    "medication",
    "consent_relatives",
    "consent_publish",
    "consent_publish_shelter",
)


class PersonForm(RecordForm):
    """Every field of a household member.

    The furigana can hold a suggested reading (``show_suggestion``), marked as one until staff
    change it; ``enable_suggestions`` adds a button that suggests one for the typed name.
    """

    def __init__(self) -> None:
        super().__init__()
        self.event_site = False
        self.add_text("name")
        self._furigana_row()
        self.add_choice("sex", [s.value for s in Sex])
        self.add_date("birth_date")
        for name in ("relation", "address", "phone"):
            self.add_text(name)
        for name in ("pregnant", "nursing", "care_required"):
            self.add_bool(name)
        self.add_multi("disabilities", [d.value for d in Disability])
        for name in ("allergies", "medication"):
            self.add_text(name)
        for name in (
            "consent_relatives",
            "consent_publish",
            "consent_publish_shelter",
            "dv_protected",
        ):
            self.add_bool(name)
        self.retranslate()

    def set_event_site(self, event: bool) -> None:
        """At an event site, leave out the fields only a shelter asks (``SHELTER_ONLY``)."""
        self.event_site = event
        for name in SHELTER_ONLY:
            self.form.setRowVisible(self.fields[name], not event)

    def values(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict, without the shelter-only ones at an event site."""
        out = super().values()
        return {k: v for k, v in out.items() if k not in SHELTER_ONLY} if self.event_site else out

    def _furigana_row(self) -> None:
        field = QLineEdit()
        self.suggest = QPushButton()
        self.suggest.hide()
        self.suggest.clicked.connect(self.suggest_for_name)
        self.suggestion_hint = QLabel()
        self.suggestion_hint.setObjectName("suggestion")
        self.suggestion_hint.setWordWrap(True)
        self.suggestion_hint.hide()
        # One above the other: side by side, the field and the button were cut short.
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field)
        column.addWidget(self.suggestion_hint)
        column.addWidget(self.suggest)
        label = QLabel()
        self.labels["furigana"], self.fields["furigana"] = label, field
        self.form.addRow(label, holder)
        self.suggested: str | None = None
        self._no_suggestion = False
        self._tasks: TaskManager | None = None
        field.textChanged.connect(self._mark_suggestion)

    def enable_suggestions(self, tasks: TaskManager) -> None:
        """Offer the button that suggests a reading of the typed name (worked out on ``tasks``)."""
        self._tasks = tasks
        self.suggest.show()

    def suggest_for_name(self) -> None:
        """Suggest a reading for the name typed, replacing the furigana once it is worked out."""
        name = self.fields["name"]
        assert isinstance(name, QLineEdit) and self._tasks is not None
        text = name.text()
        self._tasks.run(lambda: suggest_furigana(text), self.show_suggestion)

    def show_suggestion(self, reading: str | None) -> None:
        """Put ``reading`` in the furigana, marked as a suggestion; None says there is none."""
        field = self.fields["furigana"]
        assert isinstance(field, QLineEdit)
        self.suggested, self._no_suggestion = reading, reading is None
        if reading is not None:
            field.setText(reading)
            field.setCursorPosition(0)  # the start of a long reading in view
        self._mark_suggestion()

    def showing_suggestion(self) -> bool:
        """Whether the furigana still holds the suggestion as it was made (not yet edited)."""
        field = self.fields["furigana"]
        assert isinstance(field, QLineEdit)
        return self.suggested is not None and field.text() == self.suggested

    def _mark_suggestion(self) -> None:
        field = self.fields["furigana"]
        suggested = self.showing_suggestion()
        field.setProperty("suggested", suggested)
        field.style().polish(field)
        assert isinstance(field, QLineEdit)
        self.suggestion_hint.setVisible(suggested or (self._no_suggestion and not field.text()))
        self._retranslate_suggestion()

    def _retranslate_suggestion(self) -> None:
        if self.showing_suggestion():
            self.suggestion_hint.setText(self.tr("Suggested reading — please check"))
        else:
            self.suggestion_hint.setText(self.tr("No reading to suggest — please type it"))

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the fields; a suggestion shown before is forgotten."""
        self.suggested, self._no_suggestion = None, False
        super().set_values(values)
        self._mark_suggestion()

    def retranslate(self) -> None:
        """Labels, choices and the suggestion's texts."""
        super().retranslate()
        if hasattr(self, "suggest"):
            self.suggest.setText(self.tr("Suggest a reading"))
            self._retranslate_suggestion()

    def label_text(self, name: str) -> str:
        """Labels."""
        return {
            "name": self.tr("Name"),
            "furigana": self.tr("Furigana"),
            "sex": self.tr("Sex"),
            "birth_date": self.tr("Birth date"),
            "relation": self.tr("Relation to representative"),
            "address": self.tr("Address"),
            "phone": self.tr("Phone"),
            "pregnant": self.tr("Pregnant"),
            "nursing": self.tr("Nursing"),
            "care_required": self.tr("Care required"),
            "disabilities": self.tr("Disabilities"),
            "allergies": self.tr("Allergies"),
            "medication": self.tr("Medication"),
            "consent_relatives": self.tr("Whereabouts may be told to relatives"),
            "consent_publish": self.tr("Safety may be published"),
            "consent_publish_shelter": self.tr("The safety list may also name my shelter"),
            "dv_protected": self.tr("Protected (DV): never disclose"),
        }[name]

    def choice_text(self, name: str, value: str) -> str:
        """Sexes and disability kinds."""
        return {
            "0": self.tr("Unknown"),
            "1": self.tr("Male"),
            "2": self.tr("Female"),
            "9": self.tr("Not applicable"),
            "physical": self.tr("Physical"),
            "visual": self.tr("Visual"),
            "hearing": self.tr("Hearing"),
            "mental": self.tr("Mental"),
            "intellectual": self.tr("Intellectual"),
            "developmental": self.tr("Developmental"),
        }[value]


class HouseholdForm(RecordForm):
    """Every field of a household, its car and its pet register."""

    LIVABLE = ("", "yes", "no")

    def __init__(self) -> None:
        super().__init__()
        self.add_text("registration_no")
        self.add_date("registered_on")
        for name in ("phone", "address"):
            self.add_text(name)
        self.add_choice("tenure", [t.value for t in Tenure])
        self.add_choice("damage", [d.value for d in Damage])
        for name in ("water_out", "power_out", "gas_out"):
            self.add_bool(name)
        self.add_choice("livable", list(self.LIVABLE))
        self.add_choice("staying", [s.value for s in Staying])
        for name in ("car_model", "car_plate", "car_colour", "car_parked_at"):
            self.add_text(name)
        self.pets = QTableWidget(0, 4)
        add_pet = QPushButton()
        add_pet.clicked.connect(lambda: self.pets.insertRow(self.pets.rowCount()))
        self.add_pet = add_pet
        self.form.addRow(QLabel(), add_pet)
        self._row("pets", self.pets)
        self.retranslate()

    def label_text(self, name: str) -> str:
        """Labels."""
        return {
            "registration_no": self.tr("Registration number"),
            "registered_on": self.tr("Registered on"),
            "phone": self.tr("Phone"),
            "address": self.tr("Address"),
            "tenure": self.tr("Home owned or rented"),
            "damage": self.tr("Damage to the home"),
            "water_out": self.tr("Water out"),
            "power_out": self.tr("Electricity out"),
            "gas_out": self.tr("Gas out"),
            "livable": self.tr("Home livable"),
            "staying": self.tr("Staying at"),
            "car_model": self.tr("Car model"),
            "car_plate": self.tr("Number plate"),
            "car_colour": self.tr("Car colour"),
            "car_parked_at": self.tr("Car parked at"),
            "pets": self.tr("Pets"),
        }[name]

    def choice_text(self, name: str, value: str) -> str:
        """Tenure, damage, livable and staying place."""
        if name == "livable":
            return {"": self.tr("Unknown"), "yes": self.tr("Yes"), "no": self.tr("No")}[value]
        return {
            "": self.tr("Unknown"),
            "owned": self.tr("Owned"),
            "rented": self.tr("Rented"),
            "none": self.tr("No damage"),
            "destroyed": self.tr("Destroyed"),
            "half": self.tr("Half destroyed"),
            "partial": self.tr("Partly damaged"),
            "flood_above_floor": self.tr("Flooded above floor"),
            "flood_below_floor": self.tr("Flooded below floor"),
            "shelter": self.tr("In the shelter"),
            "home": self.tr("At home"),
            "car": self.tr("In a car"),
            "tent": self.tr("In a tent"),
            "other": self.tr("Elsewhere"),
        }[value]

    def retranslate(self) -> None:
        """Labels, choices and the pet table's headers."""
        super().retranslate()
        if hasattr(self, "pets"):
            self.add_pet.setText(self.tr("Add a pet"))
            self.pets.setHorizontalHeaderLabels(
                [self.tr("Kind"), self.tr("Name"), self.tr("Count"), self.tr("Notes")]
            )

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill from a household's JSON-ready dict."""
        car = values.get("car") or {}
        livable = values.get("livable")
        flat = values | {f"car_{k}": v for k, v in car.items()}
        flat["livable"] = "" if livable is None else ("yes" if livable else "no")
        super().set_values(flat)
        pets = values.get("pets") or []
        self.pets.setRowCount(len(pets))
        for row, pet in enumerate(pets):
            for col, key in enumerate(("kind", "name", "count", "notes")):
                self.pets.setItem(row, col, QTableWidgetItem(str(pet.get(key, ""))))

    def values(self) -> dict[str, Any]:
        """A household's JSON-ready fields (car and pets nested)."""
        flat = super().values()
        out = {k: v for k, v in flat.items() if not k.startswith("car_") and k != "pets"}
        out["car"] = {k[4:]: v for k, v in flat.items() if k.startswith("car_")}
        out["livable"] = {"": None, "yes": True, "no": False}[flat["livable"]]
        pets = []
        for row in range(self.pets.rowCount()):
            cells = [self.pets.item(row, c) for c in range(4)]
            kind, name, count, notes = (c.text().strip() if c else "" for c in cells)
            if not kind:
                continue
            if not count.isdigit():
                raise InvalidInput(f"{self.label_text('pets')}: {self.tr('Count')}")
            pets.append({"kind": kind, "name": name, "count": int(count), "notes": notes})
        out["pets"] = pets
        return out


class FormDialog(QDialog):
    """A form in a scrollable dialog with Save and Cancel."""

    def __init__(self, form: RecordForm, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = form
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form)
        self.error = QLabel()
        self.error.setObjectName("warning")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        # Named here: Qt's own translations of standard buttons are not installed.
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(QCoreApplication.translate("FormDialog", "Save"))
        save.setObjectName("primary")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(QCoreApplication.translate("FormDialog", "Cancel"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(900, 900)
        self.result_values: dict[str, Any] = {}
        self.result_answers: dict[str, Any] = {}

    def _check(self) -> None:
        try:
            self.result_values = self.form.values()
            self.result_answers = self.form.answers()
        except InvalidInput as exc:
            self.error.setText(error_text(exc))
            return
        self.accept()
