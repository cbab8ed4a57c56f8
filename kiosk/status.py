"""What the kiosk shows about synchronisation: the link, the backlog, the last success, progress,
and how far the kiosk's clock is from the platform's.

The sync worker (sync/) reports these; the screens show them. The types live here, in the
Qt-free core both sides may import, so the screens never import sync/ to read a status.
Before the kiosk is enrolled, :func:`local_status` fills one from the outbox alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk import outbox
from kiosk.errors import KioskError
from kiosk.store import Store

CLOCK_TOLERANCE_MS = 60_000
"""A kiosk clock further than this from the platform's is shown to staff as wrong."""


class Link(StrEnum):
    """The state of the link to the platform, as staff should read it."""

    NOT_ENROLLED = "not_enrolled"
    SYNCING = "syncing"
    ONLINE = "online"
    OFFLINE = "offline"
    INCOMPATIBLE = "incompatible"
    REFUSED = "refused"
    REVOKED = "revoked"


class EnrolmentProblem(StrEnum):
    """Why an enrolment with the platform failed, in kinds staff can act on."""

    BAD_ADDRESS = "bad_address"
    CA_FILE = "ca_file"
    UNREACHABLE = "unreachable"
    TLS = "tls"
    BAD_CODE = "bad_code"
    ALREADY_ENROLLED = "already_enrolled"
    INCOMPATIBLE = "incompatible"
    REFUSED = "refused"


class EnrolmentFailed(KioskError):
    """Enrolment did not happen; ``problem`` says why, the message gives the detail."""

    def __init__(self, problem: EnrolmentProblem, detail: str) -> None:
        super().__init__(detail)
        self.problem = problem


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
    clock_offset_ms: int | None = None

    @property
    def clock_wrong(self) -> bool:
        """Whether the kiosk's clock is more than a minute off the platform's (its stamps are
        corrected, but staff should set the clock right)."""
        return self.clock_offset_ms is not None and abs(self.clock_offset_ms) > CLOCK_TOLERANCE_MS

    @property
    def online(self) -> bool:
        """Whether the platform answered the last round (or is answering the current one)."""
        return self.link in (Link.ONLINE, Link.SYNCING)

    @property
    def enrolled(self) -> bool:
        """Whether the kiosk has a device identity at a platform."""
        return self.link is not Link.NOT_ENROLLED

    @property
    def provisioning(self) -> bool:
        """Whether the first download of the kiosk's scope is under way right now."""
        return (
            not self.provisioned
            and self.provisioning_total is not None
            and self.provisioning_done < self.provisioning_total
        )


def local_status(store: Store) -> SyncStatus:
    """The status known without the sync worker: the outbox's waiting count and the clock offset
    last learned, not yet synced."""
    with store.reading() as conn:
        waiting = outbox.waiting(conn)
        enrolled = not outbox.device_of(conn).startswith("local-")
    return SyncStatus(
        link=Link.OFFLINE if enrolled else Link.NOT_ENROLLED,
        waiting=waiting,
        clock_offset_ms=store.clock_offset_ms,
    )
