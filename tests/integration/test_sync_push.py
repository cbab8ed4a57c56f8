"""A kiosk's push: batches go one after the other in chain order; each is marked as sent,
durably, before it leaves, and leaves the outbox only once the platform has stored it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kiosk import outbox, presence
from linkage.api.models import MAX_BATCH
from sync import engine
from sync.client import DeviceState, PlatformClient
from sync.errors import Refused
from tests.integration.builders import people, stored_events
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer, running_platform
from tests.integration.pushes import pushes_sent, states_no_limits

BATCH = 1000  # what a platform that states no limit takes
EVENTS = 3 * BATCH + 10


class Stopped(Exception):
    """The push stopped from outside (the kiosk shutting down, say)."""


def test_a_push_stopped_with_a_batch_in_flight_loses_nothing_and_stores_nothing_twice(
    make_kiosk: KioskMaker, platform: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "PUSH_BATCH", BATCH)
    a, sync_a = make_kiosk("a")
    people(a, EVENTS, "a")
    seen: list[tuple[int, int]] = []

    def stop(phase: str, done: int, total: int | None) -> None:
        # Told once the first batch is acknowledged, while the second is at the platform.
        with a.store.reading() as conn:
            seen.append((outbox.acknowledged_seq(conn), outbox.sent_seq(conn)))
        raise Stopped

    with pytest.raises(Stopped):
        sync_a.push(stop)
    with a.store.reading() as conn:
        acked, sent = outbox.acknowledged_seq(conn), outbox.sent_seq(conn)
    # The second batch's answer was never read, though the platform stored it; the third was
    # marked as sent (with the first's acknowledgement) before it could leave.
    assert seen == [(BATCH, 3 * BATCH)]
    assert (acked, stored_events(platform, a.store.device_id), sent) == (
        BATCH,
        (2 * BATCH, 2 * BATCH),
        3 * BATCH,
    )
    assert sync_a.push() == EVENTS - BATCH  # the second batch again: duplicates, then the rest
    assert stored_events(platform, a.store.device_id) == (EVENTS, EVENTS)
    assert sync_a.waiting() == 0
    found = platform.admin("GET", "/incidents", params={"limit": 1000})
    assert [i for i in found if i["kind"] == "conflict"] == []


def test_a_kiosk_keeps_to_1000_events_a_batch_on_a_platform_that_states_no_limit(
    make_kiosk: KioskMaker, platform: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    states_no_limits(monkeypatch)
    a, sync_a = make_kiosk("a")
    people(a, EVENTS, "a")
    reported: list[int] = []
    assert sync_a.push(lambda phase, done, total: reported.append(done)) == EVENTS
    assert reported == [BATCH, 2 * BATCH, 3 * BATCH, EVENTS]  # after every batch
    assert stored_events(platform, a.store.device_id) == (EVENTS, EVENTS)


def test_a_kiosk_sends_as_many_events_a_batch_as_the_platform_states(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, EVENTS, "a")
    reported: list[int] = []
    assert sync_a.push(lambda phase, done, total: reported.append(done)) == EVENTS
    assert reported == [EVENTS]  # one batch: the platform takes up to engine.PUSH_BATCH
    assert stored_events(platform, a.store.device_id) == (EVENTS, EVENTS)


@contextmanager
def reached_through(
    sync: engine.SyncEngine, platform: PlatformServer, *options: str
) -> Iterator[PlatformServer]:
    """Another ``serve`` process of the same platform (data and database), started with
    ``options``, which the kiosk reaches from now on (as through a load balancer)."""
    assert platform.data is not None
    with running_platform(platform.data, platform.database_url, options=options) as other:
        sync.call(lambda client: setattr(client, "base_url", other.url))
        yield other


def test_a_kiosk_sends_smaller_batches_once_the_platform_lowers_its_body_limit(
    make_kiosk: KioskMaker, platform: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, 10, "a")
    assert sync_a.push() == 10  # the limits learnt: 5,000 events, 4 MiB
    people(a, EVENTS, "b")
    limit = 100_000
    sent = pushes_sent(monkeypatch)
    with reached_through(sync_a, platform, "--body-limit", str(limit)):
        assert sync_a.push() == EVENTS
    assert sent[0][1] == 413
    assert all(size <= limit for size, _ in sent[1:])
    assert [acked for _, acked in sent[1:]][-1] == 10 + EVENTS
    assert stored_events(platform, a.store.device_id) == (10 + EVENTS, 10 + EVENTS)
    assert sync_a.waiting() == 0


def test_a_kiosk_sends_fewer_events_a_batch_once_the_platform_takes_fewer(
    make_kiosk: KioskMaker, platform: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The platform the kiosk learnt its limits from took twice as many events a batch as the
    # one that answers its pushes now (rolled back, or another process behind a balancer).
    more = 2 * MAX_BATCH
    monkeypatch.setattr(engine, "PUSH_BATCH", more)
    me = PlatformClient.me
    asked: list[int] = []

    def learnt_before(client: PlatformClient) -> DeviceState:
        state = me(client)
        asked.append(state.max_batch)
        return dataclasses.replace(state, max_batch=more) if len(asked) == 1 else state

    monkeypatch.setattr(PlatformClient, "me", learnt_before)
    a, sync_a = make_kiosk("a")
    # Registrations and check-ins: more than MAX_BATCH events within the body limit.
    count = MAX_BATCH // 2 + 10
    registered = people(a, count, "a")
    with a.store.transaction() as tx:
        for person_id in registered:
            presence.check_in(tx, "staff", person_id, "S1")
    sent = pushes_sent(monkeypatch)
    assert sync_a.push() == 2 * count
    assert [acked for _, acked in sent] == [422, MAX_BATCH, 2 * count]
    assert asked == [MAX_BATCH, MAX_BATCH]  # asked again after the 422
    assert stored_events(platform, a.store.device_id) == (2 * count, 2 * count)


def test_a_kiosk_halves_its_batches_where_the_platform_states_no_limit_and_refuses_one(
    make_kiosk: KioskMaker, platform: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    states_no_limits(monkeypatch)
    a, sync_a = make_kiosk("a")
    people(a, EVENTS, "a")
    with a.store.reading() as conn:
        found = outbox.outgoing(conn, 300)
    assert found is not None
    sent = pushes_sent(monkeypatch)
    with reached_through(sync_a, platform, "--body-limit", str(len(found.body))):
        assert sync_a.push() == EVENTS
    # 1,000 events refused, then 500, then batches of 250 fit.
    assert [acked for _, acked in sent[:3]] == [413, 413, 250]
    assert stored_events(platform, a.store.device_id) == (EVENTS, EVENTS)


def test_an_event_larger_than_the_body_limit_is_refused_plainly_and_not_sent_over_and_over(
    make_kiosk: KioskMaker, platform: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, 1, "a")
    assert sync_a.push() == 1  # the limits learnt: 5,000 events, 4 MiB
    people(a, 3, "b")
    with a.store.reading() as conn:
        found = outbox.outgoing(conn, 1)
    assert found is not None
    sent = pushes_sent(monkeypatch)
    with reached_through(sync_a, platform, "--body-limit", str(len(found.body) - 1)):
        for _ in range(2):
            with pytest.raises(Refused) as refused:
                sync_a.push()
            assert (refused.value.status, refused.value.kind) == (413, "body-too-large")
    # The three events refused together, then the first alone; the next push sends it alone.
    assert sent == [(sent[0][0], 413), (len(found.body), 413), (len(found.body), 413)]
    assert stored_events(platform, a.store.device_id) == (1, 1)
    assert sync_a.waiting() == 3
