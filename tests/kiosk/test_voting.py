"""The early-voting desk: what a poll worker can and cannot do, and what the kiosk records.

The platform's claim here is an in-process double with the platform's rule (one claim per
voter, a retried claim id answers the same); tests/integration runs the same flows against
the real platform process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cardio.qr.signed import DeclarationClaims, KeySet, PassClaims, QRSigner
from kiosk import audit, outbox
from kiosk.counter import save_keys, stored_keys
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.feed_page import BadChange
from kiosk.staff import Role, Session, StaffService
from kiosk.store import Store
from kiosk.voting.desk import ClaimAccepted, ClaimAlreadyVoted, ClaimUnavailable, VotingDesk
from kiosk.voting.model import DeclarationState
from kiosk.voting.results import (
    Block,
    Blocked,
    CodeFound,
    CodeRefusal,
    CodeRefused,
    Issued,
    OutageChoice,
    SecondWorker,
    Where,
)
from tests.kiosk.builders import FakeWall
from tests.kiosk.voting_feed import (
    ELECTION,
    OTHER_SITE,
    SITE,
    apply,
    declaration,
    incident,
    site,
    voter,
)

ISSUER = "https://platform.test"
FIRST = Session("w1", "投票 一郎", Role.STAFF, "card")
HANAKO_KEY = "jpki:" + "ab" * 32
ISSUED, EXPIRES = 1795564800, 1795705200  # 2026-11-25 00:00Z; 2026-11-27 00:00 JST


@dataclass
class PlatformDouble:
    """The platform's claim rule in-process: one claim per voter; a retry answers the same."""

    reachable: bool = True
    lose_next_answer: bool = False
    claims: dict[str, tuple[str, str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    declarations: dict[str, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict)
    # Voters who voted online, and whether a paper ballot cancels that vote (the rule).
    online: dict[str, bool] = field(default_factory=dict)
    cancelled_online: list[str] = field(default_factory=list)

    def lookup_declaration(self, code: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        return self.declarations.get(code) if self.reachable else None

    def claim(
        self,
        claim_id: str,
        voter_id: str,
        declaration_id: str | None,
        issued_by: str,
        confirmed_by: str,
        cancel_online: bool = False,
    ) -> ClaimAccepted | ClaimAlreadyVoted:
        self.calls.append(claim_id)
        if not self.reachable:
            raise ClaimUnavailable("no answer from the platform (ConnectionError)")
        if voter_id in self.online:
            if not (cancel_online and self.online[voter_id]):
                return ClaimAlreadyVoted("online", "online", 1764115200000, self.online[voter_id])
            del self.online[voter_id]
            self.cancelled_online.append(voter_id)
        held = self.claims.setdefault(voter_id, (claim_id, SITE))
        if held[0] != claim_id:
            return ClaimAlreadyVoted(held[1], "北公民館", 1764115200000)
        if self.lose_next_answer:
            self.lose_next_answer = False
            raise ClaimUnavailable("the answer was lost")
        return ClaimAccepted(claim_id, SITE, 1764118800000)


@pytest.fixture
def signer(store: Store) -> QRSigner:
    made = QRSigner("pf-test", ISSUER, Ed25519PrivateKey.generate())
    save_keys(store, "setup", KeySet([made.trusted_key(1700000000)]))
    return made


@pytest.fixture
def platform() -> PlatformDouble:
    return PlatformDouble()


@pytest.fixture
def desk(store: Store, platform: PlatformDouble, signer: QRSigner) -> VotingDesk:
    staff = StaffService(store)
    staff.add("setup", "w1", "投票 一郎", Role.STAFF, code="111111")
    staff.add("setup", "w2", "投票 二郎", Role.STAFF, code="222222")
    apply(
        store,
        site(),
        site(OTHER_SITE),
        voter("v-1", "佐藤\u3000花子", "サトウ\u3000ハナコ", "1980-01-02", person_id="p-1",
              card_keys=[HANAKO_KEY]),
        voter("v-2", "佐藤\u3000蓮", "サトウ\u3000レン", "2001-05-06"),
        voter("v-3", "鈴木\u3000一", "スズキ\u3000ハジメ", "1980-01-02"),
        declaration("d-1", "v-1", person_id="p-1"),
    )  # fmt: skip
    return VotingDesk(store, SITE, platform, lambda: stored_keys(store))


def second(desk: VotingDesk) -> SecondWorker:
    return desk.confirm_by_code(FIRST, "w2", "222222")


def events(store: Store, type_: str) -> list[dict[str, object]]:
    with store.reading() as conn:
        return [e.payload for e in outbox.pending(conn, 1000) if e.type == type_]


# -- issuing online ---------------------------------------------------------------------------


def test_an_online_issue_claims_the_ballot_and_records_the_voter_as_voted_here(
    desk: VotingDesk, store: Store, platform: PlatformDouble
) -> None:
    outcome = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(outcome, Issued) and not outcome.provisional
    assert platform.claims["v-1"][0] == outcome.claim_id
    [issued] = events(store, "ballot.issued")
    assert issued == {
        "claim_id": outcome.claim_id,
        "voter_id": "v-1",
        "election_id": ELECTION,
        "issued_by": "w1",
        "confirmed_by": "w2",
    }
    view = desk.view("v-1")
    assert view.block is Block.ALREADY_VOTED
    assert view.voted is not None and view.voted.where is Where.HERE
    assert view.declaration is not None and view.declaration.state is DeclarationState.COMPLETED
    with store.reading() as conn:
        actions = [e.action for e in audit.entries(conn)]
    assert "voting.issue" in actions and "voting.confirm" in actions


def test_a_lost_answer_is_retried_under_the_same_claim_id_and_issues_once(
    desk: VotingDesk, platform: PlatformDouble
) -> None:
    platform.lose_next_answer = True
    apply(desk.store, site(outage_procedure="hard_block"))
    first_try = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(first_try, Blocked) and first_try.block is Block.OUTAGE
    assert desk.view("v-1").pending_claim == platform.calls[0]
    retry = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(retry, Issued)
    assert platform.calls == [retry.claim_id, retry.claim_id]


def test_a_claim_that_landed_while_the_voter_was_sent_away_is_finished_not_blocked(
    desk: VotingDesk, store: Store, platform: PlatformDouble
) -> None:
    apply(store, site(outage_procedure="hard_block"))
    platform.lose_next_answer = True
    turned_away = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(turned_away, Blocked) and turned_away.block is Block.OUTAGE
    [claim_id] = platform.calls
    # The feed then reports the claim the platform did record, under this kiosk's claim id.
    apply(
        store,
        voter("v-1", "佐藤\u3000花子", "サトウ\u3000ハナコ", "1980-01-02", status="voted",
              voted_site_id=SITE, voted_at_ms=1795650000000, claim_id=claim_id,
              voted_kind="online"),
    )  # fmt: skip
    view = desk.view("v-1")
    assert view.block is None and view.pending_claim == claim_id
    issued = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(issued, Issued) and issued.claim_id == claim_id


# -- a voter who voted online ----------------------------------------------------------------


def voted_online(store: Store) -> None:
    """The feed says v-1 voted online from home."""
    apply(
        store,
        voter("v-1", "佐藤\u3000花子", "サトウ\u3000ハナコ", "1980-01-02", person_id="p-1",
              status="voted", voted_site_id="online", voted_at_ms=1795650000000,
              voted_kind="online"),
    )  # fmt: skip


def test_a_voter_who_voted_online_gets_a_paper_ballot_only_deliberately_and_it_cancels_online(
    desk: VotingDesk, store: Store, platform: PlatformDouble
) -> None:
    voted_online(store)
    platform.online["v-1"] = True
    view = desk.view("v-1")
    assert view.block is Block.VOTED_ONLINE and view.voted is not None
    assert view.voted.where is Where.ONLINE
    # Without the deliberate choice nothing is asked or issued.
    held = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(held, Blocked) and held.block is Block.VOTED_ONLINE
    assert platform.calls == []
    issued = desk.issue(FIRST, second(desk), "v-1", "d-1", cancel_online=True)
    assert isinstance(issued, Issued) and not issued.provisional
    assert platform.cancelled_online == ["v-1"]
    assert desk.view("v-1").block is Block.ALREADY_VOTED
    with store.reading() as conn:
        entries = [e for e in audit.entries(conn) if e.action == "voting.issue"]
    assert entries[0].detail["cancelled_online"] is True


def test_a_paper_ballot_is_refused_when_the_online_vote_stands_and_when_offline(
    desk: VotingDesk, store: Store, platform: PlatformDouble
) -> None:
    voted_online(store)
    platform.online["v-1"] = False  # paper does not cancel, or the online period closed
    blocked = desk.issue(FIRST, second(desk), "v-1", "d-1", cancel_online=True)
    assert isinstance(blocked, Blocked) and blocked.block is Block.ALREADY_VOTED
    platform.reachable = False
    offline = desk.issue(FIRST, second(desk), "v-1", "d-1", cancel_online=True)
    # Only the platform can cancel the online ballot: no provisional vote, whatever the site.
    assert isinstance(offline, Blocked) and offline.block is Block.OUTAGE


def test_a_desk_not_yet_told_of_an_online_vote_learns_it_from_the_claim(
    desk: VotingDesk, platform: PlatformDouble
) -> None:
    platform.online["v-1"] = True
    first = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(first, Blocked) and first.block is Block.VOTED_ONLINE
    assert desk.view("v-1").block is Block.VOTED_ONLINE
    issued = desk.issue(FIRST, second(desk), "v-1", "d-1", cancel_online=True)
    assert isinstance(issued, Issued)


# -- the second poll worker -------------------------------------------------------------------


def test_an_issue_needs_a_second_worker_confirmed_at_this_desk(desk: VotingDesk) -> None:
    typed = SecondWorker("w2", "投票 二郎", "code")  # not made by the desk
    with pytest.raises(Refused) as refused:
        desk.issue(FIRST, typed, "v-1", "d-1")
    assert refused.value.reason == "second_worker_required"
    assert desk.view("v-1").voted is None


def test_the_second_worker_must_be_someone_else(desk: VotingDesk) -> None:
    with pytest.raises(Refused) as refused:
        desk.confirm_by_code(FIRST, "w1", "111111")
    assert refused.value.reason == "same_worker"


def test_a_wrong_code_confirms_nobody(desk: VotingDesk) -> None:
    with pytest.raises(Refused) as refused:
        desk.confirm_by_code(FIRST, "w2", "999999")
    assert refused.value.reason == "wrong_code"


def test_codes_do_not_confirm_where_the_site_allows_cards_only(
    desk: VotingDesk, store: Store
) -> None:
    apply(store, site(staff_code_allowed=False))
    with pytest.raises(Refused) as refused:
        desk.confirm_by_code(FIRST, "w2", "222222")
    assert refused.value.reason == "codes_not_allowed"


def test_a_confirmation_is_spent_by_the_ballot_it_confirmed(desk: VotingDesk, store: Store) -> None:
    worker = second(desk)
    assert isinstance(desk.issue(FIRST, worker, "v-1", "d-1"), Issued)
    made = desk.declare("staff:w1", "v-2", 3)
    with pytest.raises(Refused) as refused:
        desk.issue(FIRST, worker, "v-2", made.declaration_id)
    assert refused.value.reason == "second_worker_required"


# -- already voted: hard blocks ---------------------------------------------------------------


def test_a_voter_who_voted_at_another_site_is_blocked_with_where_and_when(
    desk: VotingDesk, store: Store, platform: PlatformDouble
) -> None:
    apply(
        store,
        voter("v-1", "佐藤\u3000花子", "サトウ\u3000ハナコ", "1980-01-02", status="voted",
              voted_site_id=OTHER_SITE, voted_at_ms=1764115200000, claim_id="c-x",
              voted_kind="online"),
    )  # fmt: skip
    view = desk.view("v-1")
    assert view.block is Block.ALREADY_VOTED
    assert view.voted is not None
    assert (view.voted.where, view.voted.site_name, view.voted.at_ms) == (
        Where.OTHER_SITE,
        "北公民館",
        1764115200000,
    )
    outcome = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(outcome, Blocked) and outcome.block is Block.ALREADY_VOTED
    assert platform.calls == []  # nothing was even asked
    apply(
        store,
        voter("v-1", "佐藤\u3000花子", "サトウ\u3000ハナコ", "1980-01-02", status="voted",
              voted_site_id=OTHER_SITE, voted_at_ms=1764115200000, claim_id="c-x",
              voted_kind="provisional"),
    )  # fmt: skip
    voted = desk.view("v-1").voted
    assert voted is not None and voted.provisional and voted.where is Where.OTHER_SITE


def test_the_platform_saying_already_voted_blocks_and_the_block_holds_offline(
    desk: VotingDesk, platform: PlatformDouble
) -> None:
    platform.claims["v-1"] = ("c-elsewhere", OTHER_SITE)
    outcome = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(outcome, Blocked) and outcome.block is Block.ALREADY_VOTED
    assert outcome.voted is not None and outcome.voted.site_name == "北公民館"
    platform.reachable = False
    again = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(again, Blocked) and again.block is Block.ALREADY_VOTED
    assert desk.view("v-1").pending_claim is None


def test_a_voter_recorded_provisionally_here_is_blocked_too(
    desk: VotingDesk, platform: PlatformDouble
) -> None:
    platform.reachable = False
    worker = second(desk)
    choice = desk.issue(FIRST, worker, "v-1", "d-1")
    assert isinstance(choice, OutageChoice)
    desk.record_provisional(FIRST, worker, "v-1", "d-1", choice.claim_id, "platform unreachable")
    outcome = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(outcome, Blocked) and outcome.block is Block.ALREADY_VOTED
    assert outcome.voted is not None and outcome.voted.provisional


# -- outage procedures ------------------------------------------------------------------------


def test_offline_under_a_hard_block_site_nothing_is_issued_and_it_says_why(
    desk: VotingDesk, store: Store, platform: PlatformDouble
) -> None:
    apply(store, site(outage_procedure="hard_block"))
    platform.reachable = False
    outcome = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(outcome, Blocked) and outcome.block is Block.OUTAGE
    assert "no answer" in outcome.detail
    assert desk.view("v-1").voted is None
    assert events(store, "ballot.provisional") == []


def test_offline_under_a_provisional_site_a_flagged_provisional_vote_is_recorded(
    desk: VotingDesk, store: Store, platform: PlatformDouble
) -> None:
    platform.reachable = False
    worker = second(desk)
    choice = desk.issue(FIRST, worker, "v-1", "d-1")
    assert isinstance(choice, OutageChoice)
    with pytest.raises(InvalidInput):
        desk.record_provisional(FIRST, worker, "v-1", "d-1", choice.claim_id, "  ")
    reason = "platform unreachable"
    done = desk.record_provisional(FIRST, worker, "v-1", "d-1", choice.claim_id, reason)
    assert isinstance(done, Issued) and done.provisional
    [event] = events(store, "ballot.provisional")
    assert event == {
        "claim_id": choice.claim_id,
        "voter_id": "v-1",
        "election_id": ELECTION,
        "reason": "platform unreachable",
        "issued_by": "w1",
        "confirmed_by": "w2",
        "declaration_id": "d-1",
    }
    assert events(store, "declaration.completed") == [{"declaration_id": "d-1"}]
    ballot = desk.roll.ballot(ELECTION, "v-1")
    assert ballot is not None and ballot.state == "provisional" and ballot.data["flagged"]


def test_a_provisional_vote_needs_the_failed_claim_first(desk: VotingDesk) -> None:
    with pytest.raises(Refused) as refused:
        desk.record_provisional(FIRST, second(desk), "v-1", "d-1", "made-up", "offline")
    assert refused.value.reason == "no_claim"


def test_a_site_with_a_hard_block_records_no_provisional_vote(
    desk: VotingDesk, store: Store, platform: PlatformDouble
) -> None:
    platform.reachable = False
    worker = second(desk)
    choice = desk.issue(FIRST, worker, "v-1", "d-1")
    assert isinstance(choice, OutageChoice)
    apply(store, site(outage_procedure="hard_block"))
    with pytest.raises(Refused) as refused:
        desk.record_provisional(FIRST, worker, "v-1", "d-1", choice.claim_id, "offline")
    assert refused.value.reason == "no_provisional"


# -- declarations at the desk -----------------------------------------------------------------


def test_no_ballot_without_a_declaration(desk: VotingDesk, platform: PlatformDouble) -> None:
    outcome = desk.issue(FIRST, second(desk), "v-2", None)
    assert isinstance(outcome, Blocked) and outcome.block is Block.NO_DECLARATION
    other = desk.issue(FIRST, second(desk), "v-2", "d-1")
    assert isinstance(other, Blocked) and other.block is Block.NO_DECLARATION  # hers, not his
    assert platform.calls == []


def test_a_declaration_made_at_the_desk_is_recorded_and_sent(
    desk: VotingDesk, store: Store
) -> None:
    made = desk.declare("staff:w1", "v-2", 6)
    assert (made.vote_date, int(made.reason), made.made_via.value) == (
        date(2026, 11, 26),
        6,
        "desk",
    )
    assert events(store, "declaration.made") == [
        {
            "declaration_id": made.declaration_id,
            "voter_id": "v-2",
            "election_id": ELECTION,
            "vote_date": "2026-11-26",
            "reason": 6,
        }
    ]
    assert desk.view("v-2").declaration == made
    outcome = desk.issue(FIRST, second(desk), "v-2", made.declaration_id)
    assert isinstance(outcome, Issued)


def test_a_reason_outside_the_six_changes_nothing(desk: VotingDesk, store: Store) -> None:
    with pytest.raises(InvalidInput):
        desk.declare("staff:w1", "v-2", 7)
    assert events(store, "declaration.made") == []


def test_a_voter_with_an_open_declaration_does_not_declare_again(desk: VotingDesk) -> None:
    with pytest.raises(Refused) as refused:
        desk.declare("staff:w1", "v-1", 2)
    assert refused.value.reason == "already_declared"


def test_no_ballot_on_a_day_the_site_does_not_hold_early_voting(
    desk: VotingDesk, wall: FakeWall, platform: PlatformDouble
) -> None:
    wall.set(datetime(2026, 11, 28, 1, 0, tzinfo=UTC))
    outcome = desk.issue(FIRST, second(desk), "v-1", "d-1")
    assert isinstance(outcome, Blocked) and outcome.block is Block.NOT_VOTING_DAY
    assert platform.calls == []


# -- the declaration QR -----------------------------------------------------------------------


def code(signer: QRSigner, subject: str = "p-1", **claims: object) -> str:
    values: dict[str, object] = {
        "election_id": ELECTION,
        "vote_date": date(2026, 11, 26),
        "reason": 1,
    }
    values |= claims
    return signer.sign(subject, DeclarationClaims(**values), ISSUED, EXPIRES)  # type: ignore[arg-type]


def test_a_genuine_declaration_code_finds_the_voter_and_declaration(
    desk: VotingDesk, signer: QRSigner
) -> None:
    found = desk.read_code("staff:w1", code(signer))
    assert isinstance(found, CodeFound)
    assert (found.voter.voter_id, found.declaration.declaration_id) == ("v-1", "d-1")


@pytest.mark.parametrize(
    ("make", "refusal"),
    [
        (lambda s: code(QRSigner("pf-test", ISSUER, Ed25519PrivateKey.generate())), "forged"),
        (lambda s: code(QRSigner("pf-other", ISSUER, Ed25519PrivateKey.generate())), "unknown_key"),
        (lambda s: code(s, election_id="E-1999"), "wrong_election"),
        (lambda s: code(s, subject="p-nobody"), "unknown_declaration"),
        (lambda s: code(s, reason=2), "superseded"),
        (lambda s: s.sign("p-1", PassClaims("h-1"), ISSUED, EXPIRES), "not_a_declaration"),
        (lambda s: "just some text", "not_a_declaration"),
    ],
)
def test_a_declaration_code_is_refused_with_its_reason(
    desk: VotingDesk,
    signer: QRSigner,
    store: Store,
    make: Callable[[QRSigner], str],
    refusal: str,
) -> None:
    answer = desk.read_code("staff:w1", make(signer))
    assert isinstance(answer, CodeRefused)
    assert answer.refusal is CodeRefusal(refusal)
    with store.reading() as conn:
        [entry] = [e for e in audit.entries(conn) if e.action == "voting.code_refused"]
    assert entry.detail["reason"] == refusal


def test_a_declaration_the_kiosk_has_not_received_yet_is_fetched_from_the_platform(
    desk: VotingDesk, signer: QRSigner, platform: PlatformDouble
) -> None:
    text = code(signer, subject="p-4", reason=4)
    platform.reachable = False
    offline = desk.read_code("staff:w1", text)
    assert isinstance(offline, CodeRefused)
    assert offline.refusal is CodeRefusal.UNKNOWN_DECLARATION
    platform.reachable = True
    platform.declarations[text] = (
        declaration("d-4", "v-4", person_id="p-4", reason=4)["payload"],
        voter("v-4", "高橋\u3000翔", "タカハシ\u3000ショウ", "1999-09-09", person_id="p-4")[
            "payload"
        ],
    )
    found = desk.read_code("staff:w1", text)
    assert isinstance(found, CodeFound)
    assert (found.voter.voter_id, found.declaration.declaration_id) == ("v-4", "d-4")
    assert [v.voter_id for v in desk.search("たかはし")] == ["v-4"]  # now in the local copy


def test_an_expired_declaration_code_is_refused(
    desk: VotingDesk, signer: QRSigner, wall: FakeWall
) -> None:
    text = code(signer)
    wall.set(datetime(2026, 11, 26, 15, 10, tzinfo=UTC))  # past 24:00 JST + leeway
    answer = desk.read_code("staff:w1", text)
    assert isinstance(answer, CodeRefused) and answer.refusal is CodeRefusal.EXPIRED


def test_a_used_declaration_code_is_refused(desk: VotingDesk, signer: QRSigner) -> None:
    desk.issue(FIRST, second(desk), "v-1", "d-1")
    answer = desk.read_code("staff:w1", code(signer))
    assert isinstance(answer, CodeRefused) and answer.refusal is CodeRefusal.ALREADY_USED


# -- finding voters ---------------------------------------------------------------------------


def test_the_roll_is_searched_as_staff_type(desk: VotingDesk) -> None:
    def ids(query: str, born: str = "") -> list[str]:
        return [v.voter_id for v in desk.search(query, born)]

    assert ids("さとう") == ["v-1", "v-2"]  # hiragana finds katakana furigana
    assert ids("ｻﾄｳ ﾊﾅｺ") == ["v-1"]  # half-width, spaces ignored
    assert ids("佐藤花子") == ["v-1"]
    assert ids("", "1980/1/2") == ["v-1", "v-3"]
    assert ids("さとう", "19800102") == ["v-1"]
    with pytest.raises(InvalidInput):
        desk.search("", "1980-13-40")


def test_opening_a_voters_page_is_audited(desk: VotingDesk, store: Store) -> None:
    assert desk.look_up("staff:w1", "v-2").voter.voter_id == "v-2"
    with store.reading() as conn:
        [entry] = [e for e in audit.entries(conn) if e.action == "voting.look_up"]
    assert (entry.actor, entry.target) == ("staff:w1", "v-2")


def test_a_tapped_card_finds_its_roll_entry(desk: VotingDesk) -> None:
    assert [v.voter_id for v in desk.find_card(HANAKO_KEY)] == ["v-1"]
    assert desk.find_card("jpki:" + "00" * 32) == []


def test_unresolved_incidents_of_the_election_are_listed(desk: VotingDesk, store: Store) -> None:
    apply(store, incident("i-1", "v-1"), incident("i-2", "v-2", resolved=True))
    assert [i.incident_id for i in desk.incidents()] == ["i-1"]
    assert [i.incident_id for i in desk.view("v-1").incidents] == ["i-1"]


def test_the_roll_copy_is_deleted_a_week_after_the_last_voting_day_once_all_is_sent(
    desk: VotingDesk, store: Store, wall: FakeWall
) -> None:
    desk.declare("staff:w1", "v-2", 1)  # a desk declaration still waiting to be sent
    wall.set(datetime(2026, 12, 5, 1, 0, tzinfo=UTC))  # last voting day 11-27, +8 days
    assert desk.forget_if_over("staff:w1") == 0
    with store.transaction() as tx:  # the platform stored the waiting events
        outbox.acknowledge(tx.conn, 10**6)
    wall.set(datetime(2026, 12, 4, 1, 0, tzinfo=UTC))  # only 7 days after
    assert desk.forget_if_over("staff:w1") == 0
    wall.set(datetime(2026, 12, 5, 1, 0, tzinfo=UTC))
    assert desk.forget_if_over("staff:w1") == 3
    assert desk.search("さとう") == [] and desk.find_card(HANAKO_KEY) == []
    apply(store, voter("v-9", "後藤\u3000一", "ゴトウ\u3000ハジメ", "1970-01-01"))
    assert desk.search("ごとう") == []  # later feed changes of that election are not kept
    assert desk.site().name == "市役所本庁舎"


def test_a_kiosk_without_its_site_yet_says_so(store: Store, platform: PlatformDouble) -> None:
    lonely = VotingDesk(store, "PS-9", platform, lambda: KeySet([]))
    with pytest.raises(NotFound):
        lonely.view("v-1")


def test_a_feed_change_outside_the_model_is_refused_whole(store: Store) -> None:
    with pytest.raises(BadChange, match="outage_procedure"):
        apply(store, site(outage_procedure="shrug"))
    with pytest.raises(BadChange, match="reason"):
        apply(store, site(), declaration("d-9", "v-1", reason=9))
    with store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM polling_sites").fetchone()[0] == 0


@pytest.mark.parametrize("first_id", ["W1", " w1", "ｗ１"])
def test_a_second_worker_whose_id_is_the_first_ones_in_another_case_or_width_is_the_same_worker(
    desk: VotingDesk, first_id: str
) -> None:
    first = Session(first_id, "投票 一郎", Role.STAFF, "card")
    with pytest.raises(Refused) as refused:
        desk.confirm_by_code(first, "w1", "111111")
    assert refused.value.reason == "same_worker"


def test_staff_ids_that_differ_only_in_case_are_one_account(store: Store) -> None:
    staff = StaffService(store)
    staff.add("setup", "w1", "投票 一郎", Role.STAFF, code="111111")
    with pytest.raises(Refused) as refused:
        staff.add("setup", "W1", "投票 一郎", Role.STAFF, code="333333")
    assert refused.value.reason == "exists"
