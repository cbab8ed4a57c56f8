"""The tally: after close, two of the three trustees decrypt the sum of the final ballots, the
office's paper counts are added, and the published record verifies on its own; a voter who
voted online and then on paper is counted once, on paper. Eight racing casts for one voter
leave one counted ballot."""

from __future__ import annotations

import json
import threading
import time

from fastapi.testclient import TestClient
from httpx import Response

from linkage.evote.verify import verify_record
from tests.linkage.evote_election import ELECTION, enrol_voters, online_election
from tests.linkage.kiosk_double import ADMIN, Platform
from tests.linkage.polling_place import claim, site_kiosk
from tests.linkage.web.conftest import Web, browser, form_token

PAGE = f"/my/ballot/{ELECTION}"


def signed_in(web: Web, person: object) -> TestClient:
    """A browser of its own, signed in with the person's card."""
    client = browser(web)
    own = Web(client, web.engine)
    own.sign_in(person)  # type: ignore[arg-type]
    return client


def cast_from(client: TestClient, ballot: dict[str, object]) -> int:
    token = form_token(client.get(PAGE).text)
    r: Response = client.post(
        f"{PAGE}/cast", data={"csrf_token": token, "ballot": json.dumps(ballot)}
    )
    return r.status_code


def test_the_tally_counts_final_ballots_and_paper_and_the_record_verifies(web: Web) -> None:
    election = online_election(web.client, web.engine, mock=True)
    people = [web.resident() for _ in range(4)]
    voter_ids = enrol_voters(election, *(p.person_id for p in people))
    browsers = [signed_in(web, p) for p in people]
    # 1 votes c1; 2 votes c1 then re-votes c2; 3 votes c3 then takes a paper ballot; 4 audits,
    # then votes c2.
    assert cast_from(browsers[0], election.ballot("c1")[0]) == 201
    assert cast_from(browsers[1], election.ballot("c1")[0]) == 201
    assert cast_from(browsers[1], election.ballot("c2")[0]) == 201
    assert cast_from(browsers[2], election.ballot("c3")[0]) == 201
    ballot, opened = election.ballot("c1")
    token = form_token(browsers[3].get(PAGE).text)
    audited = browsers[3].post(
        f"{PAGE}/audit",
        data={"csrf_token": token, "ballot": json.dumps(ballot), "opened": json.dumps(opened)},
    )
    assert audited.status_code == 201
    assert cast_from(browsers[3], election.ballot("c2")[0]) == 201
    kiosk = site_kiosk(Platform(web.client, web.engine), "P-01")
    assert claim(kiosk, voter_ids[2], cancel_online=True).status_code == 201

    r = web.client.get(f"/v1/admin/elections/{ELECTION}/online/tally", headers=ADMIN)
    assert r.status_code == 409  # not before the period closed
    past = int(time.time() * 1000)
    election.online(
        mock=True, opens_at_ms=past - 7_200_000, closes_at_ms=past - 1, trustees=3, quorum=2
    )
    assert web.client.post(
        f"/v1/admin/elections/{ELECTION}/online/close", headers=ADMIN
    ).json() == {"destroyed_links": 3}
    paper = {"entered_by": "office-1", "counts": {"mayor": {"c1": 5, "c2": 1, "c3": 2}}}
    r = web.client.put(
        f"/v1/admin/elections/{ELECTION}/paper-counts/P-01", json=paper, headers=ADMIN
    )
    assert r.status_code == 200
    election.decrypt(1)
    r = web.client.post(f"/v1/admin/elections/{ELECTION}/online/result", headers=ADMIN)
    assert r.status_code == 409 and r.json()["type"].endswith("tally-incomplete")
    election.decrypt(3)
    r = web.client.post(f"/v1/admin/elections/{ELECTION}/online/result", headers=ADMIN)
    assert r.status_code == 200, r.text
    result = web.client.get(f"/v1/public/elections/{ELECTION}/result").json()
    assert result["mock"] is True and result["label"] == "模擬"
    assert result["online_ballots"] == 3 and result["trustees_present"] == [1, 3]
    counts = {
        c["candidate_id"]: (c["online"], c["paper"], c["total"])
        for c in result["contests"][0]["candidates"]
    }
    # The third voter's online c3 was cancelled by the paper ballot counted in the paper c3.
    assert counts == {"c1": (1, 5, 6), "c2": (2, 1, 3), "c3": (0, 2, 2)}

    record = web.client.get(f"/v1/public/elections/{ELECTION}/record").json()
    summary = verify_record(record)
    assert (summary.counted, summary.cancelled, summary.audited) == (3, 2, 1)
    assert summary.counts == {"mayor": {"c1": 1, "c2": 2, "c3": 0}}
    assert record["context"]["parameters"]["manifest"]["mock"] is True
    for voter_id in voter_ids:
        assert voter_id not in json.dumps(record)


def test_eight_racing_casts_for_one_voter_leave_exactly_one_counted_ballot(web: Web) -> None:
    election = online_election(web.client, web.engine)
    hanako = web.resident()
    enrol_voters(election, hanako.person_id)
    browsers = [signed_in(web, hanako) for _ in range(8)]
    ballots = [election.ballot("c1" if n % 2 else "c2")[0] for n in range(8)]
    tokens = [form_token(b.get(PAGE).text) for b in browsers]
    start = threading.Barrier(8)
    answers: list[int] = []

    def go(n: int) -> None:
        start.wait()
        r = browsers[n].post(
            f"{PAGE}/cast", data={"csrf_token": tokens[n], "ballot": json.dumps(ballots[n])}
        )
        answers.append(r.status_code)

    threads = [threading.Thread(target=go, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [201] * 8
    states = list(election.board().values())
    assert states.count("counted") == 1 and states.count("superseded") == 7
