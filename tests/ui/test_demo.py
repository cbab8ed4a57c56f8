"""The demo (``make run``, ``make screenshots``) against its own local platform process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools import headless_demo as demo
from devtools.demo import demo_cards, edit_elsewhere_first, enrol_once, open_demo
from devtools.demo_platform import DemoPlatform
from kazasu_protocol.jpki import card_key
from kiosk.app import Kiosk
from sync.engine import SyncEngine


@pytest.fixture
def demo_platform(tmp_path: Path) -> Iterator[DemoPlatform]:
    platform = DemoPlatform(tmp_path / "platform")
    platform.prepare(demo.SHELTERS)
    platform.start()
    try:
        yield platform
    finally:
        platform.stop()


def test_the_demo_kiosks_events_are_all_accepted_and_its_residents_reach_a_second_kiosk(
    demo_platform: DemoPlatform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAZASU_PASSPHRASE", "demo-passphrase")
    kiosk: Kiosk = open_demo(tmp_path / "data")
    cards, _ = demo_cards(kiosk, tmp_path / "cards")
    holder = kiosk.people.find(card_key(cards[0].card.profile.auth_certificate))
    assert holder is not None
    enrol_once(kiosk, demo_platform)
    engine = SyncEngine(kiosk.store)
    try:
        # The demo's card links name its seeded residents: the platform must know them, or it
        # refuses the batch as outside the kiosk's scope and every later event waits behind it.
        engine.run_once()
        assert engine.waiting() == 0
    finally:
        engine.close()
    second, person_id = edit_elsewhere_first(
        demo_platform, tmp_path / "second", [holder.person_id], allergies="卵"
    )
    assert person_id == holder.person_id
    second.close()
    second.store.close()
