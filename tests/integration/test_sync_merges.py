"""What the platform decides reaches every kiosk: field conflicts, walk-in merges, withdrawals."""

from __future__ import annotations

from kiosk.model import Person
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer


def test_the_same_field_edited_on_two_kiosks_offline_keeps_the_later_and_shows_a_conflict(
    make_kiosk: KioskMaker,
) -> None:
    a, sync_a = make_kiosk("a")
    b, sync_b = make_kiosk("b")
    person = a.people.register("staff:a", Person("", "山田 花子", "やまだ はなこ"))
    sync_a.run_once()
    sync_b.run_once()
    a.people.update("staff:a", person.person_id, allergies="卵")  # both offline now
    b.people.update("staff:b", person.person_id, allergies="そば", medication="インスリン")
    # The later edit reaches the platform first; the earlier one arrives late and loses.
    for engine in (sync_b, sync_a, sync_b):
        engine.run_once()
    for kiosk in (a, b):
        merged = kiosk.people.get(person.person_id)
        assert (merged.allergies, merged.medication) == ("そば", "インスリン")
    for kiosk in (a, b):
        shown = kiosk.people.conflicts(person.person_id)
        assert [(c.field, c.kept_value, c.lost_value) for c in shown] == [
            ("allergies", "そば", "卵")
        ]


def test_a_walk_in_merged_at_the_platform_is_merged_on_the_kiosk(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    resident = a.people.register("staff", Person("", "佐藤 一郎", "さとう いちろう"))
    walk_in = a.people.register("staff", Person("", "佐藤 いちろう", "さとう いちろう"))
    a.presence.check_in("staff", walk_in.person_id, "S1")
    sync_a.run_once()
    body = {"from_person_id": walk_in.person_id, "into_person_id": resident.person_id}
    platform.admin("POST", "/persons/merge", json=body)
    sync_a.run_once()
    found = a.people.find(walk_in.person_id)  # e.g. the pass QR printed for the walk-in
    assert found is not None and found.person_id == resident.person_id
    assert [p.person_id for p in a.presence.present("S1")] == [resident.person_id]


def test_a_consent_withdrawal_deletes_the_person_from_the_kiosk(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    a, sync_a = make_kiosk("a")
    person = a.people.register("staff", Person("", "撤回 する", "てっかい する"))
    a.people.link_identifier("staff", person.person_id, "jpki:" + "d" * 64)
    a.presence.check_in("staff", person.person_id, "S1")
    sync_a.run_once()
    body = {"definition_id": "kiosk-roster", "state": "withdrawn"}
    platform.admin("POST", f"/persons/{person.person_id}/consents", json=body)
    sync_a.run_once()
    assert a.people.find(person.person_id) is None
    assert a.people.find("jpki:" + "d" * 64) is None
    assert a.presence.present("S1") == []
