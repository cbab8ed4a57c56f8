"""A household's row in the kiosk's ``households`` table, built without the store (no
SQLCipher, no keyring), so that provisioning's worker process can turn snapshot items into
rows without loading the rest of the kiosk."""

from __future__ import annotations

import json
from typing import Any

import orjson

from kiosk.model import Household

# An upsert, not INSERT OR REPLACE: replacing deletes the row first, and deleting a household
# makes SQLite look for its members (the persons' foreign key) once per row.
WRITE_HOUSEHOLD = (
    "INSERT INTO households (household_id, shelter_id, data) VALUES (?, ?, ?)"
    " ON CONFLICT (household_id) DO UPDATE SET shelter_id = excluded.shelter_id,"
    " data = excluded.data"
)


def household_row(household: Household) -> tuple[Any, ...]:
    """A household's row for ``WRITE_HOUSEHOLD``."""
    stored = json.dumps(household.to_compact_dict(), ensure_ascii=False, separators=(",", ":"))
    return (household.household_id, household.shelter_id, stored)


def row_of(compact: dict[str, Any]) -> tuple[Any, ...]:
    """The row of the household whose stored JSON is ``compact`` (``to_compact_dict()``)."""
    # A field left out has its default; the shelter's is None. JSON gives a field typed
    # ``str | None`` its value as it is, so the stored value is the record's.
    return (compact["household_id"], compact.get("shelter_id"), json_text(compact))


def json_text(data: dict[str, Any]) -> str:
    """``household_row``'s JSON text, ``json.dumps(data, ensure_ascii=False,
    separators=(",", ":"))``, for a household's ``to_compact_dict()``."""
    # orjson writes the same text for text, flags and nulls (nearly every household); not
    # for every number (``1e+20``, ``NaN``), which a car or a pet may hold.
    if all(value is None or type(value) in (str, bool) for value in data.values()):
        try:
            return orjson.dumps(data).decode()
        except orjson.JSONEncodeError:
            pass  # a lone surrogate, which json writes as an escape
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
