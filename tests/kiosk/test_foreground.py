"""The counter first: while someone is served the kiosk's background work waits, and two
bounds keep that work from being stopped for good (kiosk/foreground.py)."""

from __future__ import annotations

import threading

from kiosk.app import Kiosk
from kiosk.counter import Counter
from kiosk.foreground import Foreground
from tests.kiosk.builders import STAFF, add_person

CARD = "jpki:" + "cd" * 32


class Clock:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_the_counter_is_busy_while_it_serves_and_for_a_moment_after() -> None:
    clock = Clock()
    foreground = Foreground(hold_max_s=2.0, after_s=0.1, clock=clock)
    assert not foreground.busy()
    done = foreground.begin()
    assert foreground.busy()
    clock.t += 1.0
    assert foreground.busy()
    done()
    # The next person in the queue taps right after: still first for a moment.
    assert foreground.busy()
    clock.t += 0.1
    assert not foreground.busy()


def test_a_hold_nobody_ends_ends_by_itself() -> None:
    clock = Clock()
    foreground = Foreground(hold_max_s=2.0, after_s=0.1, clock=clock)
    done = foreground.begin()
    clock.t += 2.0
    assert not foreground.busy()
    # Saying it is done late, or twice, changes nothing.
    done()
    done()
    assert not foreground.busy()


def test_the_counter_stays_busy_until_its_last_hold_ends() -> None:
    clock = Clock()
    foreground = Foreground(after_s=0.0, clock=clock)
    card = foreground.begin()
    with foreground.serving():
        card()
        assert foreground.busy()
    assert not foreground.busy()


def test_background_work_goes_on_at_once_when_the_counter_is_idle() -> None:
    foreground = Foreground(wait_max_s=3600.0)
    assert foreground.wait_idle() is True


def test_background_work_waits_for_the_counter_and_goes_on_when_it_is_done() -> None:
    foreground = Foreground(after_s=0.0, wait_max_s=3600.0)
    done = foreground.begin()
    idle: list[bool] = []
    step = threading.Thread(target=lambda: idle.append(foreground.wait_idle()))
    step.start()
    assert foreground.wait_for_waiters(1, timeout_s=10)
    assert idle == []
    done()
    step.join(10)
    assert idle == [True]


def test_a_counter_that_is_never_idle_cannot_stop_background_work_for_good() -> None:
    # Held far longer than background work waits: the wait runs out and the work goes on.
    foreground = Foreground(hold_max_s=3600.0, wait_max_s=0.01)
    foreground.begin()
    assert foreground.wait_idle() is False
    assert foreground.busy()


def test_a_watcher_is_told_until_when_the_counter_is_busy_as_holds_begin_and_end() -> None:
    clock = Clock()
    foreground = Foreground(hold_max_s=2.0, after_s=0.1, clock=clock)
    told: list[float] = []
    stop = foreground.watch(told.append)
    assert told == [float("-inf")]  # idle from the start
    card = foreground.begin()
    assert told[-1] == 102.0  # the hold's own end at the latest
    clock.t = 100.5
    other = foreground.begin()
    assert told[-1] == 102.5
    card()
    assert told[-1] == 102.5  # the other hold still runs
    clock.t = 101.0
    other()
    assert told[-1] == 101.1  # idle a moment after the last hold
    stop()
    foreground.begin()
    assert len(told) == 5


def test_a_tap_holds_the_counter_busy_while_it_runs(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    kiosk.people.link_identifier(STAFF, person.person_id, CARD)
    kiosk.store.foreground.after_s = 0.0
    seen: list[bool] = []
    find = kiosk.people.find

    def finding(identifier: str) -> object:
        seen.append(kiosk.store.foreground.busy())
        return find(identifier)

    kiosk.people.find = finding  # type: ignore[method-assign,assignment]
    Counter(kiosk, "S1").tap("kiosk", CARD)
    assert seen == [True]
    assert not kiosk.store.foreground.busy()


def test_the_facade_holds_the_counter_busy_until_told_the_confirmation_is_done(
    kiosk: Kiosk,
) -> None:
    kiosk.store.foreground.after_s = 0.0
    done = kiosk.begin_serving()
    assert kiosk.store.foreground.busy()
    done()
    assert not kiosk.store.foreground.busy()
