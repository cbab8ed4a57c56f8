"""Request and response bodies of the partner API and its administration."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from linkage.scope import EntityId

Item = Literal[
    "name", "furigana", "birth_date", "sex", "address", "phone", "care-needs", "whereabouts"
]


class PartnerBody(BaseModel):
    """A partner the municipality shares with."""

    model_config = ConfigDict(extra="forbid")

    municipality_id: EntityId
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["public", "company", "ngo"]


Aggregate = Literal["supply-totals"]
# The residents' languages besides Japanese, in which a definition's wording may also be given.
Language = Literal["en", "ja-x-easy", "zh-Hans", "ko", "vi", "pt"]


class PurposeBody(BaseModel):
    """A purpose of a partner, the items it may ever receive and the aggregates granted to it
    (at least one of the two)."""

    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=1000)
    items: list[Item] = Field(default_factory=list, max_length=8)
    aggregates: list[Aggregate] = Field(
        default_factory=list, max_length=1, description="e.g. supply-totals for a supplier"
    )


class PartnerStatus(BaseModel):
    """Suspend a partner or make it active again."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["active", "suspended"]


class Purpose(BaseModel):
    """A registered purpose."""

    purpose_id: str
    description: str
    items: list[str]
    aggregates: list[str]


class Partner(BaseModel):
    """A registered partner."""

    partner_id: str
    municipality_id: str
    name: str
    kind: str
    status: str
    purposes: list[Purpose]


class ClientBody(BaseModel):
    """A new OAuth client: the partner's public JWK set, or a secret (public bodies only)."""

    model_config = ConfigDict(extra="forbid")

    auth_method: Literal["private_key_jwt", "client_secret_basic"] = "private_key_jwt"
    jwks: dict[str, Any] | None = Field(None, description="Public keys only (RFC 7517 JWK set)")
    expires_at_ms: int | None = Field(None, ge=0, description="When the client stops working")


class RotateBody(BaseModel):
    """The client's new public JWK set (none for a secret client: a new secret is made)."""

    model_config = ConfigDict(extra="forbid")

    jwks: dict[str, Any] | None = None


class ClientIssued(BaseModel):
    """A client's id, and its secret when it has one (shown only now)."""

    client_id: str
    auth_method: str
    client_secret: str | None = None


class DefinitionText(BaseModel):
    """A definition's wording in one more language."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=1000)
    retention: str = Field(min_length=1, max_length=500)


class DefinitionBody(BaseModel):
    """One version of a partner's consent definition, in the words residents read: Japanese,
    and optionally the residents' other languages (a page in a language not given shows the
    Japanese)."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200, description="In Japanese")
    purpose: str = Field(
        min_length=1, max_length=1000, description="Plain words for residents, in Japanese"
    )
    items: list[Item] = Field(min_length=1, max_length=8)
    retention: str = Field(min_length=1, max_length=500, description="In Japanese")
    translations: dict[Language, DefinitionText] = Field(
        default_factory=dict, description="The same wording in other languages, e.g. en"
    )
    legal_basis: Literal["consent", "statute"] = "consent"
    statute: str | None = Field(None, max_length=500)
    mode: Literal["opt-in", "opt-out"] = "opt-in"
    includes_protected: bool = False


class NewDefinition(DefinitionBody):
    """A new partner consent definition."""

    definition_id: str = Field(
        min_length=1, max_length=48, pattern=r"^[a-z0-9-]+$", description="e.g. delivery-food"
    )
    partner_id: EntityId
    purpose_id: EntityId


class DefinitionVersion(BaseModel):
    """The version of a definition now in force."""

    definition_id: str
    version: int


class Disclosure(BaseModel):
    """What a partner received about one person, once."""

    disclosure_id: str
    request_id: str
    partner_id: str
    partner: str
    definition_id: str
    definition_version: int
    title: str | None
    items: list[str]
    basis: str
    protected: bool
    disclosed_at: str
    person_id: str


class OAuthError(BaseModel):
    """An OAuth 2.0 error answer (RFC 6749 5.2)."""

    error: str
    error_description: str | None = None


class Token(BaseModel):
    """An access token (RFC 6749 5.1)."""

    access_token: str
    token_type: str
    expires_in: int


class PeopleQuery(BaseModel):
    """Which known subjects to ask about, and which items (default: all consented)."""

    model_config = ConfigDict(extra="forbid")

    subjects: list[str] = Field(min_length=1, max_length=1000)
    items: list[Item] | None = None


class PersonShared(BaseModel):
    """One covered person: the partner's pseudonym and the consented items."""

    subject: str = Field(description="Pairwise pseudonym: stable for this partner only")
    items: dict[str, Any]
    consent_version: int


class PeopleAnswer(BaseModel):
    """A partner's answer; every person in it is recorded as a disclosure."""

    request_id: str
    purpose_id: str
    definition_id: str
    definition_version: int
    legal_basis: str
    items: list[str]
    people: list[PersonShared]


class ShelterCounts(BaseModel):
    """Counts at one shelter; ``null`` is a small cell withheld."""

    shelter_id: str
    name: str
    present: int | None
    needing_care: int | None
    by_kind: dict[str, int | None]


class Aggregates(BaseModel):
    """Counts per shelter, small cells (1 to min_cell-1) withheld."""

    min_cell: int
    shelters: list[ShelterCounts]


class SupplyTotal(BaseModel):
    """One supply item summed over the municipality's shelters."""

    item: str = Field(description="water (l), food (meals), blankets, diapers, ... (supplies)")
    stock: int
    requested: int
    suggested: int | None = Field(
        description="A day's need from the people present; null when it counts 1 to min_cell-1"
    )


class SupplyTotals(BaseModel):
    """The municipality's supplies today, for a supplier: no shelter's people in it."""

    purpose_id: str
    day: str = Field(description="The day in Japan the suggestions are for (YYYY-MM-DD)")
    min_cell: int
    items: list[SupplyTotal]
