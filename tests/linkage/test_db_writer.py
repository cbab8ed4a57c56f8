"""The writer thread of bulk imports: statements run in the order given, inside the caller's
transaction, and a failure on either side stops what is still queued and reaches the caller."""

from __future__ import annotations

import functools
import sqlite3
import threading

import psycopg
import pytest
from sqlalchemy import Connection, Engine, func, select

from linkage.db import WriterThread, bulk_load
from linkage.tables import households


def _household(hid: str) -> dict[str, object]:
    return {
        "household_id": hid,
        "fields": "{}",
        "field_hlc": "{}",
        "created_at_ms": 0,
        "updated_at_ms": 0,
    }


def _count(conn: Connection) -> int:
    count: int = conn.execute(select(func.count()).select_from(households)).scalar_one()
    return count


def test_statements_run_in_the_order_given_inside_the_callers_transaction(engine: Engine) -> None:
    with engine.connect() as conn:
        with WriterThread() as writer:
            for batch in range(5):
                rows = [_household(f"h-{batch}-{n}") for n in range(100)]
                writer.submit(functools.partial(bulk_load, conn, households, rows))
            # A read given after the writes sees all of them.
            assert writer.call(lambda: _count(conn)) == 500
        conn.commit()
    with engine.connect() as conn:
        assert _count(conn) == 500


def test_a_failed_statement_reaches_the_caller_and_nothing_after_it_runs(engine: Engine) -> None:
    ran: list[str] = []
    with engine.connect() as conn:
        writer = WriterThread()
        writer.submit(lambda: bulk_load(conn, households, [_household("h-1")]))
        # The same key again: the database refuses it.
        writer.submit(lambda: bulk_load(conn, households, [_household("h-1")]))
        writer.submit(lambda: ran.append("after"))
        with pytest.raises((sqlite3.IntegrityError, psycopg.errors.UniqueViolation)):
            writer.close()
    assert ran == []


def test_a_failure_of_the_caller_leaves_what_is_queued_unrun(engine: Engine) -> None:
    release = threading.Event()
    ran: list[str] = []
    with pytest.raises(ValueError, match="bad row"), WriterThread() as writer:
        writer.submit(lambda: ran.append("first") if release.wait(5) else None)
        writer.submit(lambda: ran.append("second"))
        # The first job finishes only once the caller has failed.
        threading.Timer(0.2, release.set).start()
        raise ValueError("bad row")
    assert ran == ["first"]
