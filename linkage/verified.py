"""Person attributes that were proven, and by what: the only ones a roll entry is matched on.

Identity and eligibility come only from what was proven (docs/design.md §2): an administrator's act
(the municipal resident register's import, source ``resident-register``), or the four basic
items read from the card under its PIN at a staffed counter and bound by the card's own
signature (source ``counter``, linkage/counterlink.py). What a citizen typed on the citizen
web, and what a kiosk sends as a walk-in's fields (the platform cannot tell whether staff typed
them or the card's items were read under its PIN), is never recorded here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from linkage.canonical import now_ms
from linkage.tables import person_verifications

RESIDENT_REGISTER = "resident-register"
ADMIN = "admin"
# The four items the Digital Agency's app read from the card under its PIN (web/digital_auth.py).
DIGITAL_AUTH_APP = "digital-auth-app"
COUNTER = "counter"
SOURCES = frozenset({RESIDENT_REGISTER, ADMIN, COUNTER, DIGITAL_AUTH_APP})


@dataclass(frozen=True)
class Verified:
    """A person's proven name, birth date and address (None where the source had none)."""

    person_id: str
    name: str
    birth_date: str | None
    address: str | None
    source: str


def record(
    conn: Connection,
    person_id: str,
    name: str,
    birth_date: str | None,
    address: str | None,
    source: str,
    actor: str,
) -> None:
    """Keep what ``source`` proved about a person, replacing what an earlier act proved."""
    if source not in SOURCES:
        raise ValueError(f"unknown verification source {source!r}")
    conn.execute(delete(person_verifications).where(person_verifications.c.person_id == person_id))
    conn.execute(
        insert(person_verifications).values(
            person_id=person_id,
            name=name,
            birth_date=birth_date or None,
            address=address or None,
            source=source,
            actor=actor,
            verified_at_ms=now_ms(),
        )
    )


def of_person(conn: Connection, person_id: str) -> Verified | None:
    """What was proven about a person, if anything."""
    row = conn.execute(
        select(person_verifications).where(person_verifications.c.person_id == person_id)
    ).first()
    if row is None:
        return None
    return Verified(row.person_id, row.name, row.birth_date, row.address, row.source)
