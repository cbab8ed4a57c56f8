"""Each household's compact stamps (``households.record_hlc``, ``differing_hlc``) are what
kazasu_protocol/household_item.py computes from the row's ``fields`` and ``field_hlc``, after
every writer of a household's stamps, and after migration 0048 for rows stored before it."""

from __future__ import annotations

import json
from typing import Any

from alembic import command
from sqlalchemy import Engine, insert, select

from kazasu_protocol import household_item
from kazasu_protocol.canonical import canonical_json
from linkage import migrate, people
from linkage.tables import households
from tests.linkage.kiosk_double import Platform

RESIDENTS = (
    "external_ref,family_name,given_name,birth_date,household_ref,designated_shelter_id,"
    "kiosk_consent\n"
    "r1,中村,優,1990-03-04,H1,S-001,yes\n"
    "r2,中村,陽,1992-05-06,H1,S-001,no\n"
)


def _stored(engine: Engine) -> dict[str, tuple[Any, ...]]:
    """Each household's (fields, field_hlc, record_hlc, differing_hlc) as stored."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                households.c.household_id,
                households.c.fields,
                households.c.field_hlc,
                households.c.record_hlc,
                households.c.differing_hlc,
            )
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def _assert_compact_stamps_kept(engine: Engine) -> dict[str, tuple[Any, ...]]:
    stored = _stored(engine)
    for household_id, (fields, field_hlc, record_hlc, differing_hlc) in stored.items():
        hlc, differing = household_item.compact_stamps(json.loads(fields), json.loads(field_hlc))
        assert (record_hlc, differing_hlc) == (hlc, canonical_json(differing)), household_id
    return stored


def test_every_writer_of_a_households_stamps_keeps_the_compact_stamps(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    # A resident list makes its households (empty, no stamps).
    platform.import_residents(RESIDENTS)
    # A kiosk registers a household with its fields, then a person into a new household (made
    # empty by the platform), then edits the first household's phone later: the record's
    # stamp and one differing.
    kiosk.event("household.registered", {"household_id": "h-k", "fields": {"pets": "犬"}})
    kiosk.event(
        "household.updated", {"household_id": "h-k", "fields": {"address": "北区", "pets": "猫"}}
    )
    kiosk.event(
        "person.registered",
        {"person_id": "w-1", "household_id": "h-new", "fields": {}, "source": "walk_in"},
    )
    kiosk.event("household.updated", {"household_id": "h-k", "fields": {"phone": "03"}})
    assert kiosk.push().status_code == 200
    # A household written on the platform (pre-registration's writer).
    with platform.engine.begin() as conn:
        people.ensure_household(conn, "h-pre")
        record = people.load_household(conn, "h-pre")
        record.merge({"shelter_id": "S-001", "phone": "090"}, "7")
        people.save_record(conn, "household", "h-pre", record, None)

    stored = _assert_compact_stamps_kept(platform.engine)
    assert set(stored) >= {"h-M-001-H1", "h-k", "h-new", "h-pre"}
    # The cases are there: differing stamps, one stamp for all, and none at all.
    assert stored["h-k"][3] != "{}"
    assert stored["h-pre"][2:] == ("7", "{}")
    assert stored["h-new"][2:] == (None, "{}")
    assert stored["h-M-001-H1"][2:] == (None, "{}")


def _downgrade(engine: Engine, revision: str) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_migration_0048_fills_the_compact_stamps_of_the_households_stored_before_it(
    engine: Engine,
) -> None:
    _downgrade(engine, "0047")
    stamps = [
        ({"phone": "a", "address": "b"}, {"phone": "1", "address": "1"}),
        (
            {"phone": "a", "address": "b", "pets": "c"},
            {"phone": "1", "address": "2", "pets": "2"},
        ),
        ({"phone": "a"}, {}),
        ({}, {}),
        ({"phone": "a"}, {"phone": "1", "gone": "3"}),
    ]
    with engine.begin() as conn:
        conn.execute(
            insert(households),  # the columns of 0047 only
            [
                {
                    "household_id": f"h-{i}",
                    "fields": canonical_json(fields),
                    "field_hlc": canonical_json(hlcs),
                    "members_json": "[]",
                    "created_at_ms": 0,
                    "updated_at_ms": 0,
                }
                for i, (fields, hlcs) in enumerate(stamps)
            ],
        )
    migrate.upgrade(engine)
    stored = _assert_compact_stamps_kept(engine)
    assert [stored[f"h-{i}"][2:] for i in range(len(stamps))] == [
        ("1", "{}"),
        ("2", '{"phone":"1"}'),
        (None, "{}"),  # no stamp at all: nothing to say of the field
        (None, "{}"),
        ("1", '{"gone":"3"}'),
    ]
