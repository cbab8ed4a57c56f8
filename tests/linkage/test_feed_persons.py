"""Which changes a pull hides for consent, and the rule of the writers that keeps that cheap.

A pull hides the upserts of the people whose kiosk sharing is withheld, read when the change is
pulled; deletions, merges and changes tied to no person always go through. It reads the few
withheld people once per page instead of probing every change's person, so an upsert naming a
person with no ``persons`` row would be sent. The feed never holds one: every writer of an
upsert with a person names a person it has just read or stored in the same transaction, the
only deletion of people (an event's purge) deletes their changes with them, and a merge keeps
both rows. The inventory below fixes that rule for every writer in the code.
"""

from __future__ import annotations

import ast
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, insert, select, text, update

from linkage import event_sites, feed, migrate, people, unit
from linkage.tables import changes, persons
from tests.linkage.kiosk_double import ADMIN, Platform
from tests.linkage.postgres_server import a_session_waits_on_a_lock
from tests.linkage.rows import bare_person

SCOPE = "shelter:S-1"
TODAY = date(2026, 9, 30)

# Every writer of a change that names a person and may be an upsert, and where its person's
# row comes from. A new writer fails the inventory test until it is added here with its
# reason; one that cannot give a reason would make the pull send its upserts.
WRITERS = {
    ("arrivals.py", "_bring"): "reads the person's row (.one()); the household's members "
    "come from household_members, whose person_id references persons",
    ("city_cards.py", "link_changes"): "reads the person's shareable flag (scalar_one)",
    ("feed.py", "encode"): "copies a Change's person",
    ("people.py", "record_conflicts"): "after save_record updated the person's row, which "
    "load_record read (.one())",
    ("people.py", "person_changes"): "reads the person's shareable flag (scalar_one)",
    ("presence.py", "presence_changes"): "joins persons",
    ("presence.py", "_changes"): "its people are those presence.read found in persons",
    ("presence.py", "_share_with_new_shelters"): "only people whose payload person_payloads "
    "read from persons",
    ("projection.py", "_register_new"): "stores the registered people's rows in the same "
    "transaction",
    ("residents.py", "add"): "the batch's store() inserts the people's rows before the commit "
    "appends their changes",
    ("voting/roll.py", "_encoded_voter_changes"): "copies voter_changes, which name no person",
}


def _writers() -> set[tuple[str, str]]:
    """The functions of the platform's code that build a change naming a person (its sixth
    field not ``None``) whose operation is not a literal ``"delete"``."""
    root = Path(feed.__file__).parent
    found: set[tuple[str, str]] = set()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if _names_a_person(node):
                    found.add((path.relative_to(root).as_posix(), function.name))
    return found


