"""Two kiosks, 10,000 events made offline, synced through a proxy that breaks things."""

from __future__ import annotations

import pytest

import sync.engine
from kiosk.app import Kiosk
from sync.engine import SyncEngine
from sync.errors import Transient, Unauthorized
from tests.integration.builders import people, stored_events
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer
from tests.tooling.faultproxy import Fault, FaultProxy

OFFLINE_EVENTS_EACH = 5000
SHARED = 200


def toggle(kiosk: Kiosk, person_id: str) -> None:
    """Check a person in if they are out, out if they are in."""
    where = kiosk.presence.where(person_id)
    if where is not None and where.present:
        kiosk.presence.check_out("staff", person_id, "S1")
    else:
        kiosk.presence.check_in("staff", person_id, "S1")


def whereabouts(kiosk: Kiosk) -> dict[str, tuple[str, bool]]:
    """Every person the kiosk holds, with their latest presence."""
    with kiosk.store.reading() as conn:
        ids = [r[0] for r in conn.execute("SELECT person_id FROM persons").fetchall()]
    out = {}
    for person_id in ids:
        where = kiosk.presence.where(person_id)
        out[person_id] = ("", False) if where is None else (where.shelter_id, where.present)
    return out


def sync_until_settled(engines: list[SyncEngine], rounds: int) -> int:
    """Run rounds, as the worker would, until a round of every kiosk succeeds; count failures."""
    failures = 0
    for _ in range(rounds):
        ok = 0
        for engine in engines:
            try:
                engine.run_once()
                ok += 1
            except (Transient, Unauthorized):
                failures += 1
        if ok == len(engines) and all(e.waiting() == 0 for e in engines):
            return failures
    raise AssertionError(f"not settled after {rounds} rounds")


@pytest.mark.slow
def test_two_kiosks_10000_offline_events_through_faults_exactly_once_and_converged(
    make_kiosk: KioskMaker, platform: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of 1,000, so that each kiosk's push is several requests for the faults to fall on
    # (at 5,000 a batch it is one, and some faults never fired).
    monkeypatch.setattr(sync.engine, "PUSH_BATCH", 1000)
    with FaultProxy(platform.url, seed=20261126) as proxy:
        a, sync_a = make_kiosk("a", url=proxy.url)
        b, sync_b = make_kiosk("b", url=proxy.url)
        shared = people(a, SHARED, "shared")
        sync_a.run_once()
        sync_b.run_once()
        # Offline from here: each kiosk registers its own people and moves everyone about.
        for kiosk, name, step in ((a, "a", 7), (b, "b", 11)):
            own = people(kiosk, 800, name)
            everyone = own + shared
            for i in range(OFFLINE_EVENTS_EACH - 800):
                toggle(kiosk, everyone[(i * step) % len(everyone)])
        assert sync_a.waiting() == sync_b.waiting() == OFFLINE_EVENTS_EACH

        # The network comes back, badly.
        for fault, extra in [
            (Fault.DROP_BEFORE, {}),
            (Fault.DROP_AFTER, {}),
            (Fault.ERROR, {"status": 500}),
            (Fault.ERROR, {"status": 502}),
            (Fault.ERROR, {"status": 503}),
            (Fault.TRUNCATE, {}),
            (Fault.SHORT_BODY, {}),
            (Fault.DUPLICATE, {}),
            (Fault.DELAY, {"delay_s": 0.05}),
        ]:
            proxy.add(fault, path="/v1/", probability=0.04, **extra)  # type: ignore[arg-type]
        failures = sync_until_settled([sync_a, sync_b], rounds=400)
        fired = proxy.counters
        proxy.clear()
        sync_until_settled([sync_a, sync_b, sync_a], rounds=3)

    assert failures > 0
    for kind in ("drop_before", "drop_after", "error", "truncate", "short_body", "duplicate"):
        assert fired.get(kind, 0) > 0, (kind, fired)
    for kiosk in (a, b):
        seq = OFFLINE_EVENTS_EACH + (SHARED if kiosk is a else 0)
        assert stored_events(platform, kiosk.store.device_id) == (seq, seq)
    assert whereabouts(a) == whereabouts(b)
    assert len(whereabouts(a)) == SHARED + 1600
    assert {p.person_id for p in a.presence.present("S1")} == {
        p.person_id for p in b.presence.present("S1")
    }
