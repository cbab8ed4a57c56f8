"""Casting online: a signed-in, declared voter's encrypted ballot is counted, a later one
replaces it, a corrupted proof is refused, the desk and the ballot box block each other as the
election's rules say, and closing the period leaves nothing that links a voter to a ballot."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from httpx import Response
from sqlalchemy import Connection, inspect, select

from linkage import unit
from linkage.tables import ballot_claims, evote_ballots, evote_voter_ballots
from tests.linkage.evote_election import ELECTION, OnlineElection, enrol_voters, online_election
from tests.linkage.kiosk_double import ADMIN, Platform
from tests.linkage.polling_place import claim, site_kiosk
from tests.linkage.web.conftest import Resident, Web, form_token

PAGE = f"/my/ballot/{ELECTION}"


def cast(web: Web, ballot: dict[str, Any]) -> Response:
    """Cast from the signed-in browser, as the ballot page's script does."""
    token = form_token(web.page(PAGE))
    answer: Response = web.client.post(
        f"{PAGE}/cast", data={"csrf_token": token, "ballot": json.dumps(ballot)}
    )
    return answer


def voter(web: Web) -> tuple[OnlineElection, Resident, str]:
    """The election, a resident on its roll who declared, signed in."""
    election = online_election(web.client, web.engine)
    hanako = web.resident()
    (voter_id,) = enrol_voters(election, hanako.person_id)
    web.sign_in(hanako)
    return election, hanako, voter_id


def test_a_cast_ballot_is_counted_on_the_board_and_a_later_one_replaces_it(web: Web) -> None:
    election, _, voter_id = voter(web)
    assert "山田一郎" in web.page(PAGE) and "election-context" in web.page(PAGE)
    first = cast(web, election.ballot("c1")[0])
    assert first.status_code == 201, first.text
    tracker = first.json()["tracker"]
    assert first.json()["replaced_earlier"] is False
    assert election.board() == {tracker: "counted"}
    page = web.page(first.json()["board"])
    assert 'data-found="yes"' in page and tracker in page

    again = cast(web, election.ballot("c2")[0])
    assert again.status_code == 201, again.text
    assert again.json()["replaced_earlier"] is True
    assert election.board() == {tracker: "superseded", again.json()["tracker"]: "counted"}
    # One claim, of the voter, cast online; kiosks learn the voter voted.
    with web.engine.connect() as conn:
        rows = conn.execute(select(ballot_claims)).all()
    assert [(r.voter_id, r.site_id, r.kind) for r in rows] == [(voter_id, "online", "online")]


def test_a_ballot_with_a_corrupted_proof_is_refused_and_nothing_is_kept(web: Web) -> None:
    election, _, _ = voter(web)
    ballot = election.ballot("c1")[0]
    proof = ballot["contests"][0]["selections"][0]["proof"]
    proof["responses"][0] = proof["responses"][1]
    r = cast(web, ballot)
    assert r.status_code == 422 and r.json()["type"].endswith("invalid-ballot")
    assert "selections[0].proof" in r.json()["detail"]
    assert election.board() == {}
    with web.engine.connect() as conn:
        assert conn.execute(select(ballot_claims)).all() == []


def test_a_ballot_id_is_cast_once_and_an_audited_ballot_is_never_cast(web: Web) -> None:
    election, _, _ = voter(web)
    ballot, opened = election.ballot("c3")
    token = form_token(web.page(PAGE))
    r = web.client.post(
        f"{PAGE}/audit",
        data={"csrf_token": token, "ballot": json.dumps(ballot), "opened": json.dumps(opened)},
    )
    assert r.status_code == 201, r.text
    assert r.json()["choices"] == {"mayor": ["c3"]}
    assert election.board() == {ballot["code"]: "audited"}
    r = cast(web, ballot)
    assert r.status_code == 409 and r.json()["type"].endswith("ballot-id-used")
    lying = {**opened, "contests": [{**opened["contests"][0]}]}
    lying["contests"][0]["selections"] = [
        {**s, "vote": 1 - s["vote"]} for s in opened["contests"][0]["selections"]
    ]
    other, _ = election.ballot("c1")
    r = web.client.post(
        f"{PAGE}/audit",
        data={"csrf_token": token, "ballot": json.dumps(other), "opened": json.dumps(lying)},
    )
    assert r.status_code == 422


def test_only_a_declared_voter_on_the_roll_by_a_verified_link_may_cast(web: Web) -> None:
    election = online_election(web.client, web.engine)
    undeclared, stranger = web.resident(), web.resident()
    enrol_voters(election, undeclared.person_id, declared=False)
    web.sign_in(undeclared)
    assert 'data-problem="not-declared"' in web.page(PAGE)
    r = cast(web, election.ballot("c1")[0])
    assert r.status_code == 409 and r.json()["type"].endswith("not-declared")
    web.sign_in(stranger)
    assert 'data-problem="not-on-roll"' in web.page(PAGE)
    assert cast(web, election.ballot("c1")[0]).status_code == 404


def test_a_voter_who_voted_at_a_desk_cannot_cast_online(web: Web) -> None:
    election, _, voter_id = voter(web)
    kiosk = site_kiosk(Platform(web.client, web.engine), "P-01")
    assert claim(kiosk, voter_id).status_code == 201
    r = cast(web, election.ballot("c1")[0])
    assert r.status_code == 409 and r.json()["type"].endswith("already-voted")
    assert r.json()["voted_site_id"] == "P-01"
    assert election.board() == {}


