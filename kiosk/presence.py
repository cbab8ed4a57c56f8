"""Who is in which shelter: check-in, check-out and moves, derived from events.

The ``presence`` table holds each person's latest state and the HLC of the event that set it;
an event with an older HLC (say, one synced late from another kiosk) never overwrites a newer
one. The ``stays`` table keeps the intervals that day and night counts are made from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk.errors import NotFound, Refused
from kiosk.model import ShelterStatus
from kiosk.sqlite import Connection
from kiosk.store import Store, Tx
from kiosk.timefmt import stamp


class Outcome(StrEnum):
    """What a check-in did."""

    CHECKED_IN = "checked_in"
    ALREADY_PRESENT = "already_present"
    MOVED = "moved"
    CHECKED_OUT = "checked_out"


@dataclass(frozen=True)
class Presence:
    """A person's latest known whereabouts."""

    person_id: str
    shelter_id: str
    present: bool
    since: str
    hlc: str


@dataclass(frozen=True)
class Result:
    """The answer to a check-in, check-out or move; ``message`` can be shown to staff."""

    outcome: Outcome
    person_id: str
    shelter_id: str
    previous_shelter_id: str | None
    message: str


class PresenceService:
    """Records arrivals, departures and moves between shelters."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def check_in(self, actor: str, person_id: str, shelter_id: str) -> Result:
        """Check a person in; doing it twice is harmless and says so.

        A person recorded as present at another shelter is moved here, since they are here now.
        """
        with self.store.transaction() as tx:
            return check_in(tx, actor, person_id, shelter_id)

    def check_out(self, actor: str, person_id: str, shelter_id: str, reason: str = "") -> Result:
        """Check a person out; refused with a reason when they are not present here."""
        with self.store.transaction() as tx:
            return check_out(tx, actor, person_id, shelter_id, reason)

    def move(self, actor: str, person_id: str, to_shelter_id: str) -> Result:
        """Move a present person to another shelter (a check-in there does the same)."""
        current = self.where(person_id)
        if current is None or not current.present:
            raise Refused("not_present", "only a person who is checked in can be moved")
        if current.shelter_id == to_shelter_id:
            raise Refused("same_shelter", "this person is already in that shelter")
        return self.check_in(actor, person_id, to_shelter_id)

    def where(self, person_id: str) -> Presence | None:
        """The person's latest state, or None if they were never checked in."""
        with self.store.reading() as conn:
            return _current(conn, person_id)

    def present(self, shelter_id: str) -> list[Presence]:
        """Everyone checked in at a shelter now, earliest arrival first."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT person_id, shelter_id, state, since, hlc FROM presence"
                " WHERE shelter_id = ? AND state = 'in' ORDER BY since",
                (shelter_id,),
            ).fetchall()
        return [Presence(r[0], r[1], r[2] == "in", r[3], r[4]) for r in rows]


def check_in(tx: Tx, actor: str, person_id: str, shelter_id: str) -> Result:
    """``PresenceService.check_in`` within ``tx``, for an action that writes more with it."""
    _require(tx, person_id, shelter_id, must_be_open=True)
    current = _current(tx.conn, person_id)
    if current is not None and current.present and current.shelter_id == shelter_id:
        return Result(
            Outcome.ALREADY_PRESENT,
            person_id,
            shelter_id,
            None,
            f"already checked in here since {current.since}",
        )
    if current is not None and current.present:
        event = tx.emit(
            "shelter.moved",
            {
                "person_id": person_id,
                "from_shelter_id": current.shelter_id,
                "to_shelter_id": shelter_id,
            },
        )
        # One application: it closes the stay at the old shelter and opens the new one.
        apply(tx.conn, person_id, shelter_id, True, event.hlc, tx.now)
        tx.audit(actor, "presence.move", person_id, to=shelter_id)
        return Result(
            Outcome.MOVED,
            person_id,
            shelter_id,
            current.shelter_id,
            f"moved here from {current.shelter_id}",
        )
    event = tx.emit("shelter.checked_in", {"person_id": person_id, "shelter_id": shelter_id})
    apply(tx.conn, person_id, shelter_id, True, event.hlc, tx.now)
    tx.audit(actor, "presence.check_in", person_id, shelter=shelter_id)
    return Result(Outcome.CHECKED_IN, person_id, shelter_id, None, "checked in")


def check_out(tx: Tx, actor: str, person_id: str, shelter_id: str, reason: str = "") -> Result:
    """``PresenceService.check_out`` within ``tx``, for an action that writes more with it."""
    _require(tx, person_id, shelter_id, must_be_open=False)
    current = _current(tx.conn, person_id)
    if current is None or not current.present:
        raise Refused("not_present", "this person is not checked in at any shelter")
    if current.shelter_id != shelter_id:
        raise Refused(
            "present_elsewhere",
            "this person is checked in at {shelter_id}, not here",
            shelter_id=current.shelter_id,
        )
    event = tx.emit(
        "shelter.checked_out",
        {"person_id": person_id, "shelter_id": shelter_id, "reason": reason},
    )
    apply(tx.conn, person_id, shelter_id, False, event.hlc, tx.now)
    tx.audit(actor, "presence.check_out", person_id, shelter=shelter_id, reason=reason)
    return Result(Outcome.CHECKED_OUT, person_id, shelter_id, None, "checked out")


def apply(
    conn: Connection, person_id: str, shelter_id: str, present: bool, hlc: str, at: datetime
) -> bool:
    """Apply one presence change if it is newer than what is known; returns whether it was.

    Used for local actions and, by sync, for events from other kiosks.
    """
    row = conn.execute("SELECT hlc FROM presence WHERE person_id = ?", (person_id,)).fetchone()
    if row is not None and row[0] >= hlc:
        return False
    since = stamp(at)
    conn.execute(
        "INSERT OR REPLACE INTO presence (person_id, shelter_id, state, hlc, since)"
        " VALUES (?, ?, ?, ?, ?)",
        (person_id, shelter_id, "in" if present else "out", hlc, since),
    )
    conn.execute(
        "UPDATE stays SET left_at = ? WHERE person_id = ? AND left_at IS NULL",
        (since, person_id),
    )
    if present:
        conn.execute(
            "INSERT INTO stays (person_id, shelter_id, entered_at) VALUES (?, ?, ?)",
            (person_id, shelter_id, since),
        )
    return True


def _current(conn: Connection, person_id: str) -> Presence | None:
    row = conn.execute(
        "SELECT person_id, shelter_id, state, since, hlc FROM presence WHERE person_id = ?",
        (person_id,),
    ).fetchone()
    return None if row is None else Presence(row[0], row[1], row[2] == "in", row[3], row[4])


def _require(tx: Tx, person_id: str, shelter_id: str, must_be_open: bool) -> None:
    if (
        tx.conn.execute("SELECT 1 FROM persons WHERE person_id = ?", (person_id,)).fetchone()
        is None
    ):
        raise NotFound("no person {person_id}", person_id=person_id)
    row = tx.conn.execute(
        "SELECT status FROM shelters WHERE shelter_id = ?", (shelter_id,)
    ).fetchone()
    if row is None:
        raise NotFound("no shelter {shelter_id}", shelter_id=shelter_id)
    if must_be_open and row[0] != ShelterStatus.OPEN.value:
        raise Refused("shelter_closed", "shelter {shelter_id} is closed", shelter_id=shelter_id)
