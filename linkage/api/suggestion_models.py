"""Bodies of the administrator's merge-suggestion endpoints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from linkage.api.models import Actor, Reason, Strict

SuggestionState = Literal["open", "accepted", "rejected", "superseded"]


class SuggestedPerson(BaseModel):
    """One side of a suggestion. A DV-protected person shows only its id and the flag."""

    model_config = ConfigDict(extra="forbid")

    person_id: str
    kind: str = Field(description="how the platform came to know the person")
    protected: bool = Field(description="DV-protected: nothing else of the person is shown")
    merged_into: str | None = None
    name: str | None = None
    furigana: str | None = None
    birth_date: str | None = None
    address: str | None = None


class MergeSuggestion(BaseModel):
    """A newly registered person (``person``) who may be ``match``; accepting merges the first
    into the second."""

    model_config = ConfigDict(extra="forbid")

    suggestion_id: int
    state: SuggestionState
    municipality_id: str
    created_at: str
    decided_at: str | None
    decided_by: str | None
    reason: str | None
    person: SuggestedPerson
    match: SuggestedPerson


class AcceptSuggestion(Strict):
    """Accepting a merge suggestion: who decides, for the record."""

    actor: Actor = Field(default="admin", description="who decides, kept with the suggestion")


class RejectSuggestion(Strict):
    """Rejecting a merge suggestion: who decides and, optionally, why."""

    actor: Actor = Field(default="admin", description="who decides, kept with the suggestion")
    reason: Reason | None = Field(default=None, description="why the two are different people")
