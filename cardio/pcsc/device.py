"""The device thread: the one thread that owns every PC/SC context in the kiosk.

It watches one reader (the first, or the one whose name contains a given text) for hot-plug and
for card arrival and removal, publishes each change as a ``DeviceStatus``, and runs card jobs
submitted from other threads: the ``CardDevice`` of ``cardio/device.py`` over pyscard. When the
PC/SC service stops or the reader is unplugged it says so and keeps retrying, so the kiosk
recovers by itself when the cause goes away.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from smartcard import scard

from cardio.card_errors import CardError, PcscUnavailableError
from cardio.device import CardDevice, DeviceState, DeviceStatus
from cardio.pcsc.hresults import SERVICE_GONE
from cardio.pcsc.transport import PcscContext, PcscTransport
from cardio.transport import CardTransport

T = TypeVar("T")

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
"""The pseudo-reader whose state changes when a reader is plugged or unplugged."""
WAKE_RETRY_S = 0.005
"""How often a job not yet taken wakes the device thread again (see ``submit``)."""
WAKE_RETRY_FOR_S = 1.0
"""For how long at most: a job still not taken by then waits behind another job, which the
device thread finishes before it looks at the queue again."""


class DeviceThread(threading.Thread, CardDevice):
    """Watch a reader and run card jobs; ``on_status`` is called on this thread for each change."""

    def __init__(
        self,
        on_status: Callable[[DeviceStatus], None],
        reader: str | None = None,
        poll_s: float = 0.5,
        retry_s: float = 1.0,
    ) -> None:
        super().__init__(name="kazasu-device", daemon=True)
        self._on_status = on_status
        self._wanted = reader
        self._poll_ms = int(poll_s * 1000)
        self._retry_s = retry_s
        self._jobs: queue.SimpleQueue[tuple[Callable[[CardTransport], Any], Future[Any]]] = (
            queue.SimpleQueue()
        )
        self._stopping = threading.Event()
        self._context: PcscContext | None = None
        self._context_lock = threading.Lock()
        self._known: dict[str, int] = {}
        self._pnp_state = scard.SCARD_STATE_UNAWARE
        self.status = DeviceStatus(DeviceState.STARTING)

    def submit(self, job: Callable[[CardTransport], T]) -> Future[T]:
        """Run ``job`` on the device thread with a connection to the card; returns its future.

        The future fails with a ``CardError`` (e.g. ``NoCardError``) when the card is not there.
        """
        future: Future[T] = Future()
        self._jobs.put((job, future))
        self._wake()
        if threading.current_thread() is not self:
            # pcsc-lite cancels only a wait already under way: a job that lands while the
            # device thread is on its way into the wait, past its look at the queue, would
            # otherwise sit out the whole poll. Wake it again until it has taken the job.
            threading.Thread(
                target=self._wake_until_taken,
                args=(future,),
                name="kazasu-device-wake",
                daemon=True,
            ).start()
        return future

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching, cancel queued jobs, release the context, and wait for the thread."""
        self._stopping.set()
        # As with a job (``submit``): a cancel that lands while the thread is on its way into
        # a wait, past its look at the stop flag, is lost, so wake it until it has ended.
        deadline = time.monotonic() + timeout
        while True:
            self._wake()
            left = deadline - time.monotonic()
            self.join(min(WAKE_RETRY_S, max(left, 0.0)))
            if not self.is_alive() or left <= 0:
                return

    def run(self) -> None:
        """The thread's loop: (re)connect to the service, watch the reader, run jobs."""
        try:
            while not self._stopping.is_set():
                if self._context is None and not self._establish():
                    self._run_jobs()
                    self._stopping.wait(self._retry_s)
                    continue
                try:
                    self._watch()
                    self._run_jobs()
                except CardError:
                    # The service went away, or answers nonsense while it goes (pcsc-lite may
                    # say "access denied" to a listing then): establish the context again.
                    self._drop_context()
        finally:
            self._drop_context()
            while not self._jobs.empty():
                self._jobs.get_nowait()[1].cancel()
            self._publish(DeviceStatus(DeviceState.STOPPED))

    def _establish(self) -> bool:
        try:
            context = PcscContext()
        except CardError:
            self._publish(DeviceStatus(DeviceState.PCSC_UNAVAILABLE))
            return False
        with self._context_lock:
            self._context = context
        self._known.clear()
        self._pnp_state = scard.SCARD_STATE_UNAWARE
        return True

    def _drop_context(self) -> None:
        with self._context_lock:
            context, self._context = self._context, None
        if context is not None:
            context.close()

    def _wake_until_taken(self, future: Future[Any]) -> None:
        deadline = time.monotonic() + WAKE_RETRY_FOR_S
        while not (future.running() or future.done()) and time.monotonic() < deadline:
            if self._stopping.wait(WAKE_RETRY_S):
                return
            self._wake()

    def _wake(self) -> None:
        # SCardCancel is the one PC/SC call meant to be made from another thread.
        with self._context_lock:
            if self._context is not None and self._context.handle is not None:
                scard.SCardCancel(self._context.handle)

    def _watch(self) -> None:
        assert self._context is not None
        names = tuple(self._context.readers())
        chosen = next((n for n in names if self._wanted is None or self._wanted in n), None)
        watched = [(PNP_NOTIFICATION, self._pnp_state)]
        if chosen is not None:
            watched.insert(0, (chosen, self._known.get(chosen, scard.SCARD_STATE_UNAWARE)))
        else:
            self._publish(DeviceStatus(DeviceState.NO_READER, None, names))
        if not self._jobs.empty():
            return
        hresult, states = scard.SCardGetStatusChange(self._context.handle, self._poll_ms, watched)
        if hresult in SERVICE_GONE:
            raise PcscUnavailableError()
        if hresult in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
            return
        if hresult != scard.SCARD_S_SUCCESS:
            # The reader vanished between listing and watching: list again next round.
            self._known.clear()
            return
        for name, event, atr in states:
            current = event & ~scard.SCARD_STATE_CHANGED
            if name == PNP_NOTIFICATION:
                self._pnp_state = current
                continue
            self._known[name] = current
            self._publish(_status_of(name, names, event, bytes(atr)))

    def _run_jobs(self) -> None:
        while not self._jobs.empty():
            job, future = self._jobs.get_nowait()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(self._run_one(job))
            except PcscUnavailableError as exc:
                future.set_exception(exc)
                self._drop_context()
            except Exception as exc:  # the caller's job failed: the caller gets the error
                future.set_exception(exc)

    def _run_one(self, job: Callable[[CardTransport], T]) -> T:
        if self._context is None:
            raise PcscUnavailableError()
        reader = self._context.choose_reader(self._wanted)
        with PcscTransport(self._context, reader) as transport:
            return job(transport)

    def _publish(self, status: DeviceStatus) -> None:
        if status == self.status:
            return
        self.status = status
        self._on_status(status)


def _status_of(name: str, names: tuple[str, ...], event: int, atr: bytes) -> DeviceStatus:
    if event & (scard.SCARD_STATE_UNAVAILABLE | scard.SCARD_STATE_UNKNOWN):
        return DeviceStatus(DeviceState.NO_READER, None, names)
    if event & scard.SCARD_STATE_PRESENT:
        state = (
            DeviceState.CARD_UNRESPONSIVE
            if event & scard.SCARD_STATE_MUTE
            else DeviceState.CARD_PRESENT
        )
        return DeviceStatus(state, name, names, atr)
    return DeviceStatus(DeviceState.WAITING_FOR_CARD, name, names)
