"""Checkpoints made aside during a long run of writes (a first provisioning): none inside a
commit while they are, SQLite's automatic one set back after, the WAL kept under a bound, every
frame copied at the end, and nothing of it waiting for the store's lock."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from kiosk.checkpoints import INTERVAL_S, Checkpoints
from kiosk.store import DB_NAME, Store

FULL = 2
ROW = "x" * 2000


def automatic(store: Store) -> int:
    with store.reading() as conn:
        return int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])


def write_rows(store: Store, count: int, durable: bool = False) -> None:
    """A slice's worth of rows in one transaction (about ``count`` / 2 pages)."""
    with store.transaction(durable) as tx:
        tx.conn.execute("CREATE TABLE IF NOT EXISTS rows (value TEXT)")
        tx.conn.executemany("INSERT INTO rows (value) VALUES (?)", [(ROW,)] * count)


def copied_by_one(checkpoints: Checkpoints) -> int:
    """The pages one checkpoint copied (the counter idle, so it is not interrupted)."""
    done = checkpoints.checkpoint()
    assert done is not None
    return done[1]


def wal_bytes(store: Store) -> int:
    return (store.folder / f"{DB_NAME}-wal").stat().st_size


def test_no_automatic_checkpoint_while_they_are_aside_and_it_is_set_back_after(
    store: Store,
) -> None:
    before = automatic(store)
    assert before > 0
    with store.checkpoints_aside() as checkpoints:
        assert isinstance(checkpoints, Checkpoints)
        assert automatic(store) == 0
        write_rows(store, 10)
    assert automatic(store) == before
    with pytest.raises(RuntimeError), store.checkpoints_aside():
        assert automatic(store) == 0
        raise RuntimeError("the provisioning failed")
    assert automatic(store) == before


def test_the_wal_stays_under_the_bound_and_is_copied_whole_at_the_end(store: Store) -> None:
    with store.checkpoints_aside() as checkpoints:
        assert checkpoints is not None
        checkpoints.bound_pages = 100
        largest = 0
        for _ in range(60):
            write_rows(store, 40)  # about 20 pages a transaction: 1,200 pages in all
            largest = max(largest, wal_bytes(store))
            checkpoints.bound()
            # The bound, the transactions since the thread's last checkpoint, and the one
            # under way when the writer's own checkpoint found the WAL past it.
            assert wal_bytes(store) < 160 * (4096 + 24)
        assert largest > checkpoints.bound_bytes  # the writer's own checkpoint was needed
    with store.reading() as conn:
        busy, pages, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert (busy, pages, copied) == (0, pages, pages)
        assert conn.execute("SELECT count(*) FROM rows").fetchone()[0] == 60 * 40


def test_without_its_checkpoints_the_same_writes_grow_the_wal_past_the_bound(
    store: Store,
) -> None:
    # What the bound is for: with the automatic checkpoint off and nothing else, the WAL
    # keeps every transaction.
    with store.reading() as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    for _ in range(60):
        write_rows(store, 40)
    assert wal_bytes(store) > 1000 * 4096


def test_a_checkpoint_does_not_wait_for_the_store_and_a_tap_still_commits_at_full(
    store: Store,
) -> None:
    with store.checkpoints_aside() as checkpoints:
        assert checkpoints is not None
        write_rows(store, 40)
        held, done = threading.Event(), threading.Event()

        def hold_the_store() -> None:
            with store.reading():
                held.set()
                done.wait(10)

        holder = threading.Thread(target=hold_the_store)
        holder.start()
        try:
            held.wait(10)
            made = checkpoints.checkpoint()
            assert made is not None
            pages, copied = made
            assert pages == copied > 0
        finally:
            done.set()
            holder.join()
        with store.transaction() as tx:
            assert int(tx.conn.execute("PRAGMA synchronous").fetchone()[0]) == FULL
            store.set_meta(tx, "test.tap", "1")
    assert store.meta("test.tap") == "1"


def test_what_stops_the_threads_checkpoints_is_raised_by_the_next_bound(store: Store) -> None:
    class Failing:
        def execute(self, sql: str) -> None:
            raise OSError("the disk is gone")

        def set_progress_handler(self, handler: object, n: int, /) -> None:
            pass

        def close(self) -> None:
            pass

    # The failing block's own error is the one seen, not the last checkpoint's after it.
    with (
        pytest.raises(OSError, match="the disk is gone"),
        Checkpoints(Failing(), store.folder, interval_s=0.01) as checkpoints,  # type: ignore[arg-type]
    ):
        checkpoints._thread.join(10)
        checkpoints.bound()


