"""Arrivals on screen: while the platform is asked about a pass this kiosk does not hold, the
confirmation screen says "checking"; then the usual welcome. Offline, staff read that the
check-in is provisional."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import Kiosk
from kiosk.counter import stored_keys
from kiosk.model import Household, Person, Shelter
from kiosk.store import Store
from sync.engine import SyncEngine
from tests.integration.platform_server import PlatformServer, running_platform
from tests.tooling.faultproxy import Fault, FaultProxy
from tests.ui.conftest import PASSPHRASE, Scene


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[PlatformServer]:
    with running_platform(tmp_path / "platform") as server:
        yield server


def pass_from_elsewhere(platform: PlatformServer, folder: Path) -> str:
    """A person registered by a kiosk at another shelter, and the platform's pass for them."""
    platform.shelter("S9")
    with Store.create(folder, PASSPHRASE, use_os_keystore=False) as store:
        other = Kiosk.over(store)
        other.shelters.add("setup", Shelter("S9", "他の避難所"))
        engine = SyncEngine(store)
        engine.enrol(platform.url, platform.enrolment_code("S9"), "elsewhere")
        household = other.people.register_household("staff", Household("", shelter_id="S9"))
        person = other.people.register(
            "staff", Person("", "鈴木 花子", "すずき はなこ", household_id=household.household_id)
        )
        engine.run_once()
        engine.close()
    issued = platform.admin("POST", f"/persons/{person.person_id}/pass", json={"valid_days": 7})
    return str(issued["code"])


def enrol(scene: Scene, url: str, platform: PlatformServer) -> SyncEngine:
    platform.shelter("S1")
    engine = SyncEngine(scene.kiosk.store)
    engine.enrol(url, platform.enrolment_code("S1"), "entrance")
    engine.run_once()
    scene.window.ctx.counter.keys = stored_keys(scene.kiosk.store)
    return engine


def test_the_screen_says_checking_while_the_platform_is_asked_then_welcomes(
    scene: Scene, platform: PlatformServer, tmp_path: Path
) -> None:
    code = pass_from_elsewhere(platform, tmp_path / "elsewhere")
    confirmation = scene.window.confirmation
    with FaultProxy(platform.url) as proxy:
        engine = enrol(scene, proxy.url, platform)
        proxy.add(Fault.DELAY, path="/v1/sync/arrivals", delay_s=0.8)
        scene.window.code_read(code)
        scene.qtbot.waitUntil(lambda: confirmation.action.text() == "確認中…", timeout=5000)
        assert scene.window.stack.currentWidget() is confirmation
        assert confirmation.name.text() == ""
        scene.qtbot.waitUntil(lambda: confirmation.name.text() == "鈴木 花子", timeout=10000)
        engine.close()
    assert confirmation.action.text() == "ようこそ。受付しました。"
    assert confirmation.message.text() == ""


def test_offline_the_pass_checks_in_provisionally_and_staff_are_told(
    scene: Scene, platform: PlatformServer, tmp_path: Path
) -> None:
    code = pass_from_elsewhere(platform, tmp_path / "elsewhere")
    confirmation = scene.window.confirmation
    with FaultProxy(platform.url) as proxy:
        engine = enrol(scene, proxy.url, platform)
        proxy.partition(True)
        scene.window.code_read(code)
        scene.qtbot.waitUntil(lambda: "仮受付" in confirmation.message.text(), timeout=10000)
        engine.close()
    assert confirmation.action.text() == "ようこそ。受付しました。"
