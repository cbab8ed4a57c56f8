"""Bodies of the administrator's DV-protection endpoint."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from linkage.scope import EntityId

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class ProtectionClear(BaseModel):
    """Clearing a person's DV protection: the administrator's municipality and why."""

    model_config = ConfigDict(extra="forbid", strict=True)

    municipality_id: EntityId = Field(description="the municipality of the administrator acting")
    reason: Reason = Field(description="why the protection ends, kept in the audit")
    actor: Annotated[str, Field(min_length=1, max_length=64)] = Field(
        default="admin", description="who clears it, for the audit"
    )
