"""Bodies of ``POST /v1/sync/arrivals`` (docs/protocol/sync.md, "Arrivals")."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from linkage.api.models import SnapshotItem, Strict
from linkage.scope import EntityId

Certificate = Annotated[str, Field(min_length=1, max_length=8000)]


class CardProof(Strict):
    """The card's answer to a challenge from ``POST /v1/cards/challenge``."""

    challenge_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
    certificate: Annotated[
        Certificate, Field(description="User-authentication certificate: base64url DER, or PEM")
    ]
    intermediates: Annotated[
        list[Certificate],
        Field(
            default_factory=list,
            max_length=3,
            description="CA certificates from the card (never trusted alone)",
        ),
    ]
    signature: Annotated[
        str,
        Field(
            min_length=1,
            max_length=1400,
            description="Over the nonce bytes: RSA PKCS#1 v1.5 SHA-256, or ECDSA P-384 SHA-384",
        ),
    ]


# The published schema says what `_one_proof` checks: a pass's text or a card's proof, not both.
ONE_PROOF: dict[str, JsonValue] = {
    "oneOf": [
        {
            "required": ["code"],
            "properties": {"code": {"type": "string"}, "card": {"type": "null"}},
        },
        {
            "required": ["card"],
            "properties": {"card": {"type": "object"}, "code": {"type": "null"}},
        },
    ]
}


class ArrivalRequest(Strict):
    """Someone the kiosk does not hold arrived at one of its shelters: a signed pass's text,
    or a card's proof (exactly one)."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=ONE_PROOF)

    shelter_id: EntityId
    code: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=2000,
            pattern=r"^[\x20-\x7e]+$",
            description="The pass's KZ1 text",
        ),
    ] = None
    card: CardProof | None = None

    @model_validator(mode="after")
    def _one_proof(self) -> ArrivalRequest:
        if (self.code is None) == (self.card is None):
            raise ValueError("an arrival carries either a pass code or a card proof")
        return self


class ArrivalResponse(BaseModel):
    """The arriving person, now in the device's scope, with what the kiosk needs to check them
    in: snapshot-shaped items, applied as the feed's own upserts would be."""

    protocol: int
    person_id: str
    via: Literal["pass", "card"]
    dv_protected: bool = Field(description="If true, no household member came along")
    members: list[str] = Field(description="Household members shared with the device as well")
    items: list[SnapshotItem]
