"""Each live person's match key: the compare-forms merge suggestions look people up by.

Kept in step with the person's fields wherever they are written (``people.create_person``,
``people.save_record``, the kiosk's bulk registrations), so that looking for a match is one
indexed query (``linkage.merge_suggestions``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert

from linkage.db import bulk_load
from linkage.names import address_key, name_key
from linkage.tables import person_match_keys


@dataclass(frozen=True)
class MatchKey:
    """What must be equal for two people to be suggested as one."""

    name: str
    birth_date: str
    address: str


def match_key(fields: dict[str, Any]) -> MatchKey | None:
    """A person's match key from their fields; None without a name or a birth date."""
    name, born = fields.get("name"), fields.get("birth_date")
    if not isinstance(name, str) or not isinstance(born, str) or not name_key(name) or not born:
        return None
    address = fields.get("address")
    return MatchKey(name_key(name), born, address_key(address) if isinstance(address, str) else "")


def index(conn: Connection, person_id: str, fields: dict[str, Any]) -> None:
    """Keep ``person_id``'s match key in step with its fields."""
    key = match_key(fields)
    conn.execute(delete(person_match_keys).where(person_match_keys.c.person_id == person_id))
    if key is not None:
        conn.execute(
            insert(person_match_keys).values(
                person_id=person_id,
                name_key=key.name,
                birth_date=key.birth_date,
                address_key=key.address,
            )
        )


def index_many(conn: Connection, rows: Collection[tuple[str, dict[str, Any]]]) -> None:
    """Match keys of people just inserted (none had one before)."""
    values = []
    for person_id, fields in rows:
        key = match_key(fields)
        if key is not None:
            values.append(
                {
                    "person_id": person_id,
                    "name_key": key.name,
                    "birth_date": key.birth_date,
                    "address_key": key.address,
                }
            )
    bulk_load(conn, person_match_keys, values)
