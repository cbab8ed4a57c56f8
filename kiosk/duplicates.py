"""Duplicate suspicion at registration: is this walk-in someone the kiosk already holds?

A person matches when the normalised name (``kiosk.normalize.search_key``) and the birth date
are equal and, when both addresses are known, the normalised addresses are equal too. The
platform applies the same rule to what reaches it (docs/decisions/kiosk-screens.md, "Duplicate
suspicion"). Staff judge a match; nothing here merges anyone.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from kiosk.errors import Refused
from kiosk.model import Person
from kiosk.normalize import search_key
from kiosk.sqlite import Connection

# Hyphen and dash look-alikes written in addresses (1－2－3, 1ー2ー3 typed by mistake).
_DASHES = re.compile("[\u2010-\u2015\u2212\u30fc\uff0d\uff70-]")


def address_key(text: str) -> str:
    """Compare-form of an address: NFKC, no white space, one kind of dash."""
    folded = unicodedata.normalize("NFKC", text)
    return _DASHES.sub("-", "".join(folded.split()))


@dataclass(frozen=True)
class Candidate:
    """Someone already registered who may be the person being registered."""

    person: Person
    household: str
    """The name of the household's representative ("" when unknown)."""
    shelter_id: str | None
    """Where the person is checked in now, else their household's shelter."""
    shelter_name: str


class PossibleDuplicate(Refused):
    """Registration stopped: staff must say whether each candidate is the same person."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        ids = ", ".join(c.person.person_id for c in candidates)
        super().__init__(
            "possible_duplicate", "this may be a person already registered: {ids}", ids=ids
        )
        self.candidates = tuple(candidates)


def find_candidates(
    conn: Connection, person: Person, household_address: str = ""
) -> list[Candidate]:
    """People held here who match ``person`` by the rule above; none without a birth date."""
    if person.birth_date is None:
        return []
    key = search_key(person.name)
    if not key:
        return []
    rows = conn.execute(
        "SELECT p.data, h.data, r.shelter_id, r.state, h.shelter_id FROM persons p"
        " LEFT JOIN households h USING (household_id) LEFT JOIN presence r USING (person_id)"
        " WHERE p.name_key = ? AND p.birth_date = ? AND p.person_id != ? ORDER BY p.person_id",
        (key, person.birth_date.isoformat(), person.person_id),
    ).fetchall()
    wanted = address_key(person.address or household_address)
    out = []
    for data, household_data, at, state, home in rows:
        found = Person.from_dict(json.loads(data))
        household = json.loads(household_data) if household_data else {}
        theirs = address_key(found.address or str(household.get("address", "")))
        if wanted and theirs and wanted != theirs:
            continue
        shelter_id = at if state == "in" else home
        out.append(
            Candidate(
                found,
                _representative_name(conn, household.get("representative_id")),
                shelter_id,
                _shelter_name(conn, shelter_id),
            )
        )
    return out


def check_new(
    conn: Connection,
    members: Sequence[Person],
    household_address: str,
    distinct_from: Collection[str],
) -> None:
    """Refuse with the candidates when a member matches someone not ruled out by staff.

    ``distinct_from`` holds the ids staff declared to be different people.
    """
    found: dict[str, Candidate] = {}
    for person in members:
        for candidate in find_candidates(conn, person, household_address):
            if candidate.person.person_id not in distinct_from:
                found.setdefault(candidate.person.person_id, candidate)
    if found:
        raise PossibleDuplicate(list(found.values()))


def _representative_name(conn: Connection, person_id: object) -> str:
    if not isinstance(person_id, str):
        return ""
    row = conn.execute("SELECT data FROM persons WHERE person_id = ?", (person_id,)).fetchone()
    return str(json.loads(row[0]).get("name", "")) if row else ""


def _shelter_name(conn: Connection, shelter_id: str | None) -> str:
    if shelter_id is None:
        return ""
    row = conn.execute("SELECT name FROM shelters WHERE shelter_id = ?", (shelter_id,)).fetchone()
    return str(row[0]) if row else ""
