"""Who may learn where a person is, beyond their own household: relatives asking the
headquarters' call centre, and the public safety list (docs/decisions/hq.md).

Both follow the two consents of the evacuee registration card: ``relative-lookup`` (tell
relatives who ask) and ``safety-publication`` (publish that I am safe). A consent counts as
given when the person's newest consent record says so, or, with no record, when the kiosk's
field says so (unless that card was filled in at a community event: it is the event's, held
under its own purpose); a withdrawal from either side wins. A person protected from domestic
violence is never found. Searches need a full name, never part of one, so no list can be
drawn; a person who cannot be told about gets the same answer as nobody at all.

Only sites of the shelter purpose count (``linkage.places``): attendance at a community
event's site is never told.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from linkage import consent, event_sites
from linkage.canonical import now_ms
from linkage.db import key_in
from linkage.fields import text_problem
from linkage.names import name_key
from linkage.people import is_protected
from linkage.places import serves_shelter_purpose
from linkage.problems import Problem
from linkage.protection import municipalities_of
from linkage.tables import lookup_grants, person_match_keys, persons, presence, shelters

RELATIVES, PUBLISH = "relative-lookup", "safety-publication"
# The safety list names the shelter only for people who chose this as well.
PUBLISH_SHELTER = "safety-publication-shelter"
FIELD_OF = {
    RELATIVES: "consent_relatives",
    PUBLISH: "consent_publish",
    PUBLISH_SHELTER: "consent_publish_shelter",
}


@dataclass(frozen=True)
class Whereabouts:
    """What may be told about one person: their name, and where they are (or were)."""

    person_id: str
    name: str
    state: str | None  # "in", "out", or None when never at a shelter
    shelter: str | None


def consent_given(
    conn: Connection, person_id: str, fields: dict[str, Any], definition: str
) -> bool:
    """Whether the person gave ``definition`` (rule in the module docstring)."""
    field = FIELD_OF.get(definition)
    if field is not None and fields.get(field) is False:
        return False
    newest = consent.current_state(conn, person_id, definition)
    if newest is not None:
        return bool(newest.state == "given")
    # A card filled in at an event's kiosk is held under the event's purpose: its boxes are
    # not consents to any shelter use.
    if field is None or fields.get(field) is not True:
        return False
    return not event_sites.registered_at_event(conn, person_id)


@dataclass(frozen=True)
class Stay:
    """Where a person is, or last was: a shelter and whether they are in or have left."""

    shelter_id: str
    name: str
    state: str  # "in" or "out"


def at_shelters(conn: Connection, person_ids: Sequence[str]) -> dict[str, Stay]:
    """Each person's latest presence, by person id, when it is at a shelter. Anyone whose
    latest presence is at a community event's site is left out, as if never seen: relatives'
    inquiries, the family page and partners' whereabouts read presence through this (the
    safety list applies ``places.serves_shelter_purpose`` in its own query), so event
    attendance is never told (docs/decisions/hq.md)."""
    if not person_ids:
        return {}
    rows = conn.execute(
        select(presence.c.person_id, presence.c.shelter_id, presence.c.state, shelters.c.name)
        .join(shelters, shelters.c.shelter_id == presence.c.shelter_id)
        .where(key_in(conn, presence.c.person_id, person_ids), serves_shelter_purpose())
    )
    return {r.person_id: Stay(r.shelter_id, r.name, r.state) for r in rows}


def _by_name(conn: Connection, name: str, birth_date: str) -> list[tuple[str, dict[str, Any]]]:
    key = name_key(name)
    if not key:
        return []
    query = (
        select(persons.c.person_id, persons.c.fields)
        .join(person_match_keys, person_match_keys.c.person_id == persons.c.person_id)
        .where(
            person_match_keys.c.name_key == key,
            person_match_keys.c.birth_date == birth_date,
            persons.c.merged_into.is_(None),
        )
        .order_by(persons.c.person_id)
    )
    return [(r.person_id, json.loads(r.fields)) for r in conn.execute(query)]


@dataclass(frozen=True)
class Inquiry:
    """A relative's question as the call-centre staff member typed it."""

    relationship: str
    name: str = ""
    birth_date: str = ""
    code: str = ""


