"""Early voting at the platform: sites and roll reach the election's kiosks, a ballot is
claimed once per voter, offline double issues become incidents, tallies mark them."""

from __future__ import annotations

import csv
import hashlib
import io
import time
import uuid

from sqlalchemy import select

from linkage.tables import ballot_claims, voters
from tests.linkage.kiosk_double import ADMIN, Platform
from tests.linkage.polling_place import (
    claim,
    election,
    latest,
    roll_csv,
    site_kiosk,
    today,
)


def test_a_site_kiosk_gets_its_elections_sites_and_roll_and_a_shelter_kiosk_gets_none(
    platform: Platform,
) -> None:
    e = election(platform)
    e.site("P-01", "市役所", outage_procedure="provisional", staff_code_allowed=True)
    e.site("P-02", "北支所")
    other = election(platform, "E-OTHER")
    other.site("Q-01", "他の選挙の投票所")
    assert e.import_roll(roll_csv(3)).status_code == 200
    kiosk = site_kiosk(platform, "P-01")
    shelter = platform.kiosk("S-001")

    changes, _ = kiosk.pull_all()
    sites = latest(changes, "polling_site")
    assert set(sites) == {"P-01", "P-02"}
    assert sites["P-01"]["outage_procedure"] == "provisional"
    assert sites["P-01"]["staff_code_allowed"] is True and sites["P-01"]["pin_required"] is True
    assert sites["P-02"]["outage_procedure"] == "hard_block"
    assert today().isoformat() in sites["P-01"]["voting_days"]
    roll = latest(changes, "voter")
    assert len(roll) == 3
    one = next(iter(roll.values()))
    assert one["status"] == "not_voted" and one["name"].startswith("投票\u3000太郎")
    # A shelter kiosk gets its shelter's definition, nothing of the election.
    assert [c["entity"] for c in shelter.pull_all()[0]] == ["shelter"]

    r = platform.client.get("/v1/sync/snapshot", headers=kiosk.headers)
    kinds = [i["entity"] for i in r.json()["items"]]
    assert kinds == ["polling_site"] * 2 + ["voter"] * 3
    assert r.json()["total_items"] == 5


def test_a_roll_with_a_bad_row_is_refused_whole_with_every_rows_error(platform: Platform) -> None:
    e = election(platform)
    e.site("P-01", "市役所")
    bad = roll_csv(2) + (
        "000003,,花子,,,1990-02-30,female,中央区\n000001,重複,一郎,,,1990-01-01,x,\n"
    )
    r = e.import_roll(bad)
    assert r.status_code == 422
    problem = r.json()
    assert problem["type"] == "/problems/roll-rejected"
    errors = {row["row"]: row["errors"] for row in problem["errors"]}
    assert errors[4] == ["family_name is empty", "birth_date is not YYYY-MM-DD"]
    assert "roll_number appears twice in this file" in errors[5]
    assert any("sex" in msg for msg in errors[5]) and "address is empty" in errors[5]
    assert e.voters() == []

    refused = e.import_roll("roll_number,family_name,given_name,birth_date,sex,address,my_number\n")
    assert refused.json()["type"] == "/problems/forbidden-field"


def test_reimporting_the_roll_updates_entries_by_roll_number(platform: Platform) -> None:
    e = election(platform)
    e.site("P-01", "市役所")
    assert e.import_roll(roll_csv(2)).json()["created"] == 2
    report = e.import_roll(roll_csv(3)).json()
    assert (report["created"], report["updated"]) == (1, 2)
    assert len(e.voters()) == 3


