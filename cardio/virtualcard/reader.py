"""A card reader with a virtual card slot, behaving like the PC/SC device thread.

It is the same ``CardDevice`` (``cardio/device.py``): it publishes the same ``DeviceStatus``
values and runs submitted jobs on its own thread against the virtual card in the slot, through
the in-process transport, without loading pyscard. Demos and UI tests use it where no PC/SC
service is at hand; ``insert`` and ``remove`` stand for a hand placing and lifting a card.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from cardio.card_errors import NoCardError
from cardio.device import CardDevice, DeviceState, DeviceStatus
from cardio.transport import CardTransport
from cardio.virtualcard.card import ATR, VirtualMyNumberCard
from cardio.virtualcard.transport import InProcessTransport

T = TypeVar("T")
READER_NAME = "Kazasu virtual reader"


class VirtualReader(CardDevice):
    """One reader, one slot; ``on_status`` is called on the reader's thread for each change."""

    def __init__(self, on_status: Callable[[DeviceStatus], None]) -> None:
        self._on_status = on_status
        self._tasks: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="kazasu-virtual-reader", daemon=True)
        self._card: VirtualMyNumberCard | None = None
        self.status = DeviceStatus(DeviceState.STARTING)

    def start(self) -> None:
        """Start the reader's thread; it reports an empty reader."""
        self._thread.start()
        self._tasks.put(lambda: self._publish())

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread after the jobs already submitted."""
        self._tasks.put(None)
        self._thread.join(timeout)

    def insert(self, card: VirtualMyNumberCard) -> None:
        """Place ``card`` on the reader (replacing any card there)."""

        def place() -> None:
            card.removed = False
            self._card = card
            self._publish()

        self._tasks.put(place)

    def remove(self) -> None:
        """Lift the card off the reader."""

        def lift() -> None:
            self._card = None
            self._publish()

        self._tasks.put(lift)

    def submit(self, job: Callable[[CardTransport], T]) -> Future[T]:
        """Run ``job`` with a connection to the card in the slot; NoCardError when it is empty."""
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                if self._card is None:
                    raise NoCardError()
                with InProcessTransport(self._card) as transport:
                    future.set_result(job(transport))
            except Exception as exc:  # the caller's job failed: the caller gets the error
                future.set_exception(exc)
            finally:
                # The removal fault takes the card out of the field: the slot is empty after it.
                if self._card is not None and self._card.removed:
                    self._card = None
                self._publish()

        self._tasks.put(run)
        return future

    def _run(self) -> None:
        while (task := self._tasks.get()) is not None:
            task()
        self.status = DeviceStatus(DeviceState.STOPPED)
        self._on_status(self.status)

    def _publish(self) -> None:
        names = (READER_NAME,)
        if self._card is None:
            status = DeviceStatus(DeviceState.WAITING_FOR_CARD, READER_NAME, names)
        else:
            status = DeviceStatus(DeviceState.CARD_PRESENT, READER_NAME, names, ATR)
        if status != self.status:
            self.status = status
            self._on_status(status)
