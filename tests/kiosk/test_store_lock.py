"""The store's lock says whether a thread waits for it: a provisioning steps aside between its
slices only then."""

from __future__ import annotations

import threading
import time

from kiosk.store_lock import StoreLock


def test_nobody_waits_for_a_free_lock_or_for_its_holder_re_entering() -> None:
    lock = StoreLock()
    assert not lock.waited_for()
    with lock, lock:
        assert not lock.waited_for()
    assert not lock.waited_for()


def test_a_thread_blocked_on_the_lock_is_waiting_until_it_has_it() -> None:
    lock = StoreLock()
    got = threading.Event()

    def other() -> None:
        with lock:
            got.set()

    with lock:
        thread = threading.Thread(target=other)
        thread.start()
        deadline = time.monotonic() + 10
        while not lock.waited_for():
            assert time.monotonic() < deadline, "the other thread never waited"
            time.sleep(0.001)
        assert not got.is_set()
    assert got.wait(10)
    thread.join()
    assert not lock.waited_for()