def test_a_desk_sees_the_online_vote_and_its_paper_ballot_cancels_it(web: Web) -> None:
    election, _, voter_id = voter(web)
    tracker = cast(web, election.ballot("c1")[0]).json()["tracker"]
    kiosk = site_kiosk(Platform(web.client, web.engine), "P-01")

    blocked = claim(kiosk, voter_id)
    assert blocked.status_code == 409
    body = blocked.json()
    assert (body["voted_site_id"], body["voted_kind"], body["online_cancellable"]) == (
        "online",
        "online",
        True,
    )
    issued = claim(kiosk, voter_id, cancel_online=True)
    assert issued.status_code == 201, issued.text
    assert election.board() == {tracker: "cancelled"}
    with web.engine.connect() as conn:
        assert conn.execute(select(evote_voter_ballots)).all() == []
        held = conn.execute(select(ballot_claims)).one()
    assert (held.site_id, held.issued_by, held.confirmed_by) == ("P-01", "staff-1", "staff-2")
    # Now the paper ballot holds the voter: no more online ballots.
    r = cast(web, election.ballot("c2")[0])
    assert r.status_code == 409 and r.json()["voted_site_id"] == "P-01"


def test_when_paper_does_not_cancel_online_the_desk_is_blocked(web: Web) -> None:
    election, _, voter_id = voter(web)
    election.online(trustees=3, quorum=2, paper_cancels_online=False)
    tracker = cast(web, election.ballot("c1")[0]).json()["tracker"]
    kiosk = site_kiosk(Platform(web.client, web.engine), "P-01")
    r = claim(kiosk, voter_id, cancel_online=True)
    assert r.status_code == 409 and r.json()["online_cancellable"] is False
    assert election.board() == {tracker: "counted"}


def test_after_close_no_table_links_a_voter_to_a_ballot_and_the_desk_is_blocked(
    web: Web,
) -> None:
    election, _, voter_id = voter(web)
    trackers = [cast(web, election.ballot(c)[0]).json()["tracker"] for c in ("c1", "c2")]
    with web.engine.connect() as conn:
        ballot_ids = [r.ballot_id for r in conn.execute(select(evote_ballots.c.ballot_id))]
    # The period is moved into the past, then closed.
    past = int(time.time() * 1000)
    election.online(opens_at_ms=past - 7_200_000, closes_at_ms=past - 1, trustees=3, quorum=2)
    r = web.client.post(f"/v1/admin/elections/{ELECTION}/online/close", headers=ADMIN)
    assert r.status_code == 200 and r.json() == {"destroyed_links": 1}

    secrets = set(ballot_ids) | set(trackers)

    def rows_naming_the_voter(conn: Connection) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for name in inspect(conn).get_table_names():
            for row in conn.exec_driver_sql(f"SELECT * FROM {name}"):
                text = json.dumps([str(v) for v in row], ensure_ascii=False)
                if voter_id in text:
                    found.append((name, text))
        return found

    naming = unit.read(web.engine, rows_naming_the_voter)
    assert naming, "the voter is still on the roll and claimed"
    for table, text in naming:
        assert not any(s in text for s in secrets), table
    if web.engine.dialect.name == "sqlite":
        web.engine.dispose()
        raw = Path(str(web.engine.url.database)).read_bytes()
        for ballot_id in ballot_ids:
            for at in _all(raw, ballot_id.encode()):
                assert voter_id.encode() not in raw[max(0, at - 400) : at + 400]
    kiosk = site_kiosk(Platform(web.client, web.engine), "P-01")
    r = claim(kiosk, voter_id, cancel_online=True)
    assert r.status_code == 409 and r.json()["online_cancellable"] is False
    assert cast(web, election.ballot("c3")[0]).status_code == 409


def _all(data: bytes, needle: bytes) -> list[int]:
    out, at = [], data.find(needle)
    while at != -1:
        out.append(at)
        at = data.find(needle, at + 1)
    return out


def test_a_provisional_paper_ballot_cancels_an_online_one_it_did_not_know_of(web: Web) -> None:
    election, _, voter_id = voter(web)
    tracker = cast(web, election.ballot("c1")[0]).json()["tracker"]
    kiosk = site_kiosk(Platform(web.client, web.engine), "P-01")
    kiosk.event(
        "ballot.provisional",
        {
            "claim_id": "c-offline",
            "voter_id": voter_id,
            "election_id": ELECTION,
            "reason": "platform unreachable",
            "issued_by": "staff-1",
            "confirmed_by": "staff-2",
        },
        hlc_ms=time.time_ns() // 1_000_000,
    )
    r = kiosk.push()
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "stored"
    assert election.board() == {tracker: "cancelled"}
    with web.engine.connect() as conn:
        held = conn.execute(select(ballot_claims)).one()
    assert (held.claim_id, held.site_id, held.kind) == ("c-offline", "P-01", "provisional")
    incidents = web.client.get(f"/v1/admin/elections/{ELECTION}/incidents", headers=ADMIN)
    assert incidents.json() == []