def _names_a_person(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    called = node.func
    name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", None)
    if name not in ("Change", "Encoded"):
        return False
    person: Any = node.args[5] if len(node.args) > 5 else None
    person = next((k.value for k in node.keywords if k.arg == "person_id"), person)
    op = node.args[3] if len(node.args) > 3 else None
    if isinstance(op, ast.Constant) and op.value == "delete":
        return False
    return not (isinstance(person, ast.Constant) and person.value is None)


def test_every_writer_of_an_upsert_naming_a_person_names_a_stored_one() -> None:
    found = _writers()
    assert found - WRITERS.keys() == set(), "new writers: say where their person's row comes from"
    assert WRITERS.keys() - found == set(), "writers gone: take them out of the inventory"


def _person(conn: Connection, person_id: str, shareable: bool) -> None:
    conn.execute(insert(persons).values(bare_person(person_id, shareable=shareable)))


def _change(conn: Connection, position: int, op: str, entity_id: str, person: str | None) -> None:
    conn.execute(
        insert(changes).values(
            position=position,
            scope_key=SCOPE,
            person_id=person,
            entity="person",
            entity_id=entity_id,
            op=op,
            payload=f'{{"person_id":"{entity_id}"}}',
            committed_at_ms=0,
        )
    )


@pytest.mark.parametrize("set_max", [10_000, 1], ids=["few-withheld", "many-withheld"])
def test_a_pull_hides_the_upserts_of_people_who_withhold_sharing_when_it_reads_them(
    engine: Engine, set_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Many: PostgreSQL looks each change's person up rather than reading them all.
    monkeypatch.setattr(feed, "WITHHELD_SET_MAX", set_max)
    monkeypatch.setattr(feed, "WITHHELD_COUNT_S", 0.0)
    with engine.begin() as conn:
        _person(conn, "p-shared", True)
        _person(conn, "p-withheld", False)
        _person(conn, "p-later", True)
        _change(conn, 1, "upsert", "p-shared", "p-shared")
        _change(conn, 2, "upsert", "p-withheld", "p-withheld")
        _change(conn, 3, "delete", "p-withheld", "p-withheld")
        _change(conn, 4, "upsert", "h-1", None)
        _change(conn, 5, "upsert", "p-later", "p-later")
    with engine.connect() as conn:
        assert [r.position for r in feed.page(conn, [SCOPE], 0, 10)] == [1, 3, 4, 5]
    # Sharing withdrawn after the change was written: the change stays, the pull hides it.
    with engine.begin() as conn:
        conn.execute(
            update(persons).where(persons.c.person_id == "p-later").values(shareable=False)
        )
    with engine.connect() as conn:
        rows = feed.page(conn, [SCOPE], 0, 10)
        assert [r.position for r in rows] == [1, 3, 4]
        assert feed.page_text(conn, [SCOPE], 0, 10) == feed.render_page(rows, 0, 10).encode()


def test_the_migration_drops_the_hidden_upserts_naming_no_stored_person(engine: Engine) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0041")
    with engine.begin() as conn:
        _person(conn, "p-1", True)
        _change(conn, 1, "upsert", "p-1", "p-1")
        _change(conn, 2, "upsert", "p-gone", "p-gone")
        _change(conn, 3, "delete", "p-gone", "p-gone")
        _change(conn, 4, "upsert", "h-1", None)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(select(changes.c.position).order_by("position")).scalars().all() == [
            1,
            3,
            4,
        ]
        if engine.dialect.name == "postgresql":
            # An empty table is read whole otherwise: this asks whether the index can serve.
            conn.execute(text("SET enable_seqscan = off"))
        plan = " ".join(
            str(r)
            for r in conn.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT person_id FROM persons WHERE shareable = 0"
                    if engine.dialect.name == "sqlite"
                    else "EXPLAIN SELECT person_id FROM persons WHERE NOT shareable"
                )
            )
        )
    assert "ix_persons_withheld" in plan


def test_an_upsert_written_while_its_person_is_purged_goes_with_the_person(
    platform: Platform,
) -> None:
    if platform.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time")
    kiosk = platform.kiosk("E-001")
    body = {"municipality_id": "M-001", "name": "夏祭り", "capacity": 100, "kind": "event"}
    assert platform.client.put("/v1/admin/shelters/E-001", json=body, headers=ADMIN).is_success
    kiosk.event(
        "person.registered",
        {
            "person_id": "w-a",
            "household_id": None,
            "fields": {"name": "参加 太郎", "furigana": "さんか たろう"},
            "source": "walk_in",
        },
    )
    assert kiosk.push().status_code == 200
    unit.run(platform.engine, lambda c: event_sites.set_end(c, "E-001", TODAY - timedelta(days=31)))
    edited, purging = threading.Event(), threading.Event()

    def edit(conn: Connection) -> tuple[None, list[feed.Change]]:
        # A field edit: the person's row is updated (and so locked), its upserts follow.
        people.save_record(conn, "person", "w-a", people.load_record(conn, "w-a"), None)
        edited.set()
        assert purging.wait(30)
        assert a_session_waits_on_a_lock(platform.engine), "the purge never waited for the edit"
        return None, people.person_changes(conn, "w-a")

    writer = threading.Thread(target=unit.write, args=(platform.engine, edit))
    writer.start()
    assert edited.wait(30)
    purging.set()
    done = unit.write(platform.engine, lambda c: event_sites.purge_ended(c, TODAY, 30, "test"))
    writer.join(30)
    assert [d["people"] for d in done] == [1]
    with platform.engine.connect() as conn:
        left = conn.execute(
            select(changes.c.op).where(changes.c.person_id == "w-a").order_by(changes.c.position)
        ).all()
    # The edit's upserts went with the person; the purge's deletion tells the kiosks.
    assert [r.op for r in left] == ["delete"]
