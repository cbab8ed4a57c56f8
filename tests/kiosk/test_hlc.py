"""The hybrid logical clock orders events even when wall clocks jump or disagree."""

from __future__ import annotations

import pytest

from kiosk.hlc import HybridClock, Timestamp


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
