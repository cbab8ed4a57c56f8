"""Roll entries are matched to registered people by verified attributes only: the name, birth
date and address an administrator's source (the resident register) gave; never by what a kiosk
sent as a walk-in's fields or a citizen typed on the web."""

from __future__ import annotations

from typing import Any

from tests.linkage.kiosk_double import Kiosk, Platform
from tests.linkage.polling_place import election

ROLL = "roll_number,family_name,given_name,birth_date,sex,address\n"


def _walk_in(kiosk: Kiosk, person_id: str, household_address: str, **fields: Any) -> None:
    """A kiosk registers a household (holding the address) and one member."""
    household_id = "h-" + person_id
    kiosk.event(
        "household.registered",
        {"household_id": household_id, "fields": {"address": household_address}},
    )
    kiosk.event(
        "person.registered",
        {
            "person_id": person_id,
            "household_id": household_id,
            "fields": fields,
            "source": "walk_in",
        },
    )
    kiosk.event(
        "household.member_added",
        {"household_id": household_id, "person_id": person_id, "relation": "head"},
    )
    assert kiosk.push().status_code == 200


def _linked(voters: list[dict[str, Any]]) -> dict[str, str | None]:
    return {v["roll_number"]: v["person_id"] for v in voters}


def test_imported_residents_are_matched_and_a_kiosk_walk_in_with_the_same_details_is_not(
    platform: Platform,
) -> None:
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,address\n"
        "r1,山田,花子,1970-05-05,中央区１－２－３\n"
    )
    kiosk = platform.kiosk("S-001")
    # A walk-in's fields are the kiosk's word: staff may have typed them, and the platform
    # cannot tell whether they were read from the card under its PIN. They prove nothing.
    _walk_in(kiosk, "w-1", "北区 1ー1", name="ｻﾄｳ ｼﾞﾛｳ", furigana="", birth_date="1960-01-01")
    e = election(platform)
    report = e.import_roll(
        ROLL + "1,山田,花子,1970-05-05,female,中央区 1-2-3\n"
        "2,サトウ,ジロウ,1960-01-01,male,北区1-1\n"
        "3,山田,花子,1970-05-06,female,中央区1-2-3\n"
    ).json()
    assert (report["linked"], report["ambiguous"]) == (1, [])
    linked = _linked(e.voters())
    assert linked["1"] is not None and linked["1"] != "w-1"
    assert linked["2"] is None
    assert linked["3"] is None  # another birth date is another person


def test_katakana_and_hiragana_names_match_each_other(platform: Platform) -> None:
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,address\n"
        "r1,さとう,じろう,1960-01-01,南区2\n"
    )
    e = election(platform)
    assert e.import_roll(ROLL + "1,サトウ,ジロウ,1960-01-01,male,南区2\n").json()["linked"] == 1


def test_two_people_with_the_same_key_are_ambiguous_and_neither_is_linked(
    platform: Platform,
) -> None:
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,address\n"
        "r1,山田,花子,1970-05-05,中央区1\n"
        "r2,山田,花子,1970-05-05,中央区1\n"
    )
    e = election(platform)
    report = e.import_roll(ROLL + "1,山田,花子,1970-05-05,female,中央区1\n").json()
    assert (report["linked"], report["ambiguous"]) == (0, ["1"])
    assert _linked(e.voters())["1"] is None


def test_a_resident_without_an_address_is_never_matched(platform: Platform) -> None:
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date\nr1,山田,花子,1970-05-05\n"
    )
    e = election(platform)
    report = e.import_roll(
        ROLL + "1,山田,花子,1970-05-05,female,中央区1\n2,,,1970-05-05,female,中央区1\n"
    )
    # The second row is refused (names required); the first finds nobody with an address.
    assert report.status_code == 422
    assert e.import_roll(ROLL + "1,山田,花子,1970-05-05,female,中央区1\n").json()["linked"] == 0


def test_two_entries_matching_one_person_are_ambiguous_and_neither_is_linked(
    platform: Platform,
) -> None:
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,address\n"
        "r1,山田,花子,1970-05-05,中央区1\n"
        "r2,佐藤,次郎,1960-01-01,南区2\n"
    )
    e = election(platform)
    # The election's first roll: its entries are linked as they are stored.
    report = e.import_roll(
        ROLL + "1,山田,花子,1970-05-05,female,中央区1\n"
        "2,佐藤,次郎,1960-01-01,male,南区2\n"
        "3,山田,花子,1970-05-05,female,中央区 1\n"
    ).json()
    assert (report["linked"], report["ambiguous"]) == (1, ["1", "3"])
    linked = _linked(e.voters())
    assert linked["1"] is None and linked["3"] is None
    assert linked["2"] is not None


def test_a_newer_roll_links_its_new_entries_by_the_same_rule(platform: Platform) -> None:
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,address\n"
        "r1,山田,花子,1970-05-05,中央区1\n"
        "r2,佐藤,次郎,1960-01-01,南区2\n"
    )
    e = election(platform)
    assert e.import_roll(ROLL + "1,山田,花子,1970-05-05,female,中央区1\n").json()["linked"] == 1
    report = e.import_roll(
        ROLL + "1,山田,花子,1970-05-05,female,中央区1\n"
        "2,佐藤,次郎,1960-01-01,male,南区2\n"
        "3,山田,花子,1970-05-05,female,中央区1\n"
    ).json()
    # Entry 1 keeps its person; entry 3 matches a person already linked in this election.
    assert (report["linked"], report["ambiguous"]) == (1, [])
    linked = _linked(e.voters())
    assert linked["1"] is not None and linked["2"] is not None and linked["3"] is None
