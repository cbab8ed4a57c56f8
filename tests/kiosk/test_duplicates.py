"""Duplicate suspicion at registration: a walk-in who matches someone held here by normalised
name and birth date (and address when both are known) is not registered until staff judge."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk import audit
from kiosk.app import Kiosk
from kiosk.duplicates import PossibleDuplicate
from kiosk.model import Household, Person
from kiosk.walkin import WalkInService
from tests.kiosk.builders import STAFF, add_household, add_person
from tests.kiosk.test_cli import Cli

BORN = date(1950, 2, 3)


@pytest.fixture
def hanako(kiosk: Kiosk) -> Person:
    home = add_household(kiosk, address="南区１－２－３")
    person = add_person(
        kiosk, "佐藤 花子", "さとう はなこ", home.household_id, birth_date=BORN.isoformat()
    )
    kiosk.people.update_household(STAFF, home.household_id, representative_id=person.person_id)
    kiosk.presence.check_in(STAFF, person.person_id, "S2")
    return person


def walk_in(kiosk: Kiosk, person: Person, *ruled_out: str, address: str = "") -> None:
    WalkInService(kiosk.store).register(
        STAFF, Household("", shelter_id="S1", address=address), [person], distinct_from=ruled_out
    )


def test_a_walk_in_with_the_same_normalised_name_and_birth_date_is_stopped_with_the_match(
    kiosk: Kiosk, hanako: Person
) -> None:
    # Full-width space, katakana reading: the name key is what counts.
    typed = Person("", "佐藤\u3000花子", "サトウ ハナコ", birth_date=BORN)
    with pytest.raises(PossibleDuplicate) as refused:
        walk_in(kiosk, typed)
    (candidate,) = refused.value.candidates
    assert candidate.person == hanako
    assert candidate.household == "佐藤 花子"
    assert (candidate.shelter_id, candidate.shelter_name) == ("S2", "市民センター")
    assert len(kiosk.people.search("さとう")) == 1  # nothing was registered


def test_a_different_birth_date_or_a_known_different_address_is_not_a_match(
    kiosk: Kiosk, hanako: Person
) -> None:
    walk_in(kiosk, Person("", "佐藤 花子", "さとう はなこ", birth_date=date(1951, 2, 3)))
    walk_in(kiosk, Person("", "佐藤 花子", "さとう はなこ", birth_date=BORN), address="北区9-9")
    assert len(kiosk.people.search("さとう")) == 3


def test_the_same_address_written_differently_still_matches(kiosk: Kiosk, hanako: Person) -> None:
    with pytest.raises(PossibleDuplicate):
        walk_in(
            kiosk, Person("", "佐藤 花子", "さとう はなこ", birth_date=BORN), address="南区1-2-3"
        )


def test_no_birth_date_means_no_suspicion(kiosk: Kiosk, hanako: Person) -> None:
    walk_in(kiosk, Person("", "佐藤 花子", "さとう はなこ"))
    assert len(kiosk.people.search("さとう")) == 2


def test_staff_ruling_the_match_out_registers_and_is_audited_with_the_staff_member(
    kiosk: Kiosk, hanako: Person
) -> None:
    walk_in(kiosk, Person("", "佐藤 花子", "さとう はなこ", birth_date=BORN), hanako.person_id)
    assert len(kiosk.people.search("さとう")) == 2
    with kiosk.store.reading() as conn:
        judged = [e for e in audit.entries(conn) if e.action == "person.not_duplicate"]
    assert [(e.actor, e.detail["of"]) for e in judged] == [(STAFF, [hanako.person_id])]


def test_ruling_out_one_match_does_not_rule_out_another(kiosk: Kiosk, hanako: Person) -> None:
    other = add_person(kiosk, "佐藤 花子", "さとう はなこ", birth_date=BORN.isoformat())
    with pytest.raises(PossibleDuplicate) as refused:
        walk_in(kiosk, Person("", "佐藤 花子", "さとう はなこ", birth_date=BORN), hanako.person_id)
    assert [c.person.person_id for c in refused.value.candidates] == [other.person_id]


def test_the_command_line_refuses_with_the_candidates_until_they_are_ruled_out(
    tmp_path: Path,
) -> None:
    cli = Cli(tmp_path / "data")
    cli.run("init")
    first = cli.run(
        "register",
        "--name",
        "山田 太郎",
        "--furigana",
        "やまだ たろう",
        "--birth-date",
        "1950-02-03",
    )
    args = ["register", "--name", "山田　太郎", "--furigana", "ヤマダ タロウ"]
    refused = cli.run(*args, "--birth-date", "1950-02-03", code=1)
    assert [c["person_id"] for c in refused["possible_duplicates"]] == [first["person_id"]]
    assert "possible_duplicate" in cli.stderr and first["person_id"] in cli.stderr
    assert len(cli.run("search", "やまだ")) == 1
    second = cli.run(*args, "--birth-date", "1950-02-03", "--not-duplicate-of", first["person_id"])
    assert second["person_id"] != first["person_id"]
    assert len(cli.run("search", "やまだ")) == 2
