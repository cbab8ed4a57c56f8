"""Shelters the kiosk serves: adding, listing, opening and closing."""

from __future__ import annotations

import dataclasses
from typing import Any

from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.fields import check
from kiosk.model import Shelter, ShelterStatus
from kiosk.sqlite import Connection
from kiosk.store import Store

_COLUMNS = "shelter_id, name, kind, capacity, status, latitude, longitude, address"


class ShelterService:
    """Keeps the shelters of this kiosk's scope."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, actor: str, shelter: Shelter) -> Shelter:
        """Add a shelter; its id must be new."""
        if not shelter.shelter_id.strip() or not shelter.name.strip():
            raise InvalidInput("a shelter needs an id and a name")
        check("shelter_id", shelter.shelter_id)
        check("shelter_name", shelter.name)
        check("address", shelter.address)
        if shelter.capacity < 0:
            raise InvalidInput("capacity cannot be negative")
        with self.store.transaction() as tx:
            if _row(tx.conn, shelter.shelter_id) is not None:
                raise Refused("exists", f"shelter {shelter.shelter_id} already exists")
            _write(tx.conn, shelter)
            tx.audit(actor, "shelter.add", shelter.shelter_id, name=shelter.name)
        return shelter

    def set_status(self, actor: str, shelter_id: str, status: ShelterStatus) -> Shelter:
        """Open or close a shelter."""
        with self.store.transaction() as tx:
            shelter = dataclasses.replace(_load(tx.conn, shelter_id), status=status)
            _write(tx.conn, shelter)
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


def _row(conn: Connection, shelter_id: str) -> Any:
    sql = f"SELECT {_COLUMNS} FROM shelters WHERE shelter_id = ?"
    return conn.execute(sql, (shelter_id,)).fetchone()


def _load(conn: Connection, shelter_id: str) -> Shelter:
    row = _row(conn, shelter_id)
    if row is None:
        raise NotFound(f"no shelter {shelter_id}")
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
