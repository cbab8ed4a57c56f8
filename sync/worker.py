"""The background sync worker: rounds on a timer, exponential back-off with jitter on failure,
an immediate round when woken (a local write, the network coming back), and a status listener.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import datetime

from kiosk.status import Link, SyncStatus
from sync.client import TIMEOUT
from sync.engine import SyncEngine
from sync.errors import (
    DeviceRevoked,
    Incompatible,
    NotEnrolled,
    Refused,
    Transient,
    Unauthorized,
)

INTERVAL_S = 30.0
BACKOFF_MIN_S = 1.0
BACKOFF_MAX_S = 300.0
# A refusal needs a person to act; retrying it often only fills logs.
REFUSED_RETRY_S = 600.0

# A round that hears nothing from the platform for this long is reported offline while the
# requests run out their own time-outs (a hung connection otherwise shows "syncing" for minutes).
SILENT_AFTER_S = TIMEOUT[1]

Listener = Callable[[SyncStatus], None]


def backoff_delay(failures: int, rng: random.Random, low: float, high: float) -> float:
    """Full-jitter exponential back-off: uniform in [low, min(high, low * 2**failures)]."""
    return rng.uniform(low, min(high, low * 2 ** min(failures, 30)))


class SyncWorker(threading.Thread):
    """Runs sync rounds on its own thread until stopped."""

    def __init__(
        self,
        engine: SyncEngine,
        listener: Listener,
        interval_s: float = INTERVAL_S,
        backoff: tuple[float, float] = (BACKOFF_MIN_S, BACKOFF_MAX_S),
        rng: random.Random | None = None,
        silent_after_s: float = SILENT_AFTER_S,
    ) -> None:
        super().__init__(name="kazasu-sync", daemon=True)
        self.engine = engine
        self.listener = listener
        self.interval_s = interval_s
        self.backoff = backoff
        self.rng = rng or random.Random()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self.failures = 0
        self.silent_after_s = silent_after_s
        self._silence: threading.Timer | None = None
        self._silence_lock = threading.Lock()

    def wake(self) -> None:
        """Run a round now (after a local write, or when the network is back)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the current step and end the thread."""
        self._stopping.set()
        self._wake.set()
        self.join(timeout)

    def run(self) -> None:
        """Loop: a round, then wait for the timer, a wake-up or the back-off."""
        while not self._stopping.is_set():
            self._wake.clear()
            # A round woken by a tap's write starts once the counter has painted its answer,
            # within bounds: its first status report waits for the counter (``_report``).
            delay = self.round()
            if delay is None:
                return
            self._wake.wait(delay)

    def round(self) -> float | None:
        """One round with its status reports; returns how long to wait before the next, or None
        when no round can ever succeed again (the device was revoked)."""
        self._report(Link.SYNCING, "")
        self._listen()
        try:
            self.engine.run_once(self._progress)
        except DeviceRevoked as exc:
            # Revocation is final: retrying would only knock on a closed door. Staff are told;
            # the kiosk keeps working offline and keeps its events.
            self._report(Link.REVOKED, str(exc))
            return None
        except NotEnrolled as exc:
            self._report(Link.NOT_ENROLLED, str(exc))
            return REFUSED_RETRY_S
        except (Transient, Unauthorized) as exc:
            # A refused session is retried like a lost connection: a lost or doubled request
            # can spend a single-use challenge.
            self.failures += 1
            delay = backoff_delay(self.failures, self.rng, *self.backoff)
            self._report(Link.OFFLINE, str(exc), retry_in_s=delay)
            return delay
        except Incompatible as exc:
            self._report(Link.INCOMPATIBLE, str(exc))
            return REFUSED_RETRY_S
        except Refused as exc:
            self._report(Link.REFUSED, str(exc))
            return REFUSED_RETRY_S
        finally:
            self._listen(again=False)
        self.failures = 0
        self._report(Link.ONLINE, "")
        return self.interval_s

    def _listen(self, again: bool = True) -> None:
        """Wait afresh for the platform's next sign of life in this round (or stop waiting)."""
        with self._silence_lock:
            if self._silence is not None:
                self._silence.cancel()
            self._silence = None
            if again:
                timer = threading.Timer(self.silent_after_s, self._silent)
                timer.daemon = True
                self._silence = timer
                timer.start()

    def _silent(self) -> None:
        with self._silence_lock:
            if self._silence is not threading.current_thread():
                return  # the platform answered, or the round ended, meanwhile
        # Reported outside the lock: the report reads the store, which the round may hold.
        message = f"no answer from the platform for {self.silent_after_s:.0f} s"
        self._report(Link.OFFLINE, message)

    def _progress(self, phase: str, done: int, total: int | None) -> None:
        self._listen()
        if phase == "provision":
            self._report(Link.SYNCING, "", done=done, total=total)
        else:
            # The waiting count in each report shows a backlog shrinking batch by batch.
            self._report(Link.SYNCING, phase)

    def _report(
        self,
        link: Link,
        message: str,
        retry_in_s: float | None = None,
        done: int = 0,
        total: int | None = None,
    ) -> None:
        # A report reads the store, and the screens repaint their status strip with it (a
        # round's start, a provisioning's progress page after page): not while the counter
        # serves someone.
        self.engine.store.foreground.wait_idle()
        last = self.engine.last_success()
        self.listener(
            SyncStatus(
                link=link,
                waiting=self.engine.waiting(),
                last_success=datetime.fromisoformat(last) if last else None,
                message=message,
                provisioning_done=done,
                provisioning_total=total,
                provisioned=self.engine.provisioned(),
                retry_in_s=retry_in_s,
                clock_offset_ms=self.engine.store.clock_offset_ms,
            )
        )
