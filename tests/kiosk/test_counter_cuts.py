"""Background statements that the counter cuts short: on the store's own SQLCipher connection,
a card's hold stops them whether it comes inside a statement or between two of them, SQLite
undoes the transaction, and nothing is cut outside the block or for any other error."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from kiosk.counter_cuts import CounterCuts, CutShort
from kiosk.sqlite import Connection
from kiosk.store import Store

ROWS = 20_000


def rows(store: Store) -> int:
    with store.reading() as conn:
        return int(conn.execute("SELECT count(*) FROM cut").fetchone()[0])


@pytest.fixture
def table(store: Store) -> Store:
    with store.transaction() as tx:
        tx.conn.execute("CREATE TABLE cut (value TEXT)")
    return store


@contextmanager
def cut_block(store: Store) -> Iterator[Connection]:
    """A write transaction on the store whose statements the counter cuts short."""
    with (
        CounterCuts(store.conn, store.foreground) as cuts,
        store.transaction() as tx,
        cuts.running(),
    ):
        yield tx.conn


def served_after(given: int, begin: Callable[[], Callable[[], None]]) -> Iterator[tuple[str]]:
    """Rows for an ``executemany``; a card comes after the ``given``-th (``begin`` begins the
    hold), that is between two of the statement's runs, where SQLite's interrupt alone is lost."""
    for i in range(ROWS):
        if i == given:
            begin()
        yield (f"row {i}",)


def test_a_card_between_two_rows_cuts_the_rest_of_an_executemany_and_its_transaction(
    table: Store,
) -> None:
    store = table
    given: list[int] = []

    def counted() -> Iterator[tuple[str]]:
        for row in served_after(100, store.foreground.begin):
            given.append(1)
            yield row

    with pytest.raises(CutShort), cut_block(store) as conn:
        conn.executemany("INSERT INTO cut (value) VALUES (?)", counted())
    # Stopped within a few rows of the card, not at the 20,000th, and nothing of it is kept.
    assert len(given) < 200
    assert rows(store) == 0
    assert not store.conn.in_transaction


def test_a_card_during_one_long_statement_cuts_it(table: Store) -> None:
    store = table
    started = threading.Event()
    served: list[Callable[[], None]] = []

    def card() -> None:
        started.wait(10)
        served.append(store.foreground.begin())

    tapping = threading.Thread(target=card)
    tapping.start()
    with pytest.raises(CutShort), cut_block(store) as conn:
        started.set()
        # Runs for minutes unless cut.
        conn.execute(
            "INSERT INTO cut (value) WITH RECURSIVE n(i) AS"
            " (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 10000000)"
            " SELECT printf('row %d', i) FROM n"
        )
    tapping.join(10)
    served[0]()
    assert rows(store) == 0


def test_the_counter_s_statements_after_a_cut_run_as_any(table: Store) -> None:
    store = table
    with pytest.raises(CutShort), cut_block(store) as conn:
        conn.executemany(
            "INSERT INTO cut (value) VALUES (?)", served_after(10, store.foreground.begin)
        )
    # The counter still serves someone: its own writes are not cut.
    assert store.foreground.busy()
    with store.transaction() as tx:
        tx.conn.executemany("INSERT INTO cut (value) VALUES (?)", [("the tap",)] * 5000)
    assert rows(store) == 5000


def test_a_card_outside_the_block_cuts_nothing(table: Store) -> None:
    store = table
    served = store.foreground.begin()
    with cut_block(store) as conn:
        conn.executemany("INSERT INTO cut (value) VALUES (?)", [("row",)] * ROWS)
    served()
    assert rows(store) == ROWS


def test_without_watching_the_counter_nothing_is_cut(table: Store) -> None:
    store = table
    cuts = CounterCuts(store.conn, store.foreground)
    with store.transaction() as tx, cuts.running():
        tx.conn.executemany(
            "INSERT INTO cut (value) VALUES (?)", served_after(10, store.foreground.begin)
        )
    assert rows(store) == ROWS


def test_another_error_in_a_cut_block_is_raised_as_itself(table: Store) -> None:
    store = table
    with pytest.raises(ValueError), cut_block(store) as conn:
        conn.execute("INSERT INTO cut (value) VALUES ('row')")
        store.foreground.begin()
        raise ValueError("a change the kiosk cannot apply")
    assert rows(store) == 0
