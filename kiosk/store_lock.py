"""The store's lock: re-entrant, and it says whether some thread waits for it.

A long run of transactions (a provisioning's slices) steps aside between two of them only for
a thread that waits for the store; with nobody waiting, the next one starts at once.
"""

from __future__ import annotations

import threading


class StoreLock:
    """A re-entrant lock (a context manager) that counts the threads waiting for it."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._counting = threading.Lock()
        self._waiting = 0

    def __enter__(self) -> None:
        if self._lock.acquire(blocking=False):
            return
        with self._counting:
            self._waiting += 1
        try:
            self._lock.acquire()
        finally:
            with self._counting:
                self._waiting -= 1

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def waited_for(self) -> bool:
        """Whether some thread waits for the lock now."""
        return self._waiting > 0
