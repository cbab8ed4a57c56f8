"""Device scopes: the shelters, or the polling site, that a kiosk serves."""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

# Letters, digits, _ - and single dots (never ``..``): ids end up in paths and file names.
EntityId = Annotated[
    str,
    Field(min_length=1, max_length=48, pattern=r"^[A-Za-z0-9](?:\.?[A-Za-z0-9_-])*\.?$"),
]

# The published schema says what `_one_kind` checks, so that a client (or a fuzzer) reading the
# OpenAPI document knows a scope is one of two shapes: shelters and no polling site, or a
# polling site and no shelters.
ONE_KIND: dict[str, JsonValue] = {
    "oneOf": [
        {
            "required": ["shelters"],
            "properties": {"shelters": {"minItems": 1}, "polling_site": {"type": "null"}},
        },
        {
            "required": ["polling_site"],
            "properties": {"shelters": {"maxItems": 0}, "polling_site": {"type": "string"}},
        },
    ]
}

SHELTER_PREFIX = "shelter:"
SITE_PREFIX = "site:"


class Scope(BaseModel):
    """What a device may read and write: a set of shelters, or one polling site."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=ONE_KIND)

    shelters: list[EntityId] = Field(default_factory=list, max_length=100)
    polling_site: EntityId | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Scope:
        if bool(self.shelters) == (self.polling_site is not None):
            raise ValueError("a scope names either shelters or one polling site")
        return self

    def keys(self) -> frozenset[str]:
        """The feed scope keys this scope reads, e.g. ``shelter:S-001``."""
        if self.polling_site is not None:
            return frozenset({SITE_PREFIX + self.polling_site})
        return frozenset(SHELTER_PREFIX + s for s in self.shelters)

    def to_json(self) -> str:
        """The stored form."""
        return json.dumps(self.model_dump(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Scope:
        """Read the stored form."""
        return cls.model_validate_json(text)


def shelter_key(shelter_id: str) -> str:
    """The feed scope key of a shelter."""
    return SHELTER_PREFIX + shelter_id
