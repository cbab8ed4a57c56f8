"""The early-voting desk's tab: which page shows, and every call to the desk behind the pages.

The tab only shows what :class:`kiosk.voting.desk.VotingDesk` decides; every call to it runs on
the database thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout

from cardio.card_errors import PinTriesTooFewError, WrongPinError
from cardio.mynumber import HolderProof, Identity, identify, pin_tries_left, prove_holder
from cardio.transport import CardTransport
from kiosk.errors import KioskError, NotFound
from kiosk.voting.desk import VotingDesk
from kiosk.voting.model import Incident, PollingSite, Voter
from kiosk.voting.results import (
    Block,
    CodeFound,
    CodeRefused,
    OutageChoice,
    Outcome,
    SecondWorker,
    VoterView,
)
from ui.context import Context
from ui.messages import card_error_text
from ui.screens.pollworker.banner import banner
from ui.screens.pollworker.confirm import ConfirmPage
from ui.screens.pollworker.declare import DeclarePage
from ui.screens.pollworker.find import FindPage
from ui.screens.pollworker.provisional import ProvisionalPage
from ui.screens.pollworker.result import ResultPage
from ui.screens.pollworker.texts import code_refusal_text, desk_error_text, incident_text
from ui.screens.pollworker.voter import VoterPage
from ui.widgets import Translatable

FIND, VOTER, DECLARE, CONFIRM, PROVISIONAL, RESULT = range(6)


class PollWorkerTab(Translatable):
    """The early-voting desk, page by page."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.desk: VotingDesk | None = None
        self.site: PollingSite | None = None
        self.incidents: list[Incident] = []
        self.site_names: dict[str, str] = {}
        self.incident_voters: dict[str, Voter] = {}
        self.view: VoterView | None = None
        self.results: list[Voter] = []
        self.second: SecondWorker | None = None
        self.claim_id: str | None = None
        self.outcome: Outcome | None = None
        self.voter_tries: int | None = None
        self.worker_tries: int | None = None
        self.busy = False
        self.header = QLabel()
        self.header.setObjectName("sectionTitle")
        self.incident_panel, self.incident_label = banner("confirmError", large=False)
        self.incident_panel.hide()
        self.find_page = FindPage()
        self.voter_page = VoterPage()
        self.declare_page = DeclarePage()
        self.confirm_page = ConfirmPage()
        self.provisional_page = ProvisionalPage()
        self.result_page = ResultPage()
        self.pages = QStackedWidget()
        for page in (
            self.find_page,
            self.voter_page,
            self.declare_page,
            self.confirm_page,
            self.provisional_page,
            self.result_page,
        ):
            self.pages.addWidget(page)
        self._connect()
        self.message = QLabel()
        self.message.setObjectName("warning")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.incident_panel)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        self.retranslate()

    def _connect(self) -> None:
        find, voter, confirm = self.find_page, self.voter_page, self.confirm_page
        find.voter_card.pin.entered.connect(self.prove_voter_card)
        find.search_asked.connect(self.search)
        find.chosen.connect(self.open_voter)
        voter.declare_button.clicked.connect(self.open_declaration)
        voter.issue_button.clicked.connect(self.ask_second_worker)
        voter.back_button.clicked.connect(self.next_voter)
        self.declare_page.save_declaration.clicked.connect(self.declare)
        self.declare_page.cancel_declaration.clicked.connect(self._back_to_voter)
        confirm.worker_card.pin.entered.connect(self.confirm_with_card)
        confirm.code_button.clicked.connect(self.confirm_with_code)
        confirm.cancel_confirm.clicked.connect(self._back_to_voter)
        self.provisional_page.record_provisional.clicked.connect(self.provisional)
        self.provisional_page.no_provisional.clicked.connect(self.next_voter)
        self.result_page.next_button.clicked.connect(self.next_voter)

    def _back_to_voter(self) -> None:
        self.pages.setCurrentIndex(VOTER)

    # -- opening ------------------------------------------------------------------------------

    def load(self, done: Callable[[bool], None] | None = None) -> None:
        """Find this kiosk's polling site (in the background); ``done(True)`` if it has one."""

        Loaded = tuple[VotingDesk | None, PollingSite | None, dict[str, str]]

        actor = self.ctx.actor

        def find() -> Loaded:
            desk = self.ctx.sync.voting_desk()
            if desk is None:
                return None, None, {}
            # A roll copy the election no longer needs goes when staff next open the desk.
            desk.forget_if_over(actor)
            try:
                return desk, desk.site(), desk.site_names()
            except NotFound:
                return desk, None, {}

        def found(result: Loaded) -> None:
            self.desk, self.site, self.site_names = result
            self.next_voter()
            if done is not None:
                done(self.desk is not None)

        self.ctx.tasks.run(find, found)

    def next_voter(self) -> None:
        """Back to finding a voter, with nothing of the previous one kept."""
        self.view, self.results, self.second, self.claim_id = None, [], None, None
        self.outcome, self.voter_tries = None, None
        self.busy = False
        self.find_page.clear(bool(self.site and self.site.pin_required))
        self.message.clear()
        self.pages.setCurrentIndex(FIND)
        self.retranslate()
        self._refresh_incidents()

    def _refresh_incidents(self) -> None:
        desk = self.desk
        if desk is None or self.site is None:
            return

        def read() -> tuple[list[Incident], dict[str, Voter]]:
            incidents = desk.incidents()
            return incidents, desk.voters_named(incidents)

        def shown(result: tuple[list[Incident], dict[str, Voter]]) -> None:
            self.incidents, self.incident_voters = result
            self.retranslate()

        self.ctx.tasks.run(read, shown, self._failed)

    # -- finding the voter --------------------------------------------------------------------

    def card_arrived(self) -> None:
        """A card on the reader: the voter's (first page) or the second worker's (confirm)."""
        page = self.pages.currentIndex()
        if page == CONFIRM:
            self.ctx.tasks.follow(
                self.ctx.card.submit(pin_tries_left), self._worker_tries, self._card_failed
            )
        elif page == FIND and self.site is not None and not self.busy:
            if self.site.pin_required:
                self.ctx.tasks.follow(
                    self.ctx.card.submit(pin_tries_left), self._voter_tries, self._card_failed
                )
            else:
                self.busy = True
                self.message.setText(self.tr("Reading the card…"))
                self.ctx.tasks.follow(
                    self.ctx.card.submit(identify), self._voter_identified, self._card_failed
                )

    def _voter_tries(self, tries: int) -> None:
        self.voter_tries = tries
        self.retranslate()

    def prove_voter_card(self, pin: str) -> None:
        """Where the site requires it: the voter's PIN and a verified signature of the card."""
        anchors = self.ctx.anchors
        if anchors is None:
            self.message.setText(self.tr("Card PIN checks are not set up on this kiosk."))
            return
        if self.voter_tries is not None and self.voter_tries <= 1:
            self.message.setText(card_error_text(PinTriesTooFewError()))
            return
        self.busy = True
        self.message.setText(self.tr("Checking the card…"))

        def prove(transport: CardTransport) -> HolderProof:
            return prove_holder(transport, pin, anchors)

        self.ctx.tasks.follow(self.ctx.card.submit(prove), self._voter_proven, self._card_failed)

    def _voter_proven(self, proof: HolderProof) -> None:
        self.find_page.voter_card.pin.field.clear()
        self._find_card(proof.card_key)

    def _voter_identified(self, identity: Identity) -> None:
        self._find_card(identity.card_key)

    def _find_card(self, card_key: str) -> None:
        desk = self.desk
        assert desk is not None
        self.ctx.tasks.run(lambda: desk.find_card(card_key), self._card_found, self._failed)

    def _card_found(self, voters: list[Voter]) -> None:
        self.busy = False
        if not voters:
            self.message.setText(
                self.tr("This card is not linked to anyone on the roll. Search by name.")
            )
            return
        self.open_voter(voters[0].voter_id)

    def code_read(self, text: str) -> None:
        """A QR code in the camera's view: a declaration, checked offline."""
        desk, session = self.desk, self.ctx.session
        if desk is None or session is None or self.pages.currentIndex() != FIND or self.busy:
            return
        self.busy = True
        self.ctx.tasks.run(
            lambda: desk.read_code(session.actor, text), self._code_checked, self._failed
        )

    def _code_checked(self, answer: CodeFound | CodeRefused) -> None:
        self.busy = False
        if isinstance(answer, CodeRefused):
            self.message.setText(code_refusal_text(answer.refusal))
            return
        self.open_voter(answer.voter.voter_id)

    def search(self) -> None:
        """Search the roll by name or furigana and birth date."""
        desk = self.desk
        if desk is None:
            return
        query, born = self.find_page.query.text(), self.find_page.birth.text()
        self.ctx.tasks.run(lambda: desk.search(query, born), self._listed, self._failed)

    def _listed(self, voters: list[Voter]) -> None:
        self.results = voters
        self.find_page.list_voters(voters)
        self.message.setText("" if voters else self.tr("Nobody on the roll matches."))

    # -- the voter ----------------------------------------------------------------------------

    def open_voter(self, voter_id: str) -> None:
        """Show what to compare for one voter, and whether a ballot may be issued."""
        desk, actor = self.desk, self.ctx.actor
        assert desk is not None
        self.ctx.tasks.run(lambda: desk.look_up(actor, voter_id), self._show_view, self._failed)

    def _show_view(self, view: VoterView) -> None:
        self.busy = False
        self.view = view
        self.message.clear()
        self.pages.setCurrentIndex(VOTER)
        self.retranslate()

    def open_declaration(self) -> None:
        """The declaration form: the six statutory reasons, for today."""
        self.declare_page.clear()
        self.pages.setCurrentIndex(DECLARE)
        self.retranslate()

    def declare(self) -> None:
        """Record the declaration made at the desk."""
        desk, view, session = self.desk, self.view, self.ctx.session
        assert desk is not None and view is not None and session is not None
        reason = self.declare_page.reason()
        if reason < 1:
            self.message.setText(self.tr("Choose the reason the voter gives."))
            return
        voter_id = view.voter.voter_id
        self.ctx.tasks.run(
            lambda: desk.declare(session.actor, voter_id, reason),
            lambda _: self.open_voter(voter_id),
            self._failed,
        )

    # -- the second poll worker ---------------------------------------------------------------

    def ask_second_worker(self) -> None:
        """Ask a second poll worker to confirm with their own card and PIN (or code)."""
        self.second = None
        self.worker_tries = None
        self.confirm_page.clear(bool(self.site and self.site.staff_code_allowed))
        self.message.clear()
        self.pages.setCurrentIndex(CONFIRM)
        self.retranslate()
        if self.ctx.card.status.state.value == "card_present":
            self.card_arrived()

    def _worker_tries(self, tries: int) -> None:
        self.worker_tries = tries
        self.retranslate()

    def confirm_with_card(self, pin: str) -> None:
        """Prove the second worker's card, then find their staff account."""
        anchors = self.ctx.anchors
        if anchors is None:
            self.message.setText(self.tr("Card PIN checks are not set up on this kiosk."))
            return
        if self.worker_tries is not None and self.worker_tries <= 1:
            self.message.setText(card_error_text(PinTriesTooFewError()))
            return
        self.message.setText(self.tr("Checking the card…"))

        def prove(transport: CardTransport) -> HolderProof:
            return prove_holder(transport, pin, anchors)

        self.ctx.tasks.follow(self.ctx.card.submit(prove), self._worker_proven, self._card_failed)

    def _worker_proven(self, proof: HolderProof) -> None:
        desk, session = self.desk, self.ctx.session
        assert desk is not None and session is not None
        self.confirm_page.worker_card.pin.field.clear()
        self.ctx.tasks.run(
            lambda: desk.confirm_by_card(session, proof.card_key), self._confirmed, self._failed
        )

    def confirm_with_code(self) -> None:
        """Confirm with the second worker's staff id and code, where the site allows codes."""
        desk, session = self.desk, self.ctx.session
        assert desk is not None and session is not None
        page = self.confirm_page
        staff_id, code = page.staff_id.text().strip(), page.code.text()
        page.code.clear()
        self.ctx.tasks.run(
            lambda: desk.confirm_by_code(session, staff_id, code), self._confirmed, self._failed
        )

    def _confirmed(self, worker: SecondWorker) -> None:
        desk, view, session = self.desk, self.view, self.ctx.session
        assert desk is not None and view is not None and session is not None
        self.second = worker
        declaration = view.declaration.declaration_id if view.declaration else None
        # The issue button said so: this paper ballot cancels the voter's online vote.
        cancel_online = view.block is Block.VOTED_ONLINE
        self.message.setText(self.tr("Issuing… asking the platform"))
        self.ctx.tasks.run(
            lambda: desk.issue(session, worker, view.voter.voter_id, declaration, cancel_online),
            self._issued,
            self._failed,
        )

    def _issued(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.message.clear()
        if isinstance(outcome, OutageChoice):
            self.claim_id = outcome.claim_id
            self.provisional_page.ask()
            self.pages.setCurrentIndex(PROVISIONAL)
        else:
            self.pages.setCurrentIndex(RESULT)
        self.retranslate()
        self._refresh_incidents()

    def provisional(self) -> None:
        """Record the provisional vote (仮投票) with its reason, flagged for review."""
        desk, view, session, worker = self.desk, self.view, self.ctx.session, self.second
        assert desk is not None and view is not None and session is not None
        assert worker is not None and self.claim_id is not None
        claim_id, reason = self.claim_id, self.provisional_page.provisional_reason.text()
        declaration = view.declaration.declaration_id if view.declaration else None
        self.ctx.tasks.run(
            lambda: desk.record_provisional(
                session, worker, view.voter.voter_id, declaration, claim_id, reason
            ),
            self._issued,
            self._failed,
        )

    # -- failures -----------------------------------------------------------------------------

    def _card_failed(self, error: Exception) -> None:
        self.busy = False
        self.find_page.voter_card.pin.field.clear()
        self.confirm_page.worker_card.pin.field.clear()
        if isinstance(error, WrongPinError):
            if self.pages.currentIndex() == CONFIRM:
                self.worker_tries = error.tries_left
            else:
                self.voter_tries = error.tries_left
            self.retranslate()
        self.message.setText(card_error_text(error))

    def _failed(self, error: Exception) -> None:
        self.busy = False
        if not isinstance(error, KioskError):
            raise error
        self.message.setText(desk_error_text(error))

    # -- texts --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set the texts, the tab's and every page's."""
        site = self.site
        if site is None:
            self.header.setText(
                self.tr("This kiosk's polling site has not reached it yet: wait for the sync.")
            )
        else:
            self.header.setText(
                self.tr("{election} — early voting at {site}").format(
                    election=site.election_name, site=site.name
                )
            )
        if self.incidents:
            lines = [
                incident_text(i, self.site_names, self.incident_voters) for i in self.incidents[:3]
            ]
            self.incident_label.setText(
                self.tr("Incidents to review ({count}):").format(count=len(self.incidents))
                + "\n"
                + "\n".join(lines)
            )
        self.incident_panel.setVisible(bool(self.incidents))
        view = self.view
        self.find_page.retranslate(bool(site and site.pin_required), self.voter_tries)
        self.voter_page.retranslate(view, self.site_names, self.incident_voters)
        self.declare_page.retranslate(view)
        self.confirm_page.retranslate(view, self.worker_tries)
        self.provisional_page.retranslate()
        self.result_page.retranslate(self.outcome, view.voter.name if view else "", site)
