"""The early-voting desk: find the voter, show what to compare, declare, issue the ballot.

Rules (docs/design.md §5, docs/decisions/poll-worker.md):

- "Already voted" — here, at another site, or provisionally at this kiosk — is a hard block:
  ``issue`` returns :class:`Blocked` and there is nothing to click past.
- "Voted online" is shown as such: where the election lets a paper ballot cancel the online
  one, the desk may issue it deliberately (``issue(..., cancel_online=True)``, with the second
  poll worker's confirmation as for every ballot) and the platform cancels the online ballot;
  otherwise, offline, or once the online period closed, it is a hard block too.
- Every issue needs a second poll worker, confirmed by their own staff card or code
  (:meth:`VotingDesk.confirm_by_card` / :meth:`VotingDesk.confirm_by_code`); the confirmation is
  used once and must name someone other than the issuing worker.
- Online, a ballot is an atomic claim at the platform (:class:`OnlineClaims`), under a claim id
  stored before the platform is asked, so a crash or a lost answer retries the same claim.
- Offline, the site's procedure applies: a hard block, or a provisional vote recorded with its
  reason, flagged, and sent as ``ballot.provisional`` under the same claim id.
- The kiosk records who was issued a ballot, when, where and by whom; never a vote's content.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import uuid6

from cardio.qr.signed import CodeType, DeclarationClaims, KeySet, Reason, SignedCodeError, verify
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.staff import Session, StaffService, same_staff
from kiosk.store import Store, Tx
from kiosk.timefmt import stamp
from kiosk.voting.claims import (
    ONLINE_SITE,
    ClaimAccepted,
    ClaimAlreadyVoted,
    ClaimRejected,
    ClaimUnavailable,
    OnlineClaims,
)
from kiosk.voting.model import (
    Declaration,
    DeclarationReason,
    DeclarationState,
    Incident,
    MadeVia,
    OutageProcedure,
    PollingSite,
    Voter,
    VoterStatus,
    claim_digest,
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
from kiosk.voting.roll import (
    BallotRecord,
    Roll,
    forget_election,
    outbox_has_voting_events,
    parse_birth_date,
    write_declaration,
    write_voter,
)

# The claim's contract is kiosk.voting.claims; ui/, sync/ and the tests import it from here too.
__all__ = [
    "DEFAULT_TIMEZONE",
    "KEEP_ROLL_DAYS",
    "MAX_PROVISIONAL_REASON",
    "ClaimAccepted",
    "ClaimAlreadyVoted",
    "ClaimRejected",
    "ClaimUnavailable",
    "OnlineClaims",
    "VotingDesk",
    "when_text",
]

DEFAULT_TIMEZONE = "Asia/Tokyo"
MAX_PROVISIONAL_REASON = 200
KEEP_ROLL_DAYS = 7
"""Days after an election's last early-voting day that a site's kiosk keeps the roll copy
(incidents found when the last provisional votes arrive are still shown with names)."""


@dataclass(frozen=True)
class _Match:
    """A declaration code against the local copy: found, or why not."""

    found: CodeFound | None = None
    refusal: CodeRefusal | None = None
    detail: str = ""


class VotingDesk:
    """The poll-worker mode of a kiosk enrolled for one polling site."""

    def __init__(
        self,
        store: Store,
        site_id: str,
        claims: OnlineClaims,
        keys: Callable[[], KeySet],
        timezone: str = DEFAULT_TIMEZONE,
    ) -> None:
        self.store = store
        self.site_id = site_id
        self.claims = claims
        self.roll = Roll(store)
        self.staff = StaffService(store)
        self._keys = keys
        self._zone = ZoneInfo(timezone)
        self._confirmations: set[SecondWorker] = set()

    # -- the site -----------------------------------------------------------------------------

    def site(self) -> PollingSite:
        """This kiosk's polling site; NotFound until the platform has sent it."""
        site = self.roll.site(self.site_id)
        if site is None:
            raise NotFound(
                "polling site {site_id} has not reached this kiosk yet: sync", site_id=self.site_id
            )
        return site

    def today(self) -> date:
        """The local date at the site."""
        return self.store.now().astimezone(self._zone).date()

    def forget_if_over(self, actor: str) -> int:
        """Delete the roll copy (entries, card keys, declarations) once the election's early
        voting ended more than ``KEEP_ROLL_DAYS`` ago and nothing about it waits to be sent;
        returns the roll entries deleted. Later feed changes of that election are not kept."""
        site = self.roll.site(self.site_id)
        if site is None:
            return 0
        days = [d for s in self.roll.sites(site.election_id).values() for d in s.voting_days]
        if not days or (self.today() - max(days)).days <= KEEP_ROLL_DAYS:
            return 0
        with self.store.transaction() as tx:
            if outbox_has_voting_events(tx.conn):
                return 0
            removed = forget_election(tx.conn, site.election_id)
            tx.audit(actor, "voting.roll_forgotten", site.election_id, entries=removed)
        return removed

    def site_names(self) -> dict[str, str]:
        """Names of the election's sites by id (incidents and blocks name them)."""
        return {i: s.name for i, s in self.roll.sites(self.site().election_id).items()}

    def incidents(self) -> list[Incident]:
        """Unresolved incidents of the election, newest first (shown on every kiosk)."""
        return self.roll.incidents(self.site().election_id)

    def voters_named(self, incidents: list[Incident]) -> dict[str, Voter]:
        """The roll entries that incidents name, by id (those on this kiosk's roll)."""
        found = (self.roll.voter(i.voter_id) for i in incidents if i.voter_id)
        return {v.voter_id: v for v in found if v is not None}

    # -- finding the voter --------------------------------------------------------------------

    def find_card(self, card_key: str) -> list[Voter]:
        """Roll entries linked to a tapped card (whose key the card layer read or proved)."""
        return self.roll.by_card(self.site().election_id, card_key)

    def search(self, query: str, birth_date: str = "") -> list[Voter]:
        """Roll entries by name or furigana and/or birth date, as staff type them."""
        return self.roll.search(self.site().election_id, query, parse_birth_date(birth_date))

    def read_code(self, actor: str, text: str) -> CodeFound | CodeRefused:
        """Check a declaration QR code offline; the refusal says why, and is audited."""
        answer = self._read_code(text)
        if isinstance(answer, CodeRefused):
            with self.store.transaction() as tx:
                tx.audit(actor, "voting.code_refused", self.site_id, reason=answer.refusal.value)
        return answer

    def _read_code(self, text: str) -> CodeFound | CodeRefused:
        site = self.site()
        try:
            code = verify(
                text,
                self._keys(),
                now=int(self.store.now().timestamp()),
                expected_type=CodeType.DECLARATION,
            )
        except SignedCodeError as exc:
            return CodeRefused(_CODE_REFUSALS.get(exc.reason, CodeRefusal.INVALID), str(exc))
        claims = code.claims
        assert isinstance(claims, DeclarationClaims)
        if claims.election_id != site.election_id:
            return CodeRefused(
                CodeRefusal.WRONG_ELECTION,
                f"declared for election {claims.election_id}, this site serves {site.election_id}",
            )
        answer = self._match_code(site, code.subject, claims)
        if answer.refusal in (CodeRefusal.UNKNOWN_DECLARATION, CodeRefusal.SUPERSEDED):
            # The kiosk's copy may be behind (declared a minute ago): the platform may know.
            fetched = self.claims.lookup_declaration(text)
            if fetched is not None:
                declaration, voter = fetched
                with self.store.transaction() as tx:
                    write_voter(tx.conn, voter)
                    write_declaration(tx.conn, Declaration.from_feed(declaration))
                    tx.audit("kiosk", "voting.declaration_fetched", str(voter["voter_id"]))
                answer = self._match_code(site, code.subject, claims)
        if answer.found is not None:
            return answer.found
        assert answer.refusal is not None
        return CodeRefused(answer.refusal, answer.detail)

    def _match_code(self, site: PollingSite, subject: str, claims: DeclarationClaims) -> _Match:
        voters = self.roll.by_person(site.election_id, subject)
        declarations = self.roll.declarations_of(voters[0]) if voters else []
        if not declarations:
            return _Match(
                refusal=CodeRefusal.UNKNOWN_DECLARATION,
                detail="no declaration of this person for the election has reached the kiosk",
            )
        voter, current = voters[0], declarations[-1]
        if current.vote_date != claims.vote_date or current.reason != claims.reason:
            return _Match(
                refusal=CodeRefusal.SUPERSEDED,
                detail="the voter declared again: the newer declaration counts",
            )
        voted = self._voted(site, voter, self.roll.ballot(site.election_id, voter.voter_id))
        # A voter who voted online keeps their declaration for a paper ballot that cancels it.
        if current.state is DeclarationState.COMPLETED or (
            voted is not None and voted.where is not Where.ONLINE
        ):
            return _Match(refusal=CodeRefusal.ALREADY_USED, detail="this declaration was used")
        return _Match(found=CodeFound(voter, current))

    # -- what to compare ----------------------------------------------------------------------

    def look_up(self, actor: str, voter_id: str) -> VoterView:
        """A poll worker opens a voter's page: the view, with the read in the audit log."""
        view = self.view(voter_id)
        with self.store.transaction() as tx:
            tx.audit(actor, "voting.look_up", voter_id)
        return view

    def view(self, voter_id: str) -> VoterView:
        """The voter's details, declaration, status and the block that applies, if any."""
        site = self.site()
        voter = self.roll.voter(voter_id)
        if voter is None or voter.election_id != site.election_id:
            raise NotFound("voter {voter_id} is not on this election's roll", voter_id=voter_id)
        declarations = self.roll.declarations_of(voter)
        declaration = declarations[-1] if declarations else None
        ballot = self.roll.ballot(site.election_id, voter_id)
        voted = self._voted(site, voter, ballot)
        today = self.today()
        block: Block | None = None
        if voted is not None:
            block = Block.VOTED_ONLINE if voted.where is Where.ONLINE else Block.ALREADY_VOTED
        elif today not in site.voting_days:
            block = Block.NOT_VOTING_DAY
        incidents = tuple(
            i for i in self.roll.incidents(site.election_id, False) if i.voter_id == voter_id
        )
        pending = ballot.claim_id if ballot is not None and ballot.state == "claiming" else None
        return VoterView(site, voter, declaration, voted, block, incidents, today, pending)

    def _voted(self, site: PollingSite, voter: Voter, ballot: BallotRecord | None) -> Voted | None:
        if ballot is not None and ballot.state in ("issued", "provisional"):
            provisional = ballot.state == "provisional"
            return Voted(Where.HERE, site.site_id, site.name, ballot.data.get("at_ms"), provisional)
        if voter.status is not VoterStatus.VOTED:
            return None
        if (
            ballot is not None
            and ballot.state == "claiming"
            and voter.claim_digest == claim_digest(ballot.claim_id)
        ):
            # Our own claim, whose answer never came back (the voter was sent away by a hard
            # block): the ballot was not handed out, and repeating the claim id finishes it.
            return None
        where_id = voter.voted_site_id
        if where_id is None or where_id == ONLINE_SITE:
            return Voted(Where.ONLINE, None, "", voter.voted_at_ms)
        other = self.roll.site(where_id)
        name = other.name if other is not None else where_id
        where = Where.HERE if where_id == site.site_id else Where.OTHER_SITE
        provisional = voter.voted_kind == "provisional"
        return Voted(where, where_id, name, voter.voted_at_ms, provisional)

    # -- declaring at the desk ----------------------------------------------------------------

    def declare(self, actor: str, voter_id: str, reason: int) -> Declaration:
        """Record a declaration made at the desk today (a form on screen, no handwriting)."""
        try:
            chosen = DeclarationReason(reason)
        except ValueError:
            raise InvalidInput(
                "{reason} is not a statutory reason (1 to 6)", reason=reason
            ) from None
        view = self.view(voter_id)
        if view.voted is not None:
            raise Refused("already_voted", "the voter has already voted")
        if view.declaration is not None and view.declaration.state is DeclarationState.MADE:
            raise Refused("already_declared", "the voter has a declaration: use it")
        declaration = Declaration(
            declaration_id=f"d-{uuid6.uuid7()}",
            election_id=view.site.election_id,
            voter_id=voter_id,
            person_id=view.voter.person_id,
            vote_date=view.today,
            reason=chosen,
            made_via=MadeVia.DESK,
            state=DeclarationState.MADE,
            completed_at_ms=None,
            made_at_ms=int(self.store.now().timestamp() * 1000),
        )
        with self.store.transaction() as tx:
            write_declaration(tx.conn, declaration)
            tx.emit(
                "declaration.made",
                {
                    "declaration_id": declaration.declaration_id,
                    "voter_id": voter_id,
                    "election_id": declaration.election_id,
                    "vote_date": declaration.vote_date.isoformat(),
                    "reason": int(chosen),
                },
            )
            tx.audit(actor, "voting.declare", voter_id, reason=int(chosen))
        return declaration

    # -- the second poll worker ---------------------------------------------------------------

    def confirm_by_card(self, first: Session, proven_card_key: str) -> SecondWorker:
        """A second worker proved their own staff card (PIN and signature, by the card layer)."""
        session = self.staff.sign_in_card(proven_card_key)
        return self._confirmation(first, session)

    def confirm_by_code(self, first: Session, staff_id: str, code: str) -> SecondWorker:
        """A second worker typed their staff id and code, where the site allows codes."""
        session = self.staff.sign_in_code(staff_id, code, self.site().staff_code_allowed)
        return self._confirmation(first, session)

    def _confirmation(self, first: Session, second: Session) -> SecondWorker:
        if same_staff(second.staff_id, first.staff_id):
            raise Refused("same_worker", "the second poll worker must be someone else")
        worker = SecondWorker(second.staff_id, second.name, second.method)
        self._confirmations.add(worker)
        with self.store.transaction() as tx:
            tx.audit(second.actor, "voting.confirm", first.staff_id, method=second.method)
        return worker

    # -- issuing ------------------------------------------------------------------------------

    def issue(
        self,
        first: Session,
        second: SecondWorker,
        voter_id: str,
        declaration_id: str | None,
        cancel_online: bool = False,
    ) -> Outcome:
        """Issue a ballot: checks, then the platform's atomic claim (or the outage procedure).

        ``cancel_online``: both poll workers saw that the voter voted online and that this
        paper ballot cancels the online one.
        """
        self._require_second(first, second)
        view = self.view(voter_id)
        refused = self._refusal(view, declaration_id, cancel_online)
        if refused is not None:
            self._audit_block(first.actor, voter_id, refused)
            return refused
        cancelling = view.block is Block.VOTED_ONLINE
        claim_id = view.pending_claim or self._start_claim(first, second, view, declaration_id)
        try:
            answer = self.claims.claim(
                claim_id, voter_id, declaration_id, first.staff_id, second.staff_id, cancelling
            )
        except ClaimUnavailable as exc:
            if view.site.outage_procedure is OutageProcedure.PROVISIONAL and not cancelling:
                return OutageChoice(claim_id)
            # The claim stays stored: if it reached the platform after all, the voter's next
            # attempt here repeats the same claim id and gets the same answer.
            blocked = Blocked(Block.OUTAGE, detail=str(exc))
            self._audit_block(first.actor, voter_id, blocked)
            return blocked
        except ClaimRejected:
            with self.store.transaction() as tx:
                tx.conn.execute("DELETE FROM ballot_issues WHERE claim_id = ?", (claim_id,))
            raise
        if isinstance(answer, ClaimAlreadyVoted):
            return self._claimed_elsewhere(first, view, claim_id, answer)
        self._confirmations.discard(second)
        return self._record_issue(first, second, view, claim_id, declaration_id, answer, cancelling)

    def record_provisional(
        self,
        first: Session,
        second: SecondWorker,
        voter_id: str,
        declaration_id: str | None,
        claim_id: str,
        reason: str,
    ) -> Outcome:
        """Record a provisional vote (仮投票) after an outage, flagged for review."""
        self._require_second(first, second)
        if not reason.strip() or len(reason.strip()) > MAX_PROVISIONAL_REASON:
            raise InvalidInput(
                "a provisional vote needs its reason (1 to {maximum} characters)",
                maximum=MAX_PROVISIONAL_REASON,
            )
        view = self.view(voter_id)
        if view.site.outage_procedure is not OutageProcedure.PROVISIONAL:
            raise Refused("no_provisional", "this site does not record provisional votes")
        if view.pending_claim != claim_id:
            raise Refused("no_claim", "ask the platform first: issue the ballot again")
        refused = self._refusal(view, declaration_id)
        if refused is not None:
            self._audit_block(first.actor, voter_id, refused)
            return refused
        assert declaration_id is not None
        now_ms = int(self.store.now().timestamp() * 1000)
        declaration = self.roll.declaration(declaration_id)
        assert declaration is not None
        with self.store.transaction() as tx:
            if declaration.state is DeclarationState.MADE:
                write_declaration(
                    tx.conn,
                    replace(declaration, state=DeclarationState.COMPLETED, completed_at_ms=now_ms),
                )
                tx.emit("declaration.completed", {"declaration_id": declaration_id})
            self._mark_issued(tx, claim_id, "provisional", now_ms, reason=reason.strip())
            tx.emit(
                "ballot.provisional",
                {
                    "claim_id": claim_id,
                    "voter_id": voter_id,
                    "election_id": view.site.election_id,
                    "reason": reason.strip(),
                    "issued_by": first.staff_id,
                    "confirmed_by": second.staff_id,
                    "declaration_id": declaration_id,
                },
            )
            tx.audit(
                first.actor,
                "voting.provisional",
                voter_id,
                claim_id=claim_id,
                confirmed_by=second.staff_id,
                reason=reason.strip(),
            )
        self._confirmations.discard(second)
        return Issued(claim_id, view.voter, provisional=True, reason=reason.strip())

    def _require_second(self, first: Session, second: SecondWorker) -> None:
        if second not in self._confirmations or same_staff(second.staff_id, first.staff_id):
            raise Refused(
                "second_worker_required",
                "a second poll worker must confirm with their own card or code",
            )

    def _refusal(
        self, view: VoterView, declaration_id: str | None, cancel_online: bool = False
    ) -> Blocked | None:
        if view.block is not None and not (view.block is Block.VOTED_ONLINE and cancel_online):
            return Blocked(view.block, view.voted)
        declaration = self.roll.declaration(declaration_id) if declaration_id else None
        if (
            declaration is None
            or declaration.election_id != view.site.election_id
            or (declaration.voter_id not in (None, view.voter.voter_id))
            or (declaration.voter_id is None and declaration.person_id != view.voter.person_id)
        ):
            return Blocked(Block.NO_DECLARATION, detail="declare at the desk first")
        return None

    def _start_claim(
        self, first: Session, second: SecondWorker, view: VoterView, declaration_id: str | None
    ) -> str:
        claim_id = str(uuid6.uuid7())
        data = {
            "issued_by": first.staff_id,
            "confirmed_by": second.staff_id,
            "declaration_id": declaration_id,
            "site_id": self.site_id,
        }
        with self.store.transaction() as tx:
            tx.conn.execute(
                "INSERT INTO ballot_issues (claim_id, election_id, voter_id, state, at, data)"
                " VALUES (?, ?, ?, 'claiming', ?, ?)",
                (claim_id, view.site.election_id, view.voter.voter_id, stamp(tx.now),
                 json.dumps(data)),
            )  # fmt: skip
            tx.audit(first.actor, "voting.claim", view.voter.voter_id, claim_id=claim_id)
        return claim_id

    def _record_issue(
        self,
        first: Session,
        second: SecondWorker,
        view: VoterView,
        claim_id: str,
        declaration_id: str | None,
        answer: ClaimAccepted,
        cancelled_online: bool = False,
    ) -> Issued:
        at_ms = answer.claimed_at_ms
        with self.store.transaction() as tx:
            declaration = self.roll.declaration(declaration_id) if declaration_id else None
            if declaration is not None and declaration.state is DeclarationState.MADE:
                # The claim named the declaration, which completes it at the platform too.
                write_declaration(
                    tx.conn,
                    replace(declaration, state=DeclarationState.COMPLETED, completed_at_ms=at_ms),
                )
            self._mark_issued(tx, claim_id, "issued", at_ms)
            _set_voted(tx, view.voter, self.site_id, at_ms, claim_id)
            # The claim is the platform's record; this event puts it in the kiosk's chain too.
            tx.emit(
                "ballot.issued",
                {
                    "claim_id": claim_id,
                    "voter_id": view.voter.voter_id,
                    "election_id": view.site.election_id,
                    "issued_by": first.staff_id,
                    "confirmed_by": second.staff_id,
                },
            )
            tx.audit(
                first.actor,
                "voting.issue",
                view.voter.voter_id,
                claim_id=claim_id,
                confirmed_by=second.staff_id,
                cancelled_online=cancelled_online,
            )
        return Issued(claim_id, view.voter, provisional=False)

    def _claimed_elsewhere(
        self, first: Session, view: VoterView, claim_id: str, answer: ClaimAlreadyVoted
    ) -> Blocked:
        site_id = answer.site_id
        block = Block.ALREADY_VOTED
        if site_id is None or site_id == ONLINE_SITE:
            voted = Voted(Where.ONLINE, None, "", answer.voted_at_ms)
            if answer.online_cancellable:
                # The online vote had not reached this kiosk: the desk decides deliberately.
                block = Block.VOTED_ONLINE
        else:
            where = Where.HERE if site_id == self.site_id else Where.OTHER_SITE
            voted = Voted(where, site_id, answer.site_name, answer.voted_at_ms)
        blocked = Blocked(block, voted)
        with self.store.transaction() as tx:
            tx.conn.execute("DELETE FROM ballot_issues WHERE claim_id = ?", (claim_id,))
            # Kept on the roll copy, so the block holds offline too until the feed says more.
            _set_voted(tx, view.voter, site_id, answer.voted_at_ms, None)
            tx.audit(first.actor, "voting.blocked", view.voter.voter_id, block=block.value,
                     site=site_id)  # fmt: skip
        return blocked

    def _mark_issued(self, tx: Tx, claim_id: str, state: str, at_ms: int, **extra: str) -> None:
        row = tx.conn.execute(
            "SELECT data FROM ballot_issues WHERE claim_id = ?", (claim_id,)
        ).fetchone()
        data = json.loads(row[0]) | {"at_ms": at_ms} | extra
        if state == "provisional":
            data["flagged"] = True
        tx.conn.execute(
            "UPDATE ballot_issues SET state = ?, at = ?, data = ? WHERE claim_id = ?",
            (state, stamp(tx.now), json.dumps(data, ensure_ascii=False), claim_id),
        )

    def _audit_block(self, actor: str, voter_id: str, blocked: Blocked) -> None:
        with self.store.transaction() as tx:
            tx.audit(actor, "voting.blocked", voter_id, block=blocked.block.value)


