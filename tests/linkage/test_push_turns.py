"""Pushes of one device in progress together take the database in the order of their events;
other devices' pushes never wait for them."""

from __future__ import annotations

import threading
import time

import pytest

from linkage.api import push_turns
from linkage.api.push_turns import PushTurns


def test_a_push_waits_for_the_push_of_the_same_devices_earlier_events() -> None:
    turns = PushTurns()
    order: list[str] = []
    ahead_in = threading.Event()
    release = threading.Event()

    def ahead() -> None:
        with turns.arrived("D-1", 1) as turn:
            turn()
            ahead_in.set()
            release.wait(5)
            order.append("ahead stored")

    thread = threading.Thread(target=ahead)
    thread.start()
    ahead_in.wait(5)
    with turns.arrived("D-1", 1001) as turn:
        release_later = threading.Timer(0.2, release.set)
        release_later.start()
        turn()
        order.append("behind stored")
    thread.join()
    assert order == ["ahead stored", "behind stored"]


def test_a_push_whose_earlier_events_arrive_later_goes_first_and_another_device_never_waits() -> (
    None
):
    turns = PushTurns()
    with turns.arrived("D-1", 1001) as behind:
        started = time.monotonic()
        behind()  # nothing earlier of D-1 is in progress
        with turns.arrived("D-2", 1) as other:
            other()
        with turns.arrived("D-1", 1) as ahead:
            ahead()  # earlier events never wait for later ones
        assert time.monotonic() - started < 0.5


def test_a_turn_is_not_waited_for_past_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push_turns, "MAX_WAIT_S", 0.1)
    turns = PushTurns()
    with turns.arrived("D-1", 1), turns.arrived("D-1", 1001) as behind:
        started = time.monotonic()
        behind()  # the push ahead never ends here: the device's row lock decides
        assert 0.05 < time.monotonic() - started < 2
