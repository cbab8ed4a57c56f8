"""A person's row in the kiosk's ``persons`` table: its search keys and stored JSON.

Built without the store (no SQLCipher, no keyring), so that provisioning's worker process can
turn snapshot items into rows without loading the rest of the kiosk.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import orjson

from kiosk.model import Person
from kiosk.normalize import search_key

WALK_IN_PREFIX = "w-"

WRITE_PERSON = (
    "INSERT OR REPLACE INTO persons (person_id, household_id, name_key, furigana_key,"
    " birth_date, sex, dv_protected, provisional, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# The same row for a person not in the store yet: it fails where WRITE_PERSON would replace.
INSERT_PERSON = WRITE_PERSON.replace("INSERT OR REPLACE", "INSERT", 1)


def person_row(person: Person, compact: dict[str, Any] | None = None) -> tuple[Any, ...]:
    """A person's row for ``WRITE_PERSON``, with its search keys.

    ``compact`` is the person's stored JSON when the caller already has it.
    """
    stored = person.to_compact_dict() if compact is None else compact
    return row_of(vars(person), stored)


def row_of(values: Mapping[str, Any], compact: dict[str, Any]) -> tuple[Any, ...]:
    """The row of the person whose field values are ``values`` (every field the row holds)
    and whose stored JSON is ``compact``."""
    birth_date = values["birth_date"]
    return (
        values["person_id"],
        values["household_id"],
        search_key(values["name"]),
        search_key(values["furigana"]),
        birth_date.isoformat() if birth_date else None,
        values["sex"].value,
        int(values["dv_protected"]),
        int(values["provisional"]),
        _json_text(compact),
    )


def _json_text(data: dict[str, Any]) -> str:
    """Compact JSON text, the same as ``json.dumps(data, ensure_ascii=False,
    separators=(",", ":"))`` for every value a person holds, in a fraction of the time."""
    try:
        return orjson.dumps(data).decode()
    except orjson.JSONEncodeError:
        # orjson refuses text with a lone surrogate, which json writes as an escape.
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
