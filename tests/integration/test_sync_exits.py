"""What a kiosk says and does when the platform has revoked it or an enrolment answer was lost:
the exit code the README documents, a worker that stops instead of retrying, and an enrolment
retry that gets the same device. Each test runs against the real platform on SQLite and
PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kiosk.model import Person
from kiosk.status import Link, SyncStatus
from kiosk.store import Store
from sync.engine import SyncEngine
from sync.errors import Transient, Unauthorized
from sync.worker import SyncWorker
from tests.integration.conftest import KIOSK_PASSPHRASE, KioskMaker
from tests.integration.platform_server import REPO, PlatformServer
from tests.tooling.faultproxy import Fault, FaultProxy


def devices_labelled(platform: PlatformServer, label: str) -> list[str]:
    """The platform's devices enrolled under ``label``."""
    engine = create_engine(platform.database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT device_id FROM devices WHERE label = :l ORDER BY device_id"), {"l": label}
        ).all()
    engine.dispose()
    return [str(r[0]) for r in rows]


def test_a_revoked_devices_sync_exits_6_and_says_it_was_revoked(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    a.people.register("staff", Person("", "山田 太郎", "やまだ たろう"))
    device_id = a.store.device_id
    folder = a.folder
    sync_a.close()
    a.close()
    platform.admin("POST", f"/devices/{device_id}/revoke")
    env = os.environ | {"KAZASU_PASSPHRASE": KIOSK_PASSPHRASE, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(folder), "sync"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 6, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "revoked" in done.stderr and "offline" not in done.stderr


def test_the_worker_stops_retrying_a_revoked_device_and_reports_it_revoked(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    statuses: list[SyncStatus] = []
    # A back-off this short would show retries within a second, were there any.
    worker = SyncWorker(sync_a, statuses.append, interval_s=0.2, backoff=(0.05, 0.1))
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while not any(s.link is Link.ONLINE for s in statuses):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        platform.admin("POST", f"/devices/{a.store.device_id}/revoke")
        worker.wake()
        worker.join(30)
        assert not worker.is_alive(), "the worker kept retrying a revoked device"
    finally:
        worker.stop()
    after = statuses[[s.link for s in statuses].index(Link.REVOKED) :]
    assert [s.link for s in after] == [Link.REVOKED]
    assert after[0].retry_in_s is None
    assert "revoked" in after[0].message


def test_an_enrolment_whose_answer_was_lost_is_retried_and_gets_the_same_device(
    platform: PlatformServer, tmp_path: Path
) -> None:
    platform.shelter("S1")
    code = platform.enrolment_code("S1")
    with FaultProxy(platform.url) as proxy:
        store = Store.create(tmp_path / "k", KIOSK_PASSPHRASE, use_os_keystore=False)
        engine = SyncEngine(store)
        try:
            proxy.add(Fault.DROP_AFTER, path="/v1/devices/enrol", times=1)
            with pytest.raises(Transient):
                engine.enrol(proxy.url, code, "lost-answer")
            assert proxy.counters["drop_after"] == 1
            [orphan] = devices_labelled(platform, "lost-answer")  # the platform did enrol it
            enrolment = engine.enrol(proxy.url, code, "lost-answer")
            assert enrolment.device_id == orphan == store.device_id
            assert devices_labelled(platform, "lost-answer") == [orphan]
            engine.run_once()  # and the device it got is one that works
        finally:
            engine.close()
            store.close()


def test_a_spent_code_is_still_refused_to_another_key(
    platform: PlatformServer, tmp_path: Path
) -> None:
    platform.shelter("S1")
    code = platform.enrolment_code("S1")
    first = Store.create(tmp_path / "first", KIOSK_PASSPHRASE, use_os_keystore=False)
    other = Store.create(tmp_path / "other", KIOSK_PASSPHRASE, use_os_keystore=False)
    engines = [SyncEngine(first), SyncEngine(other)]
    try:
        engines[0].enrol(platform.url, code, "first")
        with pytest.raises(Unauthorized, match="unknown, used or expired"):
            engines[1].enrol(platform.url, code, "other")
        assert devices_labelled(platform, "other") == []
    finally:
        for engine in engines:
            engine.close()
        first.close()
        other.close()
