"""Municipalities: the local governments that run shelters and send resident lists."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from linkage.canonical import now_ms
from linkage.problems import Problem
from linkage.tables import municipalities


def upsert_municipality(conn: Connection, municipality_id: str, name: str) -> bool:
    """Create a municipality or rename it; returns whether it was created."""
    renamed = conn.execute(
        update(municipalities)
        .where(municipalities.c.municipality_id == municipality_id)
        .values(name=name)
    )
    if renamed.rowcount:
        return False
    conn.execute(
        insert(municipalities).values(
            municipality_id=municipality_id, name=name, created_at_ms=now_ms()
        )
    )
    return True


def list_municipalities(conn: Connection) -> list[dict[str, Any]]:
    """Every municipality, by id."""
    rows = conn.execute(
        select(municipalities.c.municipality_id, municipalities.c.name).order_by(
            municipalities.c.municipality_id
        )
    )
    return [dict(r._mapping) for r in rows]


def require_municipality(conn: Connection, municipality_id: str, status: int = 422) -> None:
    """Refuse a reference to a municipality the platform does not have: 422 where a body names
    it, 404 where it is the resource read."""
    known = conn.execute(
        select(municipalities.c.municipality_id).where(
            municipalities.c.municipality_id == municipality_id
        )
    ).first()
    if known is None:
        raise Problem(
            status,
            "unknown-municipality",
            "Unknown municipality",
            f"No municipality {municipality_id!r}; create it first "
            "(PUT /v1/admin/municipalities/{id} or `kazasu-platform municipality`).",
            municipality_id=municipality_id,
        )
