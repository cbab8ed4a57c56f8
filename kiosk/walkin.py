"""Walk-in registration: a household registered at the kiosk, from a card or typed by staff.

A card's four basic items fill name, address, birth date and sex; furigana is not on the card,
so a reading of the name is suggested (kiosk/furigana.py) for staff to check. The household, its
members, the link of the card and the check-in of those present are written together, so an
interrupted registration leaves nothing half-made.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cardio.mynumber.cardinfo import BasicItems
from kiosk.duplicates import check_new
from kiosk.errors import InvalidInput
from kiosk.fields import check_record
from kiosk.furigana import suggest_furigana
from kiosk.model import Household, Person, Sex
from kiosk.people import (
    add_household,
    add_person,
    check_identifier,
    link_identifier,
    local_today,
    new_household_id,
    new_walk_in_id,
)
from kiosk.presence import check_in
from kiosk.questions import QuestionService, check_answers, write_answers
from kiosk.store import Store

_SEXES = {s.value: s for s in Sex}


@dataclass(frozen=True)
class CardDetails:
    """What the card says about its holder, ready for the form; ``exact`` False means check it."""

    name: str
    address: str
    birth_date: date | None
    sex: Sex
    exact: bool
    furigana: str | None = None
    """A suggested reading of the name, never certain; None when there is none to suggest."""


@dataclass(frozen=True)
class WalkIn:
    """A registered household and its members, with their new provisional ids."""

    household: Household
    members: tuple[Person, ...]


def details_from_card(items: BasicItems) -> CardDetails:
    """The form's fields from the card's four basic items, with a suggested furigana.

    The first call loads the reading dictionary (a fraction of a second): call it off the GUI
    thread.
    """
    texts = [items.name, items.address, items.birth_date]
    name = items.name.text if items.name else ""
    # A name with an unreadable character (〓) is read without it only by guesswork: none then.
    exact_name = items.name is None or items.name.exact
    return CardDetails(
        name=name,
        address=items.address.text if items.address else "",
        birth_date=date.fromisoformat(items.birth_date_iso) if items.birth_date_iso else None,
        sex=_SEXES.get(items.sex_code or "", Sex.UNKNOWN),
        exact=all(t is None or t.exact for t in texts),
        furigana=suggest_furigana(name) if exact_name else None,
    )


class WalkInService:
    """Registers walk-in households."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def register(
        self,
        actor: str,
        household: Household,
        members: list[Person],
        card_key: str | None = None,
        answers: Sequence[dict[str, Any]] = (),
        household_answers: dict[str, Any] | None = None,
        distinct_from: Collection[str] = (),
        check_in_at: str | None = None,
    ) -> WalkIn:
        """Register ``household`` with ``members`` (the first is its representative).

        ``card_key`` links the first member's card, so their next tap checks them in.
        ``answers`` holds each member's answers to the administrators' questions, in the order
        of ``members``; ``household_answers`` the household's. All are checked first.
        A member who may be someone already registered stops it all (``PossibleDuplicate``
        with the candidates) unless staff named that person in ``distinct_from``; that
        judgement is audited with the registration. ``check_in_at`` checks every member in
        at that shelter. Everything is written in one transaction: any refusal (a card linked
        to someone else, a closed shelter) leaves nothing stored and no event to send.
        """
        if not members:
            raise InvalidInput("a household needs at least one member")
        if len(answers) > len(members):
            raise InvalidInput("more answer sets than members")
        if card_key is not None:
            check_identifier(card_key)
        questions = QuestionService(self.store)
        person_questions = questions.all("person")
        checked = [check_answers(person_questions, a) for a in answers]
        checked_household = check_answers(questions.all("household"), household_answers or {})
        for person in members:
            if not person.name.strip() or not person.furigana.strip():
                raise InvalidInput("every member needs a name and its furigana")
        household_id = household.household_id or new_household_id()
        people = tuple(
            dataclasses.replace(
                p, person_id=new_walk_in_id(), household_id=household_id, provisional=True
            )
            for p in members
        )
        household = dataclasses.replace(
            household, household_id=household_id, representative_id=people[0].person_id
        )
        today = local_today(self.store.now())
        check_record(household.to_dict(), today)
        for person in people:
            check_record(person.to_dict(), today)
        with self.store.transaction() as tx:
            check_new(tx.conn, people, household.address, distinct_from)
            if distinct_from:
                tx.audit(actor, "person.not_duplicate", household_id, of=sorted(distinct_from))
            add_household(tx, household)
            for person in people:
                add_person(tx, person, "walk_in")
            if card_key is not None:
                link_identifier(tx, actor, people[0].person_id, card_key)
            write_answers(tx, "household", household_id, checked_household)
            for person, person_answers in zip(people, checked, strict=False):
                write_answers(tx, "person", person.person_id, person_answers)
            tx.audit(
                actor, "household.walk_in", household_id, members=len(people), card=bool(card_key)
            )
            if check_in_at is not None:
                for person in people:
                    check_in(tx, actor, person.person_id, check_in_at)
        return WalkIn(household, people)
