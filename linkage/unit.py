"""Transactions with retry: concurrent writers may collide on a key or deadlock; they retry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from linkage import feed
from linkage.feed import Change, Encoded
from linkage.problems import Problem

T = TypeVar("T")
ATTEMPTS = 4
# PostgreSQL's deadlock_detected and serialization_failure: safe to run the work again.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


# PostgreSQL's admin_shutdown, crash_shutdown, cannot_connect_now: the connection is gone.
GONE_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})


def _retryable(exc: DBAPIError) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    code = getattr(exc.orig, "sqlstate", None)
    return code in RETRYABLE_SQLSTATES or _connection_lost(exc)


def _connection_lost(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    if exc.connection_invalidated or code in GONE_SQLSTATES:
        return True
    return isinstance(exc, OperationalError) and code is None


def write(engine: Engine, work: Callable[[Connection], tuple[T, Sequence[Change | Encoded]]]) -> T:
    """Run ``work`` in a transaction, then append its feed changes last, before commit."""
    for attempt in range(ATTEMPTS):
        try:
            with engine.connect() as conn, conn.begin() as transaction:
                result, changes = work(conn)
                feed.append(conn, changes, transaction.commit)
                return result
        except (IntegrityError, OperationalError) as exc:
            if attempt == ATTEMPTS - 1 or not _retryable(exc):
                if isinstance(exc, IntegrityError):
                    raise Problem(409, "conflict", "Conflicting concurrent write") from exc
                raise
    raise AssertionError("unreachable")


def run(engine: Engine, work: Callable[[Connection], object]) -> None:
    """Run ``work`` in a write transaction that makes no feed changes."""

    def wrapped(conn: Connection) -> tuple[None, list[Change]]:
        work(conn)
        return None, []

    write(engine, wrapped)


def read(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in a transaction that writes nothing.

    A pooled connection the server has closed (a restart, an idle timeout) fails the first
    statement; the work is run once more on a fresh connection.
    """
    try:
        with engine.begin() as conn:
            return work(conn)
    except DBAPIError as exc:
        if not _connection_lost(exc):
            raise
    with engine.begin() as conn:
        return work(conn)
