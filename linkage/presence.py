"""Presence per shelter, derived from check-in, check-out and move events: latest HLC wins."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from linkage.feed import Change
from linkage.scope import shelter_key
from linkage.tables import persons, presence


def presence_payload(person_id: str, shelter_id: str, state: str, hlc: str) -> dict[str, Any]:
    """What a kiosk receives about a person's whereabouts."""
    return {"person_id": person_id, "shelter_id": shelter_id, "state": state, "hlc": hlc}


def presence_changes(conn: Connection, person_ids: Iterable[str]) -> list[Change]:
    """Current presence of these people, for their shelter's kiosks (shareable people only)."""
    ids = list(person_ids)
    rows = conn.execute(
        select(presence)
        .join(persons, persons.c.person_id == presence.c.person_id)
        .where(presence.c.person_id.in_(ids), persons.c.shareable.is_(True))
    )
    return [
        Change(
            shelter_key(r.shelter_id),
            "presence",
            r.person_id,
            "upsert",
            presence_payload(r.person_id, r.shelter_id, r.state, r.hlc),
            r.person_id,
        )
        for r in rows
    ]
