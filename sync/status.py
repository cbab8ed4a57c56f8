"""What the kiosk shows about sync: online or not, the backlog, the last success, progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Link(StrEnum):
    """The state of the link to the platform, as staff should read it."""

    NOT_ENROLLED = "not_enrolled"
    SYNCING = "syncing"
    ONLINE = "online"
    OFFLINE = "offline"
    INCOMPATIBLE = "incompatible"
    REFUSED = "refused"


@dataclass(frozen=True)
class SyncStatus:
    """One reading of the sync worker's state."""

    link: Link
    waiting: int
    last_success: datetime | None = None
    message: str = ""
    provisioning_done: int = 0
    provisioning_total: int | None = None
    provisioned: bool = False
    retry_in_s: float | None = None
