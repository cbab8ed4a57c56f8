"""Background statements that the counter cuts short.

A tap waits for whatever holds the store or the disk when its card comes. Background work
that SQLite can stop cleanly (a checkpoint, a provisioning's slice) runs its statements inside
``CounterCuts.running``: when a hold on the counter begins meanwhile, SQLite's ``interrupt`` is
called on the work's connection, the statement under way stops within a fraction of a
millisecond, and the block raises ``CutShort``. SQLite forgets an interrupt that comes while
no statement runs, as between two rows of an ``executemany``, so the block's statements also
ask a progress handler every ``PROGRESS_STEPS`` of SQLite's instructions whether the counter
has cut them. What SQLite undoes then is the caller's to do again: a checkpoint records
nothing it copied, and a write transaction with an interrupted change is rolled back whole
(docs/decisions/kiosk-sync.md, "The tap during provisioning, thirteenth round").

An interrupt is called only while a block runs, and the block ends under the same lock that
the call is made under, so it never reaches a statement after the block: SQLite forgets an
interrupt once no statement of the connection runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kiosk.foreground import Foreground
from kiosk.sqlite import Connection

PROGRESS_STEPS = 1000
"""How often (in SQLite's instructions) a block's statements ask whether the counter cut them:
a few rows of a slice; each asking takes the interpreter."""


class CutShort(Exception):
    """The counter began serving someone while the block's statements ran, and SQLite stopped
    them."""


class CounterCuts:
    """Blocks of statements on ``conn`` that a hold on ``foreground`` interrupts, while used as
    a context manager (without a ``foreground``, never)."""

    def __init__(self, conn: Connection, foreground: Foreground | None) -> None:
        self._conn = conn
        self._foreground = foreground
        self._unwatch: Callable[[], None] = lambda: None
        # Whether a block runs, and whether the counter has interrupted it; changed together
        # under their own lock, which the counter's thread takes briefly.
        self._state = threading.Lock()
        self._running = False
        self._interrupted = False

    def __enter__(self) -> CounterCuts:
        if self._foreground is not None:
            self._unwatch = self._foreground.watch(self._counter_busy_until)
        return self

    def __exit__(self, *exc: object) -> None:
        self._unwatch()
        self._unwatch = lambda: None

    @contextmanager
    def running(self) -> Iterator[None]:
        """Run the block's statements so that the counter may interrupt them: SQLite's error
        for the interrupt is raised as ``CutShort``. An interrupt that comes while no
        statement runs (between two, or as the block ends) stops nothing, and the block goes
        on."""
        with self._state:
            self._running, self._interrupted = True, False
        self._conn.set_progress_handler(self._cut, PROGRESS_STEPS)
        try:
            yield
        except Exception as exc:
            with self._state:
                interrupted = self._interrupted
            if interrupted and getattr(exc, "sqlite_errorname", None) == "SQLITE_INTERRUPT":
                raise CutShort("the counter began serving someone") from exc
            raise
        finally:
            self._conn.set_progress_handler(None, 0)
            with self._state:
                self._running = False

    def _cut(self) -> bool:
        """The block's progress handler: whether the counter has cut it (SQLite then stops the
        statement as interrupted)."""
        return self._interrupted

    def _counter_busy_until(self, until: float) -> None:
        """The counter's watcher (on the thread that begins a hold: quick)."""
        if until <= time.monotonic():
            return
        with self._state:
            if self._running and not self._interrupted:
                self._interrupted = True
                self._conn.interrupt()
