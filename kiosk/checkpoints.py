"""Checkpoints of the store's WAL made outside the store's lock, for a long run of writes.

SQLite copies the WAL back into the database file in a checkpoint, by default inside the
commit that takes the WAL past 1,000 pages: on the store's one connection, under the store's
lock, so a tap waits while a few MB are copied and synced. During a first provisioning the
store's automatic checkpoint is off (``Store.checkpoints_aside``) and a ``Checkpoints`` copies
the WAL from a second connection to the same file instead: a small thread, on a timer, and
the writing thread itself between its transactions when the WAL has grown past a bound.

SQLite starts the WAL over from its beginning only at a write transaction that begins with
every frame copied, so a checkpoint that runs beside the writer (the thread's) never lets the
WAL start over: the writer's own checkpoint, between two of its transactions, does. The
store's connection has a ``journal_size_limit`` of the bound meanwhile, so the WAL's file is
cut back to it when the WAL starts over, and a file longer than the bound means a WAL longer
than it: the writer reads its size after each transaction. A checkpoint here is PASSIVE: it
copies what no reader still needs and takes no lock that a reader or a writer waits for. Its
connection is at ``synchronous=FULL``, so the WAL's frames are on the disk before they are
copied, and the copies before the WAL starts over (docs/decisions/kiosk-sync.md,
"Provisioning, eighth round: checkpoints").

The counter comes first here too (``Foreground``): no checkpoint starts while it serves
someone, and one under way when it begins is interrupted, for its copying and syncing share
the disk and the cores with the tap's durable commit. An interrupted checkpoint loses nothing:
SQLite records what a checkpoint copied only once it has copied all it could, so the next one
copies the same frames again (docs/decisions/kiosk-sync.md, "The tap during provisioning,
twelfth round").
"""

from __future__ import annotations

import threading
from contextlib import suppress
from pathlib import Path
from types import TracebackType

from kiosk.counter_cuts import CounterCuts, CutShort
from kiosk.foreground import Foreground
from kiosk.sqlite import Connection

BOUND_PAGES = 4000
"""The WAL's size (pages) past which the writer checkpoints before its next transaction."""
FRAME_BYTES = 24 + 4096
"""A frame of the WAL: its header and a page of SQLCipher 4's size."""
INTERVAL_S = 0.1
"""How often the thread checkpoints while the writes go on."""


class Checkpoints:
    """Checkpoints from ``conn`` (a second connection to the store's file, which this closes)
    while used as a context manager: a thread's, and the writer's in ``bound``; ``wal`` is
    the WAL's file. With a ``foreground``, they step aside while the counter serves someone."""

    def __init__(
        self,
        conn: Connection,
        wal: Path,
        bound_pages: int = BOUND_PAGES,
        interval_s: float = INTERVAL_S,
        foreground: Foreground | None = None,
    ) -> None:
        self.wal = wal
        self.bound_pages = bound_pages
        self.interval_s = interval_s
        self._conn = conn
        self._foreground = foreground
        # One checkpoint at a time on the connection: the thread's or the writer's.
        self._using = threading.Lock()
        self._cuts = CounterCuts(conn, foreground)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kazasu-checkpoint", daemon=True)
        self._failed: Exception | None = None

    def __enter__(self) -> Checkpoints:
        self._cuts.__enter__()
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._cuts.__exit__(kind, exc, traceback)
        self._stop.set()
        self._thread.join()
        try:
            # The rest of the WAL, so that nothing of it is left for a tap's commit to copy
            # (after a failure too, but then what failed is the error to see): after the
            # counter's watch has ended, for it must not be interrupted.
            with suppress(*(() if kind is None else (Exception,))):
                self._wait_for_the_counter()
                self.checkpoint()
        finally:
            self._conn.close()

    def bound(self) -> None:
        """Between two of the writer's transactions, outside the store's lock: checkpoint
        if the WAL is past the bound, so that the next transaction starts it over. Raises
        what stopped the thread's checkpoints: a disk that fails them fails the writes too."""
        if self._failed is not None:
            raise self._failed
        if self.wal.stat().st_size > self.bound_bytes:
            self._wait_for_the_counter()
            self.checkpoint()

    @property
    def bound_bytes(self) -> int:
        """The bound as the WAL file's size (its header and ``bound_pages`` frames)."""
        return 32 + self.bound_pages * FRAME_BYTES

    def checkpoint(self) -> tuple[int, int] | None:
        """One PASSIVE checkpoint now: the WAL's pages and how many of them are copied; None
        when the counter began serving someone while it copied, which interrupts it."""
        with self._using:
            try:
                with self._cuts.running():
                    row = self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            except CutShort:
                return None
        return int(row[1]), int(row[2])

    def _wait_for_the_counter(self) -> None:
        if self._foreground is not None:
            self._foreground.wait_idle()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self._wait_for_the_counter()
                self.checkpoint()
            except Exception as exc:  # raised on the writer's thread by ``bound``
                self._failed = exc
                return
