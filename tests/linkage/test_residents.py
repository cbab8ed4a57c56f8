"""A resident list's split names and sex words are stored in the kiosk's person vocabulary."""

from __future__ import annotations

import json

from sqlalchemy import select

from linkage import unit
from linkage.tables import persons
from tests.linkage.kiosk_double import Platform

HEADER = (
    "external_ref,family_name,given_name,family_name_kana,given_name_kana,sex,birth_date,"
    "address,designated_shelter_id,kiosk_consent\n"
)


def _stored(platform: Platform) -> dict[str, dict[str, str]]:
    rows = unit.read(
        platform.engine, lambda c: c.execute(select(persons.c.external_ref, persons.c.fields)).all()
    )
    return {r.external_ref: json.loads(r.fields) for r in rows}


def test_an_imported_resident_has_a_name_furigana_and_an_iso_5218_sex_code(
    platform: Platform,
) -> None:
    platform.shelter("S-001")
    report = platform.import_residents(
        HEADER + "r1,山田,花子,ヤマダ,ハナコ,female,1970-05-05,中央区1-2-3,S-001,yes\n"
        "r2,佐藤,次郎,,,1,1960-01-01,,,no\n"
        "r3,鈴木,三郎,,,Unknown,1950-03-03,,,no\n"
        "r4,伊藤,蓮,,,9,2005-07-08,,,no\n"
    )
    assert (report["created"], report["errors"]) == (4, [])
    stored = _stored(platform)
    assert stored["r1"] == {
        "name": "山田\u3000花子",
        "furigana": "ヤマダ\u3000ハナコ",
        "sex": "2",
        "birth_date": "1970-05-05",
        "address": "中央区1-2-3",
    }
    # Without kana the key is there, empty, as a kiosk's person record needs it.
    assert stored["r2"] == {
        "name": "佐藤\u3000次郎",
        "furigana": "",
        "sex": "1",
        "birth_date": "1960-01-01",
    }
    assert (stored["r3"]["sex"], stored["r4"]["sex"]) == ("0", "9")
    assert not any(k.startswith(("family_", "given_")) for f in stored.values() for k in f)


def test_a_kiosk_reads_an_imported_resident_as_its_own_person_record(platform: Platform) -> None:
    platform.shelter("S-001")
    platform.import_residents(HEADER + "r1,山田,花子,,,female,1970-05-05,,S-001,yes\n")
    kiosk = platform.kiosk("S-001")
    [person] = [c for c in kiosk.pull_all()[0] if c["entity"] == "person"]
    assert person["payload"]["fields"] == {
        "name": "山田\u3000花子",
        "furigana": "",
        "sex": "2",
        "birth_date": "1970-05-05",
    }


def test_a_newer_list_without_kana_or_sex_keeps_what_is_known(platform: Platform) -> None:
    platform.import_residents(HEADER + "r1,山田,花子,やまだ,はなこ,2,1970-05-05,,,no\n")
    again = platform.import_residents(
        "external_ref,family_name,given_name,birth_date\nr1,山田,華子,1970-05-05\n"
    )
    assert (again["created"], again["updated"]) == (0, 1)
    assert _stored(platform)["r1"] == {
        "name": "山田\u3000華子",
        "furigana": "やまだ\u3000はなこ",
        "sex": "2",
        "birth_date": "1970-05-05",
    }


def test_a_sex_the_kiosk_cannot_read_is_refused_for_that_row_only(platform: Platform) -> None:
    report = platform.import_residents(
        HEADER + "r1,山田,花子,,,F,1970-05-05,,,no\nr2,佐藤,次郎,,,male,1960-01-01,,,no\n"
    )
    assert report["created"] == 1
    [error] = report["errors"]
    assert error["external_ref"] == "r1"
    assert error["errors"] == [
        "sex must be male, female, other, unknown or an ISO 5218 code (0, 1, 2, 9)"
    ]
    assert set(_stored(platform)) == {"r2"}
