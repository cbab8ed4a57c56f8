"""Rows written straight into the platform's tables, for tests of what reads them."""

from __future__ import annotations


def bare_person(
    person_id: str, *, kind: str = "resident", shareable: bool = True
) -> dict[str, object]:
    """A ``persons`` row with no fields and no stamps."""
    return {
        "person_id": person_id,
        "kind": kind,
        "fields": "{}",
        "field_hlc": "{}",
        "shareable": shareable,
        "created_at_ms": 0,
        "updated_at_ms": 0,
    }