def test_voters_are_linked_to_registered_people_by_name_birth_date_and_address(
    platform: Platform,
) -> None:
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,address\n"
        "r1,山田,花子,1970-05-05,中央区１－２－３\n"
        "r2,佐藤,次郎,1960-01-01,北区1-1\n"
        "r3,佐藤,次郎,1960-01-01,北区1-1\n"
    )
    e = election(platform)
    e.site("P-01", "市役所")
    report = e.import_roll(
        "roll_number,family_name,given_name,birth_date,sex,address\n"
        "1,山田 ,花子,1970-05-05,female,中央区 1-2-3\n"
        "2,佐藤,次郎,1960-01-01,male,北区1-1\n"
        "3,鈴木,三郎,1950-03-03,male,南区\n"
    ).json()
    assert report["linked"] == 1 and report["ambiguous"] == ["2"]
    by_number = {v["roll_number"]: v for v in e.voters()}
    assert by_number["1"]["person_id"] is not None
    assert by_number["2"]["person_id"] is None and by_number["3"]["person_id"] is None

    person = by_number["1"]["person_id"]
    moved = platform.client.put(
        f"/v1/admin/elections/E-2026/voters/{by_number['3']['voter_id']}/link",
        json={"person_id": person},
        headers=ADMIN,
    )
    assert moved.status_code == 409 and moved.json()["type"] == "/problems/person-linked-elsewhere"
    unlinked = platform.client.put(
        f"/v1/admin/elections/E-2026/voters/{by_number['1']['voter_id']}/link",
        json={"person_id": None},
        headers=ADMIN,
    )
    assert unlinked.status_code == 200 and unlinked.json()["person_id"] is None
    # An entry an administrator unlinked is never matched again.
    assert e.import_roll(roll_csv(0)).json()["linked"] == 0


def test_one_claim_per_voter_wins_and_the_loser_learns_where(platform: Platform) -> None:
    e = election(platform)
    e.site("P-01", "市役所")
    e.site("P-02", "北支所")
    e.import_roll(roll_csv(2))
    city, north = site_kiosk(platform, "P-01"), site_kiosk(platform, "P-02")
    voter = e.voters()[0]["voter_id"]

    first = claim(city, voter, "c-1")
    assert first.status_code == 201
    granted = first.json()
    assert granted["site_id"] == "P-01" and granted["election_id"] == "E-2026"
    again = claim(city, voter, "c-1")
    assert again.status_code == 201 and again.json() == granted

    lost = claim(north, voter, "c-2")
    assert lost.status_code == 409
    assert lost.headers["content-type"] == "application/problem+json"
    body = lost.json()
    assert body["type"] == "/problems/already-voted"
    assert (body["voted_site_id"], body["voted_site_name"]) == ("P-01", "市役所")
    assert body["voted_at_ms"] == granted["claimed_at_ms"] and body["voted_kind"] == "online"
    assert claim(city, voter, "c-3").json()["type"] == "/problems/already-voted"

    other_voter = e.voters()[1]["voter_id"]
    reused = claim(north, other_voter, "c-1")
    assert reused.status_code == 409 and reused.json()["type"] == "/problems/claim-id-reused"

    for kiosk in (city, north):
        seen = latest(kiosk.pull_all()[0], "voter")[voter]
        assert seen["status"] == "voted" and seen["voted_site_id"] == "P-01"
        # Every kiosk of the election holds the entry: the claim id only as its digest.
        assert "claim_id" not in seen
        assert seen["claim_digest"] == hashlib.sha256(b"c-1").hexdigest()
    with platform.engine.connect() as conn:
        assert conn.execute(select(ballot_claims.c.claim_id)).scalars().all() == ["c-1"]


def test_a_claim_needs_two_poll_workers_and_a_voting_day(platform: Platform) -> None:
    e = election(platform)
    e.site("P-01", "市役所")
    e.site("P-02", "北支所", voting_days=[])
    e.import_roll(roll_csv(1))
    voter = e.voters()[0]["voter_id"]
    kiosk = site_kiosk(platform, "P-01")
    alone = claim(kiosk, voter, confirmed_by="staff-1")
    assert alone.status_code == 422 and alone.json()["type"] == "/problems/invalid-request"
    closed_site = site_kiosk(platform, "P-02")
    closed = claim(closed_site, voter)
    assert closed.status_code == 409 and closed.json()["type"] == "/problems/not-a-voting-day"
    assert closed.json()["today"] == today().isoformat()
    assert claim(kiosk, voter).status_code == 201
    # Once the voter has voted, that is what every site hears, open today or not.
    assert claim(closed_site, voter).json()["type"] == "/problems/already-voted"


