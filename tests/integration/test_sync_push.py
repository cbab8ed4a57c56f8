"""A kiosk's push: batches go one after the other in chain order; each is marked as sent,
durably, before it leaves, and leaves the outbox only once the platform has stored it."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk import outbox
from sync import engine
from sync.client import PlatformClient
from tests.integration.builders import people, stored_events
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer

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
    answer = PlatformClient._call

    def older(client: PlatformClient, method: str, path: str, **kw: Any) -> dict[str, Any]:
        # A platform from before the limits were stated answers "me" without them.
        body = answer(client, method, path, **kw)
        if path == "/v1/devices/me":
            del body["max_batch"], body["body_limit"]
        return body

    monkeypatch.setattr(PlatformClient, "_call", older)
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
