"""Which commits wait for the disk: every transaction's, but those a caller says it can lose
(a snapshot's slices), and the store's one connection is set back for everyone else; the
page cache the search indexes are built with, given back after."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pytest

from kiosk import feed_apply
from kiosk.sqlite import Connection, Cursor
from kiosk.store import PAGE_CACHE_KIB, Store

FULL, NORMAL = 2, 1


def synchronous(conn: Connection) -> int:
    return int(conn.execute("PRAGMA synchronous").fetchone()[0])


class FailsToSetFullOnce:
    """The store's connection, but setting ``synchronous = FULL`` fails the first time."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.failed = False

    @property
    def IntegrityError(self) -> type[Exception]:
        return self.conn.IntegrityError

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        if sql == "PRAGMA synchronous = FULL" and not self.failed:
            self.failed = True
            raise OSError("the pragma failed")
        return self.conn.execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor:
        return self.conn.executemany(sql, parameters)

    def interrupt(self) -> None:
        self.conn.interrupt()

    def set_progress_handler(self, handler: Callable[[], int] | None, n: int, /) -> None:
        self.conn.set_progress_handler(handler, n)

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def close(self) -> None:
        self.conn.close()


def test_a_transaction_commits_with_synchronous_full(store: Store) -> None:
    with store.transaction() as tx:
        assert synchronous(tx.conn) == FULL


def test_a_transaction_that_need_not_be_durable_commits_with_normal_and_sets_full_back(
    store: Store,
) -> None:
    with store.transaction(durable=False) as tx:
        assert synchronous(tx.conn) == NORMAL
        store.set_meta(tx, "test.kept", "1")
    assert synchronous(store.conn) == FULL
    assert store.meta("test.kept") == "1"
    with pytest.raises(RuntimeError), store.transaction(durable=False) as tx:
        store.set_meta(tx, "test.lost", "1")
        raise RuntimeError("refused")
    assert synchronous(store.conn) == FULL
    assert store.meta_or_none("test.lost") is None
    with store.transaction() as tx:
        assert synchronous(tx.conn) == FULL


def test_a_durable_transaction_is_full_even_when_setting_it_back_failed(store: Store) -> None:
    wrapped = FailsToSetFullOnce(store.conn)
    store.conn = wrapped
    with pytest.raises(OSError, match="the pragma failed"), store.transaction(False) as tx:
        store.set_meta(tx, "test.kept", "1")
    assert wrapped.failed
    assert synchronous(wrapped.conn) == NORMAL
    # The store knows the connection was left at NORMAL, and sets it before it begins.
    with store.transaction() as tx:
        assert synchronous(tx.conn) == FULL
        store.set_meta(tx, "test.tap", "1")
    assert store.meta("test.kept") == "1"


def test_durable_transactions_between_ones_that_need_not_be_are_always_full(
    store: Store,
) -> None:
    # A tap's transaction on the counter's thread while the provisioning's thread writes its
    # slices: it never commits at the slices' level.
    seen: list[int] = []
    stop = threading.Event()

    def slices() -> None:
        while not stop.is_set():
            with store.transaction(durable=False) as tx:
                store.set_meta(tx, "test.slice", "1")

    writer = threading.Thread(target=slices)
    writer.start()
    try:
        for i in range(200):
            with store.transaction() as tx:
                seen.append(synchronous(tx.conn))
                store.set_meta(tx, "test.tap", str(i))
    finally:
        stop.set()
        writer.join()
    assert seen == [FULL] * 200


def test_the_page_cache_is_large_from_the_search_indexes_drop_to_their_build_and_given_back(
    store: Store,
) -> None:
    # A first provisioning's pages stay in memory for the build, which then reads no page of
    # the table from the file (each decrypted and checked again).
    def cache_kib(conn: Connection) -> int:
        return -int(conn.execute("PRAGMA cache_size").fetchone()[0])

    with store.transaction() as tx:
        assert cache_kib(tx.conn) == PAGE_CACHE_KIB
        feed_apply.drop_person_indexes(tx.conn)
    with store.transaction() as tx:
        assert cache_kib(tx.conn) == feed_apply.INDEX_BUILD_CACHE_KIB
    with store.transaction() as tx:
        feed_apply.build_person_indexes(tx.conn)
        assert cache_kib(tx.conn) == PAGE_CACHE_KIB
        names = tx.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    assert {"persons_name", "persons_furigana"} <= {str(row[0]) for row in names}


def test_none_is_still_bound_as_null(store: Store) -> None:
    with store.transaction() as tx:
        tx.conn.execute("CREATE TEMP TABLE bound (value)")
        tx.conn.executemany("INSERT INTO bound (value) VALUES (?)", [(None,), ("",), (0,)])
        rows = tx.conn.execute("SELECT value IS NULL, typeof(value) FROM bound").fetchall()
    assert [tuple(row) for row in rows] == [(1, "null"), (0, "text"), (0, "integer")]