def test_claims_outside_the_devices_election_or_without_a_session_are_refused(
    platform: Platform,
) -> None:
    e = election(platform)
    e.site("P-01", "市役所")
    e.import_roll(roll_csv(1))
    other = election(platform, "E-OTHER")
    other.site("Q-01", "他の投票所")
    voter = e.voters()[0]["voter_id"]

    from_shelter = claim(platform.kiosk("S-001"), voter)
    assert from_shelter.status_code == 403
    assert from_shelter.json()["type"] == "/problems/outside-scope"
    from_other_election = claim(site_kiosk(platform, "Q-01"), voter)
    assert from_other_election.status_code == 403
    body = {"claim_id": "c", "voter_id": voter, "issued_by": "a", "confirmed_by": "b"}
    anonymous = platform.client.post(
        "/v1/voting/claims", json=body, headers={"Kazasu-Protocol": "1"}
    )
    assert anonymous.status_code == 401 and anonymous.json()["type"] == "/problems/unauthenticated"
    assert claim(site_kiosk(platform, "P-01"), "v-nobody").status_code == 404
    assert e.voters()[0]["status"] == "not_voted"


def test_a_revoked_devices_claim_is_refused_and_recorded_for_the_office_and_the_kiosks(
    platform: Platform,
) -> None:
    e = election(platform)
    e.site("P-01", "市役所")
    e.site("P-02", "北支所")
    e.import_roll(roll_csv(1))
    voter = e.voters()[0]["voter_id"]
    stolen, other = site_kiosk(platform, "P-01"), site_kiosk(platform, "P-02")
    revoked = platform.client.post(f"/v1/admin/devices/{stolen.device_id}/revoke", headers=ADMIN)
    assert revoked.status_code == 200

    refused = claim(stolen, voter, "c-stolen")
    assert refused.status_code == 401 and refused.json()["type"] == "/problems/device-revoked"
    [incident] = e.incidents()
    assert incident["kind"] == "revoked_device_claim" and incident["sites"] == ["P-01"]
    assert incident["detail"]["device_id"] == stolen.device_id
    assert incident["voter_id"] == voter
    assert latest(other.pull_all()[0], "voting_incident")[incident["incident_id"]] == incident
    assert e.voters()[0]["status"] == "not_voted"


def test_an_offline_double_issue_becomes_an_incident_everywhere_and_is_marked_in_the_tally(
    platform: Platform,
) -> None:
    e = election(platform)
    e.site("P-01", "市役所", outage_procedure="provisional")
    e.site("P-02", "北支所", outage_procedure="provisional")
    e.import_roll(roll_csv(2))
    voter, other_voter = (v["voter_id"] for v in e.voters())
    city, north = site_kiosk(platform, "P-01"), site_kiosk(platform, "P-02")

    def provisional(kiosk: object, voter_id: str, claim_id: str) -> None:
        assert hasattr(kiosk, "event")
        kiosk.event(
            "ballot.provisional",
            {
                "claim_id": claim_id,
                "voter_id": voter_id,
                "election_id": "E-2026",
                "reason": "platform unreachable",
                "issued_by": "staff-1",
                "confirmed_by": "staff-2",
            },
            hlc_ms=time.time_ns() // 1_000_000,
        )

    provisional(city, voter, "c-city")
    provisional(city, other_voter, "c-city-2")
    provisional(north, voter, "c-north")
    for kiosk in (city, north):
        r = kiosk.push()
        assert r.status_code == 200 and {x["status"] for x in r.json()["results"]} == {"stored"}

    [incident] = e.incidents()
    assert incident["kind"] == "double_issue" and incident["sites"] == ["P-01", "P-02"]
    claimed = {c["claim_id"]: c["site_id"] for c in incident["detail"]["claims"]}
    assert claimed == {"c-city": "P-01", "c-north": "P-02"}
    for kiosk in (city, north):
        changes = kiosk.pull_all()[0]
        assert latest(changes, "voting_incident")[incident["incident_id"]]["kind"] == "double_issue"
        assert latest(changes, "voter")[voter]["voted_kind"] == "provisional"

    tally = platform.client.get("/v1/admin/elections/E-2026/tallies", headers=ADMIN).json()
    assert tally["total_voters"] == 2
    rows = {(r["site_id"], r["sex"]): r for r in tally["rows"]}
    assert rows[("P-01", "male")]["double_issues"] == 1
    assert rows[("P-02", "male")] == {
        **rows[("P-02", "male")],
        "voters": 0,
        "double_issues": 1,
        "incident_ids": [incident["incident_id"]],
    }
    assert rows[("P-01", "female")]["voters"] == 1
    assert [i["incident_id"] for i in tally["incidents"]] == [incident["incident_id"]]

    text = platform.client.get(
        "/v1/admin/elections/E-2026/tallies", params={"format": "csv"}, headers=ADMIN
    )
    assert text.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(text.text.lstrip("\ufeff"))))
    assert table[0] == [
        "投票所ID",
        "投票所名",
        "投票日",
        "性別",
        "投票者数",
        "重複交付",
        "インシデントID",
    ]
    assert ["P-02", "北支所", today().isoformat(), "男", "0", "1", incident["incident_id"]] in table
    assert table[-1][0] == "合計" and table[-1][4] == "2"

    resolved = platform.client.post(
        f"/v1/admin/voting-incidents/{incident['incident_id']}/resolve",
        json={"note": "二重交付を確認、選管へ報告済み"},
        headers=ADMIN,
    )
    assert resolved.status_code == 200
    assert latest(north.pull_all()[0], "voting_incident")[incident["incident_id"]]["resolved"]


