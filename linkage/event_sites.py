"""Community event sites (地域イベント): their end, and deleting attendees' records after it.

An event site is a site of kind ``event`` (``linkage.places.EVENT_KIND``): the same kiosks
check people in and out there in peacetime. Attendance is kept for the organisers only while
it is useful: a configured number of days after the event's last day (30 by default), its
records are deleted and the deletion is audited (``event_purges``). People registered at an
event's kiosk consent to its own purpose, the storage definition ``event-attendance``, and
anyone checked in at an event is held under it from then on (``hold_attendees``); the boxes of
a registration card filled in at an event are not consents to any shelter use
(``linkage.whereabouts``). Purging:

- everyone the event's kiosks held is dropped from them (a ``person`` deletion on the site's
  feed, as for a withdrawn consent), and the site's scope no longer holds them;
- people known only from the event (no resident list entry, no other site, no web account)
  are deleted from the platform with everything hanging on them;
- presence at the site is deleted, and the site's kiosks' events that named the site or a
  deleted person keep their place in the chain with the payload replaced by a marker.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select, update

from kazasu_protocol.canonical import canonical_json
from linkage import consent, household_lists
from linkage.canonical import now_ms
from linkage.feed import Change
from linkage.places import EVENT_KIND, EVENT_PURPOSE
from linkage.problems import Problem
from linkage.scope import shelter_key
from linkage.tables import (
    arrival_audit,
    card_link_proofs,
    card_links,
    changes,
    city_cards,
    consent_records,
    devices,
    digital_auth_links,
    event_purges,
    events,
    household_members,
    households,
    lookup_grants,
    merge_suggestions,
    oidc_links,
    person_match_keys,
    person_scopes,
    person_verifications,
    persons,
    presence,
    shelters,
    voters,
    web_sessions,
)

DEFAULT_RETENTION_DAYS = 30
RETENTION_VARIABLE = "KAZASU_EVENT_RETENTION_DAYS"
# The storage definition a person registered or checked in at an event is held under.
ATTENDANCE = EVENT_PURPOSE
# How the record was made: registered at the event's kiosk, or checked in there when known.
REGISTERED, CHECKED_IN = "event-registration", "event-check-in"
PURGED = canonical_json({"purged": "event-retention"})


def serves_an_event(conn: Connection, site_ids: list[str]) -> bool:
    """Whether any of these sites is an event site."""
    if not site_ids:
        return False
    found = conn.execute(
        select(shelters.c.shelter_id).where(
            shelters.c.shelter_id.in_(site_ids), shelters.c.kind == EVENT_KIND
        )
    ).first()
    return found is not None


def retention_days() -> int:
    """The operator's retention (``KAZASU_EVENT_RETENTION_DAYS``), else 30 days."""
    return int(os.environ.get(RETENTION_VARIABLE, DEFAULT_RETENTION_DAYS))


def registered_at_event(conn: Connection, person_id: str) -> bool:
    """Whether the person's registration card was filled in at an event's kiosk."""
    found = conn.execute(
        select(consent_records.c.record_id).where(
            consent_records.c.person_id == person_id,
            consent_records.c.definition_id == ATTENDANCE,
            consent_records.c.method == REGISTERED,
        )
    ).first()
    return found is not None


def hold_attendees(
    conn: Connection,
    device_id: str,
    moves: list[tuple[str, str]],
    known_sites: AbstractSet[str] | None = None,
) -> None:
    """Hold under the event's purpose everyone of ``moves`` (person id, site id they arrived
    at) who arrived at an event site and is not held under it yet.

    ``known_sites``, when given, holds every event site among the moves' sites (read by the
    caller earlier in the same transaction).
    """
    sites = {site for _, site in moves}
    if not sites:
        return
    events_here = set(known_sites & sites) if known_sites is not None else event_sites(conn, sites)
    arrived = sorted({pid for pid, site in moves if site in events_here})
    if not arrived:
        return
    known: set[str] = set(
        conn.execute(
            select(persons.c.person_id).where(
                persons.c.person_id.in_(arrived), persons.c.merged_into.is_(None)
            )
        ).scalars()
    )
    at = now_ms()
    for pid in sorted(known):
        newest = consent.current_state(conn, pid, ATTENDANCE)
        if newest is not None and newest.state == "given":
            continue
        row = consent.new_record(
            pid,
            ATTENDANCE,
            "given",
            CHECKED_IN,
            device_id,
            max(at, newest.recorded_at_ms + 1 if newest else 0),
            newest.record_id if newest else None,
        )
        conn.execute(insert(consent_records).values(**row))


