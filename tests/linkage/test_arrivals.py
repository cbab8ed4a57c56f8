"""POST /v1/sync/arrivals at the platform: one proof, the device's own shelter, consent, audit."""

from __future__ import annotations

from typing import Any

from httpx import Response
from sqlalchemy import select

from linkage.tables import arrival_audit, person_scopes, persons
from tests.linkage.kiosk_double import ADMIN, PROTOCOL, Kiosk, Platform

RESIDENTS = (
    "external_ref,family_name,given_name,birth_date,household_ref,designated_shelter_id,"
    "kiosk_consent\n"
    "r1,中村,優,1990-03-04,H1,S-001,yes\n"
    "r2,中村,陽,1992-05-06,H1,S-001,yes\n"
)


def resident(platform: Platform) -> tuple[str, str]:
    """A resident of S-001 (pass issued) and a kiosk at S-002 that does not hold them."""
    platform.shelter("S-002")
    platform.kiosk("S-001")
    platform.import_residents(RESIDENTS)
    with platform.engine.connect() as conn:
        pid = str(
            conn.execute(
                select(persons.c.person_id).where(persons.c.external_ref == "r1")
            ).scalar_one()
        )
    issued = platform.client.post(
        f"/v1/admin/persons/{pid}/pass", json={"valid_days": 7}, headers=ADMIN
    )
    assert issued.status_code in (200, 201), issued.text
    return pid, str(issued.json()["code"])


def arrive(platform: Platform, kiosk: Kiosk, body: dict[str, Any]) -> Response:
    answer: Response = platform.client.post("/v1/sync/arrivals", json=body, headers=kiosk.headers)
    return answer


def test_a_pass_brings_the_person_into_the_shelters_scope_and_is_audited(
    platform: Platform,
) -> None:
    pid, code = resident(platform)
    kiosk = platform.kiosk("S-002")
    r = arrive(platform, kiosk, {"shelter_id": "S-002", "code": code})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["person_id"], body["via"], body["dv_protected"]) == (pid, "pass", False)
    shared = [i["entity_id"] for i in body["items"] if i["entity"] == "person"]
    assert shared[0] == pid and len(shared) == 2 and body["members"] == shared[1:]
    assert [i["entity"] for i in body["items"]].count("household") == 1
    changes, _ = kiosk.pull_all()
    assert pid in {c["entity_id"] for c in changes if c["entity"] == "person"}
    with platform.engine.connect() as conn:
        scopes: set[str] = set(
            conn.execute(
                select(person_scopes.c.scope_key).where(person_scopes.c.person_id == pid)
            ).scalars()
        )
        audit = conn.execute(select(arrival_audit)).one()
    assert "shelter:S-002" in scopes
    assert (audit.person_id, audit.device_id, audit.shelter_id, audit.via) == (
        pid,
        kiosk.device_id,
        "S-002",
        "pass",
    )


def test_an_arrival_at_a_shelter_the_device_does_not_serve_is_outside_scope(
    platform: Platform,
) -> None:
    _, code = resident(platform)
    kiosk = platform.kiosk("S-002")
    r = arrive(platform, kiosk, {"shelter_id": "S-001", "code": code})
    assert r.status_code == 403 and r.json()["type"] == "/problems/outside-scope"


def test_an_arrival_names_exactly_one_proof(platform: Platform) -> None:
    _, code = resident(platform)
    kiosk = platform.kiosk("S-002")
    neither = arrive(platform, kiosk, {"shelter_id": "S-002"})
    card = {"challenge_id": "cc-1", "certificate": "x", "signature": "y"}
    both = arrive(platform, kiosk, {"shelter_id": "S-002", "code": code, "card": card})
    assert neither.status_code == 422 and both.status_code == 422


def test_a_person_who_withdrew_kiosk_sharing_is_not_brought_in(platform: Platform) -> None:
    pid, code = resident(platform)
    kiosk = platform.kiosk("S-002")
    assert platform.consent(pid, "kiosk-roster", "withdrawn").status_code in (200, 201)
    r = arrive(platform, kiosk, {"shelter_id": "S-002", "code": code})
    assert r.status_code == 409 and r.json()["type"] == "/problems/not-shared"


def test_arrivals_need_a_device_session(platform: Platform) -> None:
    _, code = resident(platform)
    r = platform.client.post(
        "/v1/sync/arrivals", json={"shelter_id": "S-002", "code": code}, headers=PROTOCOL
    )
    assert r.status_code == 401
