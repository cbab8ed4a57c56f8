"""Events become state: presence (latest HLC wins), field-by-field merges, walk-in merges."""

from __future__ import annotations

from typing import Any

from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform

RESIDENTS = "external_ref,family_name,given_name,birth_date,designated_shelter_id,kiosk_consent\n"


def _walk_in(kiosk: Kiosk, person_id: str, **fields: Any) -> None:
    kiosk.event(
        "person.registered",
        {"person_id": person_id, "household_id": None, "fields": fields, "source": "walk_in"},
    )


def _latest(changes: list[dict[str, Any]], entity: str, entity_id: str) -> dict[str, Any]:
    return [c for c in changes if c["entity"] == entity and c["entity_id"] == entity_id][-1]


def test_presence_is_decided_by_the_latest_hlc_not_by_arrival(platform: Platform) -> None:
    early = platform.kiosk("S-001")
    late = platform.kiosk("S-001")
    _walk_in(early, "w-a")
    early.push()
    late.wall_ms = early.wall_ms + 10_000
    late.event("shelter.checked_out", {"person_id": "w-a", "shelter_id": "S-001", "reason": "home"})
    late.push()
    # An offline kiosk whose clock is days behind sends an older check-in afterwards.
    early.event("shelter.checked_in", {"person_id": "w-a", "shelter_id": "S-001"})
    early.push()
    presence = _latest(late.pull_all()[0], "presence", "w-a")
    assert presence["payload"]["state"] == "out"
    assert presence["payload"]["hlc"] == late.outbox[-1]["hlc"]


def test_person_fields_merge_field_by_field_and_lost_writes_are_recorded(
    platform: Platform,
) -> None:
    a = platform.kiosk("S-001")
    b = platform.kiosk("S-001")
    _walk_in(a, "w-a", name="田中", furigana="", phone="090-0000-0000")
    a.push()
    b.wall_ms = a.wall_ms + 5_000
    b.event("person.updated", {"person_id": "w-a", "fields": {"phone": "090-1111-1111"}})
    b.push()
    # Kiosk a edited both fields offline before b's edit; its phone edit is older.
    a.event(
        "person.updated",
        {"person_id": "w-a", "fields": {"phone": "090-2222-2222", "allergies": "卵"}},
    )
    a.push()
    person = _latest(a.pull_all()[0], "person", "w-a")["payload"]
    assert person["fields"] == {
        "name": "田中",
        "furigana": "",
        "phone": "090-1111-1111",
        "allergies": "卵",
    }
    [conflict] = platform.client.get("/v1/admin/conflicts", headers=ADMIN).json()
    assert conflict["field"] == "phone"
    assert conflict["kept_value"] == "090-1111-1111"
    assert conflict["lost_value"] == "090-2222-2222"
    staff_view = _latest(a.pull_all()[0], "conflict", str(conflict["conflict_id"]))
    assert staff_view["payload"]["lost_value"] == "090-2222-2222"


