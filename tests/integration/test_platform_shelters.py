"""Shelters and questions come from the platform: a new kiosk checks people in at once, and a
kiosk that started offline with its own shelters maps them onto the platform's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import Kiosk
from kiosk.errors import Refused
from kiosk.model import Person, Shelter, ShelterStatus
from kiosk.store import Store
from sync.engine import SyncEngine
from tests.integration.conftest import KIOSK_PASSPHRASE, KioskMaker
from tests.integration.platform_server import PlatformServer


def _define(platform: PlatformServer, shelter_id: str, **body: object) -> None:
    platform.admin("PUT", "/municipalities/M-1", json={"name": "統合試験市"})
    details = {"municipality_id": "M-1", "name": "避難所", "capacity": 500} | body
    platform.admin("PUT", f"/shelters/{shelter_id}", json=details)


def _open(platform: PlatformServer, shelter_id: str) -> None:
    platform.admin("PUT", f"/shelters/{shelter_id}/status", json={"status": "open"})


def test_a_newly_enrolled_kiosk_learns_its_shelter_and_checks_a_person_in_at_once(
    platform: PlatformServer, make_kiosk: KioskMaker
) -> None:
    _define(
        platform,
        "S-1",
        name="第一小学校 体育館",
        kind="welfare",
        capacity=320,
        location={"lat": 35.1, "lon": 139.2},
    )
    _open(platform, "S-1")
    a, sync_a = make_kiosk("a", ("S-1",), local_shelters=False)
    sync_a.run_once()
    shelter = a.shelters.get("S-1")
    assert (shelter.name, shelter.kind, shelter.capacity) == ("第一小学校 体育館", "welfare", 320)
    assert (shelter.latitude, shelter.longitude, shelter.status) == (35.1, 139.2, "open")
    person = a.people.register("staff:a", Person("", "山田 太郎", "やまだ たろう"))
    a.presence.check_in("staff:a", person.person_id, "S-1")
    assert sync_a.run_once().pushed == 2
    b, sync_b = make_kiosk("b", ("S-1",), local_shelters=False)
    sync_b.run_once()
    assert [p.person_id for p in b.presence.present("S-1")] == [person.person_id]


def test_a_shelter_changed_at_the_platform_changes_at_its_kiosks_and_its_definition_wins(
    platform: PlatformServer, make_kiosk: KioskMaker
) -> None:
    _define(platform, "S-1")
    _open(platform, "S-1")
    a, sync_a = make_kiosk("a", ("S-1",), local_shelters=False)
    _define(platform, "S-2", name="よその避難所")
    sync_a.run_once()
    _define(platform, "S-1", name="新しい名前", capacity=40)
    platform.admin("PUT", "/shelters/S-1/status", json={"status": "closed"})
    sync_a.run_once()
    shelter = a.shelters.get("S-1")
    assert (shelter.name, shelter.capacity, shelter.status) == ("新しい名前", 40, "closed")
    # Another shelter's definition does not reach a kiosk that does not serve it.
    assert [s.shelter_id for s in a.shelters.all()] == ["S-1"]
    # Headquarters is the authority for a platform shelter's definition.
    with pytest.raises(Refused, match="platform"):
        a.shelters.add("staff:a", Shelter("S-1", "上書き"))


def test_questions_defined_at_the_platform_appear_at_the_kiosks_of_its_municipality(
    platform: PlatformServer, make_kiosk: KioskMaker
) -> None:
    _define(platform, "S-1")
    _open(platform, "S-1")
    question = {
        "applies_to": "household",
        "kind": "choice",
        "label_ja": "ペットの種類",
        "label_en": "Kind of pet",
        "choices": ["犬", "猫", "その他"],
    }
    platform.admin("PUT", "/municipalities/M-1/questions/pet_kind", json=question)
    a, sync_a = make_kiosk("a", ("S-1",), local_shelters=False)
    sync_a.run_once()
    [found] = a.questions.all("household")
    assert (found.question_id, found.kind, found.label_ja) == ("pet_kind", "choice", "ペットの種類")
    assert found.choices == ("犬", "猫", "その他")
    # A later question and a retirement arrive through the feed.
    later = {"applies_to": "person", "kind": "yesno", "label_ja": "透析", "label_en": "Dialysis"}
    platform.admin("PUT", "/municipalities/M-1/questions/dialysis", json=later)
    platform.admin(
        "PUT", "/municipalities/M-1/questions/pet_kind", json=question | {"active": False}
    )
    sync_a.run_once()
    assert [q.question_id for q in a.questions.all()] == ["dialysis"]
    assert [q.question_id for q in a.questions.all(inactive=True)] == ["dialysis", "pet_kind"]
    person = a.people.register("staff:a", Person("", "山田", "やまだ"))
    a.questions.answer("staff:a", person.person_id, "dialysis", True)
    assert sync_a.run_once().pushed == 2


@pytest.fixture
def offline_kiosk(tmp_path: Path) -> Iterator[tuple[Kiosk, SyncEngine]]:
    """A kiosk that started offline with its own shelter L1 and checked two people in."""
    store = Store.create(tmp_path / "offline", KIOSK_PASSPHRASE, use_os_keystore=False)
    kiosk = Kiosk.over(store)
    kiosk.shelters.add("staff:a", Shelter("L1", "公民館"))
    for name, kana in (("山田 太郎", "やまだ たろう"), ("佐藤 花子", "さとう はなこ")):
        person = kiosk.people.register("staff:a", Person("", name, kana))
        kiosk.presence.check_in("staff:a", person.person_id, "L1")
    engine = SyncEngine(store)
    yield kiosk, engine
    engine.close()
    kiosk.close()


def test_an_offline_kiosk_maps_its_local_shelter_onto_the_platform_shelter_and_then_syncs(
    platform: PlatformServer, make_kiosk: KioskMaker, offline_kiosk: tuple[Kiosk, SyncEngine]
) -> None:
    kiosk, engine = offline_kiosk
    _define(platform, "S-1", name="第一小学校")
    _open(platform, "S-1")
    engine.enrol(platform.url, platform.enrolment_code("S-1"), "desk")
    # Not a failure: the first person's registration goes, the rest waits for the mapping.
    report = engine.run_once()
    assert (report.pushed, report.held) == (1, 3) and engine.waiting() == 3
    assert [s.shelter_id for s in kiosk.shelters.unmapped()] == ["L1"]
    assert [s.shelter_id for s in kiosk.shelters.platform_shelters()] == ["S-1"]
    with pytest.raises(Refused, match="S-9"):
        kiosk.shelters.map_to("staff:a", "L1", "S-9")
    assert kiosk.shelters.map_to("staff:a", "L1", "S-1") == 2
    assert [p.shelter_id for p in kiosk.presence.present("S-1")] == ["S-1", "S-1"]
    assert kiosk.shelters.unmapped() == [] and kiosk.presence.present("L1") == []
    assert engine.run_once().pushed == 3 and engine.waiting() == 0
    b, sync_b = make_kiosk("b", ("S-1",), local_shelters=False)
    sync_b.run_once()
    names = sorted(b.people.get(p.person_id).name for p in b.presence.present("S-1"))
    assert names == ["佐藤 花子", "山田 太郎"]


def test_a_local_shelter_whose_id_the_platform_also_uses_is_the_platform_shelter(
    platform: PlatformServer, make_kiosk: KioskMaker
) -> None:
    a, sync_a = make_kiosk("a", ("S1",))
    _define(platform, "S1", name="本部の名前", capacity=99)
    _open(platform, "S1")
    assert a.shelters.unmapped() == []
    sync_a.run_once()
    assert (a.shelters.get("S1").name, a.shelters.get("S1").status) == (
        "本部の名前",
        ShelterStatus.OPEN,
    )


def test_a_shelter_closed_at_the_door_is_closed_at_the_platform_and_at_its_other_kiosks(
    platform: PlatformServer, make_kiosk: KioskMaker
) -> None:
    _define(platform, "S-1")
    _open(platform, "S-1")
    a, sync_a = make_kiosk("a", ("S-1",), local_shelters=False)
    b, sync_b = make_kiosk("b", ("S-1",), local_shelters=False)
    sync_a.run_once()
    sync_b.run_once()
    a.shelters.set_status("staff:a", "S-1", ShelterStatus.CLOSED)
    assert sync_a.run_once().pushed == 1
    [listed] = platform.admin("GET", "/shelters")
    assert listed["open"] is False
    sync_b.run_once()
    assert b.shelters.get("S-1").status is ShelterStatus.CLOSED
    # Reopened by the headquarters: every kiosk of the shelter follows.
    _open(platform, "S-1")
    sync_a.run_once()
    assert a.shelters.get("S-1").status is ShelterStatus.OPEN
