"""What the early-voting desk returns: the voter as shown, where they voted, why a ballot is
blocked, what an issue or a declaration code came to, and the confirming second poll worker.

:class:`kiosk.voting.desk.VotingDesk` makes these; the poll-worker screen only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kiosk.voting.model import Declaration, Incident, PollingSite, Voter


class Where(StrEnum):
    """Where a voter already voted."""

    HERE = "here"
    OTHER_SITE = "other_site"
    ONLINE = "online"


class Block(StrEnum):
    """Why no ballot may be issued; each is final for the voter at this moment."""

    ALREADY_VOTED = "already_voted"
    # Voted online: issuing a paper ballot cancels the online ballot, deliberately only.
    VOTED_ONLINE = "voted_online"
    NOT_VOTING_DAY = "not_voting_day"
    NO_DECLARATION = "no_declaration"
    OUTAGE = "outage"


@dataclass(frozen=True)
class Voted:
    """A ballot already recorded for the voter: where, when, and whether provisionally."""

    where: Where
    site_id: str | None
    site_name: str
    at_ms: int | None
    provisional: bool = False


@dataclass(frozen=True)
class VoterView:
    """Everything the poll worker compares and decides on for one voter."""

    site: PollingSite
    voter: Voter
    declaration: Declaration | None
    voted: Voted | None
    block: Block | None
    incidents: tuple[Incident, ...]
    today: date
    pending_claim: str | None = None

    @property
    def declared_for_another_day(self) -> bool:
        """The declaration names a day other than today (shown; not a block)."""
        return self.declaration is not None and self.declaration.vote_date != self.today


@dataclass(frozen=True)
class Issued:
    """A ballot was issued (online claim) or a provisional vote recorded (offline)."""

    claim_id: str
    voter: Voter
    provisional: bool
    reason: str = ""


@dataclass(frozen=True)
class Blocked:
    """No ballot: ``block`` says why; ``voted`` says where and when for ALREADY_VOTED."""

    block: Block
    voted: Voted | None = None
    detail: str = ""


@dataclass(frozen=True)
class OutageChoice:
    """The platform cannot be reached and the site records provisional votes: ask the reason."""

    claim_id: str


Outcome = Issued | Blocked | OutageChoice


class CodeRefusal(StrEnum):
    """Why a declaration QR code was refused."""

    FORGED = "forged"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    UNKNOWN_KEY = "unknown_key"
    REVOKED_KEY = "revoked_key"
    INVALID = "invalid"
    NOT_A_DECLARATION = "not_a_declaration"
    WRONG_ELECTION = "wrong_election"
    UNKNOWN_DECLARATION = "unknown_declaration"
    SUPERSEDED = "superseded"
    ALREADY_USED = "already_used"


@dataclass(frozen=True)
class CodeRefused:
    """A declaration code that identifies nobody here; ``detail`` is English for staff and audit."""

    refusal: CodeRefusal
    detail: str = ""


@dataclass(frozen=True)
class CodeFound:
    """A genuine declaration of this election for a voter on the roll."""

    voter: Voter
    declaration: Declaration


@dataclass(frozen=True, eq=False)
class SecondWorker:
    """A second poll worker who proved who they are at this kiosk, for one ballot.

    Only the desk makes these (compared by identity), so a staff id typed into a field cannot
    stand in for a confirmation.
    """

    staff_id: str
    name: str
    method: str

    @property
    def actor(self) -> str:
        """The audit log's name for this person."""
        return f"staff:{self.staff_id}"
