"""The schema comes from the migrations, and the migrations match the table definitions."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, delete, insert, inspect, select, text

from linkage import feed, kek, migrate
from linkage.db import make_engine
from linkage.tables import changes, consent_definitions, feed_counter, metadata, signing_keys
from tests.linkage.conftest import TEST_KEK


def test_migrations_build_exactly_the_tables_the_code_uses(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_presence_pages_keep_room_for_a_row_rewritten_in_place(engine: Engine) -> None:
    # A check-in or check-out changes no indexed column of presence (0042); PostgreSQL rewrites
    # such a row in place only where its page has room.
    if engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL storage parameter")
    with engine.connect() as conn:
        options: list[str] | None = conn.execute(
            text("SELECT reloptions FROM pg_class WHERE relname = 'presence'")
        ).scalar_one()
    assert options == ["fillfactor=70"]


def test_events_by_type_and_stamp_are_a_block_range_index_on_postgresql(engine: Engine) -> None:
    # A B-tree entry per stored event was a tenth of the server's work of a push (0042).
    if engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL index method")
    with engine.connect() as conn:
        definition: str = conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_events_type_hlc'")
        ).scalar_one()
    assert "USING brin (type, hlc) WITH (autosummarize='on')" in definition


def test_a_persons_changes_are_found_by_a_hash_index_on_postgresql(engine: Engine) -> None:
    # Every pushed change adds an entry to it; only a person's deletes read it, by equality
    # (0045). Both deletes keep their way to the rows through it.
    if engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL index method")
    deletes = [
        delete(changes).where(changes.c.person_id == "p-1", changes.c.op == "upsert"),
        delete(changes).where(changes.c.person_id.in_(["p-1", "p-2"])),
    ]
    with engine.connect() as conn:
        definition: str = conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_changes_person'")
        ).scalar_one()
        assert "USING hash (person_id)" in definition
        # The table is empty here: a scan of it would be the plan whatever the indexes.
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        for stmt in deletes:
            sql = stmt.compile(conn, compile_kwargs={"literal_binds": True})
            plan = "\n".join(conn.execute(text(f"EXPLAIN {sql}")).scalars())
            assert "ix_changes_person" in plan, plan


def test_migration_0045_goes_back_to_the_b_tree_and_forth_again(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL index method")
    config = migrate.alembic_config(engine)
    found = text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_changes_person'")
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0044")
        assert "USING btree (person_id)" in conn.execute(found).scalar_one()
        command.upgrade(config, "0045")
        assert "USING hash (person_id)" in conn.execute(found).scalar_one()


def test_a_migrated_database_is_seeded(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(select(feed_counter.c.position)).scalar_one() == 0
        # The card's four, naming one's shelter on the safety list (0035), event attendance
        # (0037).
        assert len(conn.execute(select(consent_definitions)).all()) == 6
        assert len(conn.execute(select(signing_keys)).all()) == 1


def test_migrating_twice_changes_nothing_and_reports_current(tmp_path: Path) -> None:
    eng = make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    kek.bind(eng, TEST_KEK)
    assert not migrate.is_current(eng)
    migrate.upgrade(eng)
    migrate.upgrade(eng)
    assert migrate.is_current(eng)
    with eng.connect() as conn:
        assert len(conn.execute(select(signing_keys)).all()) == 1
    eng.dispose()


def _changes_key_and_indexes(conn: Connection) -> tuple[list[str], set[str]]:
    found = inspect(conn)
    key: list[str] = found.get_pk_constraint("changes")["constrained_columns"]
    return key, {str(i["name"]) for i in found.get_indexes("changes")}


def test_the_feeds_changes_are_keyed_by_scope_and_position(engine: Engine) -> None:
    # One index serves every pull and keeps positions unique (0047); the key on position alone
    # and a second index on (scope_key, position) were two entries written per change.
    with engine.connect() as conn:
        key, indexes = _changes_key_and_indexes(conn)
    assert key == ["scope_key", "position"]
    assert indexes == {"ix_changes_person"}


def test_migration_0047_goes_back_to_the_key_on_position_and_forth_again(engine: Engine) -> None:
    config = migrate.alembic_config(engine)
    stored = {
        "position": 7,
        "scope_key": "shelter:S1",
        "person_id": "p-1",
        "entity": "presence",
        "entity_id": "p-1",
        "op": "upsert",
        "payload": '{"hlc":"h","person_id":"p-1","shelter_id":"S1","state":"in"}',
        "committed_at_ms": 1,
    }
    with engine.begin() as conn:
        conn.execute(insert(changes).values(stored))
        config.attributes["connection"] = conn
        command.downgrade(config, "0046")
        assert _changes_key_and_indexes(conn) == (
            ["position"],
            {"ix_changes_person", "ix_changes_scope_position"},
        )
        command.upgrade(config, "0047")
        assert _changes_key_and_indexes(conn) == (["scope_key", "position"], {"ix_changes_person"})
        assert conn.execute(select(changes)).one()._asdict() == stored


def test_a_pull_reads_each_scopes_page_by_the_key_on_postgresql(engine: Engine) -> None:
    # With the index of the same columns gone (0047), the key is the pull's ordered range.
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plan")
    for probe in (False, True):
        sql, constants = feed._page_text_sql(engine.dialect, 2, probe)
        params = {**constants, "after": 0, "limit": 100, "key0": "all", "key1": "shelter:S1"}
        with engine.connect() as conn:
            # The table is empty here: a scan of it would be the plan whatever the indexes.
            conn.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(conn.exec_driver_sql(f"EXPLAIN {sql}", params).scalars())
        assert plan.count("Index Scan using changes_pkey") == 2, plan
