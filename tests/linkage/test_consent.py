"""Consent: storage and sharing definitions, records with history, withdrawal reaching kiosks."""

from __future__ import annotations

from tests.linkage.kiosk_double import ADMIN, Platform

HEADER = "external_ref,family_name,given_name,birth_date,designated_shelter_id,kiosk_consent\n"


def _person(platform: Platform) -> str:
    platform.shelter("S-001")
    platform.import_residents(HEADER + "r1,高橋,花子,1970-02-03,S-001,yes\n")
    kiosk = platform.kiosk("S-001")
    [person] = [c for c in kiosk.pull_all()[0] if c["entity"] == "person"]
    person_id: str = person["entity_id"]
    return person_id


def test_a_withdrawal_removes_the_person_from_every_kiosks_next_pull(platform: Platform) -> None:
    person_id = _person(platform)
    a = platform.kiosk("S-001")
    a.event("shelter.checked_in", {"person_id": person_id, "shelter_id": "S-001"})
    a.push()
    _, cursor = a.pull_all()
    assert platform.consent(person_id, "kiosk-roster", "withdrawn").status_code == 201
    after = a.pull_all(after=cursor)[0]
    assert [(c["entity"], c["op"], c["entity_id"]) for c in after] == [
        ("person", "delete", person_id)
    ]
    assert after[0]["payload"]["reason"] == "consent_withdrawn"
    # A kiosk starting from scratch gets nothing about the person but the deletion ...
    fresh = platform.kiosk("S-001")
    about = [c for c in fresh.pull_all()[0] if c["entity"] != "shelter"]
    assert {c["op"] for c in about} == {"delete"}
    # ... and no snapshot item either (only the shelter's definition).
    snap = platform.client.get("/v1/sync/snapshot", headers=fresh.headers).json()
    assert [i["entity"] for i in snap["items"]] == ["shelter"]
    # Later presence events from kiosks are stored but not shared.
    a.event("shelter.checked_out", {"person_id": person_id, "shelter_id": "S-001"})
    a.push()
    assert a.pull_all(after=cursor)[0] == after


def test_a_new_grant_shares_the_person_again(platform: Platform) -> None:
    person_id = _person(platform)
    kiosk = platform.kiosk("S-001")
    platform.consent(person_id, "kiosk-roster", "withdrawn")
    _, cursor = kiosk.pull_all()
    platform.consent(person_id, "kiosk-roster", "given")
    again = kiosk.pull_all(after=cursor)[0]
    assert [(c["entity"], c["op"]) for c in again] == [("person", "upsert")]


def test_the_receipt_holds_every_record_with_its_history(platform: Platform) -> None:
    person_id = _person(platform)
    platform.consent(person_id, "relative-lookup", "given")
    platform.consent(person_id, "relative-lookup", "withdrawn")
    r = platform.client.get(f"/v1/admin/persons/{person_id}/consent-receipt", headers=ADMIN)
    assert r.status_code == 200
    receipt = r.json()
    assert receipt["pii_principal"] == {"id": person_id}
    records = {rec["definition"]["id"]: rec for rec in receipt["consent_records"]}
    assert set(records) == {"kiosk-roster", "relative-lookup"}
    lookup = records["relative-lookup"]
    assert lookup["status"] == "withdrawn"
    assert [e["event_type"] for e in lookup["events"]] == ["given", "withdrawn"]
    assert lookup["purposes"][0]["lawful_basis"] == "consent"
    assert records["kiosk-roster"]["events"][0]["method"] == "import"


def test_unknown_definitions_and_people_are_404(platform: Platform) -> None:
    person_id = _person(platform)
    assert platform.consent(person_id, "marketing", "given").status_code == 404
    assert platform.consent("p-unknown", "kiosk-roster", "given").status_code == 404


def test_definitions_are_storage_or_sharing(platform: Platform) -> None:
    defs = platform.client.get("/v1/admin/consent-definitions", headers=ADMIN).json()
    kinds = {d["definition_id"]: d["kind"] for d in defs}
    assert kinds["roster-storage"] == "storage"
    assert kinds["kiosk-roster"] == "sharing"


def test_resident_import_reports_errors_per_row_and_imports_the_rest(platform: Platform) -> None:
    platform.shelter("S-001")
    csv_text = HEADER + (
        "r1,伊藤,健,1960-05-06,S-001,yes\n"
        "r2,,健,1960-05-06,S-001,yes\n"
        "r3,伊藤,美咲,1960-13-40,S-001,no\n"
        "r4,伊藤,翔,2001-01-01,S-999,yes\n"
        "r1,伊藤,健,1960-05-06,S-001,yes\n"
        "r5,伊藤,蓮,2005-07-08,,maybe\n"
        "r6,伊藤,陽,2010-09-10,S-001,no\n"
    )
    report = platform.import_residents(csv_text)
    assert report["created"] == 2
    assert [(e["row"], e["external_ref"]) for e in report["errors"]] == [
        (3, "r2"),
        (4, "r3"),
        (5, "r4"),
        (6, "r1"),
        (7, "r5"),
    ]
    assert "family_name is empty" in report["errors"][0]["errors"]
    # Only r1 consented to kiosk sharing; r6 did not.
    kiosk = platform.kiosk("S-001")
    people = [c for c in kiosk.pull_all()[0] if c["entity"] == "person"]
    assert [p["payload"]["fields"]["name"] for p in people] == ["伊藤\u3000健"]
    # Importing a newer list updates the same person.
    again = platform.import_residents(HEADER + "r1,伊藤,健一,1960-05-06,S-001,yes\n")
    assert (again["created"], again["updated"]) == (0, 1)


def test_a_resident_list_with_the_individual_number_is_refused(platform: Platform) -> None:
    r = platform.client.post(
        "/v1/admin/residents/import",
        params={"municipality_id": "M-001"},
        content=b"external_ref,family_name,given_name,birth_date,my_number\n",
        headers={**ADMIN, "Content-Type": "text/csv"},
    )
    assert r.status_code == 422
    assert r.json()["type"] == "/problems/forbidden-field"
