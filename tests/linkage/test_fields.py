"""One set of field rules (docs/protocol/events.md): every platform writer refuses what they
refuse, names the field, and stores nothing; the rules are the shared vectors' on both sides."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from linkage import fields, unit
from linkage.tables import persons, shelters, voters
from tests.linkage.kiosk_double import ADMIN, Platform
from tests.linkage.polling_place import election

VECTORS = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/field-vectors.json").read_text("utf-8")
)


@pytest.mark.parametrize(
    "vector", VECTORS["vectors"], ids=lambda v: f"{v['field']}-{v['expect']}-{v['why'][:40]}"
)
def test_each_field_rule_accepts_and_refuses_as_the_shared_vectors_say(
    vector: dict[str, Any],
) -> None:
    today = date.fromisoformat(vector.get("today", VECTORS["today"]))
    expected = None if vector["expect"] == "accept" else vector["reason"]
    assert fields.problem(vector["field"], vector["value"], today) == expected


def _count(platform: Platform, table: Any) -> int:
    return int(
        unit.read(
            platform.engine,
            lambda c: c.execute(select(func.count()).select_from(table)).scalar_one(),
        )
    )


def _locations(answer: Any) -> list[str]:
    """The fields a 422 problem names (the last part of each error's location)."""
    return [str(e["loc"][-1]) for e in answer.json()["errors"]]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/municipalities/M-002", {"name": "南市\x85"}, "name"),
        ("/shelters/S-9", {"municipality_id": "M-001", "name": "体育館\u202e"}, "name"),
        ("/shelters/S-9", {"municipality_id": "M-001", "name": "体育館\u200b"}, "name"),
        ("/shelters/S..9", {"municipality_id": "M-001", "name": "体育館"}, "shelter_id"),
        ("/shelters/S-9", {"municipality_id": "M..001", "name": "体育館"}, "municipality_id"),
    ],
)
def test_the_admin_api_refuses_a_bad_field_with_422_naming_it(
    platform: Platform, path: str, body: dict[str, Any], field: str
) -> None:
    before = _count(platform, shelters)
    answer = platform.client.put(f"/v1/admin{path}", json=body, headers=ADMIN)
    assert answer.status_code == 422, answer.text
    assert field in _locations(answer)
    assert _count(platform, shelters) == before


def test_a_card_link_names_a_person_by_a_person_id_only(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    body = {
        "challenge_id": "cc-1",
        "person_id": "p-../../x",
        "certificate": "MIIB",
        "signature": "x",
    }
    answer = platform.client.post("/v1/cards/link", json=body, headers=kiosk.headers)
    assert answer.status_code == 422, answer.text
    assert "person_id" in _locations(answer)


HEADER = "external_ref,family_name,given_name,family_name_kana,birth_date,phone,household_ref\n"


def test_a_resident_row_with_a_bad_field_is_refused_naming_it_and_not_stored(
    platform: Platform,
) -> None:
    report = platform.import_residents(
        HEADER + "r1,山田\x1b[2J,太郎,,1950-01-02,,\n"
        "r2,佐藤,花子,,2999-01-01,,\n"
        "r3,鈴木,一郎,,0001-01-01,,\n"
        f"r4,田中,{'あ' * 201},,1960-01-01,,\n"
        "r5,伊藤,三郎,イトウ\u202e,1970-01-01,,\n"
        "r6,渡辺,四郎,,1980-01-01,090-1234-5678; rm,\n"
        "r7,中村,五郎,,1980-01-01,,../../HH\n"
        "r8,小林,六郎,,1980-01-01,\ue000,\n"
        "r9,加藤,七郎,ｶﾄｳ,1980-01-01,０９０－１２３４－５６７８,HH-1\n"
    )
    named = {e["external_ref"]: e["errors"] for e in report["errors"]}
    assert named == {
        "r1": ["family_name contains a control character or line break"],
        "r2": ["birth_date is in the future"],
        "r3": ["birth_date " + fields.REASONS["too_old"]],
        "r4": ["a value is too long", "given_name is too long"],
        "r5": [
            "family_name_kana contains an invisible formatting character (e.g. a bidi override)"
        ],
        "r6": ["phone has characters this field does not allow"],
        "r7": ["household_ref has characters this field does not allow"],
        "r8": ["phone contains a private-use character"],
    }
    assert report["created"] == 1
    stored: Sequence[str] = unit.read(
        platform.engine, lambda c: c.execute(select(persons.c.external_ref)).scalars().all()
    )
    assert stored == ["r9"]


ROLL = "roll_number,family_name,given_name,birth_date,sex,address\n"


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ("1,山田\u202e,太郎,1950-01-02,male,南区1", "family_name contains an invisible"),
        ("1,山田,太\x85郎,1950-01-02,male,南区1", "given_name contains a control character"),
        ("1,山田,太郎,2999-01-01,male,南区1", "birth_date is in the future"),
        ("1,山田,太郎,0001-01-01,male,南区1", "birth_date is before 1900-01-01"),
        ("1,山田,太郎,1950-01-02,male,南区\ue000", "address contains a private-use character"),
        ("1\u200b,山田,太郎,1950-01-02,male,南区1", "roll_number contains an invisible"),
    ],
)
def test_a_roll_with_a_bad_field_is_refused_naming_it_and_nothing_is_stored(
    platform: Platform, row: str, error: str
) -> None:
    e = election(platform)
    answer = e.import_roll(ROLL + "2,佐藤,花子,1960-01-01,female,南区2\n" + row + "\n")
    assert answer.status_code == 422, answer.text
    [rejected] = answer.json()["errors"]
    assert rejected["row"] == 3 and any(m.startswith(error) for m in rejected["errors"])
    assert _count(platform, voters) == 0
