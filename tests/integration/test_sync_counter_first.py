"""The counter comes first: while it serves someone, a provisioning starts no slice of its
snapshot and fetches no page; it goes on when the counter is done, or, if the counter is never
idle, after a bounded wait, so it always finishes (kiosk/foreground.py). A push, the
worker's round that a tap's own write wakes, and the worker's status reports wait for the
counter the same way."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.app import Kiosk
from kiosk.status import Link, SyncStatus
from sync.engine import RoundReport, SyncEngine
from sync.worker import SyncWorker
from tests.integration.builders import people
from tests.integration.conftest import KioskMaker


def persons(kiosk: Kiosk) -> int:
    with kiosk.store.reading() as conn:
        return int(conn.execute("SELECT count(*) FROM persons").fetchone()[0])


def provisioning(engine: SyncEngine) -> tuple[threading.Thread, list[RoundReport]]:
    """A sync round on a thread of its own, as the kiosk's sync worker runs it."""
    reports: list[RoundReport] = []
    round_ = threading.Thread(target=lambda: reports.append(engine.run_once()), daemon=True)
    round_.start()
    return round_, reports


def with_events_to_push(make_kiosk: KioskMaker) -> tuple[Kiosk, SyncEngine, int]:
    """An enrolled kiosk with three people registered since its last round, and how many
    events wait to be pushed."""
    kiosk, engine = make_kiosk("a")
    engine.run_once()
    people(kiosk, 3, "a")
    waiting = engine.waiting()
    assert waiting > 0
    return kiosk, engine, waiting


@pytest.mark.parametrize("worker", [True, False], ids=["worker", "in-process"])
def test_no_provisioning_slice_starts_while_the_counter_serves_someone(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch, worker: bool
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, 600, "a")
    sync_a.run_once()
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 150)
    if worker:
        monkeypatch.setattr("sync.engine.WORKER_FROM_ITEMS", 0)
    fresh, sync_fresh = make_kiosk("fresh")
    foreground = fresh.store.foreground
    # However long it takes, the round waits for the counter here.
    foreground.wait_max_s = 3600.0
    foreground.after_s = 0.0
    done = fresh.begin_serving()
    round_, reports = provisioning(sync_fresh)
    # The round waits before it even reads the first page it fetched (and so before any slice).
    assert foreground.wait_for_waiters(1, timeout_s=60)
    assert persons(fresh) == 0 and not sync_fresh.provisioned()
    done()
    round_.join(60)
    assert reports and reports[0].provisioned > 600
    assert sync_fresh.provisioned() and persons(fresh) == 600


def test_a_counter_that_is_never_idle_slows_provisioning_but_cannot_stop_it(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, 600, "a")
    sync_a.run_once()
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 150)
    fresh, sync_fresh = make_kiosk("fresh")
    foreground = fresh.store.foreground
    # A hold that outlasts the whole provisioning; each step waits for it only briefly.
    foreground.hold_max_s = 3600.0
    foreground.wait_max_s = 0.01
    fresh.begin_serving()
    report = sync_fresh.run_once()
    assert foreground.busy()
    assert report.provisioned > 600 and sync_fresh.provisioned() and persons(fresh) == 600


def test_a_push_waits_while_the_counter_serves_someone_and_goes_when_it_is_done(
    make_kiosk: KioskMaker,
) -> None:
    a, sync_a, waiting = with_events_to_push(make_kiosk)
    foreground = a.store.foreground
    foreground.wait_max_s = 3600.0
    foreground.after_s = 0.0
    done = a.begin_serving()
    pushed: list[int] = []
    push = threading.Thread(target=lambda: pushed.append(sync_a.push()), daemon=True)
    push.start()
    assert foreground.wait_for_waiters(1, timeout_s=60)
    assert sync_a.waiting() == waiting and not pushed
    done()
    push.join(60)
    assert pushed == [waiting] and sync_a.waiting() == 0


def test_a_counter_that_is_never_idle_delays_a_push_but_cannot_stop_it(
    make_kiosk: KioskMaker,
) -> None:
    a, sync_a, waiting = with_events_to_push(make_kiosk)
    foreground = a.store.foreground
    foreground.hold_max_s = 3600.0
    foreground.wait_max_s = 0.01
    a.begin_serving()
    assert sync_a.push() == waiting and sync_a.waiting() == 0
    assert foreground.busy()


def test_the_worker_woken_while_the_counter_serves_someone_starts_its_round_when_it_is_done(
    make_kiosk: KioskMaker,
) -> None:
    a, sync_a = make_kiosk("a")
    sync_a.run_once()
    foreground = a.store.foreground
    foreground.wait_max_s = 3600.0
    foreground.after_s = 0.0
    done = a.begin_serving()
    # The write of the person being served, as a tap's check-in is written before its paint.
    people(a, 3, "a")
    statuses: list[SyncStatus] = []
    rounds = threading.Event()

    def listen(status: SyncStatus) -> None:
        statuses.append(status)
        rounds.set()

    worker = SyncWorker(sync_a, listen, interval_s=3600)
    worker.start()
    try:
        # Neither the round's status report nor its push before the answer is painted.
        assert foreground.wait_for_waiters(1, timeout_s=60)
        assert not statuses and sync_a.waiting() > 0
        done()
        assert rounds.wait(60)
        deadline = time.monotonic() + 60
        while sync_a.waiting() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sync_a.waiting() == 0
    finally:
        worker.stop()


def test_a_round_reports_its_status_once_the_counter_is_done(make_kiosk: KioskMaker) -> None:
    a, sync_a = make_kiosk("a")
    sync_a.run_once()
    foreground = a.store.foreground
    foreground.wait_max_s = 3600.0
    foreground.after_s = 0.0
    statuses: list[SyncStatus] = []
    worker = SyncWorker(sync_a, statuses.append, interval_s=3600)
    # A report reads the store and repaints the status strip (a provisioning's progress bar,
    # page after page), which would take the screens' thread from the answer being painted.
    done = a.begin_serving()
    round_ = threading.Thread(target=worker.round)
    round_.start()
    try:
        assert foreground.wait_for_waiters(1, timeout_s=60)
        assert not statuses
    finally:
        done()
    round_.join(60)
    assert statuses[0].link is Link.SYNCING and statuses[-1].link is Link.ONLINE
