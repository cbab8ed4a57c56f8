"""A kiosk's push: up to two batches at the platform at once, stored in chain order; each is
marked as sent, durably, before it leaves, and leaves the outbox only once the platform has
stored it. A batch that gets there before the one ahead of it is sent again."""

from __future__ import annotations

import time

import orjson
import pytest

from kiosk import outbox
from sync.client import PlatformClient
from sync.engine import SyncEngine
from tests.integration.builders import people, stored_events
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer

BATCH = 1000  # sync.engine.PUSH_BATCH
EVENTS = 3 * BATCH + 10


class Stopped(Exception):
    """The push stopped from outside (the kiosk shutting down, say)."""


def test_a_push_stopped_with_batches_in_flight_loses_nothing_and_stores_nothing_twice(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, EVENTS, "a")
    seen: list[tuple[int, int]] = []

    def stop(phase: str, done: int, total: int | None) -> None:
        # Told once the first batch is acknowledged, while the second and third are at the
        # platform.
        with a.store.reading() as conn:
            seen.append((outbox.acknowledged_seq(conn), outbox.sent_seq(conn)))
        raise Stopped

    with pytest.raises(Stopped):
        sync_a.push(stop)
    with a.store.reading() as conn:
        acked, sent = outbox.acknowledged_seq(conn), outbox.sent_seq(conn)
    # The answers of the second and third batches were never read, though the platform stored
    # them (the third only if it got there after the second); the fourth was marked as sent
    # (with the first's acknowledgement) before it could leave.
    assert seen == [(BATCH, EVENTS)]
    assert (acked, sent) == (BATCH, EVENTS)
    assert stored_events(platform, a.store.device_id) in ((2 * BATCH,) * 2, (3 * BATCH,) * 2)
    assert sync_a.push() == EVENTS - BATCH  # the second batch on again: duplicates, then the rest
    assert stored_events(platform, a.store.device_id) == (EVENTS, EVENTS)
    assert sync_a.waiting() == 0
    found = platform.admin("GET", "/incidents", params={"limit": 1000})
    assert [i for i in found if i["kind"] == "conflict"] == []


def first_batch_late(answers: list[tuple[int, int]]) -> type[PlatformClient]:
    """A link on which the first batch of a push arrives a second after the second batch;
    each push's (first device seq sent, acked seq answered) goes to ``answers``."""

    class FirstBatchLate(PlatformClient):
        def push(self, batch: bytes) -> int:
            first = int(orjson.loads(batch)["events"][0]["device_seq"])
            if first == 1 and not answers:
                time.sleep(1.0)
            acked = super().push(batch)
            answers.append((first, acked))
            return acked

    return FirstBatchLate


def test_a_batch_that_gets_there_before_the_one_ahead_is_sent_again_and_stored_once(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, EVENTS, "a")
    answers: list[tuple[int, int]] = []
    late = SyncEngine(a.store, client_factory=first_batch_late(answers))
    try:
        assert late.push() == EVENTS
    finally:
        late.close()
    # The second batch was answered first, with nothing stored (a gap), then sent again.
    assert answers[0] == (BATCH + 1, 0)
    assert (BATCH + 1, 2 * BATCH) in answers
    assert stored_events(platform, a.store.device_id) == (EVENTS, EVENTS)
    assert sync_a.waiting() == 0
    found = platform.admin("GET", "/incidents", params={"limit": 1000})
    assert [i for i in found if i["kind"] == "conflict"] == []
