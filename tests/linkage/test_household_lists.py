"""Each household's stored members list (``households.members_json``) is what
``household_lists.members_json`` computes from its member rows, after every writer of a
household's members or of their sharing, and after migration 0046 for rows stored before it."""

from __future__ import annotations

import threading

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, delete, insert, inspect, select

from linkage import consent, event_sites, feed, household_lists, migrate, unit
from linkage.tables import household_members, households, person_scopes, persons
from tests.linkage.kiosk_double import ADMIN, Platform
from tests.linkage.postgres_server import a_session_waits_on_a_lock

RESIDENTS = (
    "external_ref,family_name,given_name,birth_date,household_ref,relation,"
    "designated_shelter_id,kiosk_consent\n"
    "r1,中村,優,1990-03-04,H1,head,S-001,yes\n"
    "r2,中村,陽,1992-05-06,H1,spouse,S-001,no\n"
    "r3,中村,空,2015-01-01,H1,child,S-001,yes\n"
    "r4,小林,蓮,1980-01-01,H2,head,S-001,yes\n"
    # A household no later writer touches.
    "r6,山本,葵,1975-06-06,H3,head,S-001,yes\n"
    "r7,山本,茜,1977-07-07,H3,spouse,S-001,no\n"
)
# The same list a day later: r5 joins H2 (a new person in a household already stored).
RESIDENTS_AGAIN = RESIDENTS + "r5,小林,陸,2010-02-02,H2,child,S-001,yes\n"


def _stored(engine: Engine) -> dict[str, str | None]:
    with engine.connect() as conn:
        rows = conn.execute(select(households.c.household_id, households.c.members_json)).all()
    return {str(hid): None if members is None else str(members) for hid, members in rows}


def _assert_lists_kept(engine: Engine) -> dict[str, str | None]:
    stored = _stored(engine)
    with engine.connect() as conn:
        computed = household_lists.members_json(conn, list(stored))
    assert stored == computed
    return stored


def _person(platform: Platform, ref: str) -> str:
    with platform.engine.connect() as conn:
        return str(
            conn.execute(select(persons.c.person_id).where(persons.c.external_ref == ref)).scalar()
        )


def test_every_writer_of_a_households_members_or_their_sharing_keeps_its_list(
    platform: Platform,
) -> None:
    kiosk = platform.kiosk("S-001")
    # A resident list: households and their members in one batch, then a member added.
    platform.import_residents(RESIDENTS)
    # Checked at once: importing the list again rewrites each stored person's household.
    _assert_lists_kept(platform.engine)
    platform.import_residents(RESIDENTS_AGAIN)
    r1, r2, r3 = (_person(platform, r) for r in ("r1", "r2", "r3"))
    # A kiosk's household, people registered into it (written together) and one added to it.
    kiosk.event("household.registered", {"household_id": "h-k", "fields": {"pets": "犬"}})
    for pid, hid in (("w-1", "h-k"), ("w-2", "h-k3"), ("w-3", "h-k"), ("w-5", "h-k2")):
        kiosk.event(
            "person.registered",
            {"person_id": pid, "household_id": hid, "fields": {}, "source": "walk_in"},
        )
    kiosk.event(
        "person.registered",
        {"person_id": "w-4", "household_id": None, "fields": {}, "source": "walk_in"},
    )
    kiosk.event(
        "household.member_added", {"household_id": "h-k", "person_id": "w-4", "relation": "son"}
    )
    assert kiosk.push().status_code == 200
    _assert_lists_kept(platform.engine)
    # Sharing withdrawn by one member and given by another; a walk-in merged into a resident
    # (leaves its household; the resident takes none, having one).
    with platform.engine.begin() as conn:
        consent.record(conn, r3, consent.KIOSK_SHARING, "withdrawn", "paper", "staff")
        consent.record(conn, r2, consent.KIOSK_SHARING, "given", "paper", "staff")
    merged = platform.client.post(
        "/v1/admin/persons/merge",
        json={"from_person_id": "w-2", "into_person_id": r1},
        headers=ADMIN,
    )
    assert merged.status_code == 200, merged.text
    # An event site's people deleted after it closed (its purge's writer).
    with platform.engine.begin() as conn:
        # As the purge does, its scope first.
        conn.execute(delete(person_scopes).where(person_scopes.c.person_id == "w-3"))
        event_sites._delete_people(conn, ["w-3"])

    stored = _assert_lists_kept(platform.engine)
    h1 = stored["h-M-001-H1"]
    assert h1 is not None and r2 in h1 and r1 in h1 and r3 not in h1
    assert stored["h-k"] == (
        '[{"person_id":"w-1","relation":"member"},{"person_id":"w-4","relation":"son"}]'
    )
    h3 = stored["h-M-001-H3"]
    assert h3 is not None and h3.count("person_id") == 1 and _person(platform, "r6") in h3
    assert stored["h-k3"] == "[]"  # its only member merged away
    assert stored["h-k2"] == '[{"person_id":"w-5","relation":"member"}]'
    assert stored["h-M-001-H2"] is not None and stored["h-M-001-H2"].count("person_id") == 2


