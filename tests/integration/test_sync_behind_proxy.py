"""A kiosk reaching the platform through a reverse proxy, which answers some requests itself, as
nginx does: an HTML ``413`` for a body over its own limit, HTML ``502``/``504`` pages when the
platform is down or slow. None of these reach the platform's code on its database, so the tests
run on SQLite only, except the ``504`` given after the platform stored the batch (the batch is
then sent again, and each database finds the duplicates its own way)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from kiosk import outbox
from kiosk.status import Link, SyncStatus
from sync.client import DeviceState, PlatformClient
from sync.errors import Refused, Transient
from sync.worker import SyncWorker
from tests.integration.builders import people, stored_events
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer
from tests.integration.pushes import pushes_sent
from tests.tooling.faultproxy import Fault, FaultProxy

MiB = 1024 * 1024
PUSH = "/v1/sync/push"
sqlite_only = pytest.mark.parametrize("platform", ["sqlite"], indirect=True)


def _limits_asked(monkeypatch: pytest.MonkeyPatch) -> list[DeviceState]:
    """Every answer to ``GET /v1/devices/me`` from now on."""
    answers: list[DeviceState] = []
    me = PlatformClient.me

    def recorded(client: PlatformClient) -> DeviceState:
        answers.append(me(client))
        return answers[-1]

    monkeypatch.setattr(PlatformClient, "me", recorded)
    return answers


def _worker(sync: Any, statuses: list[SyncStatus]) -> SyncWorker:
    return SyncWorker(sync, statuses.append, backoff=(1.0, 60.0), rng=random.Random(3))


@sqlite_only
def test_a_kiosk_behind_a_proxy_taking_1_mib_pushes_5000_events_in_batches_that_fit_it(
    make_kiosk: KioskMaker, platform: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FaultProxy(platform.url, body_limit=MiB) as proxy:
        a, sync_a = make_kiosk("a", url=proxy.url)
        people(a, 5200, "a")
        asked = _limits_asked(monkeypatch)
        sent = pushes_sent(monkeypatch)
        assert sync_a.push() == 5200
        refused = [size for size, acked in sent if acked == 413]
        stored = [size for size, acked in sent if acked != 413]
        # The first batch (4 MiB, the platform's limit) and its half are refused by the proxy;
        # batches of half as many events again fit, or not all of them (the events' sizes
        # vary), and are halved once more.
        assert len(refused) >= 2 and refused[0] > 2 * MiB
        assert sent[:2] == [(refused[0], 413), (refused[1], 413)]
        assert all(size > MiB for size in refused) and all(size <= MiB for size in stored)
        assert proxy.counters["body_too_large"] == len(refused)
        # Asked once at the start and once after each refusal: the platform behind the proxy
        # still states its 4 MiB and 5,000 events, so the kiosk halved.
        assert len(asked) == 1 + len(refused)
        assert {(s.max_batch, s.body_limit) for s in asked} == {(5000, 4 * MiB)}
        assert stored_events(platform, a.store.device_id) == (5200, 5200)

        # The size found holds for the rest of the process: no push is refused again.
        people(a, 3000, "b")
        before = len(sent)
        assert sync_a.push() == 3000
        assert all(acked != 413 and size <= MiB for size, acked in sent[before:])
        assert len(asked) == 1 + len(refused)
        assert proxy.counters["body_too_large"] == len(refused)
    assert stored_events(platform, a.store.device_id) == (8200, 8200)
    assert sync_a.waiting() == 0


@sqlite_only
def test_an_event_larger_than_the_proxys_limit_is_refused_plainly_not_sent_over_and_over(
    make_kiosk: KioskMaker, platform: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FaultProxy(platform.url) as proxy:
        a, sync_a = make_kiosk("a", url=proxy.url)
        people(a, 2, "a")
        with a.store.reading() as conn:
            found = outbox.outgoing(conn, 1)
        assert found is not None
        proxy.body_limit = len(found.body) - 1
        sent = pushes_sent(monkeypatch)
        with pytest.raises(Refused) as refused:
            sync_a.push()
        assert refused.value.status == 413
        assert "proxy" in str(refused.value)
        # Two events refused together, then the first alone.
        assert [acked for _, acked in sent] == [413, 413]
        assert proxy.counters["body_too_large"] == 2
    assert sync_a.waiting() == 2


@sqlite_only
@pytest.mark.parametrize("status", [502, 504])
def test_a_proxys_html_error_page_for_a_push_is_retried_and_said_plainly(
    status: int, make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    with FaultProxy(platform.url) as proxy:
        a, sync_a = make_kiosk("a", url=proxy.url)
        people(a, 300, "a")
        proxy.add(Fault.HTML_ERROR, path=PUSH, status=status, times=2)
        statuses: list[SyncStatus] = []
        worker = _worker(sync_a, statuses)
        for _ in range(2):
            assert worker.round() is not None
            last = statuses[-1]
            assert last.link is Link.OFFLINE and last.retry_in_s is not None
            assert last.waiting == 300
            assert f"unavailable ({status} " in last.message and "proxy" in last.message
        assert worker.round() == worker.interval_s
        assert statuses[-1].link is Link.ONLINE and statuses[-1].waiting == 0
        assert proxy.counters["html_error"] == 2
    assert stored_events(platform, a.store.device_id) == (300, 300)


@sqlite_only
def test_a_proxys_page_for_another_error_is_retried_and_named(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    with FaultProxy(platform.url) as proxy:
        a, sync_a = make_kiosk("a", url=proxy.url)
        people(a, 10, "a")
        proxy.add(Fault.HTML_ERROR, path=PUSH, status=404, times=1)
        with pytest.raises(Transient, match=f"answered {PUSH} with 404 Not Found from a proxy"):
            sync_a.push()
        assert sync_a.push() == 10
    assert stored_events(platform, a.store.device_id) == (10, 10)


def test_a_504_after_the_platform_stored_the_batch_stores_nothing_twice(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    with FaultProxy(platform.url) as proxy:
        a, sync_a = make_kiosk("a", url=proxy.url)
        people(a, 300, "a")
        proxy.add(Fault.GATEWAY_TIMEOUT, path=PUSH, times=1)
        statuses: list[SyncStatus] = []
        worker = _worker(sync_a, statuses)
        assert worker.round() is not None
        failed = statuses[-1]
        assert failed.link is Link.OFFLINE and "unavailable (504 " in failed.message
        assert stored_events(platform, a.store.device_id) == (300, 300)  # stored, not known
        assert sync_a.waiting() == 300
        assert worker.round() == worker.interval_s
        assert proxy.counters["gateway_timeout"] == 1
    assert statuses[-1].link is Link.ONLINE and sync_a.waiting() == 0
    assert stored_events(platform, a.store.device_id) == (300, 300)
    found = platform.admin("GET", "/incidents", params={"limit": 1000})
    assert [i for i in found if i["kind"] == "conflict"] == []


@sqlite_only
@pytest.mark.parametrize("worker_decodes", [False, True])
def test_a_proxys_html_502_for_a_snapshot_page_is_retried_from_the_page_it_stopped_at(
    worker_decodes: bool,
    make_kiosk: KioskMaker,
    platform: PlatformServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, 900, "a")
    sync_a.run_once()
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 300)
    if worker_decodes:  # the pages after the first are decoded in the worker process
        monkeypatch.setattr("sync.engine.WORKER_FROM_ITEMS", 0)
    with FaultProxy(platform.url) as proxy:
        late, sync_late = make_kiosk("late", url=proxy.url)
        # The second page's request (the first carries no token).
        proxy.add(Fault.HTML_ERROR, path="/v1/sync/snapshot?limit=300&page_token", status=502)
        statuses: list[SyncStatus] = []
        worker = _worker(sync_late, statuses)
        assert worker.round() is not None
        failed = statuses[-1]
        assert failed.link is Link.OFFLINE and "unavailable (502 " in failed.message
        assert not sync_late.provisioned()
        assert sync_late._snapshot_state()["done"] == 300  # the first page, kept
        proxy.clear()
        assert worker.round() == worker.interval_s
    assert sync_late.provisioned()
    with late.store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 900
