"""Database engines: PostgreSQL through psycopg 3, or an embedded SQLite file."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar, cast

import orjson
import psycopg
from sqlalchemy import (
    BindParameter,
    Column,
    ColumnElement,
    Connection,
    Dialect,
    Engine,
    FromClause,
    Select,
    Table,
    Text,
    TypeDecorator,
    any_,
    bindparam,
    create_engine,
    event,
    func,
    make_url,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

T = TypeVar("T")


def is_sqlite(url_or_engine: str | Engine | Connection) -> bool:
    """Whether this URL, engine or connection is SQLite."""
    if isinstance(url_or_engine, str):
        return url_or_engine.startswith("sqlite")
    return url_or_engine.dialect.name == "sqlite"


# Connections a platform process keeps to PostgreSQL. Requests beyond them wait for one: a
# few busy connections per process keep the database's cores at work, and more only add
# contention there (measured with the platform benchmark, docs/platform.md).
POOL_SIZE = 8


def make_engine(url: str, pool_size: int = POOL_SIZE) -> Engine:
    """An engine tuned for the platform's short read-write transactions."""
    if is_sqlite(url):
        _owner_only_database(url)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=pool_size
        )
        _serialise_sqlite_writers(engine)
        return engine
    return create_engine(
        url,
        pool_size=pool_size,
        # No extra connections opened and closed again under a burst: each costs the server a
        # process start.
        max_overflow=0,
        # No ping before every checkout (a round trip per request): a pooled connection the
        # server closed fails its first statement, and ``unit`` runs the work again on a
        # fresh one.
        pool_pre_ping=False,
        # No server-side prepared statements: the platform's tables grow from empty, and a
        # generic plan made while a table was small (a sequential scan) would stay cached on
        # a pooled connection long after the table grew. Statements here work on whole
        # batches, so planning each one afresh costs little.
        connect_args={"prepare_threshold": None},
    )


