"""Shelters, elections and polling sites: the places devices are scoped to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from linkage.municipalities import require_municipality
from linkage.problems import Problem
from linkage.tables import elections, polling_sites, shelters


def upsert_shelter(
    conn: Connection,
    shelter_id: str,
    municipality_id: str,
    name: str,
    capacity: int | None,
    location: tuple[float, float] | None = None,
) -> None:
    """Create a shelter (closed) or replace its details; ``location`` is (latitude, longitude).

    Whether it is open is left as it was: that is set on its own (``set_shelter_open``). The
    municipality must exist (422 ``unknown-municipality`` otherwise).
    """
    require_municipality(conn, municipality_id)
    latitude, longitude = location if location is not None else (None, None)
    values = {
        "municipality_id": municipality_id,
        "name": name,
        "capacity": capacity,
        "latitude": latitude,
        "longitude": longitude,
    }
    exists = conn.execute(select(shelters.c.shelter_id).where(shelters.c.shelter_id == shelter_id))
    if exists.first():
        conn.execute(update(shelters).where(shelters.c.shelter_id == shelter_id).values(**values))
    else:
        conn.execute(insert(shelters).values(shelter_id=shelter_id, **values))


def set_shelter_open(conn: Connection, shelter_id: str, is_open: bool) -> None:
    """Open a shelter to evacuees or close it (404 for an unknown shelter)."""
    done = conn.execute(
        update(shelters).where(shelters.c.shelter_id == shelter_id).values(is_open=is_open)
    )
    if done.rowcount == 0:
        raise Problem(404, "unknown-shelter", "Unknown shelter", shelter_id)


def list_shelters(conn: Connection) -> list[dict[str, Any]]:
    """Every shelter."""
    rows = conn.execute(select(shelters).order_by(shelters.c.shelter_id))
    return [dict(r._mapping) for r in rows]


def upsert_polling_site(
    conn: Connection, site_id: str, election_id: str, election_name: str | None, name: str
) -> None:
    """Create a polling site (and its election when it is new) or rename it."""
    election = conn.execute(
        select(elections.c.election_id).where(elections.c.election_id == election_id)
    ).first()
    if election is None:
        if not election_name:
            raise Problem(404, "unknown-election", "Unknown election; give its name to create it")
        conn.execute(insert(elections).values(election_id=election_id, name=election_name))
    exists = conn.execute(
        select(polling_sites.c.election_id).where(polling_sites.c.site_id == site_id)
    ).first()
    if exists is None:
        conn.execute(
            insert(polling_sites).values(site_id=site_id, election_id=election_id, name=name)
        )
    elif exists.election_id != election_id:
        raise Problem(409, "site-in-other-election", "The site belongs to another election")
    else:
        conn.execute(
            update(polling_sites).where(polling_sites.c.site_id == site_id).values(name=name)
        )