def _migrate(engine: Engine, revision: str, up: bool) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.upgrade if up else command.downgrade)(config, revision)


def test_migration_0046_fills_the_lists_of_the_households_stored_before_it(
    engine: Engine,
) -> None:
    _migrate(engine, "0045", up=False)
    with engine.begin() as conn:
        conn.execute(
            insert(persons),
            [
                {
                    "person_id": pid,
                    "kind": "walk_in",
                    "fields": "{}",
                    "field_hlc": "{}",
                    "shareable": shareable,
                    "created_at_ms": 0,
                    "updated_at_ms": 0,
                }
                for pid, shareable in (("p-1", True), ("p-2", False), ("p-3", True))
            ],
        )
        conn.execute(
            insert(households),  # the columns of 0045 only
            [
                {
                    "household_id": hid,
                    "fields": "{}",
                    "field_hlc": "{}",
                    "created_at_ms": 0,
                    "updated_at_ms": 0,
                }
                for hid in ("h-a", "h-b", "h-c")
            ],
        )
        conn.execute(
            insert(household_members),
            [
                {"household_id": "h-a", "person_id": "p-3", "relation": 'な"\\'},
                {"household_id": "h-a", "person_id": "p-1", "relation": "head"},
                {"household_id": "h-a", "person_id": "p-2", "relation": "spouse"},
                {"household_id": "h-b", "person_id": "p-2", "relation": "head"},
            ],
        )
    _migrate(engine, "0046", up=True)
    expected = {
        "h-a": '[{"person_id":"p-1","relation":"head"},{"person_id":"p-3","relation":"な\\"\\\\"}]',
        "h-b": "[]",  # its only member withheld sharing
        "h-c": "[]",  # no member
    }
    assert _assert_lists_kept(engine) == expected
    # Down and up again: the column goes and comes back filled.
    _migrate(engine, "0045", up=False)
    with engine.connect() as conn:
        assert "members_json" not in {c["name"] for c in inspect(conn).get_columns("households")}
    migrate.upgrade(engine)
    assert _assert_lists_kept(engine) == expected


def _household_of(platform: Platform, person_id: str) -> str:
    with platform.engine.connect() as conn:
        return str(
            conn.execute(
                select(persons.c.household_id).where(persons.c.person_id == person_id)
            ).scalar()
        )


def test_two_members_who_stop_sharing_at_once_both_leave_the_households_list(
    platform: Platform,
) -> None:
    if platform.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time")
    platform.kiosk("S-001")
    platform.import_residents(RESIDENTS)
    r1, r3 = _person(platform, "r1"), _person(platform, "r3")
    kept, second_waits = threading.Event(), threading.Event()

    def first(conn: Connection) -> tuple[None, list[feed.Change]]:
        # Its list is written (the household's row locked) and it has not committed yet
        # when the second writer reads the members.
        out = consent.set_shareable(conn, r1, False)
        kept.set()
        assert second_waits.wait(30)
        return None, out

    writer = threading.Thread(target=unit.write, args=(platform.engine, first))
    writer.start()
    assert kept.wait(30)

    def release() -> None:
        # The first commits once the second waits for the household (or after 30 s).
        a_session_waits_on_a_lock(platform.engine)
        second_waits.set()

    threading.Thread(target=release).start()
    unit.write(platform.engine, lambda conn: (None, consent.set_shareable(conn, r3, False)))
    writer.join(30)
    stored = _assert_lists_kept(platform.engine)
    household = stored[_household_of(platform, r1)]
    assert household is not None and r1 not in household and r3 not in household
