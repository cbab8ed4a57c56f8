"""Kiosks whose clocks are wrong by days: they stamp with the platform's time once they have
learned their offset, and an edit made after seeing another kiosk's change orders after it, in
this process or the next. Each test runs against the real platform on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text

from kiosk.app import Kiosk
from kiosk.hlc import Timestamp
from kiosk.model import Person
from kiosk.presence import Outcome
from kiosk.store import Store
from sync.engine import SyncEngine
from tests.integration.conftest import KIOSK_PASSPHRASE, KioskMaker
from tests.integration.platform_server import PlatformServer

DAY_S = 24 * 3600
SHELTERS = ("S1", "S2")
# A stamp made with the learned offset is within this of the platform's clock: the offset's
# own error is half a round trip on the loopback, and the test's steps take a moment.
STAMP_BOUND_MS = 5_000


def skewed(seconds: list[float]) -> Callable[[], float]:
    """A wall clock off the true time by ``seconds[0]``, which a test may change later."""
    return lambda: time.time() + seconds[0]


def on_platform(platform: PlatformServer, person_id: str) -> tuple[str, str]:
    """Where the platform has the person: (shelter, state)."""
    engine = create_engine(platform.database_url)
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT shelter_id, state FROM presence WHERE person_id = :p"), {"p": person_id}
        ).one()
    engine.dispose()
    return str(row[0]), str(row[1])


def restarted(kiosk: Kiosk, engine: SyncEngine, wall: Callable[[], float]) -> tuple[Kiosk, Kiosk]:
    """The same data folder opened again, as by a new process; returns (new, old)."""
    folder: Path = kiosk.folder
    engine.close()
    kiosk.close()
    store = Store.open(folder, lambda: KIOSK_PASSPHRASE, wall=wall, use_os_keystore=False)
    return Kiosk.over(store), kiosk


def where(kiosk: Kiosk, person_id: str) -> tuple[str, str]:
    """Where the kiosk has the person: (shelter, state)."""
    found = kiosk.presence.where(person_id)
    assert found is not None
    return found.shelter_id, "in" if found.present else "out"


def move_after_restart(
    make_kiosk: KioskMaker, platform: PlatformServer, fast_s: float, slow_s: float, jump_s: float
) -> None:
    """Kiosk F checks P in at S1 and syncs; kiosk S pulls that, restarts and moves P to S2.

    F's clock is ``fast_s`` off from the start and jumps by ``jump_s`` more after enrolment
    (before F's next session, so no offset it learned covers the jump); S's is ``slow_s`` off.
    """
    fast_skew, slow_skew = [fast_s], [slow_s]
    fast, sync_fast = make_kiosk("fast", SHELTERS, wall=skewed(fast_skew))
    slow, sync_slow = make_kiosk("slow", SHELTERS, wall=skewed(slow_skew))
    fast_skew[0] += jump_s
    person = fast.people.register("staff:f", Person("", "時計 進む", "とけい すすむ"))
    fast.presence.check_in("staff:f", person.person_id, "S1")
    sync_fast.run_once()
    sync_slow.run_once()
    assert where(slow, person.person_id) == ("S1", "in")

    slow, _ = restarted(slow, sync_slow, skewed(slow_skew))
    try:
        sync_slow = SyncEngine(slow.store)
        moved = slow.presence.move("staff:s", person.person_id, "S2")
        assert moved.outcome is Outcome.MOVED
        assert where(slow, person.person_id) == ("S2", "in")
        sync_slow.run_once()
        sync_fast.run_once()
        sync_slow.run_once()
        assert on_platform(platform, person.person_id) == ("S2", "in")
        assert where(fast, person.person_id) == ("S2", "in")
        assert where(slow, person.person_id) == ("S2", "in")
    finally:
        sync_slow.close()
        slow.close()


def test_a_move_made_after_a_restart_orders_after_the_check_in_the_kiosk_had_pulled(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    move_after_restart(make_kiosk, platform, fast_s=3 * DAY_S, slow_s=-3 * DAY_S, jump_s=0)


def test_a_restarted_kiosk_orders_after_a_pulled_stamp_ahead_of_the_platforms_clock(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    # F's clock jumped three hours ahead after it last spoke with the platform: no learned
    # offset covers its stamp, so only the stamp S stored when it pulled orders S's move after.
    move_after_restart(make_kiosk, platform, fast_s=0, slow_s=0, jump_s=3 * 3600)


def test_a_kiosk_three_days_slow_stamps_with_the_platforms_time_and_its_later_edit_wins(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    slow_skew = [-3.0 * DAY_S]
    right, sync_right = make_kiosk("right", SHELTERS)
    slow, sync_slow = make_kiosk("slow", SHELTERS, wall=skewed(slow_skew))
    person = right.people.register("staff:r", Person("", "時計 遅れ", "とけい おくれ"))
    sync_right.run_once()
    sync_slow.run_once()
    right.presence.check_in("staff:r", person.person_id, "S1")
    sync_right.run_once()

    # A new process, not yet in touch with the platform, uses the offset the store keeps.
    slow, _ = restarted(slow, sync_slow, skewed(slow_skew))
    try:
        before_ms = time.time() * 1000
        slow.presence.check_in("staff:s", person.person_id, "S2")  # later, unaware of S1
        stamp = Timestamp.decode(where_hlc(slow, person.person_id))
        assert before_ms - STAMP_BOUND_MS <= stamp.wall_ms <= time.time() * 1000 + STAMP_BOUND_MS
        sync_slow = SyncEngine(slow.store)
        sync_slow.run_once()
        sync_right.run_once()
        assert on_platform(platform, person.person_id) == ("S2", "in")
        assert where(right, person.person_id) == ("S2", "in")
        assert where(slow, person.person_id) == ("S2", "in")
    finally:
        sync_slow.close()
        slow.close()


def where_hlc(kiosk: Kiosk, person_id: str) -> str:
    """The HLC of the kiosk's latest presence change of the person."""
    found = kiosk.presence.where(person_id)
    assert found is not None
    return found.hlc
