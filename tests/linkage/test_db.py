"""Database helpers: a conditional upsert keeps the newest stamp whatever order rows arrive in;
statements sent in a pipeline fail as any other statement does; a list of keys is one
parameter."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from linkage.db import key_in, key_in_param, raw_pipeline, upsert_if_newer
from linkage.tables import persons, presence, shelters


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
