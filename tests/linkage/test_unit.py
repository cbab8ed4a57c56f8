"""Units of work: a pooled connection the database server closed is replaced, not reported."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import Connection, Engine

from linkage import unit


def _one(conn: Connection) -> int:
    value: int = conn.exec_driver_sql("SELECT 1").scalar_one()
    return value


def _close_pooled_connections(engine: Engine) -> None:
    # What a server restart or an idle timeout does to the connections a process keeps.
    dsn = engine.url.set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(dsn, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    assert killed is not None and killed[0] >= 1


def test_reads_and_writes_survive_connections_closed_by_the_server(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("an SQLite file has no server to close connections")
    assert unit.read(engine, _one) == 1  # leaves a connection in the pool
    _close_pooled_connections(engine)
    assert unit.read(engine, _one) == 1
    _close_pooled_connections(engine)
    assert unit.write(engine, lambda conn: (_one(conn), [])) == 1
