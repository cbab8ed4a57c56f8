"""Request and answer bodies of the early-voting API (docs/protocol/voting.md)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PlainValidator, WithJsonSchema, model_validator

from linkage.api.models import Strict, Text
from linkage.json_int import WHOLE
from linkage.voting.staff_ids import same_worker

StaffId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]
ClaimId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
# No control characters: PostgreSQL text cannot hold NUL, and ids are shown to people.
RecordId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


def _iso_day(value: object) -> date:
    # Strict models take no date from a number; a date is its ISO text, as in every body.
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError("a date is ISO 8601 text, YYYY-MM-DD")
    day = date.fromisoformat(value)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"a date between {FIRST_DAY} and {LAST_DAY}")
    return day


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
Day = Annotated[
    date,
    PlainValidator(_iso_day, json_schema_input_type=str),
    # The pattern publishes the years FIRST_DAY to LAST_DAY.
    WithJsonSchema(
        {"type": "string", "format": "date", "pattern": r"^20\d{2}-\d{2}-\d{2}$"}, mode="validation"
    ),
]
Days = Annotated[list[Day], Field(max_length=100)]


class ElectionBody(Strict):
    """An election's name and early-voting days."""

    name: Text
    voting_days: Days = Field(description="ISO dates on which early voting is held")


class Election(BaseModel):
    """An election with its days and sites."""

    election_id: str
    name: str
    voting_days: list[str]
    sites: list[str]


class SiteBody(Strict):
    """A polling site of the election and what its kiosks do."""

    name: Text
    election_name: Text | None = Field(
        default=None, description="Creates the election when it does not exist yet"
    )
    outage_procedure: Literal["hard_block", "provisional"] = "hard_block"
    pin_required: bool = True
    staff_code_allowed: bool = False
    voting_days: Days | None = Field(
        default=None, description="The site's own days, within the election's; null: all"
    )


class PollingSite(BaseModel):
    """A polling site as its kiosks see it."""

    site_id: str
    election_id: str
    election_name: str
    name: str
    voting_days: list[str]
    outage_procedure: Literal["hard_block", "provisional"]
    pin_required: bool
    staff_code_allowed: bool


class RollReport(BaseModel):
    """A roll import that went in whole."""

    created: int
    updated: int
    linked: int = Field(description="Entries linked to registered people by the matching rule")
    ambiguous: list[str] = Field(description="Roll numbers with more than one candidate person")


class LinkRequest(Strict):
    """Link a roll entry to a person, or unlink it (null) so it is never matched again."""

    person_id: RecordId | None


class Voter(BaseModel):
    """A roll entry as kiosks receive it."""

    voter_id: str
    election_id: str
    roll_number: str
    name: str
    kana: str
    birth_date: str
    sex: str
    address: str
    person_id: str | None
    card_keys: list[str]
    status: Literal["not_voted", "voted"]
    voted_site_id: str | None
    voted_at_ms: int | None
    claim_digest: str | None = Field(
        description="SHA-256 (hex) of the claim id that holds the ballot; the id itself is "
        "known to the claiming device only"
    )
    voted_kind: Literal["online", "provisional"] | None


class DeclarationRequest(Strict):
    """A verified person's declaration for an election."""

    person_id: RecordId
    vote_date: Day
    reason: Annotated[int, Field(ge=1, le=6, description="Statutory reason, 1-6"), WHOLE]


class DeclarationIssued(BaseModel):
    """A declaration made online and its signed code."""

    declaration_id: str
    election_id: str
    voter_id: str
    person_id: str
    vote_date: str
    reason: int
    code: str = Field(description="KZ1 text; encode it as one alphanumeric-mode QR segment")
    issued_at: str
    expires_at: str


class VotingIncident(BaseModel):
    """Something the election office must look at."""

    incident_id: str
    election_id: str
    voter_id: str | None
    kind: str
    sites: list[str]
    detail: dict[str, Any]
    created_at_ms: int
    resolved: bool
    resolved_at_ms: int | None
    note: str | None


class ResolveRequest(Strict):
    """Close an incident with what the office found and did."""

    note: Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^[^\x00]+$")]


class ClaimBody(Strict):
    """A kiosk's claim to issue a ballot to a voter."""

    claim_id: ClaimId = Field(description="Chosen by the kiosk; reused for every retry")
    voter_id: RecordId
    declaration_id: RecordId | None = None
    issued_by: StaffId
    confirmed_by: StaffId
    cancel_online: bool = Field(
        default=False,
        description="Both poll workers confirmed that this paper ballot cancels the voter's "
        "ballot cast online (asked after a 409 already-voted with voted_site_id online)",
    )

    @model_validator(mode="after")
    def _two_workers(self) -> ClaimBody:
        if same_worker(self.issued_by, self.confirmed_by):
            raise ValueError("a second poll worker must confirm: confirmed_by = issued_by")
        return self


class ClaimGranted(BaseModel):
    """The ballot may be issued."""

    claim_id: str
    voter_id: str
    election_id: str
    site_id: str
    claimed_at_ms: int
    declaration_id: str | None


class VerifyRequest(Strict):
    """A declaration code read at the desk."""

    code: Annotated[str, Field(min_length=1, max_length=1000)]


class VerifyResult(BaseModel):
    """What a declaration code means at this site."""

    state: Literal["valid", "wrong_election", "unknown_declaration", "superseded", "already_used"]
    declaration: dict[str, Any] | None
    voter: dict[str, Any] | None


class TallyRow(BaseModel):
    """Voters who voted at one site on one day, of one sex, and the double issues there."""

    site_id: str
    site_name: str
    day: str
    sex: str
    voters: int
    double_issues: int = Field(description="Ballots of double-issue incidents issued here")
    incident_ids: list[str]


class Tally(BaseModel):
    """An election's tally."""

    election_id: str
    rows: list[TallyRow]
    total_voters: int
    incidents: list[VotingIncident]
