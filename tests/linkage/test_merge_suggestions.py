"""A person registered by a kiosk who matches someone known (normalised name, birth date, the
address when both are known, one municipality) becomes a merge suggestion an administrator
accepts (the merge reaches the kiosks) or rejects (the two stay apart, never suggested again)."""

from __future__ import annotations

from typing import Any

from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform

RESIDENTS = "external_ref,family_name,given_name,birth_date,address,designated_shelter_id\n"


def _walk_in(kiosk: Kiosk, person_id: str, **fields: Any) -> None:
    kiosk.event(
        "person.registered",
        {"person_id": person_id, "household_id": None, "fields": fields, "source": "walk_in"},
    )


def _suggestions(platform: Platform, **params: str) -> list[dict[str, Any]]:
    r = platform.client.get("/v1/admin/merge-suggestions", params=params, headers=ADMIN)
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()
    return found


def _pair(s: dict[str, Any]) -> tuple[str, str]:
    return s["person"]["person_id"], s["match"]["person_id"]


def test_two_kiosks_registering_the_same_person_make_one_suggestion(platform: Platform) -> None:
    a, b = platform.kiosk("S-001"), platform.kiosk("S-002")
    _walk_in(a, "w-a", name="山田\u3000太郎", furigana="やまだ たろう", birth_date="1950-02-03")
    a.push()
    # Half-width katakana and an ASCII space: the same name once normalised.
    _walk_in(b, "w-b", name="山田 太郎", furigana="ﾔﾏﾀﾞ ﾀﾛｳ", birth_date="1950-02-03")
    b.push()
    (found,) = _suggestions(platform)
    assert _pair(found) == ("w-b", "w-a")
    assert found["state"] == "open" and found["municipality_id"] == "M-001"
    assert found["match"]["name"] == "山田\u3000太郎"
    assert found["match"]["birth_date"] == "1950-02-03"


def test_a_walk_in_matching_a_resident_by_address_too_is_suggested(platform: Platform) -> None:
    platform.shelter("S-001")
    platform.import_residents(RESIDENTS + "r1,鈴木,一郎,1950-04-01,南区１－２－３,S-001\n")
    kiosk = platform.kiosk("S-001")
    _walk_in(kiosk, "w-1", name="鈴木 一郎", birth_date="1950-04-01", address="南区1-2-3")
    _walk_in(kiosk, "w-2", name="鈴木 一郎", birth_date="1950-04-01", address="北区9-9-9")
    kiosk.push()
    (found,) = _suggestions(platform)
    assert found["person"]["person_id"] == "w-1"
    assert found["match"]["kind"] == "resident"


def test_no_suggestion_without_a_birth_date_or_across_municipalities(platform: Platform) -> None:
    here, there = platform.kiosk("S-001"), platform.kiosk("T-001")
    platform.municipality("M-002", "隣町")
    r = platform.client.put(
        "/v1/admin/shelters/T-001",
        json={"municipality_id": "M-002", "name": "隣町体育館", "capacity": 50},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    _walk_in(here, "w-a", name="佐藤 花子", birth_date="1960-01-01")
    _walk_in(here, "w-b", name="佐藤 花子")
    _walk_in(here, "w-c", name="佐藤 花子")
    here.push()
    _walk_in(there, "w-t", name="佐藤 花子", birth_date="1960-01-01")
    there.push()
    assert _suggestions(platform) == []


def test_accepting_merges_and_the_kiosks_receive_the_merge(platform: Platform) -> None:
    a, b = platform.kiosk("S-001"), platform.kiosk("S-002")
    _walk_in(a, "w-a", name="山田 太郎", birth_date="1950-02-03", allergies="そば")
    a.push()
    _walk_in(b, "w-b", name="山田 太郎", birth_date="1950-02-03")
    b.push()
    _, cursor_a = a.pull_all()
    _, cursor_b = b.pull_all()
    (found,) = _suggestions(platform)
    r = platform.client.post(
        f"/v1/admin/merge-suggestions/{found['suggestion_id']}/accept",
        json={"actor": "admin:suzuki"},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    merge = {"from_person_id": "w-b", "into_person_id": "w-a"}
    for kiosk, cursor in ((a, cursor_a), (b, cursor_b)):
        after = kiosk.pull_all(after=cursor)[0]
        assert merge in [c["payload"] for c in after if c["op"] == "merge"]
    (decided,) = _suggestions(platform, state="accepted")
    assert decided["decided_by"] == "admin:suzuki" and decided["decided_at"]
    again = platform.client.post(
        f"/v1/admin/merge-suggestions/{found['suggestion_id']}/accept", headers=ADMIN
    )
    assert again.status_code == 409 and again.json()["type"].endswith("suggestion-decided")


def test_rejecting_keeps_them_apart_and_the_pair_is_not_suggested_again(
    platform: Platform,
) -> None:
    a, b = platform.kiosk("S-001"), platform.kiosk("S-002")
    _walk_in(a, "w-a", name="山田 太郎", birth_date="1950-02-03")
    a.push()
    _walk_in(b, "w-b", name="山田 太郎", birth_date="1950-02-03")
    b.push()
    (found,) = _suggestions(platform)
    r = platform.client.post(
        f"/v1/admin/merge-suggestions/{found['suggestion_id']}/reject",
        json={"reason": "親子で同名、生年月日は登録ミスではない"},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    # Registered again by a third kiosk under the first id: no new suggestion for the pair.
    _walk_in(a, "w-a", name="山田 太郎", birth_date="1950-02-03", phone="090")
    a.push()
    assert _suggestions(platform) == []
    (rejected,) = _suggestions(platform, state="rejected")
    assert rejected["reason"] == "親子で同名、生年月日は登録ミスではない"
    c = platform.kiosk("S-001")
    _walk_in(c, "w-c", name="山田 太郎", birth_date="1950-02-03")
    c.push()
    assert sorted(_pair(s) for s in _suggestions(platform)) == [("w-c", "w-a"), ("w-c", "w-b")]
    assert len(_people(a)) >= 2  # nothing was merged


def test_a_dv_protected_person_is_shown_only_as_an_id_and_the_flag(platform: Platform) -> None:
    a, b = platform.kiosk("S-001"), platform.kiosk("S-002")
    fields = {"name": "田中 桜", "birth_date": "1990-05-05", "address": "南区1-1"}
    _walk_in(a, "w-a", **fields, dv_protected=True)
    a.push()
    _walk_in(b, "w-b", **fields)
    b.push()
    (found,) = _suggestions(platform)
    assert found["match"] == {
        "person_id": "w-a",
        "kind": "walk_in",
        "protected": True,
        "merged_into": None,
        "name": None,
        "furigana": None,
        "birth_date": None,
        "address": None,
    }
    assert found["person"]["name"] == "田中 桜"


def test_unknown_suggestions_and_bad_bodies_are_refused(platform: Platform) -> None:
    r = platform.client.post("/v1/admin/merge-suggestions/99/reject", headers=ADMIN)
    assert r.status_code == 404 and r.json()["type"].endswith("unknown-suggestion")
    r = platform.client.post(
        "/v1/admin/merge-suggestions/1/accept", json={"actor": ""}, headers=ADMIN
    )
    assert r.status_code == 422
    r = platform.client.get("/v1/admin/merge-suggestions", params={"state": "maybe"}, headers=ADMIN)
    assert r.status_code == 422
    assert platform.client.get("/v1/admin/merge-suggestions").status_code == 401


def _people(kiosk: Kiosk) -> set[str]:
    return {c["entity_id"] for c in kiosk.pull_all()[0] if c["entity"] == "person"}