# ``event_sites`` for a caller that sends it in a pipeline: an array of shelter ids.
EVENT_SITES_SQL = f"SELECT shelter_id FROM {shelters.name} WHERE shelter_id = ANY(%s) AND kind = %s"


def event_sites(conn: Connection, shelter_ids: Iterable[str]) -> set[str]:
    """Which of these shelters are event sites."""
    return set(
        conn.execute(
            select(shelters.c.shelter_id).where(
                shelters.c.shelter_id.in_(sorted(shelter_ids)), shelters.c.kind == EVENT_KIND
            )
        ).scalars()
    )


def set_end(conn: Connection, shelter_id: str, last_day: date) -> None:
    """Record the event's last day (404 for an unknown site, 409 for a site not an event)."""
    row = conn.execute(select(shelters.c.kind).where(shelters.c.shelter_id == shelter_id)).first()
    if row is None:
        raise Problem(404, "unknown-shelter", "Unknown site", shelter_id)
    if row.kind != EVENT_KIND:
        raise Problem(409, "not-an-event", "Only an event site has a last day", shelter_id)
    conn.execute(
        update(shelters)
        .where(shelters.c.shelter_id == shelter_id)
        .values(ends_on=last_day.isoformat(), purged_at_ms=None)
    )


def purge_ended(
    conn: Connection, today: date, retention_days: int, actor: str
) -> tuple[list[dict[str, Any]], list[Change]]:
    """Delete the records of every event that ended ``retention_days`` or more before
    ``today`` and was not purged since; returns one audit entry per event and the feed changes."""
    if retention_days < 0:
        raise Problem(422, "invalid-request", "Retention must be zero or more days")
    last = (today - timedelta(days=retention_days)).isoformat()
    due = conn.execute(
        select(shelters.c.shelter_id, shelters.c.ends_on).where(
            shelters.c.kind == EVENT_KIND,
            shelters.c.ends_on.is_not(None),
            shelters.c.ends_on <= last,
            shelters.c.purged_at_ms.is_(None),
        )
    ).all()
    done: list[dict[str, Any]] = []
    out: list[Change] = []
    for site in due:
        entry, feed = _purge(conn, site.shelter_id, site.ends_on, retention_days, actor)
        done.append(entry)
        out += feed
    return done, out


def _purge(
    conn: Connection, site: str, ends_on: str, retention_days: int, actor: str
) -> tuple[dict[str, Any], list[Change]]:
    key = shelter_key(site)
    held: list[str] = sorted(
        conn.execute(
            select(person_scopes.c.person_id).where(person_scopes.c.scope_key == key)
        ).scalars()
    )
    gone = _only_here(conn, held, key)
    presences = conn.execute(delete(presence).where(presence.c.shelter_id == site)).rowcount
    redacted = _redact_events(conn, site, set(gone))
    conn.execute(delete(arrival_audit).where(arrival_audit.c.shelter_id == site))
    conn.execute(delete(person_scopes).where(person_scopes.c.scope_key == key))
    _delete_people(conn, gone)
    # The site's kiosks forget everyone they held; the feed keeps no earlier copy of them.
    conn.execute(delete(changes).where(changes.c.scope_key == key, changes.c.op == "upsert"))
    feed = [
        Change(key, "person", pid, "delete", {"person_id": pid, "reason": "event_retention"}, pid)
        for pid in held
    ]
    at = now_ms()
    entry = {
        "shelter_id": site,
        "ends_on": ends_on,
        "retention_days": retention_days,
        "people": len(gone),
        "presences": presences,
        "events": redacted,
        "actor": actor,
        "at_ms": at,
    }
    conn.execute(insert(event_purges).values(**entry))
    conn.execute(update(shelters).where(shelters.c.shelter_id == site).values(purged_at_ms=at))
    return entry, feed


def _only_here(conn: Connection, held: list[str], key: str) -> list[str]:
    """The people of ``held`` the platform knows only from this event."""
    if not held:
        return []
    elsewhere: set[str] = set(
        conn.execute(
            select(person_scopes.c.person_id).where(
                person_scopes.c.person_id.in_(held), person_scopes.c.scope_key != key
            )
        ).scalars()
    )
    residents: set[str] = set(
        conn.execute(
            select(persons.c.person_id).where(
                persons.c.person_id.in_(held), persons.c.municipality_id.is_not(None)
            )
        ).scalars()
    )
    accounts: set[str] = set(
        conn.execute(select(oidc_links.c.person_id).where(oidc_links.c.person_id.in_(held)))
        .scalars()
        .all()
    ) | set(
        conn.execute(
            select(digital_auth_links.c.person_id).where(digital_auth_links.c.person_id.in_(held))
        ).scalars()
    )
    return [p for p in held if p not in elsewhere | residents | accounts]


