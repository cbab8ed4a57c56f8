"""Mapping the shelters a kiosk defined before it was enrolled onto the platform's shelters.

A kiosk that started offline has its own shelter ids; once enrolled, the events recorded at
them wait until staff say which platform shelter each one is. Mapping re-addresses those events
and the local rows at once, and cannot be undone, so it asks for a confirmation.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kiosk.errors import KioskError, error_text
from kiosk.model import Shelter
from kiosk.settings import Settings
from ui.context import Context
from ui.widgets import Translatable

COLUMNS = 3


class ShelterMappingTab(Translatable):
    """Each local shelter with the platform shelters it can be mapped onto."""

    changed = Signal()
    needed = Signal(bool)

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.local: list[Shelter] = []
        self.platform: list[Shelter] = []
        self.choices: list[QComboBox] = []
        self.pending: tuple[Shelter, Shelter] | None = None
        self.loaded = False
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self.retranslate)
        self.map_button = QPushButton()
        self.map_button.setObjectName("primary")
        self.map_button.clicked.connect(self.ask)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.confirm = QPushButton()
        self.confirm.setObjectName("danger")
        self.confirm.clicked.connect(self.apply)
        self.cancel = QPushButton()
        self.cancel.clicked.connect(self.forget)
        self.message = QLabel()
        self.message.setObjectName("warning")
        self.message.setWordWrap(True)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.question, 1)
        confirm_row.addWidget(self.confirm)
        confirm_row.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.map_button)
        layout.addLayout(confirm_row)
        layout.addWidget(self.message)
        self.retranslate()

    def refresh(self) -> None:
        """Load the local and the platform shelters in the background."""
        shelters = self.ctx.kiosk.shelters

        def load() -> tuple[list[Shelter], list[Shelter]]:
            return shelters.unmapped(), shelters.platform_shelters()

        self.ctx.tasks.run(load, self._show)

    def _show(self, loaded: tuple[list[Shelter], list[Shelter]]) -> None:
        self.local, self.platform = loaded
        self.loaded = True
        self.pending = None
        self.choices = []
        self.table.setRowCount(len(self.local))
        for row, shelter in enumerate(self.local):
            self.table.setItem(row, 0, QTableWidgetItem(shelter.shelter_id))
            self.table.setItem(row, 1, QTableWidgetItem(shelter.name))
            combo = QComboBox()
            for target in self.platform:
                combo.addItem(f"{target.shelter_id}  {target.name}", target.shelter_id)
            self.table.setCellWidget(row, 2, combo)
            self.choices.append(combo)
        if self.local:
            self.table.selectRow(0)
        self.needed.emit(bool(self.local))
        self.retranslate()

    def selected(self) -> tuple[Shelter, Shelter] | None:
        """The selected local shelter and the platform shelter chosen for it."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.platform:
            return None
        row = rows[0].row()
        chosen = self.choices[row].currentData()
        target = next(s for s in self.platform if s.shelter_id == chosen)
        return self.local[row], target

    def ask(self) -> None:
        """Show what mapping the selected shelter would do, with a button to confirm it."""
        self.pending = self.selected()
        self.message.setText("")
        self.retranslate()

    def forget(self) -> None:
        """Drop the question without mapping anything."""
        self.pending = None
        self.retranslate()

    def apply(self) -> None:
        """Map the shelter asked about, then reload and let sync send what waited."""
        if self.pending is None:
            return
        local, target = self.pending
        ctx = self.ctx
        actor = ctx.actor

        def work() -> tuple[int, Settings]:
            events = ctx.kiosk.shelters.map_to(actor, local.shelter_id, target.shelter_id)
            # The desk's own shelter may have been the local one.
            return events, ctx.kiosk.settings.load()

        def done(result: tuple[int, Settings]) -> None:
            events, settings = result
            ctx.use_settings(settings)
            self.message.setText(
                self.tr(
                    "{local} is now {platform}; {events} waiting events were re-addressed."
                ).format(local=local.shelter_id, platform=target.shelter_id, events=events)
            )
            ctx.sync.wake()
            self.changed.emit()
            self.refresh()

        ctx.tasks.run(work, done, self._refused)

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            raise error
        self.pending = None
        self.message.setText(self.tr("Not mapped: {reason}").format(reason=error_text(error)))
        self.retranslate()

    def retranslate(self) -> None:
        """Set the texts."""
        self.title.setText(self.tr("Local shelters"))
        self.table.setAccessibleName(self.tr("Local shelters"))
        self.hint.setText(
            self.tr(
                "This kiosk recorded people at shelters of its own before it was enrolled. "
                "Choose the platform shelter each one is; its waiting check-ins are then sent "
                "as that shelter's. Until then they wait, and everything else syncs."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Local shelter"), self.tr("Name"), self.tr("Platform shelter")]
        )
        self.map_button.setText(self.tr("Map the selected shelter…"))
        self.map_button.setEnabled(self.selected() is not None)
        if self.loaded and not self.local:
            self.message.setText(self.tr("Every shelter of this kiosk is the platform's."))
        elif self.loaded and not self.platform:
            self.message.setText(
                self.tr("No platform shelter has arrived yet: sync first, then map.")
            )
        pending = self.pending
        for widget in (self.question, self.confirm, self.cancel):
            widget.setVisible(pending is not None)
        if pending is not None:
            local, target = pending
            self.question.setText(
                self.tr(
                    "Map {local} ({local_name}) to {platform} ({platform_name})? Its people, "
                    "stays and waiting events become the platform shelter's. This cannot be "
                    "undone."
                ).format(
                    local=local.shelter_id,
                    local_name=local.name,
                    platform=target.shelter_id,
                    platform_name=target.name,
                )
            )
        self.confirm.setText(self.tr("Map"))
        self.cancel.setText(self.tr("Cancel"))
