"""Migration 0009 rewrites stored person fields to the kiosk's vocabulary, and back."""

from __future__ import annotations

import json
from typing import Any

from alembic import command
from sqlalchemy import Engine, insert, select

from kazasu_protocol.canonical import canonical_json
from linkage import migrate
from linkage.tables import changes, persons

OLD_RESIDENT = {
    "family_name": "山田",
    "given_name": "花子",
    "family_name_kana": "ヤマダ",
    "given_name_kana": "ハナコ",
    "sex": "female",
    "birth_date": "1970-05-05",
}
HLCS = {
    "family_name": "0000000000001-0000-a",
    "given_name": "0000000000002-0000-a",
    "family_name_kana": "0000000000001-0000-a",
    "given_name_kana": "0000000000001-0000-a",
    "sex": "0000000000001-0000-a",
    "birth_date": "0000000000001-0000-a",
}
WALK_IN = {"name": "佐藤　次郎", "furigana": "さとう", "sex": "1"}


def _person(
    person_id: str, fields: dict[str, str], hlcs: dict[str, str], ref: str | None
) -> dict[str, object]:
    return {
        "person_id": person_id,
        "kind": "resident" if ref else "walk_in",
        "municipality_id": "M-001" if ref else None,
        "external_ref": ref,
        "household_id": None,
        "fields": canonical_json(fields),
        "field_hlc": canonical_json(hlcs),
        "merged_into": None,
        "shareable": True,
        "created_at_ms": 0,
        "updated_at_ms": 0,
    }


def _downgrade(engine: Engine, revision: str) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_old_resident_fields_become_name_furigana_and_sex_codes_and_come_back(
    engine: Engine,
) -> None:
    _downgrade(engine, "0008")
    upsert: dict[str, Any] = {
        "person_id": "p-1",
        "kind": "resident",
        "household_id": None,
        "fields": {"family_name": "山田", "given_name": "花子", "sex": "female"},
        "card_keys": [],
    }
    with engine.begin() as conn:
        conn.execute(
            insert(persons),
            [
                _person("p-1", OLD_RESIDENT, HLCS, "r1"),
                _person("w-1", WALK_IN, dict.fromkeys(WALK_IN, "0000000000003-0000-k"), None),
            ],
        )
        conn.execute(
            insert(changes).values(
                position=1,
                scope_key="shelter:S-001",
                person_id="p-1",
                entity="person",
                entity_id="p-1",
                op="upsert",
                payload=canonical_json(upsert),
                committed_at_ms=0,
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        rows = {r.person_id: r for r in conn.execute(select(persons))}
        payload = json.loads(conn.execute(select(changes.c.payload)).scalar_one())
    resident = rows["p-1"]
    assert json.loads(resident.fields) == {
        "name": "山田\u3000花子",
        "furigana": "ヤマダ\u3000ハナコ",
        "sex": "2",
        "birth_date": "1970-05-05",
    }
    # The name carries the newer of its parts' write stamps.
    assert json.loads(resident.field_hlc) == {
        "name": "0000000000002-0000-a",
        "furigana": "0000000000001-0000-a",
        "sex": "0000000000001-0000-a",
        "birth_date": "0000000000001-0000-a",
    }
    assert resident.fields == canonical_json(json.loads(resident.fields))
    assert json.loads(rows["w-1"].fields) == WALK_IN  # already the kiosk's: untouched
    assert payload["fields"] == {"name": "山田\u3000花子", "furigana": "", "sex": "2"}

    _downgrade(engine, "0008")
    with engine.connect() as conn:
        # The columns of 0008 (the head's table has more).
        rows = {r.person_id: r for r in conn.execute(select(persons.c.person_id, persons.c.fields))}
    assert json.loads(rows["p-1"].fields) == OLD_RESIDENT
    assert json.loads(rows["w-1"].fields) == WALK_IN
    migrate.upgrade(engine)
