"""Calls for staff from the entrance: someone without a card (or in trouble) pressed the
call-staff button; the console shows the call until a staff member answers it.

Calls are audit entries (``staff.called``, ``staff.call_answered``): who called when is on
the record, and a call made while nobody is signed in is still waiting after a restart.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk import audit
from kiosk.store import Store
from kiosk.timefmt import stamp

CALLED = "staff.called"
ANSWERED = "staff.call_answered"
# Calls older than this many audit entries are too old to still be waiting for anyone.
_LOOK_BACK = 500


@dataclass(frozen=True)
class StaffCall:
    """One waiting call: when (UTC, as the audit log stamps it), and at which shelter's
    entrance."""

    at: str
    shelter_id: str


class StaffCalls:
    """Records calls for staff and their answers."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def call(self, actor: str, shelter_id: str) -> StaffCall:
        """Record a call from the entrance of ``shelter_id``."""
        with self.store.transaction() as tx:
            tx.audit(actor, CALLED, shelter_id)
            return StaffCall(stamp(tx.now), shelter_id)

    def waiting(self) -> list[StaffCall]:
        """The calls since the last answer, oldest first."""
        with self.store.reading() as conn:
            recent = audit.entries(conn, _LOOK_BACK)
        calls = []
        for entry in recent:
            if entry.action == ANSWERED:
                break
            if entry.action == CALLED:
                calls.append(StaffCall(entry.at, entry.target))
        return calls[::-1]

    def answer(self, actor: str) -> int:
        """A staff member is on the way: every waiting call is answered. Returns how many."""
        count = len(self.waiting())
        if count:
            with self.store.transaction() as tx:
                tx.audit(actor, ANSWERED, "", calls=count)
        return count
