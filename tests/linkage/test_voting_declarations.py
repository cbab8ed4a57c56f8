"""Declarations: made online by a verified person with a signed code, made and completed at
the desk, and what a code means at a site (forged, expired, wrong election, used, replaced)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select, update

from kazasu_protocol.kz1 import Body, DeclarationClaims, sign
from linkage import keys
from linkage.tables import persons, signing_keys
from linkage.voting.declarations import make_online
from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform
from tests.linkage.polling_place import Election, claim, election, latest, site_kiosk, today

RESIDENT = (
    "external_ref,family_name,given_name,birth_date,address\nr1,佐藤,花子,1980-01-02,本町1-2\n"
)
ROLL = (
    "roll_number,family_name,given_name,birth_date,sex,address\n"
    "1,佐藤,花子,1980-01-02,female,本町1-2\n"
    "2,佐藤,蓮,2001-05-06,male,本町1-2\n"
)


def _setup(platform: Platform) -> tuple[Election, Kiosk, str]:
    platform.import_residents(RESIDENT)
    e = election(platform)
    e.site("P-01", "市役所")
    assert e.import_roll(ROLL).json()["linked"] == 1
    person = next(v["person_id"] for v in e.voters() if v["person_id"])
    return e, site_kiosk(platform, "P-01"), person


def _declare(platform: Platform, person: str, election_id: str = "E-2026", **extra: Any) -> Any:
    body = {"person_id": person, "vote_date": today().isoformat(), "reason": 1, **extra}
    return platform.client.post(
        f"/v1/admin/elections/{election_id}/declarations", json=body, headers=ADMIN
    )


def _verify(kiosk: Kiosk, code: str) -> Any:
    return kiosk.client.post(
        "/v1/voting/declarations/verify", json={"code": code}, headers=kiosk.headers
    )


def test_a_verified_person_on_the_roll_declares_online_and_the_code_verifies_at_the_site(
    platform: Platform,
) -> None:
    _, kiosk, person = _setup(platform)
    r = _declare(platform, person, reason=3)
    assert r.status_code == 201, r.text
    issued = r.json()
    assert issued["code"].startswith("KZ1:") and issued["person_id"] == person
    # The code lives to 24:00 in Japan of the last voting day (tomorrow): 15:00 UTC.
    assert issued["expires_at"] == f"{(today() + timedelta(days=1)).isoformat()}T15:00:00Z"

    checked = _verify(kiosk, issued["code"]).json()
    assert checked["state"] == "valid"
    assert checked["declaration"]["declaration_id"] == issued["declaration_id"]
    assert checked["declaration"]["reason"] == 3 and checked["voter"]["person_id"] == person
    made = latest(kiosk.pull_all()[0], "declaration")[issued["declaration_id"]]
    assert (made["made_via"], made["state"], made["person_id"]) == ("online", "made", person)

    shown = platform.client.post(
        "/v1/admin/elections/E-2026/declarations",
        json={"person_id": person, "vote_date": today().isoformat(), "reason": 2},
        headers=ADMIN,
    ).json()
    assert shown["declaration_id"] == issued["declaration_id"]
    assert _verify(kiosk, issued["code"]).json()["state"] == "superseded"
    assert _verify(kiosk, shown["code"]).json()["state"] == "valid"

    granted = claim(kiosk, issued["voter_id"], declaration_id=issued["declaration_id"])
    assert granted.status_code == 201
    assert _verify(kiosk, shown["code"]).json()["state"] == "already_used"
    done = latest(kiosk.pull_all()[0], "declaration")[issued["declaration_id"]]
    assert done["state"] == "completed" and done["completed_site_id"] == "P-01"
    again = _declare(platform, person)
    assert again.status_code == 409 and again.json()["type"] == "/problems/already-voted"


def test_declarations_are_refused_off_the_roll_off_the_days_and_for_bad_reasons(
    platform: Platform,
) -> None:
    _, _, person = _setup(platform)
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,address\nr9,無関係,者,1999-09-09,外\n"
    )
    listed = platform.client.get("/v1/admin/elections", headers=ADMIN)
    assert listed.status_code == 200 and listed.json()[0]["sites"] == ["P-01"]
    stranger = platform.client.get("/v1/admin/elections/E-2026/voters", headers=ADMIN).json()
    assert len(stranger) == 2  # the unrelated resident is on no roll
    assert _declare(platform, "p-nobody").json()["type"] == "/problems/unknown-person"
    off_day = _declare(platform, person, vote_date=(today() + timedelta(days=9)).isoformat())
    assert off_day.status_code == 422 and off_day.json()["type"] == "/problems/not-a-voting-day"
    past = _declare(platform, person, vote_date=(today() - timedelta(days=1)).isoformat())
    assert past.json()["type"] == "/problems/date-passed"
    assert _declare(platform, person, reason=7).status_code == 422
    assert _declare(platform, person, election_id="E-NONE").status_code == 404


def test_a_person_registered_after_the_roll_import_is_linked_when_declaring(
    platform: Platform, engine: Engine
) -> None:
    e = election(platform)
    e.site("P-01", "市役所")
    e.import_roll(ROLL)
    assert all(v["person_id"] is None for v in e.voters())
    platform.import_residents(RESIDENT.replace("本町1-2", "本町１－２"))
    with engine.begin() as conn:
        pid: str = conn.execute(select(persons.c.person_id)).scalar_one()
        issued, changes = make_online(conn, pid, "E-2026", today(), 6)
    assert issued.person_id == pid
    assert {c.entity for c in changes} == {"declaration", "voter"}
    linked = next(v for v in e.voters() if v["voter_id"] == issued.voter_id)
    assert linked["person_id"] == pid and linked["roll_number"] == "1"


def test_forged_expired_and_other_elections_codes_are_told_apart(
    platform: Platform, engine: Engine
) -> None:
    _, kiosk, person = _setup(platform)
    other = election(platform, "E-OTHER")
    other.site("Q-01", "他の投票所")
    other.import_roll(ROLL)
    elsewhere = _declare(platform, person, election_id="E-OTHER").json()["code"]
    assert _verify(kiosk, elsewhere).json()["state"] == "wrong_election"

    code = _declare(platform, person).json()["code"]
    forged = code[:-3] + ("000" if not code.endswith("000") else "111")
    refused = _verify(kiosk, forged)
    assert refused.status_code == 422 and refused.json()["type"] == "/problems/code-refused"
    assert refused.json()["reason"] in ("bad_signature", "malformed", "truncated")

    now = int(time.time())
    with engine.begin() as conn:
        # The key issues from a day ago, so that it could have signed a code now expired.
        conn.execute(update(signing_keys).values(not_before_s=now - 86400))
        key = keys.signing_key(conn, now)
    claims = DeclarationClaims("E-2026", today(), 1)
    old = sign(key.seed, Body(key.kid, key.issuer, person, now - 7200, now - 3600, claims))
    assert _verify(kiosk, old).json()["reason"] == "expired"

    nobody = sign(key.seed, Body(key.kid, key.issuer, "p-nobody", now, now + 3600, claims))
    assert _verify(kiosk, nobody).json()["state"] == "unknown_declaration"
    shelter = platform.kiosk("S-001")
    assert _verify(shelter, code).status_code == 403


def test_desk_declarations_arrive_as_events_and_are_completed_at_the_desk(
    platform: Platform,
) -> None:
    e, kiosk, _ = _setup(platform)
    other = site_kiosk(platform, "P-01")
    voter = next(v["voter_id"] for v in e.voters() if v["roll_number"] == "2")
    made = {
        "declaration_id": "d-desk-1",
        "voter_id": voter,
        "election_id": "E-2026",
        "vote_date": today().isoformat(),
        "reason": 6,
    }
    kiosk.event("declaration.made", made)
    kiosk.event("declaration.made", made)  # a repeat is a no-op
    kiosk.event("declaration.completed", {"declaration_id": "d-desk-1"})
    kiosk.event("declaration.completed", {"declaration_id": "d-unknown"})
    r = kiosk.push()
    assert r.json()["acked_seq"] == 4
    seen = latest(other.pull_all()[0], "declaration")["d-desk-1"]
    assert (seen["made_via"], seen["state"], seen["reason"]) == ("desk", "completed", 6)
    assert seen["person_id"] is None
    assert [i["kind"] for i in e.incidents()] == ["outside_election"]
