"""Request and answer bodies of the headquarters' administration (docs/decisions/hq.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from linkage.api.models import Strict
from linkage.json_int import WHOLE

Role = Literal["hq-viewer", "inquiry-operator", "event-organiser"]


class StaffGrant(BaseModel):
    """A headquarters role a person holds for a municipality."""

    person_id: str
    municipality_id: str
    role: Role
    granted_by: str
    granted_at: str = Field(description="ISO 8601 UTC")


class StaffChange(BaseModel):
    """Whether a grant or revocation changed anything (a repeat changes nothing)."""

    person_id: str
    municipality_id: str
    role: Role
    changed: bool


class ShelterImport(BaseModel):
    """How many shelters an open-data list created and updated."""

    created: int
    updated: int


class EventEnd(Strict):
    """An event site's last day."""

    ends_on: str = Field(
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description="YYYY-MM-DD, the event's last day"
    )


class PurgeRequest(Strict):
    """How long attendees' records are kept after an event's last day."""

    retention_days: Annotated[int, Field(ge=0, le=3650), WHOLE] | None = Field(
        default=None, description="Days kept after the last day; the operator's setting if absent"
    )


class EventPurge(BaseModel):
    """One event whose attendees' records were deleted, as audited."""

    shelter_id: str
    ends_on: str
    retention_days: int
    people: int = Field(description="People deleted from the platform (known only there)")
    presences: int
    events: int = Field(description="Kiosk events whose payload was replaced")
    actor: str
    at: str = Field(description="ISO 8601 UTC")
