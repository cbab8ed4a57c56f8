"""Database engines: PostgreSQL through psycopg 3, or an embedded SQLite file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def is_sqlite(url_or_engine: str | Engine | Connection) -> bool:
    """Whether this URL, engine or connection is SQLite."""
    if isinstance(url_or_engine, str):
        return url_or_engine.startswith("sqlite")
    return url_or_engine.dialect.name == "sqlite"


def make_engine(url: str, pool_size: int = 10) -> Engine:
    """An engine tuned for the platform's short read-write transactions."""
    if is_sqlite(url):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=pool_size
        )
        _serialise_sqlite_writers(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def _serialise_sqlite_writers(engine: Engine) -> None:
    # pysqlite starts transactions lazily and upgrades read locks to write locks, which
    # deadlocks concurrent writers; BEGIN IMMEDIATE takes the write lock up front instead.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


_PG_ARRAY = {"BIGINT": "bigint[]", "INTEGER": "integer[]", "BOOLEAN": "boolean[]"}


def bulk_insert(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    upsert_on: Sequence[str] = (),
) -> None:
    """Insert many rows fast; with ``upsert_on`` (key columns), rows with a taken key update it.

    PostgreSQL gets one ``INSERT … SELECT FROM unnest(arrays)`` statement: one round trip and
    one plan however many rows. SQLite, in-process, gets a plain executemany.
    """
    if not rows:
        return
    columns = list(rows[0])
    updates = [c for c in columns if c not in upsert_on]
    if conn.dialect.name != "postgresql":
        stmt = sqlite_insert(table)
        if upsert_on:
            stmt = stmt.on_conflict_do_update(
                index_elements=list(upsert_on), set_={c: stmt.excluded[c] for c in updates}
            )
        conn.execute(stmt, list(rows))
        return
    arrays = ", ".join(
        f"%b::{_PG_ARRAY.get(str(table.c[c].type).split('(')[0], 'text[]')}" for c in columns
    )
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT * FROM unnest({arrays})"
    if upsert_on:
        assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in updates)
        sql += f" ON CONFLICT ({', '.join(upsert_on)}) DO UPDATE SET {assignments}"
    conn.exec_driver_sql(sql, tuple([row[c] for row in rows] for c in columns))
