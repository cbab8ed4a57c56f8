"""A kiosk and the platform reconcile: push, pull, provisioning, versions and refusals."""

from __future__ import annotations

import pytest

from kiosk.model import Person
from sync import client as sync_client
from sync.errors import Incompatible
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer


def test_a_check_in_at_one_kiosk_reaches_the_other_kiosk_of_the_shelter(
    make_kiosk: KioskMaker,
) -> None:
    a, sync_a = make_kiosk("a")
    b, sync_b = make_kiosk("b")
    person = a.people.register("staff:a", Person("", "山田 太郎", "やまだ たろう"))
    a.people.link_identifier("staff:a", person.person_id, "jpki:" + "c" * 64)
    a.presence.check_in("staff:a", person.person_id, "S1")
    report = sync_a.run_once()
    assert report.pushed == 3 and sync_a.waiting() == 0
    sync_b.run_once()
    assert b.people.find("jpki:" + "c" * 64) == b.people.get(person.person_id)
    assert b.people.get(person.person_id).name == "山田 太郎"
    where = b.presence.where(person.person_id)
    assert where is not None and where.present and where.shelter_id == "S1"


def test_events_made_before_enrolment_are_sent_under_the_new_device_id(
    make_kiosk: KioskMaker,
) -> None:
    a, sync_a = make_kiosk("a")
    assert not a.store.device_id.startswith("local-")
    a.people.register("staff:a", Person("", "佐藤 花子", "さとう はなこ"))
    assert sync_a.run_once().pushed == 1


def test_a_new_kiosk_is_provisioned_from_the_snapshot(make_kiosk: KioskMaker) -> None:
    a, sync_a = make_kiosk("a")
    for i in range(30):
        p = a.people.register("staff:a", Person("", f"住民 {i}", f"じゅうみん {i}"))
        a.presence.check_in("staff:a", p.person_id, "S1")
    sync_a.run_once()
    late, sync_late = make_kiosk("late")
    progress: list[tuple[str, int, int | None]] = []
    report = sync_late.run_once(lambda *reading: progress.append(reading))
    assert report.provisioned >= 60 and sync_late.provisioned()
    assert len(late.presence.present("S1")) == 30
    last = [(done, total) for phase, done, total in progress if phase == "provision"][-1]
    assert last == (report.provisioned, report.provisioned)


def test_a_platform_speaking_another_protocol_is_refused_plainly_and_nothing_changes(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    a.people.register("staff:a", Person("", "山田", "やまだ"))
    monkeypatch.setattr(sync_client, "PROTOCOL_VERSION", 99)
    sync_a.close()
    sync_a._client = None  # a kiosk started with the newer software
    with pytest.raises(Incompatible, match="protocol"):
        sync_a.run_once()
    assert sync_a.waiting() == 1


def test_the_platform_holds_what_kiosks_pushed(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    a.people.register("staff:a", Person("", "山田", "やまだ"))
    sync_a.run_once()
    incidents = platform.admin("GET", "/incidents")
    assert incidents == []