def _redact_events(conn: Connection, site: str, gone: set[str]) -> int:
    # Only the events of devices scoped to the site can name it or its attendees.
    scoped = [
        d.device_id
        for d in conn.execute(select(devices.c.device_id, devices.c.scope))
        if site in json.loads(d.scope).get("shelters", [])
    ]
    if not scoped:
        return 0
    ids = []
    for row in conn.execute(
        select(events.c.event_id, events.c.payload).where(events.c.device_id.in_(scoped))
    ):
        p = json.loads(row.payload)
        named = {p.get("shelter_id"), p.get("from_shelter_id"), p.get("to_shelter_id")}
        if site in named or p.get("person_id") in gone:
            ids.append(row.event_id)
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        conn.execute(update(events).where(events.c.event_id.in_(batch)).values(payload=PURGED))
    return len(ids)


def _delete_people(conn: Connection, ids: list[str]) -> None:
    if not ids:
        return
    homes: set[str] = set(
        conn.execute(
            select(household_members.c.household_id).where(household_members.c.person_id.in_(ids))
        ).scalars()
    )
    for table in (
        presence,
        household_members,
        card_links,
        consent_records,
        person_verifications,
        web_sessions,
        person_match_keys,
        city_cards,
        card_link_proofs,
    ):
        conn.execute(delete(table).where(table.c.person_id.in_(ids)))
    conn.execute(
        delete(lookup_grants).where(
            or_(lookup_grants.c.person_id.in_(ids), lookup_grants.c.finder_id.in_(ids))
        )
    )
    conn.execute(
        delete(merge_suggestions).where(
            or_(merge_suggestions.c.person_id.in_(ids), merge_suggestions.c.match_id.in_(ids))
        )
    )
    conn.execute(update(voters).where(voters.c.person_id.in_(ids)).values(person_id=None))
    conn.execute(delete(changes).where(changes.c.person_id.in_(ids)))
    conn.execute(delete(persons).where(persons.c.person_id.in_(ids)))
    # A household left with nobody goes too.
    kept: set[str] = set(
        conn.execute(
            select(household_members.c.household_id).where(
                household_members.c.household_id.in_(homes)
            )
        ).scalars()
    )
    empty = sorted(homes - kept)
    if empty:
        conn.execute(delete(households).where(households.c.household_id.in_(empty)))
    household_lists.keep(conn, kept)


@dataclass(frozen=True)
class Attendee:
    """One person on an event's roster, for its organisers."""

    name: str
    furigana: str
    present: bool


@dataclass(frozen=True)
class EventSite:
    """An event site with its attendance: people there now and everyone who came."""

    shelter_id: str
    name: str
    is_open: bool
    ends_on: str | None
    purged: bool
    present: int
    attended: int


def event_sites_of(conn: Connection, municipality_id: str) -> list[EventSite]:
    """The municipality's event sites with their attendance counts, by id."""
    sites = conn.execute(
        select(shelters)
        .where(shelters.c.municipality_id == municipality_id, shelters.c.kind == EVENT_KIND)
        .order_by(shelters.c.shelter_id)
    ).all()
    out = []
    for s in sites:
        states: list[str] = list(
            conn.execute(select(presence.c.state).where(presence.c.shelter_id == s.shelter_id))
            .scalars()
            .all()
        )
        out.append(
            EventSite(
                s.shelter_id,
                s.name,
                bool(s.is_open),
                s.ends_on,
                s.purged_at_ms is not None,
                states.count("in"),
                len(states),
            )
        )
    return out


def roster(conn: Connection, shelter_id: str) -> list[Attendee]:
    """Everyone whose latest presence is at this event site, by name."""
    rows = conn.execute(
        select(persons.c.fields, presence.c.state)
        .join(presence, presence.c.person_id == persons.c.person_id)
        .where(presence.c.shelter_id == shelter_id)
    )
    people = []
    for r in rows:
        fields = json.loads(r.fields)
        people.append(
            Attendee(
                str(fields.get("name") or ""), str(fields.get("furigana") or ""), r.state == "in"
            )
        )
    return sorted(people, key=lambda a: (a.furigana, a.name))
