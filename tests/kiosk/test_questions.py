"""Administrators add questions to the forms without a schema change."""

from __future__ import annotations

import pytest

from kiosk.app import Kiosk
from kiosk.errors import InvalidInput, NotFound
from kiosk.questions import Question
from tests.kiosk.builders import STAFF, add_household, add_person


def test_a_new_question_is_answered_and_travels_as_an_update(kiosk: Kiosk) -> None:
    kiosk.questions.add(
        STAFF, Question("diet", "person", "choice", "食事の配慮", "Diet", ("なし", "ハラール"))
    )
    person = add_person(kiosk)
    kiosk.questions.answer(STAFF, person.person_id, "diet", "ハラール")
    assert kiosk.questions.answers(person.person_id) == {"diet": "ハラール"}
    assert [q.question_id for q in kiosk.questions.all("person")] == ["diet"]


def test_answers_must_suit_the_question(kiosk: Kiosk) -> None:
    kiosk.questions.add(STAFF, Question("rooms", "household", "number", "部屋数", "Rooms"))
    household = add_household(kiosk)
    with pytest.raises(InvalidInput, match="not a valid answer"):
        kiosk.questions.answer(STAFF, household.household_id, "rooms", "three")
    with pytest.raises(NotFound):
        kiosk.questions.answer(STAFF, "h-nope", "rooms", 3)
    kiosk.questions.answer(STAFF, household.household_id, "rooms", 3)


@pytest.mark.parametrize(
    "question",
    [
        Question("Bad Id", "person", "text", "あ", "a"),
        Question("ok_id", "pet", "text", "あ", "a"),
        Question("ok_id", "person", "colour", "あ", "a"),
        Question("ok_id", "person", "choice", "あ", "a"),
        Question("ok_id", "person", "text", "", "a"),
    ],
)
def test_badly_formed_questions_are_refused(kiosk: Kiosk, question: Question) -> None:
    with pytest.raises(InvalidInput):
        kiosk.questions.add(STAFF, question)
