"""Settings (administrators change them), backups to a USB stick, and the kiosk's status: sync,
reader, camera."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from kiosk.backup import BackupFailed, BackupOutcome, BackupProblem
from kiosk.errors import KioskError, Refused, error_text
from kiosk.model import Shelter
from kiosk.settings import BACKUP_INTERVALS_MIN, LANGUAGES, UI_SCALES, Settings
from kiosk.staff import require_admin
from kiosk.status import EnrolmentFailed, EnrolmentProblem, Link, SyncStatus
from ui.context import Context
from ui.i18n import LANGUAGES as LANGUAGE_NAMES
from ui.widgets import ProvisioningBar, Translatable, camera_text, device_text, say


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
        self.repeat_tap = QSpinBox()
        self.repeat_tap.setRange(0, 600)
        self.kiosk_mode = QCheckBox()
        self.staff_codes = QCheckBox()
        self.labels = [QLabel() for _ in range(10)]
        widgets = [
            self.language,
            self.shelter,
            self.reader,
            self.camera,
            self.scale,
            self.idle,
            self.confirmation,
            self.repeat_tap,
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
        self.status_labels = [QLabel() for _ in range(8)]
        self.network = QLabel()
        self.network.setWordWrap(True)
        self.enrolled = QLabel()
        self.last_success = QLabel()
        self.waiting = QLabel()
        self.provisioning = ProvisioningBar()
        self.provisioned = QLabel()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.devices = QLabel()
        for label, widget in zip(
            self.status_labels,
            [
                self.network,
                self.enrolled,
                self.last_success,
                self.waiting,
                self.provisioning,
                self.provisioned,
                self.detail,
                self.devices,
            ],
            strict=True,
        ):
            status.addRow(label, widget)
        self.enrol_box = QGroupBox()
        enrol = QFormLayout(self.enrol_box)
        self.platform_url = QLineEdit()
        self.code = QLineEdit()
        self.ca_file = QLineEdit()
        self.ca_browse = QPushButton()
        self.ca_browse.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.ca_browse)
        self.enrol_labels = [QLabel() for _ in range(3)]
        enrol.addRow(self.enrol_labels[0], self.platform_url)
        enrol.addRow(self.enrol_labels[1], self.code)
        enrol.addRow(self.enrol_labels[2], ca_row)
        self.enrol_button = QPushButton()
        self.enrol_button.setObjectName("primary")
        self.enrol_button.clicked.connect(self.enrol)
        self.enrol_message = QLabel()
        self.enrol_message.setWordWrap(True)
        enrol.addRow(self.enrol_message, self.enrol_button)
        self.enrol_problem: EnrolmentFailed | None = None
        self.enrol_busy = False
        self._make_backup_box()
        right = QVBoxLayout()
        right.addWidget(self.status_box)
        right.addWidget(self.enrol_box)
        right.addWidget(self.backup_box)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.form_box, 1)
        layout.addLayout(right, 1)
        self.load(ctx.settings)
        self.retranslate()

    def _make_backup_box(self) -> None:
        self.backup_box = QGroupBox()
        box = QFormLayout(self.backup_box)
        self.backup_folder = QLineEdit()
        self.backup_browse = QPushButton()
        self.backup_browse.clicked.connect(self._choose_backup_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(self.backup_browse)
        self.backup_interval = QComboBox()
        for minutes in BACKUP_INTERVALS_MIN:
            self.backup_interval.addItem("", minutes)
        self.backup_keep = QSpinBox()
        self.backup_keep.setRange(1, 1000)
        self.backup_last = QLabel()
        self.backup_labels = [QLabel() for _ in range(4)]
        box.addRow(self.backup_labels[0], folder_row)
        for label, widget in zip(
            self.backup_labels[1:],
            [self.backup_interval, self.backup_keep, self.backup_last],
            strict=True,
        ):
            box.addRow(label, widget)
        self.backup_save = QPushButton()
        self.backup_save.clicked.connect(self.save_backup_settings)
        self.backup_now = QPushButton()
        self.backup_now.setObjectName("primary")
        self.backup_now.clicked.connect(self.back_up_now)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_save)
        buttons.addWidget(self.backup_now)
        self.backup_message = QLabel()
        self.backup_message.setWordWrap(True)
        box.addRow(self.backup_message)
        box.addRow(buttons)
        self.last_backup_at: datetime | None = None
        # What the latest backup (by hand or on the schedule) did, re-worded on a language change.
        self.backup_outcome: BackupOutcome | None = None

    def load(self, settings: Settings) -> None:
        """Show ``settings`` in the form; only administrators may change them."""
        self.language.setCurrentIndex(list(LANGUAGES).index(settings.language))
        self.reader.setText(settings.reader)
        self.camera.setText(settings.camera)
        self.scale.setCurrentIndex(list(UI_SCALES).index(settings.ui_scale))
        self.idle.setValue(settings.idle_timeout_s)
        self.confirmation.setValue(settings.confirmation_s)
        self.repeat_tap.setValue(settings.repeat_tap_s)
        self.kiosk_mode.setChecked(settings.kiosk_mode)
        self.staff_codes.setChecked(settings.staff_code_allowed)
        self.backup_folder.setText(settings.backup_folder)
        self.backup_interval.setCurrentIndex(
            list(BACKUP_INTERVALS_MIN).index(settings.backup_interval_min)
        )
        self.backup_keep.setValue(settings.backup_keep)
        self.ctx.tasks.run(self.ctx.kiosk.shelters.all, self._shelters)
        self.ctx.tasks.run(self.ctx.kiosk.backups.last, self._show_last_backup)
        admin = self.ctx.session is not None and self.ctx.session.is_admin
        self.form_box.setEnabled(admin)
        self.backup_box.setEnabled(admin)
        self._enable_enrolment()

    def _enable_enrolment(self) -> None:
        # Only administrators enrol, once; the box stays visible so staff see where it is done.
        admin = self.ctx.session is not None and self.ctx.session.is_admin
        enrolled = self.sync is not None and self.sync.enrolled
        self.enrol_box.setEnabled(admin and not enrolled and not self.enrol_busy)

    def _choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA certificate (PEM)"), "", "PEM (*.pem *.crt);;* (*)"
        )
        if path:
            self.ca_file.setText(path)

    def _choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Backup folder (a USB stick)"), self.backup_folder.text()
        )
        if folder:
            self.backup_folder.setText(folder)

    def save_backup_settings(self) -> None:
        """Save the backup folder, interval and number to keep (administrators)."""
        ctx = self.ctx
        session = ctx.session
        settings = ctx.with_settings(
            backup_folder=self.backup_folder.text().strip(),
            backup_interval_min=self.backup_interval.currentData(),
            backup_keep=self.backup_keep.value(),
        )
        ctx.tasks.run(
            lambda: ctx.kiosk.settings.save(require_admin(session).actor, settings),
            self._backup_settings_saved,
            self._backup_refused,
        )

    def _backup_settings_saved(self, settings: Settings) -> None:
        say(self.backup_message, self.tr("Saved"), ok=True)
        self.saved.emit(settings)

    def back_up_now(self) -> None:
        """Write a backup into the folder shown, now, in the background (administrators)."""
        ctx = self.ctx
        session = ctx.session
        folder, keep = self.backup_folder.text(), self.backup_keep.value()
        self.backup_now.setEnabled(False)
        self.backup_message.setText(self.tr("Writing the backup…"))
        ctx.tasks.run(
            lambda: ctx.kiosk.backups.write(require_admin(session).actor, folder, keep),
            self._backed_up,
            self._backup_refused,
        )

    def _backed_up(self, path: Path) -> None:
        self.backup_now.setEnabled(True)
        self.show_backup(BackupOutcome(datetime.now().astimezone(), path=path))

    def _backup_refused(self, error: Exception) -> None:
        self.backup_now.setEnabled(True)
        if isinstance(error, BackupFailed):
            self.show_backup(BackupOutcome(datetime.now().astimezone(), error=error))
        elif isinstance(error, Refused) and error.reason == "not_admin":
            say(self.backup_message, self.tr("Only an administrator may do this."), ok=False)
        elif isinstance(error, KioskError):
            say(self.backup_message, error_text(error), ok=False)
        else:
            raise error

    def show_backup(self, outcome: BackupOutcome) -> None:
        """Show what the latest backup did, by hand or on the schedule."""
        self.backup_outcome = outcome
        if outcome.path is not None:
            self.last_backup_at = outcome.at
        self._show_backup_texts()

    def _show_last_backup(self, at: datetime | None) -> None:
        self.last_backup_at = at
        self._show_backup_texts()

    def backup_text(self, outcome: BackupOutcome) -> str:
        """What a backup did, in words an administrator can act on."""
        if outcome.error is None:
            return self.tr("Backup written: {path}").format(path=outcome.path)
        text = self.backup_error(outcome.error)
        if outcome.retry_at is not None:
            text += "\n" + self.tr("The scheduled backup is tried again at {time}.").format(
                time=outcome.retry_at.astimezone().strftime("%H:%M")
            )
        return text

    def backup_error(self, error: BackupFailed) -> str:
        """Why no backup was written."""
        texts = {
            BackupProblem.NO_FOLDER: self.tr("Choose a backup folder first."),
            BackupProblem.FOLDER_MISSING: self.tr(
                "The backup folder {folder} is not there. Is the USB stick plugged in?"
            ),
            BackupProblem.FULL: self.tr(
                "The backup folder {folder} is full. Use another USB stick or keep fewer backups."
            ),
            BackupProblem.NOT_WRITABLE: self.tr(
                "Nothing can be written in {folder}. Check that the USB stick is not "
                "write-protected, or choose another folder."
            ),
        }
        return texts[error.problem].format(folder=error.folder)

    def interval_text(self, minutes: int) -> str:
        """A backup interval in words."""
        if minutes == 0:
            return self.tr("No scheduled backups")
        if minutes < 60:
            return self.tr("Every {minutes} minutes").format(minutes=minutes)
        if minutes == 24 * 60:
            return self.tr("Once a day")
        return self.tr("Every {hours} hours").format(hours=minutes // 60)

    def _show_backup_texts(self) -> None:
        at = self.last_backup_at
        self.backup_last.setText(
            at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if at else self.tr("Never")
        )
        outcome = self.backup_outcome
        if outcome is not None:
            say(self.backup_message, self.backup_text(outcome), ok=outcome.error is None)

    def enrol(self) -> None:
        """Enrol with the platform in the background with the address and one-time code."""
        ctx = self.ctx
        url, code, ca = self.platform_url.text(), self.code.text(), self.ca_file.text()
        self.enrol_busy = True
        self.enrol_problem = None
        self._enable_enrolment()
        self.enrol_message.setText(self.tr("Enrolling…"))
        ctx.tasks.run(lambda: ctx.sync.enrol(url, code, ca), self._enrolled, self._enrol_failed)

    def _enrolled(self, _: None) -> None:
        self.enrol_busy = False
        self.code.clear()
        self.enrol_message.setText(self.tr("Enrolled. The kiosk now syncs with the platform."))
        self._enable_enrolment()
        self.ctx.tasks.run(self.ctx.sync.status, self.set_sync)

    def _enrol_failed(self, error: Exception) -> None:
        if not isinstance(error, EnrolmentFailed):
            raise error
        self.enrol_busy = False
        self.enrol_problem = error
        self._enable_enrolment()
        self.enrol_message.setText(self.enrolment_error(error))

    def enrolment_error(self, error: EnrolmentFailed) -> str:
        """What went wrong with an enrolment, in words an administrator can act on."""
        texts = {
            EnrolmentProblem.BAD_ADDRESS: self.tr(
                "The platform address must begin with https:// (http:// only on a test network)."
            ),
            EnrolmentProblem.CA_FILE: self.tr("The CA certificate file was not found."),
            EnrolmentProblem.UNREACHABLE: self.tr(
                "The platform did not answer. Check the address and the network, then try again."
            ),
            EnrolmentProblem.TLS: self.tr(
                "The platform's certificate could not be verified. Check the CA certificate file."
            ),
            EnrolmentProblem.BAD_CODE: self.tr(
                "The enrolment code is wrong, already used or expired. "
                "Ask the platform's administrator for a new code."
            ),
            EnrolmentProblem.ALREADY_ENROLLED: self.tr("This kiosk is already enrolled."),
            EnrolmentProblem.INCOMPATIBLE: self.tr(
                "This kiosk and the platform use different sync versions. "
                "Update the kiosk or the platform."
            ),
            EnrolmentProblem.REFUSED: self.tr("The platform refused the enrolment."),
        }
        return texts[error.problem]

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
            repeat_tap_s=self.repeat_tap.value(),
            kiosk_mode=self.kiosk_mode.isChecked(),
            staff_code_allowed=self.staff_codes.isChecked(),
        )
        ctx.tasks.run(
            lambda: ctx.kiosk.settings.save(ctx.actor, settings), self._saved, self._refused
        )

    def _saved(self, settings: Settings) -> None:
        say(self.message, self.tr("Saved"), ok=True)
        self.saved.emit(settings)

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            raise error
        say(self.message, error_text(error), ok=False)

    def set_sync(self, status: SyncStatus) -> None:
        """Show the sync worker's status."""
        self.sync = status
        self._enable_enrolment()
        self.retranslate()

    def link_text(self, sync: SyncStatus) -> str:
        """The link with the platform in a sentence."""
        texts = {
            Link.NOT_ENROLLED: self.tr("Not connected (not enrolled yet)"),
            Link.SYNCING: self.tr("Online, syncing now"),
            Link.ONLINE: self.tr("Online"),
            Link.OFFLINE: self.tr("Offline: check-ins are kept and sent later"),
            Link.INCOMPATIBLE: self.tr("Stopped: the kiosk or the platform must be updated"),
            Link.REFUSED: self.tr("Stopped: the platform refused this kiosk's data"),
            Link.REVOKED: self.tr(
                "Stopped for good: the platform revoked this kiosk. It no longer syncs; "
                "records stay on it. Ask the platform's administrator."
            ),
        }
        text = texts[sync.link]
        if sync.link is Link.OFFLINE and sync.retry_in_s is not None:
            text += "\n" + self.tr("Next try in {seconds} s").format(seconds=round(sync.retry_in_s))
        return text

    def provisioning_text(self, sync: SyncStatus) -> str:
        """How far the first download of the shelter's data is."""
        if sync.provisioned:
            return self.tr("Complete")
        if not sync.enrolled:
            return self.tr("Not started")
        if sync.provisioning_total:
            return self.tr("{done} of {total} records").format(
                done=sync.provisioning_done, total=sync.provisioning_total
            )
        return self.tr("{done} records downloaded").format(done=sync.provisioning_done)

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
            self.tr("A repeat tap within (s) only shows the confirmation again"),
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
                self.tr("Downloaded"),
                self.tr("Detail"),
                self.tr("Reader / camera"),
            ],
            strict=True,
        ):
            label.setText(text)
        self.enrol_box.setTitle(self.tr("Enrolment with the platform (administrators)"))
        for label, text in zip(
            self.enrol_labels,
            [
                self.tr("Platform address"),
                self.tr("One-time code"),
                self.tr("CA certificate (optional)"),
            ],
            strict=True,
        ):
            label.setText(text)
        self.platform_url.setPlaceholderText("https://")
        self.backup_box.setTitle(self.tr("Backups to a USB stick (administrators)"))
        for label, text in zip(
            self.backup_labels,
            [
                self.tr("Backup folder"),
                self.tr("Scheduled backups"),
                self.tr("Backups to keep"),
                self.tr("Last backup"),
            ],
            strict=True,
        ):
            label.setText(text)
        for index, minutes in enumerate(BACKUP_INTERVALS_MIN):
            self.backup_interval.setItemText(index, self.interval_text(minutes))
        self.backup_browse.setText(self.tr("Choose…"))
        self.backup_save.setText(self.tr("Save"))
        self.backup_now.setText(self.tr("Back up now"))
        self._show_backup_texts()
        self.ca_browse.setText(self.tr("Choose…"))
        self.enrol_button.setText(self.tr("Enrol"))
        if self.enrol_problem is not None:
            self.enrol_message.setText(self.enrolment_error(self.enrol_problem))
        self.devices.setText(
            f"{device_text(self.ctx.card.status)} / {camera_text(self.ctx.camera.status)}"
        )
        sync = self.sync
        if sync is None:
            return
        self.network.setText(self.link_text(sync))
        self.enrolled.setText(
            self.tr("Enrolled") if sync.enrolled else self.tr("Not enrolled with the platform")
        )
        self.last_success.setText(
            sync.last_success.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            if sync.last_success
            else self.tr("Never")
        )
        self.waiting.setText(str(sync.waiting))
        self.provisioning.show_status(sync)
        self.provisioned.setText(self.provisioning_text(sync))
        # The worker's own words (English, technical) for whoever has to call support.
        self.detail.setText(sync.message if sync.link is not Link.SYNCING else "")
