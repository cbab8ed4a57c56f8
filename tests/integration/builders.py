"""Builders shared by the integration tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, text

from kiosk.app import Kiosk
from kiosk.model import Person
from kiosk.people import add_person
from sync.engine import SyncEngine
from tests.integration.platform_server import PlatformServer


def people(kiosk: Kiosk, count: int, prefix: str) -> list[str]:
    """Register ``count`` residents at once (an import), returning their ids."""
    ids = [f"p-{prefix}-{i:05d}" for i in range(count)]
    with kiosk.store.transaction() as tx:
        for person_id in ids:
            add_person(tx, Person(person_id, f"住民 {person_id}", "じゅうみん"), "import")
    return ids


def compact_item(person_id: str, fields: dict[str, Any], **stamps: Any) -> dict[str, Any]:
    """A compact person item; ``stamps`` are its ``hlc`` and ``field_hlc`` (left out: none)."""
    payload: dict[str, Any] = {
        "person_id": person_id,
        "household_id": None,
        "fields": fields,
        "card_keys": [],
    }
    return {"entity": "person", "payload": payload | stamps}


class PowerLostAtSecondSlice(SyncEngine):
    """A sync engine whose kiosk loses power as it starts writing a snapshot's second slice."""

    slices = 0

    def _write_slice(self, *args: Any) -> int:
        self.slices += 1
        if self.slices == 2:
            raise OSError("power lost")
        return super()._write_slice(*args)


def stored_events(platform: PlatformServer, device_id: str) -> tuple[int, int]:
    """(events, distinct device seqs) the platform stored for a device."""
    engine = create_engine(platform.database_url)
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT count(*), count(DISTINCT device_seq) FROM events WHERE device_id = :d"),
            {"d": device_id},
        ).one()
    engine.dispose()
    return int(row[0]), int(row[1])
