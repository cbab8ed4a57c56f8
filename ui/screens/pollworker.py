"""Poll-worker mode: the early-voting desk of a kiosk enrolled for a polling site.

Find the voter (card tap, declaration QR code, or a search of the roll), compare what the roll
and the declaration say, declare at the desk if needed, have a second poll worker confirm, and
issue — or be stopped by a hard block that says why. The screen only shows what
``kiosk.voting.desk.VotingDesk`` decides; every call to it runs on the database thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cardio.card_errors import PinTriesTooFewError, WrongPinError
from cardio.mynumber import HolderProof, Identity, identify, pin_tries_left, prove_holder
from cardio.transport import CardTransport
from kiosk.errors import InvalidInput, KioskError, NotFound, Refused, error_text
from kiosk.voting.desk import ClaimRejected, VotingDesk, when_text
from kiosk.voting.model import (
    DeclarationReason,
    DeclarationState,
    Incident,
    MadeVia,
    OutageProcedure,
    PollingSite,
    Voter,
)
from kiosk.voting.results import (
    Block,
    Blocked,
    CodeFound,
    CodeRefusal,
    CodeRefused,
    Issued,
    OutageChoice,
    Outcome,
    SecondWorker,
    Voted,
    VoterView,
    Where,
)
from ui.context import Context
from ui.i18n import shown_date
from ui.messages import card_error_text
from ui.widgets import CardPinBox, Translatable

FIND, VOTER, DECLARE, CONFIRM, PROVISIONAL, RESULT = range(6)


def _banner(name: str, large: bool = True) -> tuple[QWidget, QLabel]:
    """A coloured panel with one label (the citizen screens' colours)."""
    panel = QWidget()
    panel.setObjectName(name)
    panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    label = QLabel()
    if large:
        label.setObjectName("attractSubtitle")
    label.setWordWrap(True)
    QVBoxLayout(panel).addWidget(label)
    return panel, label


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
        self.incident_panel, self.incident_label = _banner("confirmError", large=False)
        self.incident_panel.hide()
        self.pages = QStackedWidget()
        self.message = QLabel()
        self.message.setObjectName("warning")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.incident_panel)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        for page in (
            self._find_page(),
            self._voter_page(),
            self._declare_page(),
            self._confirm_page(),
            self._provisional_page(),
            self._result_page(),
        ):
            self.pages.addWidget(page)
        self.retranslate()

    # -- pages --------------------------------------------------------------------------------

    def _find_page(self) -> QWidget:
        page = QWidget()
        self.voter_card = CardPinBox()
        self.voter_card.pin.entered.connect(self.prove_voter_card)
        self.search_box = QGroupBox()
        self.query = QLineEdit()
        self.query.returnPressed.connect(self.search)
        self.birth = QLineEdit()
        self.birth.returnPressed.connect(self.search)
        self.query_label, self.birth_label = QLabel(), QLabel()
        self.search_button = QPushButton()
        self.search_button.setObjectName("primary")
        self.search_button.clicked.connect(self.search)
        self.result_list = QListWidget()
        self.result_list.itemActivated.connect(self._result_chosen)
        self.result_list.itemClicked.connect(self._result_chosen)
        grid = QGridLayout(self.search_box)
        grid.addWidget(self.query_label, 0, 0)
        grid.addWidget(self.query, 0, 1)
        grid.addWidget(self.birth_label, 1, 0)
        grid.addWidget(self.birth, 1, 1)
        grid.addWidget(self.search_button, 2, 1)
        grid.addWidget(self.result_list, 3, 0, 1, 2)
        row = QHBoxLayout(page)
        row.addWidget(self.voter_card, 2)
        row.addWidget(self.search_box, 3)
        return page

    def _voter_page(self) -> QWidget:
        page = QWidget()
        self.block_panel, self.block_label = _banner("confirmError")
        self.compare_box = QGroupBox()
        self.compare = QFormLayout(self.compare_box)
        self.field_labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key in (
            "name",
            "kana",
            "birth",
            "address",
            "roll",
            "reason",
            "declaration",
            "status",
        ):
            label, value = QLabel(), QLabel()
            value.setObjectName("compareValue")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.field_labels[key], self.values[key] = label, value
            self.compare.addRow(label, value)
        self.voter_incidents = QLabel()
        self.voter_incidents.setObjectName("warning")
        self.voter_incidents.setWordWrap(True)
        self.declare_button = QPushButton()
        self.declare_button.clicked.connect(self.open_declaration)
        self.issue_button = QPushButton()
        self.issue_button.setObjectName("primary")
        self.issue_button.clicked.connect(self.ask_second_worker)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.next_voter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.declare_button)
        buttons.addWidget(self.issue_button)
        column = QVBoxLayout(page)
        column.addWidget(self.block_panel)
        column.addWidget(self.compare_box, 1)
        column.addWidget(self.voter_incidents)
        column.addLayout(buttons)
        return page

    def _declare_page(self) -> QWidget:
        page = QWidget()
        self.declare_title = QLabel()
        self.declare_title.setObjectName("attractSubtitle")
        self.declare_title.setWordWrap(True)
        self.reasons = QButtonGroup(self)
        self.reason_buttons: list[QPushButton] = []
        grid = QGridLayout()
        for i, reason in enumerate(DeclarationReason):
            button = QPushButton()
            button.setCheckable(True)
            self.reasons.addButton(button, int(reason))
            self.reason_buttons.append(button)
            grid.addWidget(button, i, 0)
        self.save_declaration = QPushButton()
        self.save_declaration.setObjectName("primary")
        self.save_declaration.clicked.connect(self.declare)
        self.cancel_declaration = QPushButton()
        self.cancel_declaration.clicked.connect(lambda: self.pages.setCurrentIndex(VOTER))
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_declaration)
        buttons.addStretch(1)
        buttons.addWidget(self.save_declaration)
        column = QVBoxLayout(page)
        column.addWidget(self.declare_title)
        column.addLayout(grid)
        column.addStretch(1)
        column.addLayout(buttons)
        return page

    def _confirm_page(self) -> QWidget:
        page = QWidget()
        self.confirm_title = QLabel()
        self.confirm_title.setObjectName("attractSubtitle")
        self.confirm_title.setWordWrap(True)
        self.worker_card = CardPinBox()
        self.worker_card.pin.entered.connect(self.confirm_with_card)
        self.code_box = QGroupBox()
        self.staff_id = QLineEdit()
        self.code = QLineEdit()
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.staff_id_label, self.code_label = QLabel(), QLabel()
        self.code_button = QPushButton()
        self.code_button.setObjectName("primary")
        self.code_button.clicked.connect(self.confirm_with_code)
        grid = QGridLayout(self.code_box)
        grid.addWidget(self.staff_id_label, 0, 0)
        grid.addWidget(self.staff_id, 0, 1)
        grid.addWidget(self.code_label, 1, 0)
        grid.addWidget(self.code, 1, 1)
        grid.addWidget(self.code_button, 2, 1)
        self.cancel_confirm = QPushButton()
        self.cancel_confirm.clicked.connect(lambda: self.pages.setCurrentIndex(VOTER))
        row = QHBoxLayout()
        row.addWidget(self.worker_card, 1)
        row.addWidget(self.code_box, 1, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(page)
        column.addWidget(self.confirm_title)
        column.addLayout(row, 1)
        column.addWidget(self.cancel_confirm, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _provisional_page(self) -> QWidget:
        page = QWidget()
        self.outage_panel, self.outage_label = _banner("confirmOut")
        self.provisional_reason_label = QLabel()
        self.provisional_reason = QLineEdit()
        self.record_provisional = QPushButton()
        self.record_provisional.setObjectName("primary")
        self.record_provisional.clicked.connect(self.provisional)
        self.no_provisional = QPushButton()
        self.no_provisional.setObjectName("danger")
        self.no_provisional.clicked.connect(self.next_voter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.no_provisional)
        buttons.addStretch(1)
        buttons.addWidget(self.record_provisional)
        column = QVBoxLayout(page)
        column.addWidget(self.outage_panel)
        column.addWidget(self.provisional_reason_label)
        column.addWidget(self.provisional_reason)
        column.addStretch(1)
        column.addLayout(buttons)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        self.result_panel, self.result_label = _banner("confirmIn")
        self.result_panel.setMinimumHeight(200)
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(self.next_voter)
        column = QVBoxLayout(page)
        column.addWidget(self.result_panel, 1)
        column.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

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
        self.query.clear()
        self.birth.clear()
        self.result_list.clear()
        self.voter_card.pin.field.clear()
        self.message.clear()
        self.pages.setCurrentIndex(FIND)
        self.voter_card.pin.setVisible(bool(self.site and self.site.pin_required))
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
        self.voter_card.pin.field.clear()
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
            self.message.setText(self.code_refusal_text(answer.refusal))
            return
        self.open_voter(answer.voter.voter_id)

    def search(self) -> None:
        """Search the roll by name or furigana and birth date."""
        desk = self.desk
        if desk is None:
            return
        query, born = self.query.text(), self.birth.text()
        self.ctx.tasks.run(lambda: desk.search(query, born), self._listed, self._failed)

    def _listed(self, voters: list[Voter]) -> None:
        self.results = voters
        self.result_list.clear()
        for voter in voters:
            item = QListWidgetItem(
                f"{voter.name}（{voter.kana}）  {shown_date(voter.birth_date)}  {voter.address}"
            )
            item.setData(Qt.ItemDataRole.UserRole, voter.voter_id)
            self.result_list.addItem(item)
        self.message.setText("" if voters else self.tr("Nobody on the roll matches."))

    def _result_chosen(self, item: QListWidgetItem) -> None:
        self.open_voter(str(item.data(Qt.ItemDataRole.UserRole)))

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
        checked = self.reasons.checkedButton()
        if checked is not None:
            self.reasons.setExclusive(False)
            checked.setChecked(False)
            self.reasons.setExclusive(True)
        self.pages.setCurrentIndex(DECLARE)
        self.retranslate()

    def declare(self) -> None:
        """Record the declaration made at the desk."""
        desk, view, session = self.desk, self.view, self.ctx.session
        assert desk is not None and view is not None and session is not None
        reason = self.reasons.checkedId()
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
        self.worker_card.pin.field.clear()
        self.staff_id.clear()
        self.code.clear()
        self.message.clear()
        self.code_box.setVisible(bool(self.site and self.site.staff_code_allowed))
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
        self.worker_card.pin.field.clear()
        self.ctx.tasks.run(
            lambda: desk.confirm_by_card(session, proof.card_key), self._confirmed, self._failed
        )

    def confirm_with_code(self) -> None:
        """Confirm with the second worker's staff id and code, where the site allows codes."""
        desk, session = self.desk, self.ctx.session
        assert desk is not None and session is not None
        staff_id, code = self.staff_id.text().strip(), self.code.text()
        self.code.clear()
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
            self.provisional_reason.setText(self.tr("The platform could not be reached"))
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
        claim_id, reason = self.claim_id, self.provisional_reason.text()
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
        self.voter_card.pin.field.clear()
        self.worker_card.pin.field.clear()
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
        self.message.setText(self.error_text(error))

    def error_text(self, error: KioskError) -> str:
        """Plain words for a refusal of the desk."""
        if isinstance(error, ClaimRejected):
            return self.tr("The platform refused the ballot ({kind}): {detail}").format(
                kind=error.kind, detail=error_text(error)
            )
        if isinstance(error, Refused):
            texts = {
                "same_worker": self.tr("The second poll worker must be someone else."),
                "second_worker_required": self.tr(
                    "A second poll worker must confirm with their own card or code."
                ),
                "wrong_code": self.tr("Unknown staff ID or wrong code."),
                "codes_not_allowed": self.tr("This site accepts staff cards only."),
                "disabled": self.tr("This staff account is disabled."),
                "already_declared": self.tr("The voter has a declaration already: use it."),
                "already_voted": self.tr("The voter has already voted."),
            }
            if error.reason in texts:
                return texts[error.reason]
        if isinstance(error, NotFound):
            return self.tr("Not found: {detail}").format(detail=error_text(error))
        if isinstance(error, InvalidInput):
            return self.tr("Please check: {detail}").format(detail=error_text(error))
        return error_text(error)

    # -- texts --------------------------------------------------------------------------------

    def reason_text(self, reason: DeclarationReason) -> str:
        """A statutory reason in words (Public Offices Election Act art. 48-2 (1))."""
        texts = {
            DeclarationReason.WORK: self.tr(
                "1. Work, or an errand (study, local events, weddings, funerals…)"
            ),
            DeclarationReason.TRAVEL: self.tr("2. Travel or a stay outside the voting district"),
            DeclarationReason.ILLNESS: self.tr(
                "3. Illness, injury, pregnancy, old age, disability or childbirth making walking "
                "difficult, or detention"
            ),
            DeclarationReason.REMOTE_ISLAND: self.tr("4. Living or staying on a remote island"),
            DeclarationReason.OUTSIDE_MUNICIPALITY: self.tr("5. Living outside the municipality"),
            DeclarationReason.DISASTER: self.tr("6. A disaster or bad weather"),
        }
        return texts[reason]

    def code_refusal_text(self, refusal: CodeRefusal) -> str:
        """Why a declaration QR code was refused, and what to do."""
        texts = {
            CodeRefusal.FORGED: self.tr(
                "This code is not genuine (its signature does not verify). Do not accept it."
            ),
            CodeRefusal.EXPIRED: self.tr(
                "This declaration code has expired. Declare at the desk instead."
            ),
            CodeRefusal.NOT_YET_VALID: self.tr(
                "This code is not valid yet. Check the kiosk's clock."
            ),
            CodeRefusal.UNKNOWN_KEY: self.tr(
                "This code was signed with a key the kiosk does not hold. Sync the kiosk."
            ),
            CodeRefusal.REVOKED_KEY: self.tr(
                "This code was signed with a key the platform revoked. Do not accept it; "
                "search the roll instead."
            ),
            CodeRefusal.INVALID: self.tr("This code cannot be read. Search the roll instead."),
            CodeRefusal.NOT_A_DECLARATION: self.tr(
                "This is not a declaration code. Search the roll instead."
            ),
            CodeRefusal.WRONG_ELECTION: self.tr(
                "This declaration is for another election. Declare at the desk instead."
            ),
            CodeRefusal.UNKNOWN_DECLARATION: self.tr(
                "This declaration has not reached the kiosk. Search the roll and declare at "
                "the desk."
            ),
            CodeRefusal.SUPERSEDED: self.tr(
                "The voter declared again: this code is replaced by the newer declaration."
            ),
            CodeRefusal.ALREADY_USED: self.tr(
                "This declaration was already used. Search the roll to see the voter's status."
            ),
        }
        return texts[refusal]

    def voted_text(self, voted: Voted) -> str:
        """Where and when the voter voted, in words."""
        when = when_text(voted.at_ms)
        if voted.where is Where.HERE and voted.provisional:
            return self.tr("Voted provisionally at this site ({site}) at {when}.").format(
                site=voted.site_name, when=when
            )
        if voted.where is Where.HERE:
            return self.tr("Voted at this site ({site}) at {when}.").format(
                site=voted.site_name, when=when
            )
        if voted.where is Where.OTHER_SITE and voted.provisional:
            return self.tr("Voted provisionally at {site} at {when}.").format(
                site=voted.site_name, when=when
            )
        if voted.where is Where.OTHER_SITE:
            return self.tr("Voted at {site} at {when}.").format(site=voted.site_name, when=when)
        return self.tr("Voted online at {when}.").format(when=when)

    def block_text(self, block: Block, voted: Voted | None, detail: str = "") -> str:
        """A hard block in words: there is no button past it."""
        if block is Block.ALREADY_VOTED and voted is not None:
            return self.tr("Already voted — do not issue a ballot. {where}").format(
                where=self.voted_text(voted)
            )
        if block is Block.VOTED_ONLINE and voted is not None:
            return self.tr(
                "{where} Issuing a paper ballot cancels the online vote; a second poll worker "
                "confirms it."
            ).format(where=self.voted_text(voted))
        if block is Block.NOT_VOTING_DAY:
            return self.tr("This site does not hold early voting today. Do not issue a ballot.")
        if block is Block.NO_DECLARATION:
            return self.tr("No declaration: the voter declares at the desk first.")
        if self.site is not None and self.site.outage_procedure is OutageProcedure.HARD_BLOCK:
            return self.tr(
                "The platform cannot be reached, and this site's procedure is to issue no "
                "ballot during an outage. Ask the voter to come back later or to go to another "
                "site. ({detail})"
            ).format(detail=detail)
        return self.tr("The platform cannot be reached. ({detail})").format(detail=detail)

    def incident_text(self, incident: Incident) -> str:
        """An incident in one line."""
        sites = self._site_names(incident.sites)
        kind = {
            "double_issue": self.tr("Two ballots issued to one voter"),
            "revoked_device_claim": self.tr("A revoked device tried to issue a ballot"),
            "unknown_voter": self.tr("A ballot for a voter not on the roll"),
            "outside_election": self.tr("A ballot recorded outside this election"),
            "claim_id_replayed": self.tr("A ballot claim reused another device's claim id"),
        }.get(incident.kind, incident.kind)
        voter = self.incident_voters.get(incident.voter_id or "")
        who = (
            self.tr("{name} (roll number {number})").format(
                name=voter.name, number=voter.roll_number
            )
            if voter is not None
            else incident.voter_id or "-"
        )
        return self.tr("{kind} — voter {voter}, sites: {sites}, {when}").format(
            kind=kind,
            voter=who,
            sites=sites,
            when=when_text(incident.created_at_ms),
        )

    def _site_names(self, site_ids: tuple[str, ...]) -> str:
        return ", ".join(self.site_names.get(s, s) for s in site_ids)

    def retranslate(self) -> None:
        """Set the texts."""
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
            lines = [self.incident_text(i) for i in self.incidents[:3]]
            self.incident_label.setText(
                self.tr("Incidents to review ({count}):").format(count=len(self.incidents))
                + "\n"
                + "\n".join(lines)
            )
        self.incident_panel.setVisible(bool(self.incidents))
        self._retranslate_find()
        self._retranslate_voter()
        self._retranslate_declare()
        self._retranslate_confirm()
        self._retranslate_result()

    def _retranslate_find(self) -> None:
        pin = bool(self.site and self.site.pin_required)
        self.voter_card.setTitle(self.tr("The voter's card"))
        if pin:
            self.voter_card.hint.setText(
                self.tr(
                    "Ask the voter to place the card on the reader and enter its 4-digit PIN. "
                    "Or show the declaration QR code to the camera."
                )
            )
        else:
            self.voter_card.hint.setText(
                self.tr(
                    "Ask the voter to place the card on the reader, or to show the declaration "
                    "QR code to the camera."
                )
            )
        self.voter_card.tries_label.setText(self._tries_text(self.voter_tries))
        self.search_box.setTitle(self.tr("Search the roll"))
        self.query_label.setText(self.tr("Name or furigana"))
        self.birth_label.setText(self.tr("Birth date"))
        self.birth.setPlaceholderText("1980-01-02")
        self.search_button.setText(self.tr("Search"))

    def _retranslate_voter(self) -> None:
        for key, text in {
            "name": self.tr("Name"),
            "kana": self.tr("Furigana"),
            "birth": self.tr("Birth date"),
            "address": self.tr("Address"),
            "roll": self.tr("Roll number"),
            "reason": self.tr("Reason"),
            "declaration": self.tr("Declaration"),
            "status": self.tr("Status"),
        }.items():
            self.field_labels[key].setText(text)
        self.compare_box.setTitle(self.tr("Compare with the voter"))
        self.declare_button.setText(self.tr("Declare at the desk"))
        if self.view is not None and self.view.block is Block.VOTED_ONLINE:
            self.issue_button.setText(self.tr("Issue a paper ballot (cancels the online vote)"))
        else:
            self.issue_button.setText(self.tr("Issue the ballot"))
        self.back_button.setText(self.tr("Next voter"))
        view = self.view
        if view is None:
            return
        voter, declaration = view.voter, view.declaration
        self.values["name"].setText(voter.name)
        self.values["kana"].setText(voter.kana)
        self.values["birth"].setText(shown_date(voter.birth_date))
        self.values["address"].setText(voter.address)
        self.values["roll"].setText(voter.roll_number)
        if declaration is None:
            self.values["reason"].setText("—")
            self.values["declaration"].setText(self.tr("None yet"))
        else:
            self.values["reason"].setText(self.reason_text(declaration.reason))
            via = (
                self.tr("made online")
                if declaration.made_via is MadeVia.ONLINE
                else self.tr("made at the desk")
            )
            state = (
                self.tr("completed")
                if declaration.state is DeclarationState.COMPLETED
                else self.tr("not completed yet")
            )
            text = self.tr("For {date}, {via}, {state}").format(
                date=shown_date(declaration.vote_date), via=via, state=state
            )
            if view.declared_for_another_day:
                text += self.tr(" — declared for another day: check with the voter")
            self.values["declaration"].setText(text)
        if view.voted is not None:
            self.values["status"].setText(self.voted_text(view.voted))
        elif view.pending_claim is not None:
            self.values["status"].setText(
                self.tr("Not voted; an earlier issue was not answered by the platform")
            )
        else:
            self.values["status"].setText(self.tr("Not voted"))
        blocked = view.block
        if blocked is None and declaration is None:
            blocked = Block.NO_DECLARATION
        self.block_panel.setVisible(blocked is not None)
        if blocked is not None:
            self.block_label.setText(self.block_text(blocked, view.voted))
        can_declare = view.block is None and (
            declaration is None or declaration.state is DeclarationState.COMPLETED
        )
        self.declare_button.setVisible(can_declare)
        self.issue_button.setVisible(blocked in (None, Block.VOTED_ONLINE))
        if view.incidents:
            self.voter_incidents.setText("\n".join(self.incident_text(i) for i in view.incidents))
        else:
            self.voter_incidents.clear()

    def _retranslate_declare(self) -> None:
        view = self.view
        self.declare_title.setText(
            self.tr("Declaration at the desk for {name}, voting today ({date}): the reason").format(
                name=view.voter.name if view else "",
                date=shown_date(view.today) if view else "",
            )
        )
        for reason, button in zip(DeclarationReason, self.reason_buttons, strict=True):
            button.setText(self.reason_text(reason))
        self.save_declaration.setText(self.tr("Record the declaration"))
        self.cancel_declaration.setText(self.tr("Back"))

    def _retranslate_confirm(self) -> None:
        view = self.view
        if view is not None and view.block is Block.VOTED_ONLINE:
            title = self.tr(
                "{name} voted online. A second poll worker confirms that this paper ballot "
                "cancels the online vote: their own staff card and PIN, or staff code."
            )
        else:
            title = self.tr(
                "A second poll worker confirms the ballot for {name}: their own staff card and "
                "PIN, or staff code."
            )
        self.confirm_title.setText(title.format(name=view.voter.name if view else ""))
        self.worker_card.setTitle(self.tr("Second poll worker's card"))
        self.worker_card.hint.setText(
            self.tr("Place your staff card on the reader and enter its 4-digit PIN.")
        )
        self.worker_card.tries_label.setText(self._tries_text(self.worker_tries))
        self.code_box.setTitle(self.tr("Staff code"))
        self.staff_id_label.setText(self.tr("Staff ID"))
        self.code_label.setText(self.tr("Code"))
        self.code_button.setText(self.tr("Confirm"))
        self.cancel_confirm.setText(self.tr("Back"))
        self.outage_label.setText(
            self.tr(
                "The platform cannot be reached. This site's procedure: record a provisional "
                "vote (仮投票), flagged for review, and reconciled when the network is back."
            )
        )
        self.provisional_reason_label.setText(self.tr("Reason for the provisional vote"))
        self.record_provisional.setText(self.tr("Record the provisional vote"))
        self.no_provisional.setText(self.tr("Issue nothing"))

    def _retranslate_result(self) -> None:
        self.next_button.setText(self.tr("Next voter"))
        outcome = self.outcome
        name = self.view.voter.name if self.view else ""
        if isinstance(outcome, Issued) and outcome.provisional:
            self.result_panel.setObjectName("confirmOut")
            self.result_label.setText(
                self.tr(
                    "Provisional vote recorded for {name}: hand over the ballot and the "
                    "provisional-vote envelope. It is flagged for review."
                ).format(name=name)
            )
        elif isinstance(outcome, Issued):
            self.result_panel.setObjectName("confirmIn")
            self.result_label.setText(
                self.tr("Recorded as voted: hand the ballot to {name}.").format(name=name)
            )
        elif isinstance(outcome, Blocked):
            self.result_panel.setObjectName("confirmError")
            self.result_label.setText(self.block_text(outcome.block, outcome.voted, outcome.detail))
        self.result_panel.style().unpolish(self.result_panel)
        self.result_panel.style().polish(self.result_panel)

    def _tries_text(self, tries: int | None) -> str:
        if tries is None:
            return ""
        if tries <= 1:
            return self.tr("1 try left: the kiosk will not try the PIN.")
        return self.tr("PIN tries left: {tries}").format(tries=tries)
