"""The staff console's roster: who belongs to or is in a shelter, searched and filtered.

One query serves the list as staff type: people registered with the shelter's households and
people present there, narrowed by a filter and by name or furigana, at most ``limit`` rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from kiosk.model import Person, Staying
from kiosk.normalize import search_key
from kiosk.store import Store


class RosterFilter(StrEnum):
    """The roster's filters."""

    ALL = "all"
    PRESENT = "present"
    OUTSIDE = "outside"
    NEEDS_CARE = "needs_care"
    HOUSEHOLD = "household"


@dataclass(frozen=True)
class RosterRow:
    """One person as the roster lists them."""

    person: Person
    present_here: bool
    present_elsewhere: str | None
    since: str | None
    staying: Staying


@dataclass(frozen=True)
class RosterPage:
    """The rows shown and how many matched in all."""

    rows: list[RosterRow]
    total: int


# Stored person rows omit default values, so a missing need reads as NULL, which is false here.
_NEEDS_CARE_SQL = (
    "(json_extract(p.data, '$.pregnant') OR json_extract(p.data, '$.nursing')"
    " OR json_extract(p.data, '$.care_required')"
    " OR json_array_length(json_extract(p.data, '$.disabilities')) > 0"
    " OR json_extract(p.data, '$.allergies') != ''"
    " OR json_extract(p.data, '$.medication') != '')"
)


class RosterService:
    """Lists a shelter's people for staff."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def page(
        self,
        shelter_id: str,
        query: str = "",
        which: RosterFilter = RosterFilter.ALL,
        household_id: str | None = None,
        limit: int = 200,
    ) -> RosterPage:
        """People matching ``query`` (name or furigana) and the filter, present ones first."""
        where = ["(h.shelter_id = ? OR (r.shelter_id = ? AND r.state = 'in'))"]
        params: list[object] = [shelter_id, shelter_id]
        key = search_key(query)
        if key:
            where.append("(instr(p.furigana_key, ?) > 0 OR instr(p.name_key, ?) > 0)")
            params += [key, key]
        if which is RosterFilter.PRESENT:
            where.append("r.shelter_id = ? AND r.state = 'in'")
            params.append(shelter_id)
        elif which is RosterFilter.OUTSIDE:
            where.append(
                "h.shelter_id = ? AND coalesce(json_extract(h.data, '$.staying'), 'shelter')"
                " != 'shelter'"
            )
            params.append(shelter_id)
        elif which is RosterFilter.NEEDS_CARE:
            where.append(_NEEDS_CARE_SQL)
        elif which is RosterFilter.HOUSEHOLD:
            where.append("p.household_id = ?")
            params.append(household_id)
        tail = (
            " FROM persons p LEFT JOIN households h USING (household_id)"
            " LEFT JOIN presence r USING (person_id) WHERE " + " AND ".join(where)
        )
        with self.store.reading() as conn:
            total = int(conn.execute("SELECT count(*)" + tail, params).fetchone()[0])
            rows = conn.execute(
                "SELECT p.data, r.shelter_id, r.state, r.since,"
                " coalesce(json_extract(h.data, '$.staying'), 'shelter')"
                + tail
                + " ORDER BY (r.shelter_id = ? AND r.state = 'in') DESC, p.furigana_key LIMIT ?",
                [*params, shelter_id, limit],
            ).fetchall()
        out = []
        for data, at, state, since, staying in rows:
            present = state == "in"
            out.append(
                RosterRow(
                    Person.from_dict(json.loads(data)),
                    present and at == shelter_id,
                    at if present and at != shelter_id else None,
                    since if present else None,
                    Staying(staying),
                )
            )
        return RosterPage(out, total)
