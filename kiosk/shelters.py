"""Shelters the kiosk serves: adding, listing, opening and closing, and mapping the shelters a
kiosk defined while offline onto the platform's.

Once enrolled, the kiosk's shelters are the platform's (the city's headquarters defines them and
they arrive through sync); a shelter the kiosk defined itself and the platform does not know is
*local*, and its events wait until staff map it onto a platform shelter.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from kiosk import outbox
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.fields import check
from kiosk.model import Shelter, ShelterStatus
from kiosk.settings import META_KEY as _SETTINGS
from kiosk.sqlite import Connection
from kiosk.store import Store, Tx

_COLUMNS = "shelter_id, name, kind, capacity, status, latitude, longitude, address"
# The shelters of the platform scope this kiosk was enrolled for (a JSON list); absent before
# enrolment.
PLATFORM_SHELTERS = "platform_shelters"
STATUS_EVENT = "shelter.status_changed"


class ShelterService:
    """Keeps the shelters of this kiosk's scope."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, actor: str, shelter: Shelter) -> Shelter:
        """Add a local shelter; its id must be new and not one of the platform's."""
        if not shelter.shelter_id.strip() or not shelter.name.strip():
            raise InvalidInput("a shelter needs an id and a name")
        check("shelter_id", shelter.shelter_id)
        check("shelter_name", shelter.name)
        check("address", shelter.address)
        if shelter.capacity < 0:
            raise InvalidInput("capacity cannot be negative")
        with self.store.transaction() as tx:
            _refuse_platform_shelter(tx.conn, shelter.shelter_id)
            if _row(tx.conn, shelter.shelter_id) is not None:
                raise Refused(
                    "exists", "shelter {shelter_id} already exists", shelter_id=shelter.shelter_id
                )
            _write(tx.conn, shelter)
            tx.audit(actor, "shelter.add", shelter.shelter_id, name=shelter.name)
        return shelter

    def set_status(self, actor: str, shelter_id: str, status: ShelterStatus) -> Shelter:
        """Open or close a shelter at the door.

        For a platform shelter this is an event (``shelter.status_changed``) the platform
        applies and sends to the shelter's other kiosks; a local shelter's status stays local.
        """
        with self.store.transaction() as tx:
            shelter = dataclasses.replace(_load(tx.conn, shelter_id), status=status)
            _write(tx.conn, shelter)
            if shelter_id in (platform_ids(tx.conn) or set()):
                tx.emit(STATUS_EVENT, {"shelter_id": shelter_id, "status": status.value})
            tx.audit(actor, "shelter.status", shelter_id, status=status.value)
        return shelter

    def get(self, shelter_id: str) -> Shelter:
        """The shelter with this id."""
        with self.store.reading() as conn:
            return _load(conn, shelter_id)

    def all(self) -> list[Shelter]:
        """Every shelter, by id."""
        with self.store.reading() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM shelters ORDER BY shelter_id").fetchall()
        return [_from_row(r) for r in rows]

    def platform_shelters(self) -> list[Shelter]:
        """The shelters the platform defined for this kiosk's scope (none before enrolment)."""
        with self.store.reading() as conn:
            ids = platform_ids(conn) or set()
        return [s for s in self.all() if s.shelter_id in ids]

    def unmapped(self) -> list[Shelter]:
        """Local shelters of an enrolled kiosk that the platform does not know: their events
        wait until staff map each onto a platform shelter (``map_to``)."""
        with self.store.reading() as conn:
            ids = platform_ids(conn)
        if ids is None:
            return []
        return [s for s in self.all() if s.shelter_id not in ids]

    def map_to(self, actor: str, local_id: str, platform_id: str) -> int:
        """Make local shelter ``local_id`` the platform shelter ``platform_id``.

        In one transaction: the waiting events that name it are re-addressed (and the chain
        re-hashed from the first of them), presence, stays, households and the desk setting
        move to the platform shelter, the local shelter is removed, and the act is audited.
        Returns how many events were re-addressed.
        """
        with self.store.transaction() as tx:
            ids = platform_ids(tx.conn)
            if ids is None:
                raise Refused("not-enrolled", "this kiosk is not enrolled with a platform yet")
            if local_id in ids or _row(tx.conn, local_id) is None:
                raise Refused(
                    "not-local",
                    "{local_id} is not a local shelter of this kiosk",
                    local_id=local_id,
                )
            if platform_id not in ids or _row(tx.conn, platform_id) is None:
                served = ", ".join(sorted(ids)) or "none yet: sync first"
                raise Refused(
                    "not-platform",
                    "{platform_id} is not a platform shelter of this kiosk (it serves {served})",
                    platform_id=platform_id,
                    served=served,
                )
            try:
                events = outbox.reassign_shelter(tx.conn, local_id, platform_id)
            except ValueError as exc:
                raise Refused(
                    "sent",
                    "cannot re-address the events of {local_id}: {exc}",
                    local_id=local_id,
                    exc=exc,
                ) from exc
            _move_rows(tx, local_id, platform_id)
            tx.audit(actor, "shelter.map", local_id, to=platform_id, events=events)
        return events


