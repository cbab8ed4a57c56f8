"""Database helpers: a conditional upsert keeps the newest stamp whatever order rows arrive in."""

from __future__ import annotations

from sqlalchemy import Engine, insert, select

from linkage.db import upsert_if_newer
from linkage.tables import persons, presence


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
