"""Bodies of the administrator's DV-protection endpoint."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from linkage.api.models import Actor, Reason
from linkage.scope import EntityId


class ProtectionClear(BaseModel):
    """Clearing a person's DV protection: the administrator's municipality and why."""

    model_config = ConfigDict(extra="forbid", strict=True)

    municipality_id: EntityId = Field(description="the municipality of the administrator acting")
    reason: Reason = Field(description="why the protection ends, kept in the audit")
    actor: Actor = Field(default="admin", description="who clears it, for the audit")
