"""A platform that accepts the connection but never answers shows offline within the request
time-out, not "syncing" until every request has run out its own."""

from __future__ import annotations

import socket
import threading
import time

from kiosk.model import Person
from kiosk.status import Link, SyncStatus
from sync.client import TIMEOUT, PlatformClient
from sync.worker import SILENT_AFTER_S, SyncWorker
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer


def test_a_hung_platform_shows_offline_within_the_request_timeout(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    assert TIMEOUT[1] >= SILENT_AFTER_S
    a, sync_a = make_kiosk("a")
    a.people.register("staff", Person("", "山田", "やまだ"))
    # Connections are accepted by the kernel and then nothing is ever said on them.
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(16)
    sync_a.close()
    sync_a._client = PlatformClient(f"http://127.0.0.1:{hung.getsockname()[1]}")
    statuses: list[SyncStatus] = []
    worker = SyncWorker(sync_a, statuses.append, silent_after_s=1.0)
    started = time.monotonic()
    round_ = threading.Thread(target=worker.round, daemon=True)
    round_.start()
    try:
        while time.monotonic() - started < 10 and not any(s.link is Link.OFFLINE for s in statuses):
            time.sleep(0.05)
        offline = [s for s in statuses if s.link is Link.OFFLINE]
        assert offline, [s.link for s in statuses]
        assert time.monotonic() - started < 5
        assert "no answer from the platform" in offline[0].message
        assert offline[0].waiting == 1
        assert round_.is_alive()  # the request is still running out its time-out
    finally:
        hung.close()
        round_.join(TIMEOUT[1] + 5)
    assert statuses[-1].link is Link.OFFLINE
