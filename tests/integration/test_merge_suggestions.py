"""Two kiosks register one person while offline; the platform suggests merging them, an
administrator accepts, and both kiosks end with one person."""

from __future__ import annotations

from datetime import date

from kiosk.model import Household, Person
from kiosk.walkin import WalkInService
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer


def test_one_person_registered_on_two_offline_kiosks_is_suggested_and_merged_on_acceptance(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    b, sync_b = make_kiosk("b")
    for kiosk, written in ((a, "山田\u3000太郎"), (b, "山田 太郎")):
        person = Person("", written, "やまだ たろう", birth_date=date(1950, 2, 3))
        WalkInService(kiosk.store).register("staff", Household("", shelter_id="S1"), [person])
    for engine in (sync_a, sync_b, sync_a):
        engine.run_once()
    assert len(a.people.search("やまだ")) == 2  # each kiosk now holds both registrations
    (suggestion,) = platform.cli("merge-suggestions", "--municipality", "M-1")
    assert suggestion["state"] == "open"
    platform.admin("POST", f"/merge-suggestions/{suggestion['suggestion_id']}/accept", json={})
    for engine in (sync_a, sync_b):
        engine.run_once()
    kept = suggestion["match"]["person_id"]
    for kiosk in (a, b):
        assert [p.person_id for p in kiosk.people.search("やまだ")] == [kept]
        found = kiosk.people.find(suggestion["person"]["person_id"])
        assert found is not None and found.person_id == kept
    assert platform.admin("GET", "/merge-suggestions") == []