def _owner_only_database(url: str) -> None:
    """Create the SQLite file owner-only, and close one an older version left readable."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # SQLite says so when it connects
    # Only a file that does not exist yet is opened here: closing a descriptor of a file
    # drops every POSIX lock this process holds on it, SQLite's included, and without them
    # another process closing the database deletes the write-ahead log under this one's
    # open connections (their later writes are lost). An existing file is only chmod-ed.
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    # SQLite gives the -wal and -shm files it creates the database file's mode.
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if part.exists():
            part.chmod(0o600)


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
        # Deleted and overwritten content (a key stored in clear before it was sealed, a
        # withdrawn person) is zeroed in the file rather than left in free space.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def checkpoint(engine: Engine) -> None:
    """Copy SQLite's write-ahead log into the database file and empty it (no-op elsewhere),
    so that page versions overwritten since are gone from the disk."""
    if not is_sqlite(engine):
        return
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def key_in(
    conn: Connection, column: ColumnElement[Any], values: Sequence[Any]
) -> ColumnElement[bool]:
    """``column IN values``, as one parameter: an array on PostgreSQL, a JSON array on SQLite.

    An expanded ``IN (…)`` list is rendered anew for every length and costs a bind per value;
    ``= ANY(array)`` is one cached statement with one parameter however long the batch, and
    so is SQLite's ``IN (SELECT value FROM json_each(…))``.
    """
    if conn.dialect.name != "postgresql":
        return column.in_(_json_each(bindparam(None, list(values), type_=JsonList())))
    return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))


class JsonList(TypeDecorator[list[Any]]):
    """A list bound as the text of a JSON array (SQLite's ``json_each`` reads it)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[Any] | None, dialect: Dialect) -> str | None:
        """The list as JSON text (ids: text and integers)."""
        if value is None:
            return None
        try:
            return orjson.dumps(value).decode()
        except orjson.JSONEncodeError:  # an integer beyond 64 bits
            return json.dumps(value)


def _json_each(values: BindParameter[Any]) -> Select[Any]:
    # Each element compared as the column's own type: text stays text, integers integers.
    return select(func.json_each(values).table_valued("value").c.value)


def keyed_rows(
    conn: Connection, column: Column[Any], values: Sequence[Any]
) -> tuple[FromClause, ColumnElement[bool]]:
    """The FROM and WHERE clauses that pick the rows of ``column``'s table whose ``column`` is
    one of ``values`` (distinct: on PostgreSQL a value given twice picks its row twice).

    On PostgreSQL the values are a table (``unnest`` of one array parameter) joined to the
    column's index: each value is one index probe whatever the planner's statistics say,
    where ``= ANY(array)`` with a join may be planned as a scan of both tables (seen with a
    thousand people and their households before the tables had been analysed).
    """
    table = column.table
    if conn.dialect.name != "postgresql":
        return table, column.in_(list(values))
    keys = (
        func.unnest(bindparam(None, list(values), type_=ARRAY(column.type)))
        .table_valued("key")
        .render_derived()
    )
    return keys.join(table, column == keys.c.key), true()


def key_in_param(dialect: str, column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """``key_in`` with a named parameter, for a statement built once and run for every batch."""
    if dialect != "postgresql":
        return column.in_(_json_each(bindparam(name, type_=JsonList())))
    return column == any_(bindparam(name, type_=ARRAY(column.type)))


def bulk_insert(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    upsert_on: Sequence[str] = (),
) -> None:
    """Insert many rows fast; with ``upsert_on`` (key columns), rows with a taken key update it.

    PostgreSQL gets one ``INSERT … SELECT FROM json_to_recordset(…)`` statement: one round trip,
    one plan and one text parameter however many rows. SQLite, in-process, gets a plain
    executemany.
    """
    if not rows:
        return
    columns = tuple(rows[0])
    if conn.dialect.name != "postgresql" and _plain(conn.dialect, table, columns):
        sql = _sqlite_insert_named_sql(table, columns, tuple(upsert_on))
        conn.exec_driver_sql(sql, rows if isinstance(rows, list) else list(rows))
        return
    if conn.dialect.name != "postgresql":
        updates = [c for c in columns if c not in upsert_on]
        stmt = sqlite_insert(table)
        if upsert_on:
            stmt = stmt.on_conflict_do_update(
                index_elements=list(upsert_on), set_={c: stmt.excluded[c] for c in updates}
            )
        conn.execute(stmt, list(rows))
        return
    conn.exec_driver_sql(_pg_bulk_sql(table, columns, tuple(upsert_on)), (json_rows(rows),))


def insert_tuples(
    conn: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """``bulk_insert`` of rows given as tuples of ``columns``; SQLite's driver takes them as
    they are, without a dict made for each."""
    if conn.dialect.name != "postgresql" and _plain(conn.dialect, table, columns):
        conn.exec_driver_sql(_sqlite_insert_sql(table, columns), list(rows))
        return
    bulk_insert(conn, table, [dict(zip(columns, row, strict=True)) for row in rows])


# Keyed by the engine's dialect too: bounded, since tests make an engine each.
@functools.lru_cache(maxsize=256)
def _plain(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> bool:
    """Whether the driver takes these columns' values as they are (no bind processor) and
    SQLAlchemy adds no value of its own to a row (no Python-side default of a column left out,
    no ``onupdate``), so a statement can skip SQLAlchemy's per-row parameter processing and
    store the same rows."""
    given = set(columns)
    return all(
        table.c[c].type.dialect_impl(dialect).bind_processor(dialect) is None for c in columns
    ) and all((c.name in given or c.default is None) and c.onupdate is None for c in table.columns)


@functools.cache
def _sqlite_insert_named_sql(
    table: Table, columns: tuple[str, ...], upsert_on: tuple[str, ...]
) -> str:
    """SQLite's ``INSERT`` of named parameters (each row a dict), updating a taken key's row
    with ``upsert_on``."""
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + c for c in columns)})"
    )
    if upsert_on:
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in upsert_on)
        sql += f" ON CONFLICT ({', '.join(upsert_on)}) DO UPDATE SET {updates}"
    return sql


def bulk_update(conn: Connection, table: Table, key: str, rows: Sequence[dict[str, Any]]) -> None:
    """Set the columns each row gives on the row of ``table`` whose ``key`` it names.

    PostgreSQL gets one ``UPDATE … FROM json_to_recordset(…)`` statement: a per-row UPDATE
    costs a round trip, a plan and a trigger of the server's statement machinery for each
    row, most of a 100,000-row update's time. SQLite, in-process, gets a plain executemany.
    """
    if not rows:
        return
    columns = tuple(rows[0])
    if conn.dialect.name != "postgresql":
        lite = cast("sqlite3.Connection", conn.connection.dbapi_connection)
        lite.cursor().executemany(_sqlite_update_sql(table, key, columns), rows)
        return
    conn.exec_driver_sql(_pg_update_sql(table, key, columns), (json_rows(rows),))


@functools.cache
def _sqlite_update_sql(table: Table, key: str, columns: tuple[str, ...]) -> str:
    assignments = ", ".join(f"{c} = :{c}" for c in columns if c != key)
    return f"UPDATE {table.name} SET {assignments} WHERE {key} = :{key}"


@functools.cache
def _pg_update_sql(table: Table, key: str, columns: tuple[str, ...]) -> str:
    assignments = ", ".join(f"{c} = r.{c}" for c in columns if c != key)
    return (
        f"UPDATE {table.name} SET {assignments} "
        f"FROM json_to_recordset(%s::json) AS r({recordset_columns(table, columns)}) "
        f"WHERE {table.name}.{key} = r.{key}"
    )