def test_voting_events_that_break_their_payload_rules_are_invalid(platform: Platform) -> None:
    e = election(platform)
    e.site("P-01", "市役所")
    e.import_roll(roll_csv(1))
    kiosk = site_kiosk(platform, "P-01")
    kiosk.event(
        "declaration.made",
        {
            "declaration_id": "d-k1",
            "voter_id": e.voters()[0]["voter_id"],
            "election_id": "E-2026",
            "vote_date": today().isoformat(),
            "reason": 7,
        },
    )
    [result] = kiosk.push().json()["results"]
    assert result["status"] == "invalid" and "reason" in result["reason"]


def test_an_event_naming_another_elections_voter_is_stored_and_becomes_an_incident(
    platform: Platform,
) -> None:
    e = election(platform)
    e.site("P-01", "市役所", outage_procedure="provisional")
    e.import_roll(roll_csv(1))
    kiosk = site_kiosk(platform, "P-01")
    kiosk.event(
        "ballot.provisional",
        {
            "claim_id": str(uuid.uuid4()),
            "voter_id": "v-unknown",
            "election_id": "E-2026",
            "reason": "platform unreachable",
            "issued_by": "a",
            "confirmed_by": "b",
        },
    )
    assert kiosk.push().json()["acked_seq"] == 1
    assert [i["kind"] for i in e.incidents()] == ["unknown_voter"]
    with platform.engine.connect() as conn:
        assert conn.execute(select(voters.c.voter_id)).scalars().all() != []
        assert conn.execute(select(ballot_claims)).all() == []


def test_a_card_linked_to_a_voters_person_reaches_the_sites_with_the_voter(
    platform: Platform,
) -> None:
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,address\nr1,山田,花子,1970-05-05,本町1\n"
    )
    e = election(platform)
    e.site("P-01", "市役所")
    e.site("P-02", "北支所")
    e.import_roll(
        "roll_number,family_name,given_name,birth_date,sex,address\n"
        "1,山田,花子,1970-05-05,female,本町1\n"
    )
    [voter] = e.voters()
    desk, other = site_kiosk(platform, "P-01"), site_kiosk(platform, "P-02")
    desk.event("person.card_linked", {"person_id": voter["person_id"], "card_key": "jpki:ab12"})
    assert desk.push().json()["acked_seq"] == 1
    seen = latest(other.pull_all()[0], "voter")[voter["voter_id"]]
    assert seen["card_keys"] == ["jpki:ab12"]