def platform_ids(conn: Connection) -> set[str] | None:
    """The shelter ids of this kiosk's platform scope, or None before enrolment."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (PLATFORM_SHELTERS,)).fetchone()
    return None if row is None else set(json.loads(row[0]))


def record_platform_scope(tx: Tx, shelter_ids: list[str]) -> None:
    """Remember the shelters of the scope the kiosk was enrolled for (at enrolment)."""
    tx.conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (PLATFORM_SHELTERS, json.dumps(sorted(shelter_ids))),
    )


def store_definition(conn: Connection, shelter: Shelter) -> None:
    """Write a platform shelter's definition as received; it replaces the kiosk's row, keeping
    the address staff entered (the platform does not define one) and a status set at the door
    that is still waiting to be sent (an older copy must not undo it)."""
    current = _row(conn, shelter.shelter_id)
    address = _from_row(current).address if current is not None else shelter.address
    waiting = conn.execute(
        "SELECT json_extract(payload, '$.status') FROM outbox WHERE type = ?"
        " AND json_extract(payload, '$.shelter_id') = ? ORDER BY device_seq DESC LIMIT 1",
        (STATUS_EVENT, shelter.shelter_id),
    ).fetchone()
    status = ShelterStatus(waiting[0]) if waiting is not None else shelter.status
    _write(conn, dataclasses.replace(shelter, address=address, status=status))


def _refuse_platform_shelter(conn: Connection, shelter_id: str) -> None:
    if shelter_id in (platform_ids(conn) or set()):
        raise Refused(
            "platform",
            "shelter {shelter_id} is defined by the platform: the headquarters changes it",
            shelter_id=shelter_id,
        )


def _move_rows(tx: Tx, local_id: str, platform_id: str) -> None:
    conn = tx.conn
    conn.execute("UPDATE presence SET shelter_id = ? WHERE shelter_id = ?", (platform_id, local_id))
    conn.execute("UPDATE stays SET shelter_id = ? WHERE shelter_id = ?", (platform_id, local_id))
    conn.execute(
        "UPDATE households SET shelter_id = ?, data = json_set(data, '$.shelter_id', ?)"
        " WHERE shelter_id = ?",
        (platform_id, platform_id, local_id),
    )
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_SETTINGS,)).fetchone()
    if row is not None and json.loads(row[0]).get("shelter_id") == local_id:
        conn.execute(
            "UPDATE meta SET value = json_set(value, '$.shelter_id', ?) WHERE key = ?",
            (platform_id, _SETTINGS),
        )
    conn.execute("DELETE FROM shelters WHERE shelter_id = ?", (local_id,))


def _row(conn: Connection, shelter_id: str) -> Any:
    sql = f"SELECT {_COLUMNS} FROM shelters WHERE shelter_id = ?"
    return conn.execute(sql, (shelter_id,)).fetchone()


def _load(conn: Connection, shelter_id: str) -> Shelter:
    row = _row(conn, shelter_id)
    if row is None:
        raise NotFound("no shelter {shelter_id}", shelter_id=shelter_id)
    return _from_row(row)


def _from_row(row: Any) -> Shelter:
    sid, name, kind, capacity, status, lat, lon, address = row
    return Shelter(sid, name, kind, capacity, ShelterStatus(status), lat, lon, address)


def _write(conn: Connection, s: Shelter) -> None:
    conn.execute(
        f"INSERT OR REPLACE INTO shelters ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            s.shelter_id,
            s.name,
            s.kind,
            s.capacity,
            s.status.value,
            s.latitude,
            s.longitude,
            s.address,
        ),
    )