def upsert_if_newer(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], key: str, stamp: str
) -> list[Any]:
    """Insert rows, or overwrite the row with the same ``key`` whose ``stamp`` is older.

    Returns the keys of the rows written. A row whose stored stamp is newer or equal is left
    as it is, also when a concurrent transaction stored it after this one read it.
    """
    if not rows:
        return []
    columns = tuple(rows[0])
    if conn.dialect.name != "postgresql" and _plain(conn.dialect, table, columns):
        return _sqlite_upsert_if_newer(conn, table, rows, key, stamp)
    if conn.dialect.name != "postgresql":
        stmt = sqlite_insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=[key],
            set_={c: stmt.excluded[c] for c in columns if c != key},
            where=table.c[stamp] < stmt.excluded[stamp],
        )
        return list(conn.execute(stmt.returning(table.c[key]), list(rows)).scalars())
    sql = _pg_upsert_newer_sql(table, columns, key, stamp)
    return list(conn.exec_driver_sql(sql, (json_rows(rows),)).scalars())


def _sqlite_upsert_if_newer(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], key: str, stamp: str
) -> list[Any]:
    """``upsert_if_newer`` on SQLite: rows of plain values in statements of many ``VALUES``
    (as SQLAlchemy's executemany with ``RETURNING`` sends them), their parameters flattened
    here rather than processed row by row."""
    columns = tuple(rows[0])
    lite = cast("sqlite3.Connection", conn.connection.dbapi_connection)
    per = max(1, min(1000, lite.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(columns)))
    written: list[Any] = []
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        sql = _sqlite_upsert_newer_sql(table, columns, key, stamp, len(chunk))
        params = tuple(row[c] for row in chunk for c in columns)
        written += conn.exec_driver_sql(sql, params).scalars()
    return written


# A statement for each chunk size met: the last chunk of a push varies.
@functools.lru_cache(maxsize=64)
def _sqlite_upsert_newer_sql(
    table: Table, columns: tuple[str, ...], key: str, stamp: str, count: int
) -> str:
    row = f"({', '.join('?' for _ in columns)})"
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    return (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES {', '.join([row] * count)} "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates} "
        f"WHERE {table.name}.{stamp} < excluded.{stamp} RETURNING {key}"
    )


