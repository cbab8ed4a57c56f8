"""Administrators add questions to the forms without a schema change."""

from __future__ import annotations

import json

import pytest

from kiosk import audit
from kiosk.app import Kiosk
from kiosk.errors import InvalidInput, NotFound
from kiosk.model import Household, Person
from kiosk.questions import Question
from kiosk.walkin import WalkInService
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


def test_a_form_saves_its_answers_together_and_only_what_changed(kiosk: Kiosk) -> None:
    kiosk.questions.add(STAFF, Question("diet", "person", "choice", "食事", "Diet", ("なし", "粥")))
    kiosk.questions.add(STAFF, Question("wheelchair", "person", "yesno", "車いす", "Wheelchair"))
    person = add_person(kiosk)
    changed = kiosk.questions.answer_all(
        STAFF, "person", person.person_id, {"diet": "粥", "wheelchair": True}
    )
    assert changed == ["diet", "wheelchair"]
    assert kiosk.questions.answer_all(STAFF, "person", person.person_id, {"diet": "粥"}) == []
    # Empty text or None clears an answer.
    kiosk.questions.answer_all(STAFF, "person", person.person_id, {"wheelchair": None})
    assert kiosk.questions.answers(person.person_id) == {"diet": "粥"}
    with kiosk.store.reading() as conn:
        events = [json.loads(r[0]) for r in conn.execute("SELECT payload FROM outbox").fetchall()]
    updates = [e["fields"] for e in events if "fields" in e and "q:diet" in str(e["fields"])]
    assert updates[-1] == {"q:diet": "粥", "q:wheelchair": True}
    assert events[-1]["fields"] == {"q:wheelchair": None}


def test_one_bad_answer_in_a_form_writes_none_of_them(kiosk: Kiosk) -> None:
    kiosk.questions.add(STAFF, Question("rooms", "household", "number", "部屋数", "Rooms"))
    kiosk.questions.add(STAFF, Question("note", "household", "text", "備考", "Note"))
    household = add_household(kiosk)
    with pytest.raises(InvalidInput, match="Rooms"):
        kiosk.questions.answer_all(
            STAFF, "household", household.household_id, {"note": "二階", "rooms": "two"}
        )
    with pytest.raises(InvalidInput, match="no active question"):
        kiosk.questions.answer_all(STAFF, "household", household.household_id, {"diet": "x"})
    assert kiosk.questions.answers(household.household_id) == {}


def test_a_retired_question_leaves_the_forms_but_keeps_its_answers(kiosk: Kiosk) -> None:
    kiosk.questions.add(STAFF, Question("pets_inside", "household", "yesno", "室内", "Indoors"))
    household = add_household(kiosk)
    kiosk.questions.answer(STAFF, household.household_id, "pets_inside", False)
    kiosk.questions.set_active(STAFF, "pets_inside", False)
    assert kiosk.questions.all("household") == []
    assert [q.active for q in kiosk.questions.all("household", inactive=True)] == [False]
    assert kiosk.questions.answers(household.household_id) == {"pets_inside": False}
    with pytest.raises(NotFound):
        kiosk.questions.set_active(STAFF, "nope", True)
    with kiosk.store.reading() as conn:
        assert audit.entries(conn, 1)[0].action == "question.disable"


def test_a_walk_in_household_is_registered_with_its_answers(kiosk: Kiosk) -> None:
    kiosk.questions.add(STAFF, Question("diet", "person", "text", "食事", "Diet"))
    kiosk.questions.add(STAFF, Question("rooms", "household", "number", "部屋数", "Rooms"))
    members = [
        Person("", "山田 花子", "やまだ はなこ"),
        Person("", "山田 蓮", "やまだ れん"),
    ]
    walk_in = WalkInService(kiosk.store).register(
        STAFF, Household("", shelter_id="S1"), members, None, [{}, {"diet": "卵なし"}], {"rooms": 2}
    )
    assert kiosk.questions.answers(walk_in.members[1].person_id) == {"diet": "卵なし"}
    assert kiosk.questions.answers(walk_in.household.household_id) == {"rooms": 2}


def test_a_walk_in_with_a_bad_answer_registers_nobody(kiosk: Kiosk) -> None:
    kiosk.questions.add(STAFF, Question("rooms", "household", "number", "部屋数", "Rooms"))
    with pytest.raises(InvalidInput):
        WalkInService(kiosk.store).register(
            STAFF, Household("", shelter_id="S1"), [Person("", "山田", "やまだ")], None, [],
            {"rooms": "many"},
        )  # fmt: skip
    assert kiosk.people.search("やまだ") == []


def test_editing_a_form_saves_fields_and_answers_or_nothing(kiosk: Kiosk) -> None:
    kiosk.questions.add(STAFF, Question("rooms", "household", "number", "部屋数", "Rooms"))
    household = add_household(kiosk)
    with pytest.raises(InvalidInput):
        kiosk.people.edit(
            STAFF, "household", household.household_id, {"phone": "1"}, {"rooms": "x"}
        )
    assert kiosk.people.household(household.household_id).phone == ""
    kiosk.people.edit(STAFF, "household", household.household_id, {"phone": "1"}, {"rooms": 2.5})
    assert kiosk.people.household(household.household_id).phone == "1"
    assert kiosk.questions.answers(household.household_id) == {"rooms": 2.5}