def _set_voted(
    tx: Tx, voter: Voter, site_id: str | None, at_ms: int | None, claim_id: str | None
) -> None:
    row = tx.conn.execute("SELECT data FROM voters WHERE voter_id = ?", (voter.voter_id,))
    data = json.loads(row.fetchone()[0]) | {
        "status": VoterStatus.VOTED.value,
        "voted_site_id": site_id,
        "voted_at_ms": at_ms,
        "claim_digest": claim_digest(claim_id) if claim_id else None,
    }
    data.pop("claim_id", None)  # as feeds before claim digests sent it
    tx.conn.execute(
        "UPDATE voters SET data = ? WHERE voter_id = ?",
        (json.dumps(data, ensure_ascii=False), voter.voter_id),
    )


_CODE_REFUSALS = {
    Reason.BAD_SIGNATURE: CodeRefusal.FORGED,
    Reason.WRONG_ISSUER: CodeRefusal.FORGED,
    Reason.KEY_NOT_VALID: CodeRefusal.FORGED,
    Reason.EXPIRED: CodeRefusal.EXPIRED,
    Reason.NOT_YET_VALID: CodeRefusal.NOT_YET_VALID,
    Reason.UNKNOWN_KEY: CodeRefusal.UNKNOWN_KEY,
    Reason.KEY_REVOKED: CodeRefusal.REVOKED_KEY,
    Reason.WRONG_TYPE: CodeRefusal.NOT_A_DECLARATION,
    Reason.NOT_SIGNED_CODE: CodeRefusal.NOT_A_DECLARATION,
}


def when_text(at_ms: int | None, zone: str = DEFAULT_TIMEZONE) -> str:
    """A moment in the site's local time, ``2026-11-26 10:15``, for the screens."""
    if at_ms is None:
        return ""
    moment = datetime.fromtimestamp(at_ms / 1000, ZoneInfo(zone))
    return moment.strftime("%Y-%m-%d %H:%M")