def test_a_store_opened_again_and_one_re_keyed_checkpoint_under_their_key(
    store: Store, data_dir: Path
) -> None:
    write_rows(store, 10)
    store.rekey("another passphrase")
    with store.checkpoints_aside() as checkpoints:
        assert checkpoints is not None
        write_rows(store, 10)
        assert copied_by_one(checkpoints) > 0
    store.close()
    opened = Store.open(data_dir, lambda: "another passphrase", use_os_keystore=False)
    with opened, opened.checkpoints_aside() as checkpoints:
        assert checkpoints is not None
        write_rows(opened, 10)
        assert copied_by_one(checkpoints) > 0


def test_the_threads_checkpoints_wait_while_the_counter_serves_someone(store: Store) -> None:
    with store.checkpoints_aside() as checkpoints:
        assert checkpoints is not None
        checkpoints.interval_s = 0.01
        with store.foreground.serving():
            write_rows(store, 40)
            # The thread's next checkpoint waits for the counter, as a provisioning's slice does.
            assert store.foreground.wait_for_waiters(1, timeout_s=1.0)
        write_rows(store, 40)
    with store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM rows").fetchone()[0] == 80


def test_the_writers_checkpoint_at_the_bound_waits_while_the_counter_serves_someone(
    store: Store,
) -> None:
    with store.checkpoints_aside() as checkpoints:
        assert checkpoints is not None
        checkpoints.bound_pages = 10
        checkpoints.interval_s = 60.0  # only the writer's own
        write_rows(store, 40)
        with store.foreground.serving():
            writer = threading.Thread(target=checkpoints.bound)
            writer.start()
            assert store.foreground.wait_for_waiters(1, timeout_s=1.0)
        writer.join(10)
        assert not writer.is_alive()


class SlowCheckpoint:
    """A checkpoint's connection whose first checkpoint runs until it is interrupted, as
    SQLite's does when ``interrupt`` is called from another thread while it copies; the
    checkpoints after it copy a WAL of nothing at once."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.interrupted = threading.Event()
        self._nothing = sqlite3.connect(":memory:", check_same_thread=False)

    def execute(self, sql: str) -> sqlite3.Cursor:
        if not self.started.is_set():
            self.started.set()
            if not self.interrupted.wait(10):
                raise AssertionError("the checkpoint was not interrupted")
            interrupted = sqlite3.OperationalError("interrupted")
            interrupted.sqlite_errorname = "SQLITE_INTERRUPT"  # as SQLite's own error says
            raise interrupted
        return self._nothing.execute("SELECT 0, 0, 0")  # (busy, pages, copied)

    def interrupt(self) -> None:
        self.interrupted.set()

    def set_progress_handler(self, handler: object, n: int, /) -> None:
        """A checkpoint is one of SQLite's instructions: its progress is never asked."""

    def close(self) -> None:
        self._nothing.close()


def test_a_checkpoint_under_way_when_the_counter_begins_serving_is_interrupted(
    store: Store,
) -> None:
    conn = SlowCheckpoint()
    wal = store.folder / f"{DB_NAME}-wal"
    with Checkpoints(conn, wal, interval_s=60.0, foreground=store.foreground) as aside:  # type: ignore[arg-type]
        done: list[object] = []
        copying = threading.Thread(target=lambda: done.append(aside.checkpoint()))
        copying.start()
        assert conn.started.wait(10)
        with store.foreground.serving():
            copying.join(10)
            assert done == [None]  # interrupted: nothing known to be copied, and no error
        assert aside.checkpoint() == (0, 0)  # the next goes through


def test_a_real_checkpoint_interrupted_by_the_counter_loses_nothing(store: Store) -> None:
    with store.checkpoints_aside() as checkpoints:
        assert checkpoints is not None
        checkpoints.interval_s = 60.0  # only this test's, once the thread's first is past
        time.sleep(2 * INTERVAL_S)
        write_rows(store, 10_000)  # a WAL of about 40 MB: a copy of a tenth of a second or more
        database = store.folder / DB_NAME
        before = database.stat().st_size
        done: list[object] = []
        copying = threading.Thread(target=lambda: done.append(checkpoints.checkpoint()))
        copying.start()
        # The database's file grows once SQLite copies into it: the checkpoint is under way.
        while database.stat().st_size == before and copying.is_alive():
            time.sleep(0.0005)
        with store.foreground.serving():
            copying.join(10)
        assert done == [None]
        pages, copied = checkpoints.checkpoint() or (0, -1)
        assert pages == copied > 10_000 // 2  # the next copies every frame, the same again
    with store.reading() as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM rows").fetchone()[0] == 10_000
