"""Shelters, elections and polling sites: the places devices are scoped to.

A shelter's definition is the headquarters' (docs/design.md §2): every change to it goes on the feed
for the shelter's kiosks (entity ``shelter``, docs/protocol/sync.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, insert, or_, select, update

from linkage.canonical import platform_hlc
from linkage.feed import Change
from linkage.municipalities import require_municipality
from linkage.presence import presence_changes
from linkage.problems import Problem
from linkage.scope import shelter_key
from linkage.tables import elections, polling_sites, presence, shelters

# The shelter kinds, and ``event``: a community event's site (地域イベント), which uses the same
# kiosks in peacetime and is never published as a shelter (docs/decisions/hq.md).
EVENT_KIND = "event"
SHELTER_KINDS = ("designated", "welfare", "emergency", "other", EVENT_KIND)
# Each site's purpose is the storage consent definition people there are held under: a
# shelter's is the registration card's (seeded by migration 0002), an event's its own
# (migration 0037). The shelter uses (HQ, relatives, the safety list, the public document)
# read only sites of the shelter purpose.
SHELTER_PURPOSE = "roster-storage"
EVENT_PURPOSE = "event-attendance"


def purpose_of(kind: str) -> str:
    """The purpose of a site of this kind."""
    return EVENT_PURPOSE if kind == EVENT_KIND else SHELTER_PURPOSE


def serves_shelter_purpose() -> ColumnElement[bool]:
    """The condition on ``shelters`` that keeps the sites of the shelter purpose."""
    return shelters.c.kind.in_([k for k in SHELTER_KINDS if purpose_of(k) == SHELTER_PURPOSE])


def upsert_shelter(
    conn: Connection,
    shelter_id: str,
    municipality_id: str,
    name: str,
    capacity: int | None,
    location: tuple[float, float] | None = None,
    kind: str = "designated",
) -> list[Change]:
    """Create a shelter (closed) or replace its details; ``location`` is (latitude, longitude).

    Whether it is open is left as it was: that is set on its own (``set_shelter_open``). The
    municipality must exist (422 ``unknown-municipality`` otherwise). Switching a site between
    event and shelter use checks out everyone there. Returns the feed changes that tell the
    site's kiosks.
    """
    require_municipality(conn, municipality_id)
    if kind not in SHELTER_KINDS:
        raise Problem(
            422,
            "invalid-request",
            "Unknown shelter kind",
            f"{kind!r} is not one of {SHELTER_KINDS}",
        )
    latitude, longitude = location if location is not None else (None, None)
    values = {
        "municipality_id": municipality_id,
        "name": name,
        "kind": kind,
        "capacity": capacity,
        "latitude": latitude,
        "longitude": longitude,
    }
    before = _definition(conn, shelter_id)
    if before is not None:
        conn.execute(update(shelters).where(shelters.c.shelter_id == shelter_id).values(**values))
    else:
        conn.execute(insert(shelters).values(shelter_id=shelter_id, **values))
    out = _changed(conn, shelter_id, before)
    if before is not None and (before["kind"] == EVENT_KIND) != (kind == EVENT_KIND):
        out += _check_everyone_out(conn, shelter_id)
    return out


def _check_everyone_out(conn: Connection, shelter_id: str) -> list[Change]:
    # A site switched between event and shelter use (a community centre in peacetime and in a
    # disaster) starts empty: attendees never count as evacuees, nor evacuees as attendees.
    present: list[str] = list(
        conn.execute(
            select(presence.c.person_id).where(
                presence.c.shelter_id == shelter_id, presence.c.state == "in"
            )
        ).scalars()
    )
    if not present:
        return []
    conn.execute(
        update(presence)
        .where(presence.c.shelter_id == shelter_id, presence.c.state == "in")
        .values(state="out", hlc=platform_hlc())
    )
    return presence_changes(conn, present)


def set_shelter_open(
    conn: Connection, shelter_id: str, is_open: bool, hlc: str | None = None
) -> list[Change]:
    """Open a shelter to evacuees or close it (404 for an unknown shelter); returns the feed
    change for its kiosks.

    ``hlc`` is the stamp of a kiosk's ``shelter.status_changed`` (an administrator's act is
    stamped now): the latest opening or closing wins, so a kiosk's older event, pushed late,
    does not undo a newer one. A stamp ahead of the platform's clock counts as stamped now.
    """
    before = _definition(conn, shelter_id)
    if before is None:
        raise Problem(404, "unknown-shelter", "Unknown shelter", shelter_id)
    now = platform_hlc()
    stamp = now if hlc is None or hlc[:18] > now[:18] else hlc
    conn.execute(
        update(shelters)
        .where(
            shelters.c.shelter_id == shelter_id,
            or_(shelters.c.status_hlc.is_(None), shelters.c.status_hlc < stamp),
        )
        .values(is_open=is_open, status_hlc=stamp)
    )
    return _changed(conn, shelter_id, before)


def shelter_payload(row: Any) -> dict[str, Any]:
    """A shelter's definition as the feed and the snapshot carry it."""
    located = row.latitude is not None and row.longitude is not None
    return {
        "shelter_id": row.shelter_id,
        "municipality_id": row.municipality_id,
        "name": row.name,
        "kind": row.kind,
        "purpose": purpose_of(row.kind),
        "capacity": row.capacity,
        "location": {"lat": row.latitude, "lon": row.longitude} if located else None,
        "open": bool(row.is_open),
    }


def _definition(conn: Connection, shelter_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(shelters).where(shelters.c.shelter_id == shelter_id)).first()
    return None if row is None else shelter_payload(row)


def _changed(conn: Connection, shelter_id: str, before: dict[str, Any] | None) -> list[Change]:
    # A repeated PUT that changes nothing adds nothing to the feed.
    after = _definition(conn, shelter_id)
    if after is None or after == before:
        return []
    return [Change(shelter_key(shelter_id), "shelter", shelter_id, "upsert", after, None)]


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
