"""Each person's compact stamps (``persons.record_hlc``, ``differing_hlc``) are what
kazasu_protocol/person_item.py computes from the row's ``fields`` and ``field_hlc``, after every
writer of a person's stamps, and after migration 0044 for rows stored before it."""

from __future__ import annotations

import json
from typing import Any

from alembic import command
from sqlalchemy import Engine, insert, select

from kazasu_protocol import person_item
from kazasu_protocol.canonical import canonical_json
from linkage import migrate, people
from linkage.tables import persons
from tests.linkage.kiosk_double import ADMIN, Platform

RESIDENTS = (
    "external_ref,family_name,given_name,birth_date,household_ref,designated_shelter_id,"
    "kiosk_consent\n"
    "r1,中村,優,1990-03-04,H1,S-001,yes\n"
    "r2,中村,陽,1992-05-06,H1,S-001,no\n"
)
# The same list a day later: r1's birth date corrected (an update of a stored person).
RESIDENTS_AGAIN = RESIDENTS.replace("1990-03-04", "1990-03-05")


def _stored(engine: Engine) -> dict[str, tuple[Any, ...]]:
    """Each person's (fields, field_hlc, record_hlc, differing_hlc) as stored."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                persons.c.person_id,
                persons.c.fields,
                persons.c.field_hlc,
                persons.c.record_hlc,
                persons.c.differing_hlc,
            )
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def _assert_compact_stamps_kept(engine: Engine) -> dict[str, tuple[Any, ...]]:
    stored = _stored(engine)
    for person_id, (fields, field_hlc, record_hlc, differing_hlc) in stored.items():
        hlc, differing = person_item.compact_stamps(json.loads(fields), json.loads(field_hlc))
        assert (record_hlc, differing_hlc) == (hlc, canonical_json(differing)), person_id
    return stored


def _person(platform: Platform, ref: str) -> str:
    with platform.engine.connect() as conn:
        return str(
            conn.execute(select(persons.c.person_id).where(persons.c.external_ref == ref)).scalar()
        )


def test_every_writer_of_a_persons_stamps_keeps_the_compact_stamps(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    # A resident list: new people in one batch, then an update of a stored person.
    platform.import_residents(RESIDENTS)
    platform.import_residents(RESIDENTS_AGAIN)
    r1 = _person(platform, "r1")
    # A kiosk's registrations (written together), an edit with a later stamp for one field
    # (the record's stamp and one differing), and protection set.
    for pid, fields in (("w-1", {"name": "田中", "furigana": ""}), ("w-2", {})):
        kiosk.event(
            "person.registered",
            {"person_id": pid, "household_id": None, "fields": fields, "source": "walk_in"},
        )
    kiosk.event("person.updated", {"person_id": "w-1", "fields": {"phone": "090-0000-0000"}})
    kiosk.event("person.updated", {"person_id": r1, "fields": {"dv_protected": True}})
    assert kiosk.push().status_code == 200
    # An administrator clears the protection, and merges a walk-in into a resident.
    cleared = platform.client.post(
        f"/v1/admin/persons/{r1}/dv-protection/clear",
        json={"municipality_id": "M-001", "reason": "本人申出"},
        headers=ADMIN,
    )
    assert cleared.status_code == 200, cleared.text
    merged = platform.client.post(
        "/v1/admin/persons/merge",
        json={"from_person_id": "w-2", "into_person_id": r1},
        headers=ADMIN,
    )
    assert merged.status_code == 200, merged.text
    # A person created on the platform (pre-registration's writer).
    with platform.engine.begin() as conn:
        people.create_person(conn, "pre-1", "pre-registered", {"name": "佐藤"}, "7")

    stored = _assert_compact_stamps_kept(platform.engine)
    assert set(stored) >= {r1, _person(platform, "r2"), "w-1", "w-2", "pre-1"}
    # The cases are there: one differing stamp, and a record whose stamps are all one.
    assert stored["w-1"][3] != "{}"
    assert stored["pre-1"][2:] == ("7", "{}")
    assert stored["w-2"][2:] == (None, "{}")  # merged away: no fields, no stamps


def _downgrade(engine: Engine, revision: str) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_migration_0044_fills_the_compact_stamps_of_the_people_stored_before_it(
    engine: Engine,
) -> None:
    _downgrade(engine, "0043")
    stamps = [
        ({"name": "a", "furigana": "b"}, {"name": "1", "furigana": "1"}),
        (
            {"name": "a", "furigana": "b", "phone": "c"},
            {"name": "1", "furigana": "2", "phone": "2"},
        ),
        ({"name": "a"}, {}),
        ({}, {}),
        ({"name": "a"}, {"name": "1", "gone": "3"}),
    ]
    with engine.begin() as conn:
        conn.execute(
            insert(persons),  # the columns of 0043 only
            [
                {
                    "person_id": f"p-{i}",
                    "kind": "walk_in",
                    "fields": canonical_json(fields),
                    "field_hlc": canonical_json(hlcs),
                    "shareable": True,
                    "created_at_ms": 0,
                    "updated_at_ms": 0,
                }
                for i, (fields, hlcs) in enumerate(stamps)
            ],
        )
    migrate.upgrade(engine)
    stored = _assert_compact_stamps_kept(engine)
    assert [stored[f"p-{i}"][2:] for i in range(len(stamps))] == [
        ("1", "{}"),
        ("2", '{"name":"1"}'),
        (None, "{}"),
        (None, "{}"),
        ("1", '{"gone":"3"}'),
    ]
