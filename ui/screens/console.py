"""The staff console: roster, counts, walk-in registration, settings and status, sync
conflicts, for administrators the extra questions and the staff accounts, and while an enrolled
kiosk has shelters of its own, their mapping onto the platform's."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from kiosk.backup import BackupOutcome
from kiosk.staff_calls import StaffCall
from kiosk.status import SyncStatus
from ui.context import Context
from ui.screens.admin import QuestionsTab, StaffTab
from ui.screens.conflicts import ConflictsView
from ui.screens.dashboard import DashboardTab
from ui.screens.pollworker import PollWorkerTab
from ui.screens.roster import RosterTab
from ui.screens.settings import SettingsTab
from ui.screens.shelters import ShelterMappingTab
from ui.screens.supplies import SuppliesTab
from ui.screens.walkin import WalkInWizard
from ui.screens.websignin import WebSignInDialog
from ui.widgets import ScrollingTabs, Translatable


class ConsoleScreen(Translatable):
    """The console a signed-in staff member works in."""

    sign_out_requested = Signal()
    exit_requested = Signal()
    calls_answered = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.who = QLabel()
        self.sign_out = QPushButton()
        self.sign_out.clicked.connect(self.sign_out_requested)
        self.exit = QPushButton()
        self.exit.setObjectName("danger")
        self.exit.clicked.connect(self.ask_quit)
        self.quit_box: QMessageBox | None = None
        self.web_sign_in = QPushButton()
        self.web_sign_in.clicked.connect(self.open_web_sign_in)
        self.web_dialog: WebSignInDialog | None = None
        self.sync: SyncStatus | None = None
        self.polling_site = False
        # Above the tabs, so staff see it whatever they are doing until the clock is set right.
        self.clock_warning = QLabel()
        self.clock_warning.setObjectName("warning")
        self.clock_warning.setWordWrap(True)
        self.clock_warning.hide()
        # A scheduled backup that failed, until one succeeds: staff only, never the entrance.
        self.backup_warning = QLabel()
        self.backup_warning.setObjectName("warning")
        self.backup_warning.setWordWrap(True)
        self.backup_warning.hide()
        # A call for staff from the entrance, above the tabs until someone answers it.
        self.calls: list[StaffCall] = []
        self.call_banner = QLabel()
        self.call_banner.setObjectName("staffCall")
        self.call_banner.setWordWrap(True)
        self.answer_call = QPushButton()
        self.answer_call.setObjectName("primary")
        self.answer_call.clicked.connect(self.calls_answered)
        calls = QHBoxLayout()
        calls.addWidget(self.call_banner, 1)
        calls.addWidget(self.answer_call)
        for widget in (self.call_banner, self.answer_call):
            widget.hide()
        self.roster = RosterTab(ctx)
        self.dashboard = DashboardTab(ctx)
        self.supplies = SuppliesTab(ctx)
        self.walkin = WalkInWizard(ctx)
        self.settings = SettingsTab(ctx)
        self.conflicts = ConflictsView(ctx)
        self.questions = QuestionsTab(ctx)
        self.staff = StaffTab(ctx)
        self.pollworker = PollWorkerTab(ctx)
        self.mapping = ShelterMappingTab(ctx)
        self.mapping.needed.connect(self._mapping_needed)
        self.mapping.changed.connect(self.roster.refresh)
        self.mapping.changed.connect(self.dashboard.refresh)
        self.roster.changed.connect(self.dashboard.refresh)
        self.questions.changed.connect(self.walkin.load_questions)
        self.tabs = ScrollingTabs()
        for tab in (
            self.roster,
            self.dashboard,
            self.supplies,
            self.walkin,
            self.settings,
            self.conflicts,
            self.questions,
            self.staff,
            self.pollworker,
            self.mapping,
        ):
            self.tabs.addTab(tab, "")
        self.tabs.currentChanged.connect(self._tab_shown)
        header = QHBoxLayout()
        header.addWidget(self.who, 1)
        header.addWidget(self.web_sign_in)
        header.addWidget(self.sign_out)
        # Quitting stops check-ins for everyone: far from サインアウト, which staff tap often.
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.exit)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.clock_warning)
        layout.addWidget(self.backup_warning)
        layout.addLayout(calls)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)
        self.retranslate()

    def open_for(self) -> None:
        """Prepare the console for the signed-in person."""
        self.tabs.setCurrentIndex(0)
        self.walkin.restart()
        self.settings.load(self.ctx.settings)
        self.roster.refresh()
        self.dashboard.refresh()
        admin = self.ctx.session is not None and self.ctx.session.is_admin
        for tab in (self.questions, self.staff):
            self.tabs.setTabVisible(self.tabs.indexOf(tab), admin)
        self.exit.setVisible(admin)
        self.tabs.setTabVisible(self.tabs.indexOf(self.pollworker), False)
        self.tabs.setTabVisible(self.tabs.indexOf(self.mapping), False)
        self.pollworker.load(self._polling_site)
        self.mapping.refresh()
        self.set_event_site(self.ctx.event_site)

    def set_sync(self, status: SyncStatus) -> None:
        """Follow the sync status: the settings tab's panel and the clock warning."""
        self.sync = status
        self.settings.set_sync(status)
        self.retranslate()

    def set_backup(self, outcome: BackupOutcome) -> None:
        """Follow the scheduled backups: a failure stays above the tabs until one succeeds."""
        self.settings.show_backup(outcome)
        self.retranslate()

    def set_calls(self, calls: list[StaffCall]) -> None:
        """Show the calls for staff waiting at the entrance (none: hide the banner)."""
        self.calls = calls
        for widget in (self.call_banner, self.answer_call):
            widget.setVisible(bool(calls))
        self.retranslate()

    def clock_warning_text(self, offset_ms: int) -> str:
        """How far the kiosk's clock is from the platform's, and what staff should do."""
        minutes = round(abs(offset_ms) / 60_000)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        if days:
            amount = self.tr("{days} d {hours} h").format(days=days, hours=hours)
        elif hours:
            amount = self.tr("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
        else:
            amount = self.tr("{minutes} min").format(minutes=minutes)
        # The offset is what the platform's clock is ahead of the kiosk's.
        if offset_ms > 0:
            text = self.tr(
                "⚠ This kiosk's clock is {amount} behind the platform's. Records use the "
                "platform's time; please set the clock right."
            )
        else:
            text = self.tr(
                "⚠ This kiosk's clock is {amount} ahead of the platform's. Records use the "
                "platform's time; please set the clock right."
            )
        return text.format(amount=amount)

    def ask_quit(self) -> None:
        """Ask an administrator to confirm before the program ends."""
        if self.ctx.session is None or not self.ctx.session.is_admin:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Quit Kazasu"),
            self.tr("Quit Kazasu? Nobody can check in at this kiosk until it is started again."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).clicked.connect(self.exit_requested)
        self.quit_box = box
        box.open()

    def _mapping_needed(self, needed: bool) -> None:
        # Shown while local shelters of an enrolled kiosk wait to be mapped.
        self.tabs.setTabVisible(self.tabs.indexOf(self.mapping), needed)

    def set_event_site(self, event: bool) -> None:
        """Follow the desk's site between shelter and event use (its kind, from the feed):
        at an event the supplies go, and the tabs that stay leave out what only a shelter has."""
        self.dashboard.set_event_site(event)
        self.walkin.set_event_site(event)
        self._site_tabs()
        self.retranslate()

    def _polling_site(self, found: bool) -> None:
        # A kiosk enrolled for a polling site opens on the early-voting desk; it holds no
        # shelter data, so the shelter tabs go.
        self.polling_site = found
        self.tabs.setTabVisible(self.tabs.indexOf(self.pollworker), found)
        self._site_tabs()
        if found:
            self.tabs.setCurrentWidget(self.pollworker)
        self.retranslate()

    def _site_tabs(self) -> None:
        for tab in (self.roster, self.dashboard, self.walkin, self.conflicts):
            self.tabs.setTabVisible(self.tabs.indexOf(tab), not self.polling_site)
        supplies = not self.polling_site and not self.ctx.event_site
        self.tabs.setTabVisible(self.tabs.indexOf(self.supplies), supplies)

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab in (
            self.dashboard,
            self.supplies,
            self.roster,
            self.conflicts,
            self.questions,
            self.staff,
            self.mapping,
        ):
            tab.refresh()

    def open_web_sign_in(self) -> None:
        """Open the web sign-in dialog, empty, over the console."""
        if self.web_dialog is None:
            self.web_dialog = WebSignInDialog(self.ctx, self)
        self.web_dialog.restart()
        self.web_dialog.open()

    def _web_dialog_open(self) -> WebSignInDialog | None:
        dialog = self.web_dialog
        return dialog if dialog is not None and dialog.isVisible() else None

    def card_arrived(self) -> None:
        """A card on the reader matters to the web sign-in dialog when it is open, else to the
        roster (linking a card), the walk-in wizard and the staff accounts only."""
        if (dialog := self._web_dialog_open()) is not None:
            dialog.card_arrived()
        elif self.tabs.currentWidget() is self.walkin:
            self.walkin.card_arrived()
        elif self.tabs.currentWidget() is self.roster:
            self.roster.card_arrived()
        elif self.tabs.currentWidget() is self.staff:
            self.staff.card_arrived()
        elif self.tabs.currentWidget() is self.pollworker:
            self.pollworker.card_arrived()

    def code_read(self, text: str) -> None:
        """A QR code matters to the web sign-in dialog when it is open (a sign-in challenge), else
        to the early-voting desk only (declaration codes)."""
        if (dialog := self._web_dialog_open()) is not None:
            dialog.code_read(text)
        elif (card_dialog := self.roster.card_dialog) is not None and card_dialog.isVisible():
            card_dialog.code_read(text)  # a city card linked after the My Number Card
        elif self.tabs.currentWidget() is self.pollworker:
            self.pollworker.code_read(text)

    def retranslate(self) -> None:
        """Set the texts."""
        session = self.ctx.session
        if session is not None:
            role = self.tr("Administrator") if session.is_admin else self.tr("Staff")
            site = self.pollworker.site
            if site is not None and self.tabs.isTabVisible(self.tabs.indexOf(self.pollworker)):
                self.who.setText(
                    self.tr("{name} ({role}) — polling site {site}").format(
                        name=session.name, role=role, site=site.name
                    )
                )
            elif self.ctx.event_site:
                self.who.setText(
                    self.tr("{name} ({role}) — event site {site}").format(
                        name=session.name, role=role, site=self.ctx.shelter_id
                    )
                )
            else:
                self.who.setText(
                    self.tr("{name} ({role}) — shelter {shelter}").format(
                        name=session.name, role=role, shelter=self.ctx.shelter_id
                    )
                )
        sync = self.sync
        offset = sync.clock_offset_ms if sync is not None and sync.clock_wrong else None
        if offset is not None:
            self.clock_warning.setText(self.clock_warning_text(offset))
        self.clock_warning.setVisible(offset is not None)
        backup = self.settings.backup_outcome
        failed = backup is not None and backup.error is not None and backup.retry_at is not None
        if backup is not None and failed:
            self.backup_warning.setText(
                self.tr("⚠ The scheduled backup failed.") + " " + self.settings.backup_text(backup)
            )
        self.backup_warning.setVisible(failed)
        if self.calls:
            self.call_banner.setText(
                self.tr("🔔 Someone at the entrance is asking for staff (since {time}).").format(
                    time=datetime.fromisoformat(self.calls[0].at).astimezone().strftime("%H:%M")
                )
            )
        self.answer_call.setText(self.tr("I'm going"))
        self.sign_out.setText(self.tr("Sign out"))
        self.web_sign_in.setText(self.tr("Web sign-in"))
        self.exit.setText(self.tr("Quit Kazasu"))
        for i, text in enumerate(
            [
                self.tr("Roster"),
                self.tr("Counts"),
                self.tr("Supplies"),
                self.tr("Walk-in registration"),
                self.tr("Settings and status"),
                self.tr("Sync conflicts"),
                self.tr("Questions"),
                self.tr("Staff accounts"),
                self.tr("Early voting"),
                self.tr("Local shelters"),
            ]
        ):
            self.tabs.setTabText(i, text)