def bulk_load(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many new rows (every key free) at the speed the database takes them.

    ``COPY`` on PostgreSQL; on SQLite the driver's own executemany of one plain ``INSERT``,
    which skips SQLAlchemy's per-row parameter processing (most of an executemany's time when
    the rows are plain text, numbers and booleans).
    """
    if rows:
        bulk_load_tuples(conn, table, tuple(rows[0]), (tuple(r.values()) for r in rows))


def bulk_load_tuples(
    conn: Connection, table: Table, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
) -> None:
    """``bulk_load`` of rows given as tuples of ``columns``, read once as they are stored."""
    if conn.dialect.name != "postgresql":
        # The driver's cursor reads the rows as it inserts them; SQLAlchemy's would list them.
        lite = cast("sqlite3.Connection", conn.connection.dbapi_connection)
        lite.cursor().executemany(_sqlite_insert_sql(table, columns), rows)
        return
    raw = cast("psycopg.Connection[Any]", conn.connection.dbapi_connection)
    with raw.cursor() as cursor, cursor.copy(_copy_sql(table, columns)) as copy:
        for row in rows:
            copy.write_row(row)


@functools.cache
def _sqlite_insert_sql(table: Table, columns: tuple[str, ...]) -> str:
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"


# The savepoint ``copy_rows_unless_taken`` returns to.
COPY_SAVEPOINT = "copy_rows"


def copy_rows_unless_taken(
    conn: Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[tuple[Any, ...]],
    saved: bool = False,
) -> bool:
    """Store rows (tuples of ``columns``) with ``COPY`` (PostgreSQL) unless one of them has a
    key already taken.

    Returns whether they were stored; if a key was taken, none is (a savepoint undoes the
    copy) and the transaction goes on. ``COPY`` costs the server about half of what an
    ``INSERT … ON CONFLICT`` of the same rows does, and the driver writes its rows in C.
    ``saved``: the caller set ``SAVEPOINT`` ``COPY_SAVEPOINT`` (in a pipeline of its own
    statements) and changed nothing since.
    """
    if not rows:
        return True
    raw = cast("psycopg.Connection[Any]", conn.connection.dbapi_connection)
    with raw.cursor() as cursor:
        # Never released: it ends with the transaction, and releasing costs a round trip.
        if not saved:
            cursor.execute(f"SAVEPOINT {COPY_SAVEPOINT}")
        try:
            with cursor.copy(_copy_sql(table, columns)) as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.errors.UniqueViolation:
            cursor.execute(f"ROLLBACK TO SAVEPOINT {COPY_SAVEPOINT}")
            return False
    return True


@contextlib.contextmanager
def raw_pipeline(conn: Connection) -> Iterator[psycopg.Connection[Any]]:
    """The connection's psycopg connection in pipeline mode (PostgreSQL): the statements run
    in it travel together and are answered in one round trip; fetch their cursors after.

    The driver's errors are raised as SQLAlchemy's, so ``unit`` retries a deadlock here as
    anywhere else.
    """
    raw = cast("psycopg.Connection[Any]", conn.connection.dbapi_connection)
    try:
        with raw.pipeline():
            yield raw
    except psycopg.Error as exc:
        raise DBAPIError.instance(None, None, exc, psycopg.Error) from exc


def json_rows(rows: Sequence[dict[str, Any]]) -> str:
    """Rows as one JSON array of objects, the parameter of ``json_to_recordset``."""
    # A JSON writer in C turns a whole batch into one parameter far faster than binding one
    # array per column, whose elements the driver converts one by one in Python; orjson
    # several times faster than the standard library's, which still writes what orjson
    # refuses (integers beyond 64 bits).
    try:
        return orjson.dumps(rows).decode()
    except orjson.JSONEncodeError:
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def recordset_columns(table: Table, columns: Sequence[str]) -> str:
    """The column definition list that reads ``columns`` of ``table`` from ``json_rows``."""
    # Generic SQL type names (VARCHAR(64), BIGINT, TEXT, BOOLEAN) are PostgreSQL's too.
    return ", ".join(f"{c} {table.c[c].type.compile()}" for c in columns)


@functools.cache
def _pg_bulk_sql(table: Table, columns: tuple[str, ...], upsert_on: tuple[str, ...]) -> str:
    names = ", ".join(columns)
    sql = (
        f"INSERT INTO {table.name} ({names}) SELECT {names} "
        f"FROM json_to_recordset(%s::json) AS r({recordset_columns(table, columns)})"
    )
    if upsert_on:
        assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in upsert_on)
        sql += f" ON CONFLICT ({', '.join(upsert_on)}) DO UPDATE SET {assignments}"
    return sql


@functools.cache
def _pg_upsert_newer_sql(table: Table, columns: tuple[str, ...], key: str, stamp: str) -> str:
    assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != key)
    return (
        f"{_pg_bulk_sql(table, columns, ())} ON CONFLICT ({key}) DO UPDATE SET {assignments} "
        f"WHERE {table.name}.{stamp} < EXCLUDED.{stamp} RETURNING {key}"
    )


@functools.cache
def _copy_sql(table: Table, columns: tuple[str, ...]) -> str:
    return f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"


class WriterThread:
    """Runs a connection's statements on a thread of their own, one after another in the order
    given, while the caller prepares what comes next.

    A bulk import takes turns otherwise: the process checks and builds a batch while the
    database waits, then the database stores it while the process waits. Waiting for the
    server (psycopg) or for SQLite's own work releases the interpreter's lock, so with this
    thread one batch is stored while the next is built. The connection is the caller's and
    stays in its transaction: the caller uses it only through this thread until ``close``.

    ``depth`` batches wait at most, so memory stays that of a few batches. The first statement
    that fails stops the rest; its error is raised in the caller at its next ``submit``,
    ``call`` or ``close``, as it was raised (a retryable conflict stays retryable).
    """

    def __init__(self, depth: int = 1) -> None:
        self._jobs: queue.Queue[Callable[[], object] | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._cancelled = False
        self._thread = threading.Thread(target=self._run, name="db-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._error is None and not self._cancelled:
                    job()
            except BaseException as exc:  # handed to the caller's thread
                self._error = exc
            finally:
                self._jobs.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def submit(self, job: Callable[[], object]) -> None:
        """Run ``job`` after those given before, without waiting for it."""
        self._raise()
        self._jobs.put(job)

    def call(self, job: Callable[[], T]) -> T:
        """Run ``job`` after those given before and return what it returns."""
        results: list[T] = []
        self.submit(lambda: results.append(job()))
        self._jobs.join()
        self._raise()
        return results[0]

    def close(self) -> None:
        """Wait for every job given so far; raise the first one's error."""
        self._jobs.put(None)
        self._thread.join()
        self._raise()

    def __enter__(self) -> WriterThread:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
            return
        # The caller failed: what is still queued is not run (the transaction is rolled
        # back), and the connection is free again before the caller's error goes on.
        self._cancelled = True
        self._jobs.put(None)
        self._thread.join()
