"""Request and answer bodies of the online-voting API (docs/protocol/evote.md, the service)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from linkage.api.models import Strict, Text
from linkage.api.voting_models import RecordId, StaffId
from linkage.json_int import WHOLE

# Milliseconds since the epoch, 2000-01-01 to 2100-01-01.
Millis = Annotated[int, Field(ge=946_684_800_000, le=4_102_444_800_000), WHOLE]
Votes = Annotated[int, Field(ge=0, le=100_000_000), WHOLE]


class OnlineSettingsBody(Strict):
    """How an election votes online (docs/decisions/online-voting.md)."""

    mock: bool = Field(description="A mock election: every output is marked 模擬")
    opens_at_ms: Millis
    closes_at_ms: Millis
    paper_cancels_online: bool = Field(
        default=True, description="A paper ballot issued at a desk cancels the online ballot"
    )
    revote_allowed: bool = Field(default=True, description="A later online ballot replaces one")
    trustees: Annotated[int, Field(ge=1, le=100), WHOLE] = 1
    quorum: Annotated[int, Field(ge=1, le=100), WHOLE] = Field(
        default=1, description="How many trustees must take part in decrypting the tally"
    )


class OnlineSettings(BaseModel):
    """An election's online settings and the state of its period."""

    election_id: str
    mock: bool
    opens_at_ms: int | None
    closes_at_ms: int | None
    closed_at_ms: int | None
    paper_cancels_online: bool
    revote_allowed: bool
    trustees: int
    quorum: int
    keyed: bool = Field(description="The key ceremony's election context is stored")


class CandidateBody(Strict):
    """A candidate in ballot order."""

    candidate_id: RecordId
    name: Text
    name_en: Text | None = None


class ContestBody(Strict):
    """A contest: its title, how many candidates a voter may choose, its candidates."""

    title: Text
    title_en: Text | None = None
    choices: Annotated[int, Field(ge=1, le=100), WHOLE]
    position: Annotated[int, Field(ge=0, le=1000), WHOLE] = 0
    candidates: list[CandidateBody] = Field(min_length=1, max_length=100)


class Candidate(BaseModel):
    """A candidate as shown."""

    candidate_id: str
    name: str
    name_en: str | None


class Contest(BaseModel):
    """A contest as shown."""

    contest_id: str
    title: str
    title_en: str | None
    choices: int
    candidates: list[Candidate]


class Closed(BaseModel):
    """The online period closed: how many voter-to-ballot links were destroyed."""

    destroyed_links: int


class PaperCountsBody(Strict):
    """A polling place's paper ballots per contest and candidate, and who entered them."""

    entered_by: StaffId
    counts: dict[RecordId, dict[RecordId, Votes]]


class BoardBallot(BaseModel):
    """A ballot on the bulletin board."""

    tracker: str
    status: Literal["counted", "superseded", "cancelled", "audited"]
    # The hour it was cast, while the period is open; removed at close with the box's order.
    cast_hour_ms: int | None


class Board(BaseModel):
    """The public bulletin board of an election."""

    election_id: str
    name: str
    mock: bool
    opens_at_ms: int | None
    closes_at_ms: int | None
    closed: bool
    # After close: the commitment to the closed box, which the published record must match.
    box_commitment: str | None
    ballots: list[BoardBallot]


class ContextBody(Strict):
    """The key ceremony's result: the context document and the trustees' public records."""

    context: dict[str, Any]
    trustee_records: list[dict[str, Any]] = Field(min_length=1, max_length=100)
