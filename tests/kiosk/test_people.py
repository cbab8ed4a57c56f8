"""Registering, editing, identifying and finding people."""

from __future__ import annotations

import pytest

from kiosk import outbox
from kiosk.app import Kiosk
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.model import Disability, Person, Staying
from tests.kiosk.builders import STAFF, add_household, add_person


def test_a_walk_in_gets_a_provisional_id(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    assert person.person_id.startswith("w-") and person.provisional
    assert kiosk.people.get(person.person_id) == person


def test_a_person_needs_a_name_and_furigana(kiosk: Kiosk) -> None:
    with pytest.raises(InvalidInput, match="name and its furigana"):
        kiosk.people.register(STAFF, Person("", "山田", " "))


def test_a_person_cannot_join_a_household_that_does_not_exist(kiosk: Kiosk) -> None:
    with pytest.raises(NotFound):
        add_person(kiosk, household_id="h-nope")


def test_an_update_sends_only_the_changed_fields(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    updated = kiosk.people.update(
        STAFF, person.person_id, allergies="そば", disabilities=["hearing"]
    )
    assert updated.disabilities == (Disability.HEARING,)
    with kiosk.store.reading() as conn:
        last = outbox.pending(conn, 10)[-1]
    assert last.type == "person.updated"
    assert last.payload["fields"] == {"allergies": "そば", "disabilities": ["hearing"]}


def test_an_update_with_a_bad_value_changes_nothing(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    with pytest.raises(InvalidInput, match="pregnant"):
        kiosk.people.update(STAFF, person.person_id, pregnant="maybe")
    assert kiosk.people.get(person.person_id) == person


def test_household_fields_cover_the_registration_card(kiosk: Kiosk) -> None:
    household = add_household(kiosk)
    changed = kiosk.people.update_household(
        STAFF,
        household.household_id,
        staying="car",
        damage="half",
        power_out=True,
        car={
            "model": "プリウス",
            "plate": "品川 300 あ 12-34",
            "colour": "白",
            "parked_at": "校庭",
        },
        pets=[{"kind": "犬", "name": "ポチ"}],
    )
    assert changed.staying is Staying.CAR
    assert kiosk.people.household(household.household_id) == changed


def test_a_card_key_finds_its_person_and_cannot_be_linked_twice(kiosk: Kiosk) -> None:
    alice, bob = add_person(kiosk), add_person(kiosk, "佐藤 次郎", "さとう じろう")
    kiosk.people.link_identifier(STAFF, alice.person_id, "jpki:" + "0" * 64)
    assert kiosk.people.find("jpki:" + "0" * 64) == alice
    kiosk.people.link_identifier(STAFF, alice.person_id, "jpki:" + "0" * 64)  # again: no-op
    with pytest.raises(Refused, match="another person"):
        kiosk.people.link_identifier(STAFF, bob.person_id, "jpki:" + "0" * 64)
    assert kiosk.people.find("jpki:" + "1" * 64) is None


def test_a_qr_subject_is_a_person_id(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    assert kiosk.people.find(person.person_id) == person


def test_only_known_identifier_kinds_are_linked(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    with pytest.raises(InvalidInput, match="identifier kind"):
        kiosk.people.link_identifier(STAFF, person.person_id, "mynumber:123412341234")


@pytest.fixture
def roster(kiosk: Kiosk) -> Kiosk:
    for name, furigana in [
        ("山田 太郎", "ヤマダ タロウ"),
        ("山田 花子", "やまだ はなこ"),
        ("小山 田鶴", "こやま たづる"),
        ("Smith John", "スミス ジョン"),
    ]:
        add_person(kiosk, name, furigana)
    return kiosk


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("やまだ", {"山田 太郎", "山田 花子"}),  # hiragana finds katakana furigana
        ("ヤマダ", {"山田 太郎", "山田 花子"}),  # and katakana finds hiragana
        ("ﾔﾏﾀﾞ ﾊﾅｺ", {"山田 花子"}),  # half-width katakana, space ignored
        ("やまだはなこ", {"山田 花子"}),  # spaces in the stored name ignored
        ("山田", {"山田 太郎", "山田 花子", "小山 田鶴"}),  # prefix, then substring (小山田鶴)
        ("たづる", {"小山 田鶴"}),  # substring of the furigana
        ("ｓｍｉｔｈ", {"Smith John"}),  # full-width Latin, any case
        ("   ", set()),
    ],
)
def test_search_normalises_kana_width_case_and_spaces(
    roster: Kiosk, query: str, expected: set[str]
) -> None:
    assert {p.name for p in roster.people.search(query)} == expected


def test_prefix_matches_come_before_substring_matches(roster: Kiosk) -> None:
    names = [p.name for p in roster.people.search("山田")]
    assert names[-1] == "小山 田鶴"


def test_members_of_a_household(kiosk: Kiosk) -> None:
    household = add_household(kiosk)
    a = add_person(kiosk, household_id=household.household_id)
    b = add_person(kiosk, "山田 花子", "やまだ はなこ", household_id=household.household_id)
    add_person(kiosk, "他人", "たにん")
    assert {p.person_id for p in kiosk.people.members(household.household_id)} == {
        a.person_id,
        b.person_id,
    }