def test_households_merge_fields_and_list_members(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    kiosk.event("household.registered", {"household_id": "h-1", "fields": {"pets": "dog"}})
    _walk_in(kiosk, "w-a")
    kiosk.event(
        "household.member_added", {"household_id": "h-1", "person_id": "w-a", "relation": "head"}
    )
    kiosk.event("household.updated", {"household_id": "h-1", "fields": {"car": "白い軽"}})
    assert kiosk.push().json()["acked_seq"] == 4
    household = _latest(kiosk.pull_all()[0], "household", "h-1")["payload"]
    # Each field comes with the stamp of the event that set it.
    stamps = household.pop("field_hlc")
    assert set(stamps) == {"pets", "car"} and stamps["car"] > stamps["pets"]
    assert household == {
        "household_id": "h-1",
        "fields": {"pets": "dog", "car": "白い軽"},
        "members": [{"person_id": "w-a", "relation": "head"}],
    }


def test_people_registered_into_a_household_reach_kiosks_with_it(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    kiosk.event("household.registered", {"household_id": "h-1", "fields": {"pets": "cat"}})
    for pid in ("w-b", "w-a"):
        kiosk.event(
            "person.registered",
            {"person_id": pid, "household_id": "h-1", "fields": {}, "source": "walk_in"},
        )
    kiosk.event(  # a household the platform has not heard of yet is made for its member
        "person.registered",
        {"person_id": "w-c", "household_id": "h-2", "fields": {}, "source": "walk_in"},
    )
    assert kiosk.push().json()["acked_seq"] == 4
    changes = kiosk.pull_all()[0]
    for pid, hid in (("w-a", "h-1"), ("w-b", "h-1"), ("w-c", "h-2")):
        assert _latest(changes, "person", pid)["payload"]["household_id"] == hid
    assert _latest(changes, "household", "h-1")["payload"] | {"field_hlc": {}} == {
        "household_id": "h-1",
        "fields": {"pets": "cat"},
        "field_hlc": {},
        "members": [
            {"person_id": "w-a", "relation": "member"},
            {"person_id": "w-b", "relation": "member"},
        ],
    }
    assert _latest(changes, "household", "h-2")["payload"]["members"] == [
        {"person_id": "w-c", "relation": "member"}
    ]
    # A later member joins the household the kiosks already hold.
    kiosk.event(
        "person.registered",
        {"person_id": "w-d", "household_id": "h-1", "fields": {}, "source": "walk_in"},
    )
    kiosk.push()
    members = _latest(kiosk.pull_all()[0], "household", "h-1")["payload"]["members"]
    assert [m["person_id"] for m in members] == ["w-a", "w-b", "w-d"]


def test_a_walk_in_merged_into_a_resident_reaches_kiosks_as_a_merge(platform: Platform) -> None:
    platform.shelter("S-001")
    platform.import_residents(RESIDENTS + "r1,鈴木,一郎,1950-04-01,S-001,yes\n")
    kiosk = platform.kiosk("S-001")
    resident = _latest(kiosk.pull_all()[0], "person", _resident_id(kiosk))["payload"]
    _walk_in(kiosk, "w-1", name="鈴木\u3000一郎", furigana="", allergies="そば")
    kiosk.event("shelter.checked_in", {"person_id": "w-1", "shelter_id": "S-001"})
    kiosk.push()
    _, cursor = kiosk.pull_all()
    r = platform.client.post(
        "/v1/admin/persons/merge",
        json={"from_person_id": "w-1", "into_person_id": resident["person_id"]},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    after = kiosk.pull_all(after=cursor)[0]
    merge = [c for c in after if c["op"] == "merge"]
    assert merge[0]["payload"] == {
        "from_person_id": "w-1",
        "into_person_id": resident["person_id"],
    }
    merged = _latest(after, "person", resident["person_id"])["payload"]
    assert merged["fields"]["allergies"] == "そば"
    assert merged["fields"]["name"] == "鈴木\u3000一郎"
    presence = _latest(after, "presence", resident["person_id"])["payload"]
    assert presence["state"] == "in"
    # A kiosk still offline with the provisional id checks the person out: it lands on the merge.
    kiosk.event("shelter.checked_out", {"person_id": "w-1", "shelter_id": "S-001"})
    kiosk.push()
    final = _latest(kiosk.pull_all(after=cursor)[0], "presence", resident["person_id"])
    assert final["payload"]["state"] == "out"


def _resident_id(kiosk: Kiosk) -> str:
    people = [c for c in kiosk.pull_all()[0] if c["entity"] == "person"]
    person_id: str = people[0]["entity_id"]
    return person_id


def test_a_card_linked_at_a_kiosk_is_sent_with_the_person(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    _walk_in(kiosk, "w-a")
    kiosk.event("person.card_linked", {"person_id": "w-a", "card_key": "jpki:" + "ab" * 32})
    kiosk.push()
    person = _latest(kiosk.pull_all()[0], "person", "w-a")["payload"]
    assert person["card_keys"] == ["jpki:" + "ab" * 32]


def test_events_about_unknown_people_are_stored_and_reported(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    kiosk.event("shelter.checked_in", {"person_id": "p-nobody", "shelter_id": "S-001"})
    assert kiosk.push().json()["acked_seq"] == 1
    kinds = [i["kind"] for i in platform.client.get("/v1/admin/incidents", headers=ADMIN).json()]
    assert kinds == ["unknown-person"]
