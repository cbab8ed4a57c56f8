"""The staff roster's search and filters, and walk-in registration."""

from __future__ import annotations

import pytest

from cardio.mynumber.cardinfo import parse_basic_items
from cardio.virtualcard.card import encode_basic_items
from cardio.virtualcard.pki import make_ca
from cardio.virtualcard.profile import new_test_profile
from kiosk.app import Kiosk
from kiosk.errors import Refused
from kiosk.model import Household, Person, Sex
from kiosk.roster import RosterFilter, RosterPage, RosterService
from kiosk.walkin import WalkInService, details_from_card
from tests.kiosk.builders import STAFF, add_household, add_person

CARD = "jpki:" + "ef" * 32


@pytest.fixture
def roster(kiosk: Kiosk) -> RosterService:
    home = add_household(kiosk)
    car = add_household(kiosk, staying="car")
    a = add_person(kiosk, "佐藤 花子", "さとう はなこ", home.household_id, pregnant=True)
    add_person(kiosk, "佐藤 蓮", "さとう れん", home.household_id)
    add_person(kiosk, "鈴木 誠", "すずき まこと", car.household_id)
    kiosk.presence.check_in(STAFF, a.person_id, "S1")
    return RosterService(kiosk.store)


def names(page: RosterPage) -> list[str]:
    return [r.person.name for r in page.rows]


def test_search_as_you_type_matches_furigana_in_either_kana(roster: RosterService) -> None:
    assert names(roster.page("S1", "サト")) == ["佐藤 花子", "佐藤 蓮"]
    assert names(roster.page("S1", "まこ")) == ["鈴木 誠"]


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        (RosterFilter.ALL, ["佐藤 花子", "佐藤 蓮", "鈴木 誠"]),
        (RosterFilter.PRESENT, ["佐藤 花子"]),
        (RosterFilter.OUTSIDE, ["鈴木 誠"]),
        (RosterFilter.NEEDS_CARE, ["佐藤 花子"]),
    ],
)
def test_filters(roster: RosterService, which: RosterFilter, expected: list[str]) -> None:
    page = roster.page("S1", which=which)
    assert names(page) == expected and page.total == len(expected)


def test_present_people_come_first_and_say_so(roster: RosterService) -> None:
    first = roster.page("S1").rows[0]
    assert first.present_here and first.since is not None


def test_household_filter_lists_one_household(kiosk: Kiosk, roster: RosterService) -> None:
    hid = roster.page("S1", "れん").rows[0].person.household_id
    assert names(roster.page("S1", which=RosterFilter.HOUSEHOLD, household_id=hid)) == [
        "佐藤 花子",
        "佐藤 蓮",
    ]


def test_card_details_fill_the_form() -> None:
    profile = new_test_profile(make_ca(), name="架空 花子", birth_date="19900102", sex="2")
    details = details_from_card(parse_basic_items(encode_basic_items(profile)))
    assert (details.name, details.sex, details.exact) == ("架空 花子", Sex.FEMALE, True)
    assert details.birth_date is not None and details.birth_date.isoformat() == "1990-01-02"


def test_walk_in_household_is_registered_with_the_card_linked(kiosk: Kiosk) -> None:
    members = [
        Person("", "架空 花子", "かくう はなこ", consent_relatives=True),
        Person("", "架空 陽菜", "かくう ひな", care_required=True),
    ]
    walk_in = WalkInService(kiosk.store).register(
        STAFF, Household("", shelter_id="S1"), members, CARD
    )
    assert all(p.provisional and p.person_id.startswith("w-") for p in walk_in.members)
    assert walk_in.household.representative_id == walk_in.members[0].person_id
    assert kiosk.people.find(CARD) == walk_in.members[0]
    with pytest.raises(Refused):
        WalkInService(kiosk.store).register(STAFF, Household(""), members[:1], CARD)
    assert len(kiosk.people.search("かくう")) == 2  # the refused one left nothing behind
