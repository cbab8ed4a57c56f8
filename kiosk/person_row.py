"""A person's row in the kiosk's ``persons`` table: its search keys and stored JSON.

Built without the store (no SQLCipher, no keyring), so that provisioning's worker process can
turn snapshot items into rows without loading the rest of the kiosk.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.model import Person
from kiosk.normalize import search_key

WALK_IN_PREFIX = "w-"

WRITE_PERSON = (
    "INSERT OR REPLACE INTO persons (person_id, household_id, name_key, furigana_key,"
    " birth_date, sex, dv_protected, provisional, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def person_row(person: Person, compact: dict[str, Any] | None = None) -> tuple[Any, ...]:
    """A person's row for ``WRITE_PERSON``, with its search keys.

    ``compact`` is the person's stored JSON when the caller already has it.
    """
    stored = person.to_compact_dict() if compact is None else compact
    return (
        person.person_id,
        person.household_id,
        search_key(person.name),
        search_key(person.furigana),
        person.birth_date.isoformat() if person.birth_date else None,
        person.sex.value,
        int(person.dv_protected),
        int(person.provisional),
        json.dumps(stored, ensure_ascii=False, separators=(",", ":")),
    )
