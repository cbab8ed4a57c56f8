"""Migration 0024 gives shelters a kind and puts every existing shelter's definition on the
feed, so kiosks provisioned before it learn their shelters from their next pull."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import Engine, insert, select, text

from linkage import feed, migrate
from linkage.tables import changes


def _run(engine: Engine, step: str, revision: str) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, step)(config, revision)


def test_existing_shelters_reach_the_feed_once_with_their_definition(engine: Engine) -> None:
    _run(engine, "downgrade", "0023")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO municipalities VALUES ('M-001', 'テスト市', 0)"))
        conn.execute(
            text(
                "INSERT INTO shelters (shelter_id, municipality_id, name, capacity, latitude,"
                " longitude, is_open) VALUES ('S-001', 'M-001', '第一小学校', 300, 35.1, 139.2,"
                " true), ('S-002', 'M-001', '公民館', NULL, NULL, NULL, false)"
            )
        )
        head = feed.head(conn)
        conn.execute(
            insert(changes).values(
                position=head + 1,
                scope_key="shelter:S-001",
                person_id=None,
                entity="person",
                entity_id="p-1",
                op="upsert",
                payload="{}",
                committed_at_ms=0,
            )
        )
        conn.execute(text("UPDATE feed_counter SET position = position + 1"))
    _run(engine, "upgrade", "head")
    with engine.begin() as conn:
        rows = conn.execute(
            select(changes).where(changes.c.entity == "shelter").order_by(changes.c.position)
        ).all()
        assert feed.head(conn) == head + 3
    assert [(r.position, r.scope_key) for r in rows] == [
        (head + 2, "shelter:S-001"),
        (head + 3, "shelter:S-002"),
    ]
    assert json.loads(rows[0].payload) == {
        "shelter_id": "S-001",
        "municipality_id": "M-001",
        "name": "第一小学校",
        "kind": "designated",
        "capacity": 300,
        "location": {"lat": 35.1, "lon": 139.2},
        "open": True,
    }
    assert json.loads(rows[1].payload)["location"] is None
