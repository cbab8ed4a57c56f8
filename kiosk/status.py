"""What the status bar shows about synchronisation, filled by the sync worker.

Until the sync worker runs, :func:`local_status` fills it from the outbox alone: the kiosk is
offline and every event waits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk import outbox
from kiosk.store import Store


@dataclass(frozen=True)
class SyncStatus:
    """The kiosk's link with the platform, as staff need to see it."""

    online: bool
    events_waiting: int
    last_success: datetime | None = None
    enrolled: bool = False
    provisioning_done: int = 0
    provisioning_total: int = 0

    @property
    def provisioning(self) -> bool:
        """Whether the first download of the kiosk's scope is still under way."""
        return self.provisioning_total > 0 and self.provisioning_done < self.provisioning_total


def local_status(store: Store) -> SyncStatus:
    """The status known without the sync worker: offline, with the outbox's waiting count."""
    with store.reading() as conn:
        waiting = outbox.waiting(conn)
        enrolled = not outbox.device_of(conn).startswith("local-")
    return SyncStatus(online=False, events_waiting=waiting, enrolled=enrolled)
