"""Background work for the screens: run a callable off the GUI thread, get its result on it.

The screens' store calls go through one worker thread (``kazasu-db``), so the GUI never waits on
the disk and the screens' writes run one after another, in the order they were asked for. It is
not the only thread that uses the store: the sync worker's thread reads and writes it too, and the
GUI thread reads the settings and the card trust anchors at start-up. The store has a single
SQLCipher connection and lets one caller at a time use it, under its lock (``kiosk/store.py``):
that one connection, not one thread, is the kiosk's database executor of docs/design.md §1. A
task may therefore wait for a sync round's transaction to finish.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

T = TypeVar("T")
U = TypeVar("U")
ErrorHandler = Callable[[Exception], None]


class TaskManager(QObject):
    """Runs tasks on a single worker thread and calls back on the GUI thread."""

    _finished = Signal(object)

    def __init__(self, on_unhandled: ErrorHandler | None = None) -> None:
        super().__init__()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kazasu-db")
        self._on_unhandled = on_unhandled
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0
        self.closed = False

    def run(
        self,
        task: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: ErrorHandler | None = None,
    ) -> Future[T]:
        """Run ``task`` in the background; ``on_done(result)`` or ``on_error(exc)`` follows.

        After ``shutdown`` (the window is closing) tasks are dropped: a timer that fires late
        must not touch a closed store.
        """
        if self.closed:
            dropped: Future[T] = Future()
            dropped.cancel()
            return dropped
        self.pending += 1
        future = self._executor.submit(task)
        future.add_done_callback(self._back(on_done, on_error))
        return future

    def follow(
        self,
        future: Future[T],
        on_done: Callable[[T], None],
        on_error: ErrorHandler | None = None,
    ) -> None:
        """Call back on the GUI thread when a future made elsewhere (the card thread) is done."""
        self.pending += 1
        future.add_done_callback(self._back(on_done, on_error))

    def then(
        self,
        future: Future[T],
        task: Callable[[T], U],
        on_done: Callable[[U], None],
        on_error: ErrorHandler | None = None,
    ) -> None:
        """When a future made elsewhere (the card thread) is done, run ``task(result)`` on the
        worker, queued from that thread itself; ``on_done`` or ``on_error`` follows on the GUI
        thread, for a failure of either step.

        The GUI thread is not woken between the two steps: while a provisioning runs it waits
        for the interpreter like every other thread, and a tap should not wait for it twice.
        """
        self.pending += 1
        deliver = self._back(on_done, on_error)

        def start(first: Future[T]) -> None:
            if first.cancelled() or first.exception() is not None:
                deliver(first)
                return
            try:
                second = self._executor.submit(task, first.result())
            except RuntimeError:  # shut down meanwhile: the window is closing
                second = Future()
                second.cancel()
            second.add_done_callback(deliver)

        future.add_done_callback(start)

    def _back(
        self, on_done: Callable[[Any], None], on_error: ErrorHandler | None
    ) -> Callable[[Future[Any]], None]:
        """A done callback, for any thread, that hands a future to ``_deliver`` on the GUI
        thread."""
        return lambda f: self._finished.emit((f, on_done, on_error))

    def shutdown(self) -> None:
        """Finish the queued tasks and stop the worker; their results are not delivered."""
        self.closed = True
        self._executor.shutdown(wait=True)

    def _deliver(self, done: tuple[Future[Any], Callable[[Any], None], Any]) -> None:
        future, on_done, on_error = done
        self.pending -= 1
        # After shutdown the window is closing, and the widgets a result was for may be gone.
        if future.cancelled() or self.closed:
            return
        exc = future.exception()
        if exc is None:
            on_done(future.result())
        elif not isinstance(exc, Exception):
            raise exc
        elif on_error is not None:
            on_error(exc)
        elif self._on_unhandled is not None:
            self._on_unhandled(exc)
        else:
            raise exc
