"""Settings (administrators change them) and the kiosk's status: sync, reader, camera."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
)

from kiosk.errors import KioskError
from kiosk.model import Shelter
from kiosk.settings import LANGUAGES, UI_SCALES, Settings
from kiosk.status import SyncStatus
from ui.context import Context
from ui.i18n import LANGUAGES as LANGUAGE_NAMES
from ui.widgets import Translatable, camera_text, device_text


class SettingsTab(Translatable):
    """The settings form and the status panel."""

    saved = Signal(object)

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.sync: SyncStatus | None = None
        self.form_box = QGroupBox()
        form = QFormLayout(self.form_box)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.shelter = QComboBox()
        self.reader = QLineEdit()
        self.camera = QLineEdit()
        self.scale = QComboBox()
        for scale in UI_SCALES:
            self.scale.addItem(f"{scale:.0%}", scale)
        self.idle = QSpinBox()
        self.idle.setRange(15, 3600)
        self.confirmation = QSpinBox()
        self.confirmation.setRange(2, 30)
        self.kiosk_mode = QCheckBox()
        self.staff_codes = QCheckBox()
        self.labels = [QLabel() for _ in range(9)]
        widgets = [
            self.language,
            self.shelter,
            self.reader,
            self.camera,
            self.scale,
            self.idle,
            self.confirmation,
            self.kiosk_mode,
            self.staff_codes,
        ]
        for label, widget in zip(self.labels, widgets, strict=True):
            form.addRow(label, widget)
        self.save = QPushButton()
        self.save.setObjectName("primary")
        self.save.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("warning")
        form.addRow(self.message, self.save)
        self.status_box = QGroupBox()
        status = QFormLayout(self.status_box)
        self.status_labels = [QLabel() for _ in range(6)]
        self.network = QLabel()
        self.enrolled = QLabel()
        self.last_success = QLabel()
        self.waiting = QLabel()
        self.provisioning = QProgressBar()
        self.devices = QLabel()
        for label, widget in zip(
            self.status_labels,
            [
                self.network,
                self.enrolled,
                self.last_success,
                self.waiting,
                self.provisioning,
                self.devices,
            ],
            strict=True,
        ):
            status.addRow(label, widget)
        layout = QHBoxLayout(self)
        layout.addWidget(self.form_box, 1)
        layout.addWidget(self.status_box, 1)
        self.load(ctx.settings)
        self.retranslate()

    def load(self, settings: Settings) -> None:
        """Show ``settings`` in the form; only administrators may change them."""
        self.language.setCurrentIndex(list(LANGUAGES).index(settings.language))
        self.reader.setText(settings.reader)
        self.camera.setText(settings.camera)
        self.scale.setCurrentIndex(list(UI_SCALES).index(settings.ui_scale))
        self.idle.setValue(settings.idle_timeout_s)
        self.confirmation.setValue(settings.confirmation_s)
        self.kiosk_mode.setChecked(settings.kiosk_mode)
        self.staff_codes.setChecked(settings.staff_code_allowed)
        self.ctx.tasks.run(self.ctx.kiosk.shelters.all, self._shelters)
        admin = self.ctx.session is not None and self.ctx.session.is_admin
        self.form_box.setEnabled(admin)

    def _shelters(self, shelters: list[Shelter]) -> None:
        self.shelter.clear()
        for shelter in shelters:
            self.shelter.addItem(f"{shelter.name} ({shelter.shelter_id})", shelter.shelter_id)
        ids = [s.shelter_id for s in shelters]
        if self.ctx.settings.shelter_id in ids:
            self.shelter.setCurrentIndex(ids.index(self.ctx.settings.shelter_id))

    def submit(self) -> None:
        """Save the form in the background; ``saved`` carries the new settings."""
        ctx = self.ctx
        settings = ctx.with_settings(
            language=self.language.currentData(),
            shelter_id=self.shelter.currentData() or "",
            reader=self.reader.text().strip(),
            camera=self.camera.text().strip(),
            ui_scale=self.scale.currentData(),
            idle_timeout_s=self.idle.value(),
            confirmation_s=self.confirmation.value(),
            kiosk_mode=self.kiosk_mode.isChecked(),
            staff_code_allowed=self.staff_codes.isChecked(),
        )
        ctx.tasks.run(
            lambda: ctx.settings_service.save(ctx.actor, settings), self._saved, self._refused
        )

    def _saved(self, settings: Settings) -> None:
        self.message.setText(self.tr("Saved"))
        self.saved.emit(settings)

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            raise error
        self.message.setText(str(error))

    def set_sync(self, status: SyncStatus) -> None:
        """Show the sync worker's status."""
        self.sync = status
        self.retranslate()

    def retranslate(self) -> None:
        """Set the texts."""
        self.form_box.setTitle(self.tr("Settings (administrators)"))
        names = [
            self.tr("Language"),
            self.tr("Shelter"),
            self.tr("Card reader (part of its name)"),
            self.tr("Camera (number, address or file)"),
            self.tr("Screen scale"),
            self.tr("Back to start after idle (s)"),
            self.tr("Confirmation shown for (s)"),
            self.tr("Kiosk mode (full screen, staff-only exit)"),
            self.tr("Staff may sign in with a code"),
        ]
        for label, text in zip(self.labels, names, strict=True):
            label.setText(text)
        self.save.setText(self.tr("Save"))
        self.status_box.setTitle(self.tr("Status"))
        for label, text in zip(
            self.status_labels,
            [
                self.tr("Network"),
                self.tr("Enrolment"),
                self.tr("Last sync"),
                self.tr("Events waiting"),
                self.tr("Provisioning"),
                self.tr("Reader / camera"),
            ],
            strict=True,
        ):
            label.setText(text)
        self.devices.setText(
            f"{device_text(self.ctx.card.status)} / {camera_text(self.ctx.camera.status)}"
        )
        sync = self.sync
        if sync is None:
            return
        self.network.setText(self.tr("Online") if sync.online else self.tr("Offline"))
        self.enrolled.setText(
            self.tr("Enrolled") if sync.enrolled else self.tr("Not enrolled with the platform")
        )
        self.last_success.setText(
            sync.last_success.strftime("%Y-%m-%d %H:%M") if sync.last_success else self.tr("Never")
        )
        self.waiting.setText(str(sync.events_waiting))
        self.provisioning.setRange(0, max(sync.provisioning_total, 1))
        self.provisioning.setValue(
            sync.provisioning_done if sync.provisioning_total else max(sync.provisioning_total, 1)
        )
