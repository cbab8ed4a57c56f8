"""Database helpers: a conditional upsert keeps the newest stamp whatever order rows arrive in;
statements sent in a pipeline fail as any other statement does; a list of keys is one
parameter."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Engine, MetaData, String, Table, func, insert, select
from sqlalchemy.exc import IntegrityError

from linkage.db import bulk_insert, key_in, key_in_param, raw_pipeline, upsert_if_newer
from linkage.tables import events, persons, presence, shelters
from tests.linkage.rows import bare_person


def _row(hlc: str, shelter_id: str) -> dict[str, str]:
    return {
        "person_id": "p-1",
        "shelter_id": shelter_id,
        "state": "in",
        "hlc": hlc,
        "event_id": hlc,
    }


def test_only_rows_newer_than_the_stored_one_are_written_and_reported(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(persons).values(
                person_id="p-1",
                kind="walk_in",
                fields="{}",
                field_hlc="{}",
                shareable=True,
                created_at_ms=0,
                updated_at_ms=0,
            )
        )
        assert upsert_if_newer(conn, presence, [_row("0002", "S-2")], "person_id", "hlc") == ["p-1"]
        for older_or_same in ("0001", "0002"):
            written = upsert_if_newer(
                conn, presence, [_row(older_or_same, "S-9")], "person_id", "hlc"
            )
            assert written == []
        assert upsert_if_newer(conn, presence, [_row("0003", "S-3")], "person_id", "hlc") == ["p-1"]
        stored = conn.execute(select(presence.c.shelter_id, presence.c.hlc)).one()
    assert tuple(stored) == ("S-3", "0003")


def test_a_conditional_upsert_of_more_rows_than_one_statement_takes_writes_each_newer_one(
    engine: Engine,
) -> None:
    ids = [f"p-{i:05d}" for i in range(2500)]
    with engine.begin() as conn:
        conn.execute(insert(persons), [bare_person(p, kind="walk_in") for p in ids])
        stored = [{**_row("0005", "S-1"), "person_id": p, "event_id": p} for p in ids[::2]]
        assert sorted(upsert_if_newer(conn, presence, stored, "person_id", "hlc")) == ids[::2]
        # Every person again: the odd ones are new, the even ones newer (every fourth) or older.
        rows = [
            {**_row("0009" if i % 4 == 0 or i % 2 else "0001", "S-2"), "person_id": p}
            for i, p in enumerate(ids)
        ]
        written = upsert_if_newer(conn, presence, rows, "person_id", "hlc")
        found = {r.person_id: r.shelter_id for r in conn.execute(select(presence))}
    newer = [p for i, p in enumerate(ids) if i % 4 == 0 or i % 2]
    assert sorted(written) == newer
    assert found == {p: "S-2" if p in set(newer) else "S-1" for p in ids}


def _event(seq: int, event_id: str) -> dict[str, object]:
    return {
        "event_id": event_id,
        "device_id": "d-1",
        "device_seq": seq,
        "hlc": f"{seq:013d}:0:d-1",
        "type": "shelter.checked_in",
        "schema": 1,
        "payload": '{"person_id":"p-1","shelter_id":"S-1"}',
        "prev_hash": "0" * 64,
        "hash": f"{seq:064d}",
        "received_at_ms": seq,
    }


def test_a_bulk_insert_stores_its_rows_as_given_and_a_taken_key_raises_as_any_statement(
    engine: Engine,
) -> None:
    rows = [_event(seq, f"e-{seq}") for seq in range(1, 4)]
    with engine.begin() as conn:
        bulk_insert(conn, events, rows)
        stored = [dict(r) for r in conn.execute(select(events).order_by("device_seq")).mappings()]
    assert stored == rows
    with pytest.raises(IntegrityError), engine.begin() as conn:
        bulk_insert(conn, events, [_event(9, "e-9"), _event(10, "e-2")])
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar_one() == 3


def test_a_pipelined_statement_that_fails_raises_as_any_statement_and_stores_nothing(
    engine: Engine,
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("pipelines are PostgreSQL's")
    row = "INSERT INTO shelters (shelter_id, municipality_id, name) VALUES (%s, 'M', 'S')"
    # An IntegrityError, as SQLAlchemy raises it: ``unit`` retries or answers 409 on it.
    with pytest.raises(IntegrityError), engine.begin() as conn, raw_pipeline(conn) as raw:
        raw.execute(row, ("S-1",))
        raw.execute(row, ("S-1",))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(shelters)).scalar_one() == 0


def test_a_key_list_picks_the_rows_an_in_list_picks_as_one_parameter(engine: Engine) -> None:
    ids = ["S-1", "避難所-2", 'S-"3"', "S-4"]
    with engine.begin() as conn:
        conn.execute(
            insert(shelters),
            [
                {"shelter_id": s, "municipality_id": "M", "name": s, "capacity": n}
                for n, s in enumerate(ids)
            ],
        )
        for wanted in ([], ["S-1"], ["避難所-2", 'S-"3"', "S-9"], ids):
            by_list = select(shelters.c.shelter_id).where(
                key_in(conn, shelters.c.shelter_id, wanted)
            )
            assert sorted(conn.execute(by_list).scalars()) == sorted(set(wanted) & set(ids))
        by_number = select(shelters.c.shelter_id).where(key_in(conn, shelters.c.capacity, [1, 3]))
        assert sorted(conn.execute(by_number).scalars()) == ["S-4", "避難所-2"]
        named = select(shelters.c.shelter_id).where(
            key_in_param(conn.dialect.name, shelters.c.shelter_id, "ids")
        )
        assert list(conn.execute(named, {"ids": ["S-4"]}).scalars()) == ["S-4"]
        # However many keys: one bound parameter, not a list expanded into one per key.
        compiled = by_list.compile(conn)
        assert len(compiled.params) == 1 and "POSTCOMPILE" not in str(compiled)


def test_a_bulk_insert_gives_a_column_left_out_its_default(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        # PostgreSQL's one statement inserts the columns the rows give; no caller leaves one
        # with a default out.
        pytest.skip("SQLite's statement is chosen by the columns' defaults")
    table = Table(
        "bulk_defaults",
        MetaData(),
        Column("key", String(8), primary_key=True),
        Column("state", String(8), nullable=False, default="new"),
    )
    table.create(engine)
    with engine.begin() as conn:
        bulk_insert(conn, table, [{"key": "a"}, {"key": "b"}])
        bulk_insert(conn, table, [{"key": "b", "state": "seen"}], upsert_on=["key"])
        stored = {r.key: r.state for r in conn.execute(select(table))}
    assert stored == {"a": "new", "b": "seen"}
