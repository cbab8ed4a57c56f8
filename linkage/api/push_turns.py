"""Pushes of one device that arrive together take the database in the order of their events.

A kiosk sends its next batch while the platform stores the one ahead (docs/decisions/
kiosk-sync.md, "Push"), so that reading and checking one overlaps storing the other. The
platform stores a device's events only in chain order: a batch whose transaction starts before
the batch ahead of it is stored is answered with a gap and sent again. Within one process the
later batch therefore waits, after its checks and before its transaction, until the pushes of
the same device with earlier events have ended. This only saves the wasted round: the device's
row lock and the chain check decide what is stored, across processes too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# A turn is never waited for longer than this: the push then simply goes ahead.
MAX_WAIT_S = 2.0


class PushTurns:
    """The pushes in progress in this process, by device: the first device seq of each."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._active: dict[str, list[int]] = {}

    @contextmanager
    def arrived(self, device_id: str, first_seq: int) -> Iterator[Callable[[], None]]:
        """Record a push of ``device_id`` starting at ``first_seq`` for the duration; yields
        the call that waits until no push of the device with earlier events is in progress."""
        with self._changed:
            self._active.setdefault(device_id, []).append(first_seq)

        def turn() -> None:
            with self._changed:
                self._changed.wait_for(
                    lambda: min(self._active[device_id]) >= first_seq, timeout=MAX_WAIT_S
                )

        try:
            yield turn
        finally:
            with self._changed:
                active = self._active[device_id]
                active.remove(first_seq)
                if not active:
                    del self._active[device_id]
                self._changed.notify_all()
