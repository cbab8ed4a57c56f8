"""The hybrid logical clock orders events even when wall clocks jump or disagree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk import audit
from kiosk.hlc import HybridClock, Timestamp, measured_offset
from kiosk.store import Store
from tests.kiosk.builders import PASSPHRASE, FakeWall

THREE_DAYS_MS = 3 * 24 * 3600 * 1000


def test_readings_increase_when_the_wall_clock_stands_still() -> None:
    clock = HybridClock("k1", wall=lambda: 1000.0)
    a, b = clock.now(), clock.now()
    assert a < b and a.encode() < b.encode()


def test_readings_never_go_back_when_the_wall_clock_is_set_back() -> None:
    now = [2000.0]
    clock = HybridClock("k1", wall=lambda: now[0])
    before = clock.now()
    now[0] = 1000.0  # someone set the clock back by 1000 s
    assert clock.now().encode() > before.encode()


def test_observing_a_later_remote_reading_moves_past_it() -> None:
    clock = HybridClock("k1", wall=lambda: 1000.0)
    remote = Timestamp(5_000_000, 3, "k2")
    clock.observe(remote)
    assert clock.now() > remote


def test_string_order_is_the_causal_order() -> None:
    stamps = [
        Timestamp(5, 0, "b"),
        Timestamp(5, 1, "a"),
        Timestamp(10, 0, "a"),
        Timestamp(5, 0, "a"),
    ]
    assert sorted(s.encode() for s in stamps) == [s.encode() for s in sorted(stamps)]


def test_the_string_form_round_trips_and_rejects_garbage() -> None:
    stamp = Timestamp(1_795_000_000_000, 7, "kiosk:3")
    assert Timestamp.decode(stamp.encode()) == stamp
    with pytest.raises(ValueError):
        Timestamp.decode("12:3:x")


def test_a_learned_offset_corrects_the_readings_of_a_wrong_wall_clock() -> None:
    clock = HybridClock("k1", wall=lambda: 1000.0, offset_ms=THREE_DAYS_MS)
    assert clock.now() == Timestamp(1_000_000 + THREE_DAYS_MS, 0, "k1")
    assert clock.local_ms() == 1_000_000


def test_the_offset_is_measured_at_the_midpoint_of_the_round_trip() -> None:
    # Asked at local 1,000 ms, answered 200 ms later: the platform read 10,500 at local 1,100.
    assert measured_offset(10_500, 1_000, 200.0) == 9_400
    assert measured_offset(1_000, 260_000_000, 0.0) == -259_999_000


def test_an_offset_within_the_measurements_own_error_leaves_a_right_clock_alone() -> None:
    # Answered 180 ms into a 200 ms trip: the clocks agree as far as this trip can tell, and
    # two right kiosks must not be set apart by the noise of their measurements.
    assert measured_offset(1_180, 1_000, 200.0) == 0
    assert measured_offset(1_300, 1_000, 200.0) == 0
    assert measured_offset(1_301, 1_000, 200.0) == 201


def test_the_offset_the_store_learns_outlives_the_process_and_is_audited_when_it_moves(
    store: Store, data_dir: Path, wall: FakeWall
) -> None:
    assert store.clock_offset_ms is None
    store.learn_clock_offset(-THREE_DAYS_MS)
    store.learn_clock_offset(-THREE_DAYS_MS + 40)  # a session's jitter: not worth a line
    store.close()
    with Store.open(data_dir, lambda: PASSPHRASE, wall=wall, use_os_keystore=False) as again:
        assert again.clock_offset_ms == -THREE_DAYS_MS + 40
        with again.transaction() as tx:
            event = tx.emit("test.event", {})
        assert Timestamp.decode(event.hlc).wall_ms == int(wall() * 1000) - THREE_DAYS_MS + 40
        assert again.now() == datetime.fromtimestamp(wall(), UTC) - timedelta(
            milliseconds=THREE_DAYS_MS - 40
        )
        with again.reading() as conn:
            moves = [e for e in audit.entries(conn) if e.action == "clock.offset"]
    assert [e.detail for e in moves] == [{"offset_ms": -THREE_DAYS_MS, "previous_ms": None}]


def test_a_stamp_observed_and_remembered_binds_the_next_process(
    store: Store, data_dir: Path, wall: FakeWall
) -> None:
    ahead = Timestamp(int(wall() * 1000) + 3_600_000, 4, "other-kiosk")
    with store.transaction() as tx:
        tx.clock.observe(ahead)
        tx.remember_clock()
    store.close()
    again = Store.open(data_dir, lambda: PASSPHRASE, wall=wall, use_os_keystore=False)
    with again, again.transaction() as tx:
        event = tx.emit("test.event", {})
    assert Timestamp.decode(event.hlc) > ahead
