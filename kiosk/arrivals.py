"""Arrivals of people this kiosk does not hold (docs/decisions/kiosk-sync.md, "Arrivals").

Online, the platform brings the person and their household into the kiosk's scope and sends
their records at once (the :class:`ArrivalSource`, implemented over sync/). Offline, a signed
pass the kiosk verified with the platform's keys becomes a provisional check-in: a person
record with what the pass carries (the person id and the household id; a pass carries no
name), listed in ``provisional_arrivals`` until the platform's record replaces it. It emits no
registration: the check-in event alone reaches the
platform, which accepts a check-in at the kiosk's own shelter and from then on shares the
person with it; the person's upsert then replaces the provisional record.

A card the kiosk does not know cannot be identified offline (the kiosk holds no card link
outside its scope): staff register the holder as a walk-in.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Protocol

from cardio.mynumber import SignedNonce
from kiosk.errors import KioskError
from kiosk.model import Person
from kiosk.person_row import WALK_IN_PREFIX, WRITE_PERSON, person_row
from kiosk.store import Store

Prover = Callable[[bytes], SignedNonce]
"""Has the card sign the platform's nonce (after its PIN) and returns its answer."""


class ArrivalUnavailable(KioskError):
    """The platform could not be asked (offline, not enrolled, no session)."""


class ArrivalRefused(KioskError):
    """The platform refused the arrival; ``kind`` is its problem type (``card-not-registered``,
    ``code-refused``, ``not-shared``, ``unknown-person``, ``card-…``), ``reason`` a refused
    code's reason (``key_revoked``, ``expired``, …) when it gave one."""

    def __init__(self, kind: str, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.reason = reason


class ArrivalSource(Protocol):
    """The platform, as arrivals need it. Each call stores the records the platform sent
    before it returns the arriving person's id."""

    def available(self) -> bool:
        """Whether there is a platform to ask (the kiosk is enrolled)."""
        ...

    def by_pass(self, shelter_id: str, code: str) -> str:
        """Bring a signed pass's person into scope."""
        ...

    def by_card(self, shelter_id: str, prove: Prover) -> str:
        """Bring the person a card proves to be linked to into scope."""
        ...


def is_provisional_arrival(store: Store, person_id: str) -> bool:
    """Whether the person is an offline pass arrival still waiting for the platform's data."""
    with store.reading() as conn:
        row = conn.execute(
            "SELECT 1 FROM provisional_arrivals WHERE person_id = ?", (person_id,)
        ).fetchone()
    return row is not None


def record_provisional(
    store: Store, actor: str, person_id: str, household_id: str, shelter_id: str, kid: str
) -> Person:
    """Keep what a verified pass carries as a provisional person (no event: see the module)."""
    provisional = person_id.startswith(WALK_IN_PREFIX)  # as the platform's upsert will say
    person = Person(person_id, "", "", household_id=household_id, provisional=provisional)
    with store.transaction() as tx:
        tx.conn.execute(
            "INSERT OR IGNORE INTO households (household_id, shelter_id, data) VALUES (?, ?, ?)",
            (household_id, shelter_id, json.dumps({"household_id": household_id})),
        )
        tx.conn.execute(WRITE_PERSON, person_row(person))
        tx.conn.execute(
            "INSERT OR REPLACE INTO provisional_arrivals (person_id, shelter_id, kid, at)"
            " VALUES (?, ?, ?, ?)",
            (person_id, shelter_id, kid, tx.now.isoformat()),
        )
        tx.audit(actor, "arrival.provisional", person_id, shelter=shelter_id, kid=kid)
    return person