def check_inquiry(inquiry: Inquiry) -> dict[str, str]:
    """What is wrong with an inquiry, field by field (empty: it may be searched)."""
    errors: dict[str, str] = {}
    if not inquiry.relationship.strip():
        errors["relationship"] = "required"
    elif text_problem("relation", inquiry.relationship) is not None:
        errors["relationship"] = "invalid"
    if inquiry.code.strip():
        return errors
    if not inquiry.name.strip():
        errors["name"] = "required"
    elif text_problem("name", inquiry.name) is not None:
        errors["name"] = "invalid"
    try:
        date.fromisoformat(inquiry.birth_date)
    except ValueError:
        errors["birth_date"] = "required" if not inquiry.birth_date else "invalid"
    return errors


def answer_inquiry(
    conn: Connection,
    inquiry: Inquiry,
    municipalities: set[str],
    code_hash: str | None,
) -> tuple[list[Whereabouts], list[str]]:
    """The people the caller may be told about, and every person the search reached (for the
    audit). By finder code: the person who made it, unless DV-protected. By name and birth
    date: the exact matches of the staff member's municipalities who gave ``relative-lookup``
    and are not DV-protected. 422 for an inquiry ``check_inquiry`` refuses."""
    errors = check_inquiry(inquiry)
    if errors:
        wrong = ", ".join(f"{k}: {v}" for k, v in sorted(errors.items()))
        raise Problem(422, "invalid-inquiry", "The inquiry is incomplete", wrong)
    if code_hash is not None:
        found = _by_code(conn, code_hash)
        reached = [pid for pid, _ in found]
        allowed = [(pid, f) for pid, f in found if not is_protected(f)]
    else:
        found = [
            (pid, f)
            for pid, f in _by_name(conn, inquiry.name, inquiry.birth_date)
            if municipalities_of(conn, pid) & municipalities
        ]
        reached = [pid for pid, _ in found]
        allowed = [
            (pid, f)
            for pid, f in found
            if not is_protected(f) and consent_given(conn, pid, f, RELATIVES)
        ]
    places = at_shelters(conn, [pid for pid, _ in allowed])
    answers = []
    for pid, fields in allowed:
        stay = places.get(pid)
        answers.append(
            Whereabouts(
                pid,
                str(fields.get("name") or ""),
                stay.state if stay else None,
                stay.name if stay else None,
            )
        )
    return answers, reached


def _by_code(conn: Connection, code_hash: str) -> list[tuple[str, dict[str, Any]]]:
    # A code not yet redeemed, within its seven days and not withdrawn: the person made it to
    # be found by whoever holds it, which is what the caller shows by reading it out.
    row = conn.execute(
        select(persons.c.person_id, persons.c.fields)
        .join(lookup_grants, lookup_grants.c.person_id == persons.c.person_id)
        .where(
            lookup_grants.c.code_hash == code_hash,
            lookup_grants.c.finder_id.is_(None),
            lookup_grants.c.withdrawn_at_ms.is_(None),
            lookup_grants.c.code_expires_at_ms >= now_ms(),
            persons.c.merged_into.is_(None),
        )
    ).first()
    return [] if row is None else [(row.person_id, json.loads(row.fields))]


@dataclass(frozen=True)
class SafetyEntry:
    """One line of the public safety list: a name, safe, and the shelter only if chosen."""

    name: str
    at_shelter: bool
    shelter: str | None


def safety_search(conn: Connection, full_name: str) -> list[SafetyEntry]:
    """The people of this exact full name who chose to publish that they are safe and who
    checked in at a shelter; nobody else, whatever they are searched by."""
    key = name_key(full_name)
    if not key:
        return []
    # Only people checked in at a shelter can be listed, so only they are read: the match
    # keys cannot be used, since they hold only people whose birth date is known.
    rows = conn.execute(
        select(persons.c.person_id, persons.c.fields, presence.c.state, shelters.c.name)
        .join(presence, presence.c.person_id == persons.c.person_id)
        .join(shelters, shelters.c.shelter_id == presence.c.shelter_id)
        .where(serves_shelter_purpose(), persons.c.merged_into.is_(None))
        .order_by(persons.c.person_id)
    )
    out = []
    for r in rows:
        fields = json.loads(r.fields)
        if name_key(str(fields.get("name") or "")) != key:
            continue
        if is_protected(fields) or not consent_given(conn, r.person_id, fields, PUBLISH):
            continue
        named = consent_given(conn, r.person_id, fields, PUBLISH_SHELTER)
        out.append(
            SafetyEntry(str(fields.get("name") or ""), r.state == "in", r.name if named else None)
        )
    return out
