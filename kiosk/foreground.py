"""The counter first: background work (a provisioning, say) steps aside while someone is served.

The kiosk's process runs its screens, the counter's store work and the sync worker in one
interpreter. A tap hops between threads (the reader, the GUI, the database thread, the
paint), and each hop waits for the interpreter lock whenever another thread runs Python; a
provisioning thread that writes slice after slice makes every hop wait (docs/decisions/
kiosk-sync.md, "The tap during provisioning"). So the counter says when it serves someone
(``serving``, ``begin``), and the background work asks before each step (``wait_idle``) and
waits while it does, like a task manager's priorities.

Two bounds keep the background work going: a hold ends by itself after ``HOLD_MAX_S`` (a
confirmation that is never painted, an error path that forgets to say so), and one
``wait_idle`` waits at most ``WAIT_MAX_S``, so a counter that is never idle slows the background
work down but cannot stop it. The counter stays first for ``AFTER_S`` after a hold ends: the
next person in a queue (a household's members, one after another) taps right after.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

HOLD_MAX_S = 2.0
"""How long one hold keeps the counter busy at most (a tap is painted in tens of ms)."""
AFTER_S = 0.1
"""How long the counter stays busy after its last hold ended (the next tap in a queue)."""
WAIT_MAX_S = 1.0
"""How long one background step waits for the counter at most."""


class Foreground:
    """Whether the counter is serving someone, and a way for background work to wait for it.

    Thread-safe: the GUI thread and the database thread hold it, the sync threads wait on it.
    """

    def __init__(
        self,
        hold_max_s: float = HOLD_MAX_S,
        after_s: float = AFTER_S,
        wait_max_s: float = WAIT_MAX_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.hold_max_s = hold_max_s
        self.after_s = after_s
        self.wait_max_s = wait_max_s
        self._clock = clock
        self._changed = threading.Condition()
        # Each hold's id and the moment it expires by itself.
        self._holds: dict[int, float] = {}
        self._ids = itertools.count()
        self._idle_from = float("-inf")
        self._watchers: list[Callable[[float], None]] = []
        self.waiting = 0
        """Background steps waiting for the counter now (for tests and status)."""

    def begin(self) -> Callable[[], None]:
        """The counter starts serving someone; returns the call that says it is done (safe to
        call twice, and harmless after the hold expired)."""
        with self._changed:
            hold = next(self._ids)
            self._holds[hold] = self._clock() + self.hold_max_s
            self._tell_watchers()
        return lambda: self._end(hold)

    def watch(self, watcher: Callable[[float], None]) -> Callable[[], None]:
        """Tell ``watcher`` now, and whenever a hold begins or ends, the moment on this
        counter's clock until which the counter is busy as far as known then (a moment past:
        idle); returns the call that stops telling it. For background work that cannot wait
        on this object, such as another process (which needs the default clock,
        ``time.monotonic``, to read the moments): a watcher is called from the thread that
        begins or ends a hold, so it must be quick."""
        with self._changed:
            self._watchers.append(watcher)
            watcher(self._busy_until())
        return lambda: self._unwatch(watcher)

    @contextmanager
    def serving(self) -> Iterator[None]:
        """Busy for the duration of the block (at most ``hold_max_s``)."""
        end = self.begin()
        try:
            yield
        finally:
            end()

    def busy(self) -> bool:
        """Whether background work should wait now."""
        with self._changed:
            return self._busy_for() > 0

    def wait_idle(self) -> bool:
        """Block while the counter is busy, at most ``wait_max_s``; returns whether it is idle
        (False: the wait ran out and the caller goes ahead anyway)."""
        with self._changed:
            remaining = self._busy_for()
            if remaining <= 0:
                return True
            give_up = self._clock() + self.wait_max_s
            self.waiting += 1
            self._changed.notify_all()
            try:
                while remaining > 0:
                    left = give_up - self._clock()
                    if left <= 0:
                        return False
                    self._changed.wait(min(remaining, left))
                    remaining = self._busy_for()
                return True
            finally:
                self.waiting -= 1
                self._changed.notify_all()

    def wait_for_waiters(self, count: int, timeout_s: float) -> bool:
        """Block until ``count`` background steps are waiting (a test's synchronisation)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.waiting >= count, timeout_s)

    def _end(self, hold: int) -> None:
        with self._changed:
            if self._holds.pop(hold, None) is not None and not self._holds:
                self._idle_from = self._clock() + self.after_s
            self._tell_watchers()
            self._changed.notify_all()

    def _unwatch(self, watcher: Callable[[float], None]) -> None:
        with self._changed:
            if watcher in self._watchers:
                self._watchers.remove(watcher)

    def _tell_watchers(self) -> None:
        """Called with the condition held."""
        until = self._busy_until()
        for watcher in self._watchers:
            watcher(until)

    def _busy_until(self) -> float:
        """The moment the last hold known now expires, or the counter's idle moment after the
        last one ended. Called with the condition held."""
        return max(self._holds.values(), default=self._idle_from)

    def _busy_for(self) -> float:
        """Seconds until the counter is idle unless a hold ends earlier (0: idle now). Called
        with the condition held."""
        now = self._clock()
        expired = [h for h, until in self._holds.items() if until <= now]
        for hold in expired:
            del self._holds[hold]
        if expired and not self._holds:
            # An expired hold is no reason to stay first any longer.
            self._idle_from = min(self._idle_from, now)
        return max(0.0, self._busy_until() - now)
