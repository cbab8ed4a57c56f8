"""Sync field conflicts as staff review them: who they concern, what was kept, what was lost.

The platform decides every conflict (the later HLC wins) and sends the decision; the kiosk keeps
it in ``conflicts`` (:class:`kiosk.people.FieldConflict`). This module names the person each one
concerns and turns the clocks into times, so a list needs nothing else from the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk.hlc import Timestamp
from kiosk.people import FieldConflict, PeopleService
from kiosk.store import Store


@dataclass(frozen=True)
class ConflictReview:
    """One conflict with the name of the person (or household representative) it concerns."""

    conflict: FieldConflict
    person_id: str | None
    name: str
    kept_at: datetime | None
    lost_at: datetime | None


def review(store: Store, person_id: str | None = None) -> list[ConflictReview]:
    """Conflicts newest first: all of them, or one person's and their household's."""
    people = PeopleService(store)
    if person_id is None:
        conflicts = people.conflicts()
    else:
        person = people.find(person_id)
        household_id = person.household_id if person else None
        conflicts = people.conflicts(person_id)
        if household_id:
            conflicts += people.conflicts(household_id)
            conflicts.sort(key=lambda c: c.conflict_id, reverse=True)
    names = _names(store, {c.entity_id for c in conflicts})
    return [
        ConflictReview(
            c,
            *names.get(c.entity_id, (None, c.entity_id)),
            _when(c.kept_hlc),
            _when(c.lost_hlc),
        )
        for c in conflicts
    ]


def _names(store: Store, entity_ids: set[str]) -> dict[str, tuple[str | None, str]]:
    """Person id and name for each person id, and for each household id its representative's
    (or else its first member's)."""
    out: dict[str, tuple[str | None, str]] = {}
    with store.reading() as conn:
        for entity_id in entity_ids:
            row = conn.execute(
                "SELECT person_id, data FROM persons WHERE person_id = ?", (entity_id,)
            ).fetchone()
            if row is None:
                household = conn.execute(
                    "SELECT data FROM households WHERE household_id = ?", (entity_id,)
                ).fetchone()
                representative = (
                    json.loads(household[0]).get("representative_id") if household else None
                )
                row = conn.execute(
                    "SELECT person_id, data FROM persons WHERE household_id = ?"
                    " ORDER BY person_id = ? DESC, person_id LIMIT 1",
                    (entity_id, representative),
                ).fetchone()
            if row is not None:
                out[entity_id] = (row[0], str(json.loads(row[1]).get("name", "")))
    return out


def _when(hlc: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(Timestamp.decode(hlc).wall_ms / 1000, UTC)
    except ValueError:
        return None
