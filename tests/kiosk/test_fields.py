"""One set of field rules (docs/protocol/events.md): every kiosk writer refuses what they refuse,
names the field, and stores nothing; the rules are the shared vectors' on both sides."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk import fields, outbox
from kiosk.app import Kiosk
from kiosk.errors import InvalidInput
from kiosk.fields import InvalidField
from kiosk.model import Car, Household, Person, Shelter
from kiosk.questions import Question
from kiosk.roster_csv import import_csv
from kiosk.staff import Role, StaffService
from kiosk.walkin import WalkInService
from tests.kiosk.builders import STAFF, add_household, add_person

REPO = Path(__file__).resolve().parents[2]
VECTORS = json.loads((REPO / "docs/protocol/field-vectors.json").read_text("utf-8"))


@pytest.mark.parametrize(
    "vector", VECTORS["vectors"], ids=lambda v: f"{v['field']}-{v['expect']}-{v['why'][:40]}"
)
def test_each_field_rule_accepts_and_refuses_as_the_shared_vectors_say(
    vector: dict[str, Any],
) -> None:
    today = date.fromisoformat(vector.get("today", VECTORS["today"]))
    expected = None if vector["expect"] == "accept" else vector["reason"]
    assert fields.problem(vector["field"], vector["value"], today) == expected


def _counts(kiosk: Kiosk) -> tuple[int, int, int]:
    """People, households and waiting events: what a refused write must leave as it was."""
    with kiosk.store.reading() as conn:
        people = conn.execute("SELECT count(*) FROM persons").fetchone()[0]
        households = conn.execute("SELECT count(*) FROM households").fetchone()[0]
        return people, households, outbox.waiting(conn)


def _person(**fields: Any) -> Person:
    return Person.from_dict({"person_id": "", "name": "山田 太郎", "furigana": "やまだ"} | fields)


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"name": "山田\x1b[31m太郎"}, "name", "control"),
        ({"name": "山田\x07"}, "name", "control"),
        ({"name": "山田\r\n太郎"}, "name", "control"),
        ({"name": "山田\x00"}, "name", "control"),
        ({"name": "あ" * 100_000}, "name", "too_long"),
        ({"furigana": "\u202eうろた"}, "furigana", "format"),
        ({"birth_date": "2999-01-01"}, "birth_date", "future"),
        ({"birth_date": "0001-01-01"}, "birth_date", "too_old"),
        ({"person_id": "p-../../x"}, "person_id", "pattern"),
        ({"address": "霞が関\ue000"}, "address", "private_use"),
        ({"phone": "090-1234-5678; rm"}, "phone", "pattern"),
        ({"allergies": "卵" * 501}, "allergies", "too_long"),
    ],
)
def test_registering_a_person_refuses_a_bad_field_by_name_and_stores_nothing(
    kiosk: Kiosk, changes: dict[str, Any], field: str, reason: str
) -> None:
    before = _counts(kiosk)
    with pytest.raises(InvalidField) as refused:
        kiosk.people.register(STAFF, _person(**changes))
    assert (refused.value.field, refused.value.reason) == (field, reason)
    assert str(refused.value).startswith(f"{field}: ")
    assert _counts(kiosk) == before


def test_what_japanese_and_foreign_residents_names_hold_is_registered_as_typed(
    kiosk: Kiosk,
) -> None:
    names = [
        "髙橋\u3000﨑子",
        "神\ufa19",
        "葛\U000e0100城",
        "グエン・ヴァン・アン",
        "O'Brien Mary-Jane",
    ]
    for name in names:
        person = add_person(kiosk, name, "ふりがな", birth_date="1900-01-01")
        assert kiosk.people.get(person.person_id).name == name


def test_an_edit_with_a_bad_field_changes_nothing(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    before = _counts(kiosk)
    with pytest.raises(InvalidField) as refused:
        kiosk.people.update(STAFF, person.person_id, name="山田\u2066太郎\u2069")
    assert refused.value.field == "name"
    with pytest.raises(InvalidField, match=r"^birth_date: "):
        kiosk.people.edit(STAFF, "person", person.person_id, {"birth_date": "2999-12-31"}, {})
    assert kiosk.people.get(person.person_id) == person
    assert _counts(kiosk) == before


def test_a_household_with_a_bad_field_is_refused_by_name(kiosk: Kiosk) -> None:
    before = _counts(kiosk)
    bad = Household("", shelter_id="S1", car=Car(plate="品川\x1b[2J"))
    with pytest.raises(InvalidField, match=r"^car\.plate: "):
        kiosk.people.register_household(STAFF, bad)
    with pytest.raises(InvalidField, match=r"^household_id: "):
        kiosk.people.register_household(STAFF, Household("h-1/../2", shelter_id="S1"))
    household = add_household(kiosk)
    with pytest.raises(InvalidField, match=r"^address: "):
        kiosk.people.update_household(STAFF, household.household_id, address="x" * 201)
    assert _counts(kiosk)[1] == before[1] + 1


def test_a_walk_in_household_with_one_bad_member_stores_nobody(kiosk: Kiosk) -> None:
    before = _counts(kiosk)
    members = [_person(), _person(name="山田\x85花子")]
    with pytest.raises(InvalidField, match=r"^name: "):
        WalkInService(kiosk.store).register(STAFF, Household("", shelter_id="S1"), members)
    assert _counts(kiosk) == before


def test_a_text_answer_and_a_question_label_follow_the_rules(kiosk: Kiosk) -> None:
    kiosk.questions.add(STAFF, Question("needs", "person", "text", "必要なもの", "Needs"))
    person = add_person(kiosk)
    with pytest.raises(InvalidField, match=r"^answer: "):
        kiosk.questions.answer_all(STAFF, "person", person.person_id, {"needs": "杖\x00"})
    kiosk.questions.answer_all(STAFF, "person", person.person_id, {"needs": "杖\n車椅子"})
    assert kiosk.questions.answers(person.person_id) == {"needs": "杖\n車椅子"}
    with pytest.raises(InvalidField, match=r"^label: "):
        kiosk.questions.add(STAFF, Question("pets", "person", "text", "ペット\u202e", "Pets"))


def test_shelters_and_staff_accounts_follow_the_id_and_name_rules(kiosk: Kiosk) -> None:
    with pytest.raises(InvalidField, match=r"^shelter_id: "):
        kiosk.shelters.add(STAFF, Shelter("S/../1", "体育館"))
    with pytest.raises(InvalidField, match=r"^shelter_name: "):
        kiosk.shelters.add(STAFF, Shelter("S9", "体育館\x1b"))
    assert [s.shelter_id for s in kiosk.shelters.all()] == ["S1", "S2"]
    with pytest.raises(InvalidField, match=r"^staff_name: "):
        StaffService(kiosk.store).add(STAFF, "sato", "佐藤\x07", Role.STAFF, code="123456")
    assert StaffService(kiosk.store).members() == []


def test_a_csv_import_names_the_line_and_column_of_each_bad_field_and_stores_nothing(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    path = tmp_path / "residents.csv"
    path.write_text(
        "個人ID,氏名,ふりがな,生年月日,電話番号,ナンバー\n"
        ",山田\x1b太郎,やまだ,1950-01-02,,\n"
        ",佐藤 花子,さとう,2999-01-01,,\n"
        "p-../../x,鈴木 一郎,すずき,1960-01-01,,\n"
        f",田中 二郎,たなか,1970-01-01,{'0' * 21},\n"
        ",伊藤 三郎,いとう,0001-01-01,,品川\u202e\n"
        ",渡辺 四郎,わたなべ,1980-01-01,,\n",
        encoding="utf-8",
    )
    before = _counts(kiosk)
    report = import_csv(kiosk.store, path, "S1", STAFF)
    assert not report.ok
    found = {(e.line, e.column) for e in report.errors}
    assert found == {
        (2, "氏名"),
        (3, "生年月日"),
        (4, "個人ID"),
        (5, "電話番号"),
        (6, "生年月日"),
        (6, "ナンバー"),
    }
    assert all(e.message for e in report.errors)
    assert _counts(kiosk) == before


def test_the_cli_prints_one_line_naming_the_field_exits_1_and_stores_nothing(
    tmp_path: Path,
) -> None:
    env = os.environ | {
        "KAZASU_DATA": str(tmp_path / "data"),
        "KAZASU_PASSPHRASE": "operator passphrase",
        "KAZASU_ACTOR": "staff:cli-test",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kiosk.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
        )

    assert run("init").returncode == 0
    done = run("register", "--name", "山田\x1b]0;pwned\x07", "--furigana", "やまだ")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: Name: ")
    assert "\x1b" not in done.stderr
    done = run("register", "--name", "山田", "--furigana", "やまだ", "--birth-date", "2999-01-01")
    assert (done.returncode, done.stderr.startswith("error: Birth date: ")) == (1, True)
    assert json.loads(run("search", "山田").stdout) == []


def test_a_refusal_is_invalid_input(kiosk: Kiosk) -> None:
    # Callers that catch InvalidInput (the screens, the CLI) keep working unchanged.
    with pytest.raises(InvalidInput):
        kiosk.people.register(STAFF, _person(name="\x00"))
