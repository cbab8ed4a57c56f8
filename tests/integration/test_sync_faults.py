"""Sync survives what goes wrong in the field: killed processes, wrong clocks, long outages,
interrupted provisioning. Each test runs against the real platform on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, create_engine, text

from kiosk.model import Person
from kiosk.status import Link, SyncStatus
from kiosk.store import Store
from sync.client import PlatformClient
from sync.engine import PUSH_BATCH, SyncEngine
from sync.errors import Transient
from sync.worker import SyncWorker
from tests.integration.builders import PowerLostAtSecondSlice, people, stored_events
from tests.integration.conftest import KIOSK_PASSPHRASE, KioskMaker
from tests.integration.platform_server import REPO, PlatformServer
from tests.tooling.faultproxy import FaultProxy

DAY_S = 24 * 3600


def stored_count(platform_db: Engine, device_id: str) -> int:
    """How many of a device's events the platform holds."""
    with platform_db.connect() as conn:
        query = text("SELECT count(*) FROM events WHERE device_id = :d")
        return int(conn.execute(query, {"d": device_id}).scalar_one())


def test_sigkill_in_the_middle_of_a_sync_loses_nothing_and_duplicates_nothing(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    ids = people(a, 3000, "a")
    # More events than one batch (PUSH_BATCH), so that a kill can fall between two.
    for person_id in ids:
        a.presence.check_in("staff", person_id, "S1")
    for person_id in ids[1500:]:
        a.presence.check_out("staff", person_id, "S1")
    last_seq = 3000 + 3000 + 1500
    assert last_seq > PUSH_BATCH
    folder = a.folder
    device_id = a.store.device_id
    sync_a.close()
    a.close()
    env = os.environ | {"KAZASU_PASSPHRASE": KIOSK_PASSPHRASE, "PYTHONPATH": str(REPO)}
    rng = random.Random(9)
    platform_db = create_engine(platform.database_url)
    kills = 0
    for _ in range(4):
        before = stored_count(platform_db, device_id)
        worker = subprocess.Popen(
            [sys.executable, "-m", "kiosk.cli", "--data", str(folder), "sync"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Killed in the middle of its push, however fast the push is: once the platform
        # holds more of its events than before this run and not all of them, a moment later
        # (a batch in flight, committed but not acknowledged, or between two).
        while worker.poll() is None:
            if before < stored_count(platform_db, device_id) < last_seq:
                time.sleep(rng.uniform(0, 0.03))
                worker.send_signal(signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.002)
        worker.wait()
    platform_db.dispose()
    assert kills >= 1
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(folder), "sync"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"waiting": 0' in done.stdout
    from kiosk.store import Store

    with Store.open(folder, lambda: KIOSK_PASSPHRASE, use_os_keystore=False) as store:
        assert store.integrity_ok()
        assert store.device_id == device_id
    assert stored_events(platform, device_id) == (last_seq, last_seq)
    b, sync_b = make_kiosk("b")
    sync_b.run_once()
    assert len(b.presence.present("S1")) == 1500


@pytest.mark.parametrize("skew_days", [3, -3])
def test_a_kiosk_whose_clock_is_three_days_wrong_still_syncs_in_causal_order(
    make_kiosk: KioskMaker, skew_days: int
) -> None:
    skewed, sync_skewed = make_kiosk("skewed", wall=lambda: time.time() + skew_days * DAY_S)
    right, sync_right = make_kiosk("right")
    person = skewed.people.register("staff", Person("", "時計 ずれ", "とけい ずれ"))
    skewed.presence.check_in("staff", person.person_id, "S1")
    sync_skewed.run_once()
    sync_right.run_once()
    right.presence.check_out("staff", person.person_id, "S1", "帰宅")  # after seeing the check-in
    sync_right.run_once()
    sync_skewed.run_once()
    for kiosk in (skewed, right):
        where = kiosk.presence.where(person.person_id)
        assert where is not None and not where.present
    skewed.presence.check_in("staff", person.person_id, "S1")  # and back again, on the skewed one
    sync_skewed.run_once()
    sync_right.run_once()
    back = right.presence.where(person.person_id)
    assert back is not None and back.present


class FailingAfter(PlatformClient):
    """A client whose link dies after ``pages`` snapshot pages (the cable pulled mid-way)."""

    pages = 3

    def __init__(self, base_url: str, verify: bool | str = True, pin: str | None = None) -> None:
        super().__init__(base_url, verify, pin)
        self.tokens: list[str | None] = []

    def snapshot(self, page_token: str | None, limit: int) -> dict[str, Any]:
        self.tokens.append(page_token)
        if len(self.tokens) > self.pages:
            raise Transient("the link went down")
        return super().snapshot(page_token, limit)


def test_an_interrupted_provisioning_resumes_where_it_stopped(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    ids = people(a, 2500, "a")
    for person_id in ids[:500]:
        a.presence.check_in("staff", person_id, "S1")
    sync_a.run_once()
    late, _ = make_kiosk("late")
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 500)
    first = SyncEngine(late.store, client_factory=FailingAfter)
    with pytest.raises(Transient):
        first.run_once()
    assert not first.provisioned()
    assert first._client is not None and isinstance(first._client, FailingAfter)
    resumed_from = first._client.tokens[-1]
    assert resumed_from is not None
    seen: list[str | None] = []

    class Recording(PlatformClient):
        def snapshot(self, page_token: str | None, limit: int) -> dict[str, Any]:
            seen.append(page_token)
            return super().snapshot(page_token, limit)

    second = SyncEngine(late.store, client_factory=Recording)
    second.run_once()
    assert second.provisioned()
    assert seen[0] == resumed_from, "the second run must continue from the stored page token"
    assert len(late.presence.present("S1")) == 500
    with late.store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 2500


def test_a_snapshot_page_cut_short_between_its_slices_is_applied_again_in_full(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, 1000, "a")
    sync_a.run_once()
    late, _ = make_kiosk("late")
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 2000)
    monkeypatch.setattr("sync.engine.SNAPSHOT_SLICE", 300)

    # A tap waits for the store: the page's first slice commits on its own to let it in.
    monkeypatch.setattr(Store, "contended", lambda self: True)
    first = PowerLostAtSecondSlice(late.store)
    with pytest.raises(OSError, match="power lost"):
        first.run_once()
    # The first slice is its own committed transaction: the store was free for a tap after it.
    with late.store.reading() as conn:
        assert 0 < conn.execute("SELECT count(*) FROM persons").fetchone()[0] < 1000
    assert not first.provisioned()
    second = SyncEngine(late.store)
    second.run_once()
    assert second.provisioned()
    with late.store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 1000


def test_after_72_hours_offline_10000_waiting_events_catch_up_and_the_backlog_shrinks(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    clock = [time.time()]
    a, sync_a = make_kiosk("a", url=platform.url, wall=lambda: clock[0])
    ids = people(a, 2000, "a")  # 2,000 events
    for i in range(8000):  # 8,000 more over 72 simulated hours with no network
        clock[0] += 72 * 3600 / 8000
        person_id = ids[i % 2000]
        if (i // 2000) % 2 == 0:
            a.presence.check_in("staff", person_id, "S1")
        else:
            a.presence.check_out("staff", person_id, "S1")
    assert sync_a.waiting() == 10_000
    statuses: list[SyncStatus] = []
    worker = SyncWorker(sync_a, statuses.append, interval_s=3600)
    assert worker.round() == 3600  # one round drains everything
    backlog = [s.waiting for s in statuses if s.message == "push"]
    assert backlog[0] < 10_000 and backlog[-1] == 0
    # A status after every batch.
    assert backlog == sorted(backlog, reverse=True) and len(backlog) >= 10_000 // PUSH_BATCH
    assert statuses[-1].link is Link.ONLINE and statuses[-1].waiting == 0
    assert stored_events(platform, a.store.device_id) == (10_000, 10_000)


def test_while_the_platform_is_unreachable_the_worker_backs_off_and_reports_offline(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    a.people.register("staff", Person("", "山田", "やまだ"))
    sync_a.close()
    sync_a._client = PlatformClient("http://127.0.0.1:9")  # nothing listens there
    statuses: list[SyncStatus] = []
    worker = SyncWorker(sync_a, statuses.append, backoff=(1.0, 60.0), rng=random.Random(1))
    delays = [delay for delay in (worker.round() for _ in range(6)) if delay is not None]
    assert len(delays) == 6  # every failed round schedules the next
    assert all(s.link in (Link.SYNCING, Link.OFFLINE) for s in statuses)
    assert statuses[-1].waiting == 1 and statuses[-1].retry_in_s == delays[-1]
    assert max(delays) <= 60.0 and delays[-1] > 1.0
    sync_a._client = PlatformClient(platform.url)  # the network is back
    assert worker.round() == worker.interval_s
    assert statuses[-1].link is Link.ONLINE and statuses[-1].waiting == 0
    assert requests.get(platform.url + "/openapi.json", timeout=5).ok


def test_when_the_network_returns_a_wake_up_syncs_at_once_not_after_the_back_off(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    with FaultProxy(platform.url) as proxy:
        a, sync_a = make_kiosk("a", url=proxy.url)
        a.people.register("staff", Person("", "山田", "やまだ"))
        proxy.partition()
        statuses: list[SyncStatus] = []
        online = threading.Event()

        def listen(status: SyncStatus) -> None:
            statuses.append(status)
            if status.link is Link.ONLINE:
                online.set()

        worker = SyncWorker(sync_a, listen, backoff=(120.0, 300.0))
        worker.start()
        try:
            deadline = time.monotonic() + 30
            while not any(s.link is Link.OFFLINE for s in statuses):
                assert time.monotonic() < deadline
                time.sleep(0.05)
            proxy.partition(False)  # the cable is back; the OS tells the UI, the UI wakes us
            worker.wake()
            # The back-off is at least 120 s; a busy CI machine still answers well within 30 s.
            assert online.wait(30), "the worker waited out its back-off"
        finally:
            worker.stop()
    assert statuses[-1].waiting == 0
