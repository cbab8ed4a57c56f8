"""The schema comes from the migrations, and the migrations match the table definitions."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select, text

from linkage import kek, migrate
from linkage.db import make_engine
from linkage.tables import consent_definitions, feed_counter, metadata, signing_keys
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
