"""The kiosk's one window: the screens in a stack, the status strip, kiosk mode, idle time-out."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QVBoxLayout, QWidget

from cardio.card_errors import CardError
from kiosk.backup import BackupOutcome
from kiosk.counter import Answer
from kiosk.model import Shelter
from kiosk.settings import Settings
from kiosk.staff import Session
from kiosk.staff_calls import StaffCall
from kiosk.status import SyncStatus
from ui.context import Context
from ui.idle import IdleTimeout
from ui.screens.citizen import AttractScreen, ConfirmationScreen
from ui.theme import apply_theme
from ui.widgets import ScrollingStack, StatusStrip

if TYPE_CHECKING:
    from ui.screens.console import ConsoleScreen
    from ui.screens.signin import SignInScreen

log = logging.getLogger(__name__)

STATUS_REFRESH_MS = 5000
BACKUP_CHECK_MS = 60_000
"""How often the window asks whether a scheduled backup is due (the shortest interval is 15 min)."""


class MainWindow(QMainWindow):
    """Routes cards, codes and touches to the screen on show."""

    confirmation_painted = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.tapping = False
        # Says the counter's confirmation is done (the kiosk's background work waits till then).
        self._serving: Callable[[], None] | None = None
        self.attract = AttractScreen()
        self.confirmation = ConfirmationScreen()
        # The staff screens (and their modules) are made once the attract screen has been
        # painted, or when first asked for: citizens are greeted as early as possible.
        self._signin: SignInScreen | None = None
        self._console: ConsoleScreen | None = None
        self._sync_status: SyncStatus | None = None
        self._backup: BackupOutcome | None = None
        self._painted = False
        self._unscaled_size: QSize | None = None
        self._after_paint: list[Callable[[], None]] = [
            self._make_staff_screens,
            self.start_backup_schedule,
        ]
        self.stack = ScrollingStack()
        for screen in (self.attract, self.confirmation):
            self.stack.addWidget(screen)
        self.status = StatusStrip()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self.setCentralWidget(body)
        self.setWindowTitle("Kazasu")
        self.attract.staff_requested.connect(self.show_signin)
        self.attract.language_requested.connect(self.choose_language)
        self.attract.call_staff_requested.connect(self.call_staff)
        self._calls_waiting = 0
        self.confirmation.done.connect(self.show_attract)
        self.confirmation.pin_entered.connect(self.prove_card)
        self.confirmation.leave_requested.connect(self.leave)
        ctx.arrival_notice.asked.connect(self.show_checking)
        self.confirmation.painted.connect(self.confirmation_painted)
        self.confirmation.painted.connect(self._end_serving)
        ctx.card.card_arrived.connect(self.card_arrived)
        ctx.card.status_changed.connect(self.status.set_device)
        ctx.camera.code_read.connect(self.code_read)
        # To the strip's own method, not a lambda: Qt drops the connection when the strip is
        # deleted, and the camera's thread reports its last status as it stops, maybe after.
        ctx.camera.status_changed.connect(self.status.set_camera)
        ctx.sync.changed.connect(self._show_sync)
        self.idle = IdleTimeout(self)
        self.idle.timeout.connect(self.idle_timeout)
        self.status_timer = QTimer(self)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start(STATUS_REFRESH_MS)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.check_backup)
        # Only until the attract screen's first paint (the jobs after it).
        self.attract.installEventFilter(self)
        self.apply_settings(ctx.settings)
        self.refresh_status()

    # -- start-up -----------------------------------------------------------------------------

    @property
    def signin(self) -> SignInScreen:
        """The staff sign-in screen (made on first use)."""
        if self._signin is None:
            from ui.screens.signin import SignInScreen

            screen = SignInScreen(self.ctx)
            self.stack.addWidget(screen)
            screen.signed_in.connect(self.open_console)
            screen.cancelled.connect(self.show_attract)
            self._signin = screen
        return self._signin

    @property
    def console(self) -> ConsoleScreen:
        """The staff console (made on first use)."""
        if self._console is None:
            from ui.screens.console import ConsoleScreen

            screen = ConsoleScreen(self.ctx)
            self.stack.addWidget(screen)
            screen.sign_out_requested.connect(self.sign_out)
            screen.exit_requested.connect(self.quit_by_staff)
            screen.settings.saved.connect(self.apply_settings)
            screen.calls_answered.connect(self.answer_calls)
            if self._sync_status is not None:
                screen.set_sync(self._sync_status)
            if self._backup is not None:
                screen.set_backup(self._backup)
            self._console = screen
        return self._console

    def after_first_paint(self, job: Callable[[], None]) -> None:
        """Run ``job`` on the GUI thread once the attract screen has been painted."""
        if self._painted:
            job()
        else:
            self._after_paint.append(job)

    def cancel_after_paint(self) -> None:
        """Forget the jobs not run yet (the window is being shut down)."""
        self._after_paint.clear()

    def _first_painted(self) -> None:
        jobs, self._after_paint = self._after_paint, []
        for job in jobs:
            job()

    def _make_staff_screens(self) -> None:
        # Made now, so that the first staff tap does not wait for them.
        self.signin  # noqa: B018
        self.console  # noqa: B018

    # -- settings, language, kiosk mode -------------------------------------------------------

    def apply_settings(self, settings: Settings) -> None:
        """Adopt new settings: language, scale, idle time-out, full screen."""
        self.ctx.use_settings(settings)
        self.ctx.languages.switch(settings.language)
        self.attract.show_language(settings.language)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        before = self.size()
        apply_theme(app, settings.ui_scale)
        self._fit_scale(before)
        self.idle.setInterval(settings.idle_timeout_s * 1000)
        self.refresh_site()
        if settings.kiosk_mode:
            self.showFullScreen()
        elif self.isFullScreen():
            self.showNormal()

    def _fit_scale(self, before: QSize) -> None:
        # A larger scale may grow the window past what its screen shows; remember the size it
        # had, so that a smaller scale gives it back instead of leaving it oversized.
        layout = self.layout()
        if layout is not None:
            layout.activate()
        if self.size() != before and self._unscaled_size is None:
            self._unscaled_size = before
        elif self._unscaled_size is not None and not self.isFullScreen():
            target = self._unscaled_size.expandedTo(self.minimumSizeHint())
            self.resize(target)
            if target == self._unscaled_size:
                self._unscaled_size = None

    def choose_language(self, language: str) -> None:
        """Show the citizen screens in ``language`` for whoever stands at the entrance now,
        until their confirmation is over or nobody touches the kiosk for the idle time-out."""
        self.ctx.languages.visit(language)
        self.attract.show_language(self.ctx.languages.shown)
        self.idle.start()

    def end_visit(self) -> None:
        """Back to the kiosk's own language: a shelter kiosk is shared, and the next person
        may read another."""
        self.ctx.languages.end_visit()
        self.attract.show_language(self.ctx.languages.shown)

    # -- backups ------------------------------------------------------------------------------

    def start_backup_schedule(self) -> None:
        """Check now whether a scheduled backup is due, then every minute."""
        self.check_backup()
        self.backup_timer.start()

    def check_backup(self) -> None:
        """Write the scheduled backup on the background worker if one is due."""
        settings = self.ctx.settings
        backups = self.ctx.kiosk.backups
        self.ctx.tasks.run(
            lambda: backups.run_if_due(
                settings.backup_folder, settings.backup_interval_min, settings.backup_keep
            ),
            self._backup_checked,
        )

    def _backup_checked(self, outcome: BackupOutcome | None) -> None:
        if outcome is None:
            return
        self._backup = outcome
        if self._console is not None:
            self._console.set_backup(outcome)

    # -- citizens -----------------------------------------------------------------------------

    def card_arrived(self) -> None:
        """A card came into the reader's field: give it to the screen that wants it."""
        current = self.stack.currentWidget()
        if self._signin is not None and current is self._signin:
            self._signin.card_arrived()
        elif self._console is not None and current is self._console:
            self._console.card_arrived()
        elif not self.tapping:
            from cardio.mynumber import identify

            self.tapping = True
            self._begin_serving(self.ctx.card.take_arrival_hold())
            self.attract.set_busy(True)
            ctx = self.ctx
            ctx.tasks.then(
                ctx.card.submit(identify),
                lambda identity: ctx.counter.tap(ctx.actor, identity.card_key),
                self.show_answer,
                self._failed,
            )

    def code_read(self, text: str) -> None:
        """A QR code came into the camera's view."""
        if self.stack.currentWidget() is self.console:
            self.console.code_read(text)
            return
        if self.stack.currentWidget() not in (self.attract, self.confirmation) or self.tapping:
            return
        self.tapping = True
        self._begin_serving()
        ctx = self.ctx
        ctx.tasks.run(
            lambda: ctx.counter.show_code(ctx.actor, text), self.show_answer, self._failed
        )

    def _begin_serving(self, begun: Callable[[], None] | None = None) -> None:
        """A card or code was presented: the counter comes first until its answer is painted
        (under the hold ``begun`` already, if given: the reader's, from the card's arrival)."""
        if self._serving is None:
            self._serving = begun or self.ctx.kiosk.begin_serving()
        elif begun is not None:
            begun()

    def _end_serving(self) -> None:
        if self._serving is not None:
            self._serving()
            self._serving = None

    def show_answer(self, answer: Answer) -> None:
        """Show what the tap did."""
        self.tapping = False
        self.attract.set_busy(False)
        self.confirmation.show_answer(answer, self.ctx.settings.confirmation_s)
        self.stack.setCurrentWidget(self.confirmation)
        self.refresh_status()

    def show_checking(self) -> None:
        """The counter is asking the platform about an arrival: say so while it does."""
        self.attract.set_busy(False)
        self.confirmation.show_checking()
        self.stack.setCurrentWidget(self.confirmation)

    def prove_card(self, pin: str) -> None:
        """A card holder this kiosk does not know typed the PIN: the card signs the platform's
        challenge (on the card thread) and the platform is asked for its holder."""
        if self.tapping:
            return
        from cardio.mynumber import SignedNonce, sign_nonce

        self.tapping = True
        ctx = self.ctx

        def prove(nonce: bytes) -> SignedNonce:
            return ctx.card.submit(lambda transport: sign_nonce(transport, pin, nonce)).result()

        ctx.tasks.run(
            lambda: ctx.counter.arrive_with_card(ctx.actor, prove), self.show_answer, self._failed
        )

    def leave(self, person_id: str) -> None:
        """The person on the confirmation screen pressed "check out": record it."""
        if self.tapping:
            return
        self.tapping = True
        ctx = self.ctx
        ctx.tasks.run(
            lambda: ctx.counter.leave(ctx.actor, person_id), self.show_answer, self._failed
        )

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, CardError):
            # The kiosk's own failure, not a card's: the log keeps it for the city's IT staff.
            log.error("serving a citizen failed: %s", error, exc_info=error)
        self.tapping = False
        self.attract.set_busy(False)
        self.confirmation.show_error(error, self.ctx.settings.confirmation_s)
        self.stack.setCurrentWidget(self.confirmation)

    def show_attract(self) -> None:
        """Back to "hold your card", in the kiosk's own language."""
        self.confirmation.timer.stop()
        self.end_visit()
        self.stack.setCurrentWidget(self.attract)

    def call_staff(self) -> None:
        """Someone at the entrance has no card or needs help: record the call; the console
        shows it (and the kiosk beeps) until staff answer it."""
        ctx = self.ctx
        shelter_id = ctx.shelter_id
        ctx.tasks.run(
            lambda: ctx.kiosk.calls.call(ctx.actor, shelter_id), lambda _: self.refresh_calls()
        )

    def refresh_calls(self) -> None:
        """Ask for the waiting calls in the background and show them."""
        self.ctx.tasks.run(self.ctx.kiosk.calls.waiting, self._show_calls)

    def _show_calls(self, calls: list[StaffCall]) -> None:
        if len(calls) > self._calls_waiting:
            QApplication.beep()
        self._calls_waiting = len(calls)
        self.status.set_calls(len(calls))
        # Follows what is recorded: an answer read before the call was stored is not the last word.
        self.attract.set_called(bool(calls))
        if self._console is not None:
            self._console.set_calls(calls)

    def answer_calls(self) -> None:
        """The signed-in staff member is going to the entrance."""
        ctx = self.ctx
        ctx.tasks.run(lambda: ctx.kiosk.calls.answer(ctx.actor), lambda _: self.refresh_calls())

    # -- staff --------------------------------------------------------------------------------

    def show_signin(self) -> None:
        """Ask staff to sign in (in the kiosk's own language: staff screens are ja or en)."""
        self.end_visit()
        self.signin.reset()
        self.stack.setCurrentWidget(self.signin)
        self.idle.start()

    def open_console(self, session: Session) -> None:
        """Open the console for a signed-in staff member."""
        self.ctx.session = session
        self.status.set_staff(session.name)
        self.console.open_for()
        self.refresh_calls()
        self.stack.setCurrentWidget(self.console)
        self.idle.start()

    def sign_out(self) -> None:
        """End the staff session and go back to the attract screen."""
        session = self.ctx.session
        if session is not None:
            self.ctx.session = None
            self.ctx.tasks.run(lambda: self.ctx.kiosk.staff.sign_out(session), lambda _: None)
        self.status.set_staff("")
        self.show_attract()

    def quit_by_staff(self) -> None:
        """Leave the program (only from the console, so only signed-in staff can)."""
        self.sign_out()
        self.ctx.settings = self.ctx.with_settings(kiosk_mode=False)
        self.close()

    def idle_timeout(self) -> None:
        """Nobody touched the kiosk for a while: sign out and show the attract screen, or drop
        the language the last person at the entrance chose."""
        current = self.stack.currentWidget()
        if current is not None and current in (self._signin, self._console):
            self.sign_out()
        elif current is self.attract:
            self.end_visit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The attract screen's first paint: the jobs waiting for it run next."""
        # Installed on the attract screen alone, and removed at its first paint.
        if event.type() == QEvent.Type.Paint:
            self._painted = True
            self.attract.removeEventFilter(self)
            QTimer.singleShot(0, self, self._first_painted)
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        """In kiosk mode, only the console's Quit button closes the program."""
        if self.ctx.settings.kiosk_mode:
            event.ignore()
            return
        self.status_timer.stop()
        self.backup_timer.stop()
        super().closeEvent(event)

    # -- status -------------------------------------------------------------------------------

    def refresh_status(self) -> None:
        """Ask the sync status in the background: the waiting count changes between reports."""
        self.ctx.tasks.run(self.ctx.sync.status, self._show_sync)
        self.refresh_calls()
        self.refresh_site()

    def refresh_site(self) -> None:
        """Read the desk's site again: the platform may have switched it between shelter and
        event use (its kind comes through the feed), and the screens follow without a restart."""
        shelters, shelter_id = self.ctx.kiosk.shelters, self.ctx.shelter_id
        # A kiosk not yet set up has no site: the entrance names none.
        self.ctx.tasks.run(lambda: shelters.get(shelter_id), self._show_site, lambda _: None)

    def _show_site(self, site: Shelter) -> None:
        if site.shelter_id != self.ctx.shelter_id:
            return  # the settings changed while it was read: the newer read follows
        self.attract.set_shelter(site.name, site.is_event_site)
        if site.is_event_site != self.ctx.event_site:
            self.ctx.event_site = site.is_event_site
            if self._console is not None:
                self._console.set_event_site(site.is_event_site)

    def _show_sync(self, status: SyncStatus) -> None:
        self._sync_status = status
        self.status.set_sync(status)
        if self._console is not None:
            self._console.set_sync(status)
