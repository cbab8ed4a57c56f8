"""The election office sets up online voting: the period and its rules, contests and
candidates, and the polling places' paper counts; bad input changes nothing."""

from __future__ import annotations

import time
from typing import Any

from tests.linkage.kiosk_double import ADMIN, Platform
from tests.linkage.polling_place import election

HOUR = 3_600_000


def online(platform: Platform, election_id: str = "E-2026", **rules: Any) -> Any:
    """Set an election's online settings (the raw answer); open now for a day by default."""
    now = int(time.time() * 1000)
    body = {"mock": False, "opens_at_ms": now - HOUR, "closes_at_ms": now + 24 * HOUR, **rules}
    return platform.client.put(
        f"/v1/admin/elections/{election_id}/online", json=body, headers=ADMIN
    )


def contest(platform: Platform, contest_id: str = "mayor", **fields: Any) -> Any:
    """Create a contest (the raw answer): a mayor, one of three by default."""
    body = {
        "title": "市長選挙",
        "title_en": "Mayor",
        "choices": 1,
        "candidates": [
            {"candidate_id": "c1", "name": "山田一郎"},
            {"candidate_id": "c2", "name": "佐藤花子"},
            {"candidate_id": "c3", "name": "鈴木次郎"},
        ],
        **fields,
    }
    return platform.client.put(
        f"/v1/admin/elections/E-2026/contests/{contest_id}", json=body, headers=ADMIN
    )


def test_an_elections_online_rules_default_to_paper_cancels_and_revoting_allowed(
    platform: Platform,
) -> None:
    election(platform)
    r = platform.client.get("/v1/admin/elections/E-2026/online", headers=ADMIN)
    assert r.status_code == 200, r.text
    assert r.json()["paper_cancels_online"] is True and r.json()["revote_allowed"] is True
    assert r.json()["opens_at_ms"] is None and r.json()["keyed"] is False

    r = online(platform, mock=True, paper_cancels_online=False, trustees=3, quorum=2)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["mock"] is True and body["paper_cancels_online"] is False
    assert (body["trustees"], body["quorum"]) == (3, 2)


def test_bad_online_settings_are_refused_and_change_nothing(platform: Platform) -> None:
    election(platform)
    assert online(platform).status_code == 200
    before = platform.client.get("/v1/admin/elections/E-2026/online", headers=ADMIN).json()
    now = int(time.time() * 1000)
    r = online(platform, opens_at_ms=now, closes_at_ms=now - 1)
    assert r.status_code == 422 and r.json()["type"].endswith("invalid-period")
    r = online(platform, trustees=2, quorum=3)
    assert r.status_code == 422 and r.json()["type"].endswith("invalid-quorum")
    r = online(platform, mock="yes")
    assert r.status_code == 422
    assert online(platform, election_id="E-NONE").status_code == 404
    after = platform.client.get("/v1/admin/elections/E-2026/online", headers=ADMIN).json()
    assert after == before


def test_contests_keep_ballot_order_and_refuse_impossible_choices(platform: Platform) -> None:
    election(platform)
    assert contest(platform, "council", title="市議会", choices=2, position=2).status_code == 200
    assert contest(platform, position=1).status_code == 200
    listed = platform.client.get("/v1/admin/elections/E-2026/contests", headers=ADMIN).json()
    assert [c["contest_id"] for c in listed] == ["mayor", "council"]
    assert [k["candidate_id"] for k in listed[0]["candidates"]] == ["c1", "c2", "c3"]

    r = contest(platform, "mayor", choices=4)
    assert r.status_code == 422 and r.json()["type"].endswith("invalid-choices")
    twice = [{"candidate_id": "c1", "name": "A"}, {"candidate_id": "c1", "name": "B"}]
    r = contest(platform, "mayor", candidates=twice)
    assert r.status_code == 422 and r.json()["type"].endswith("duplicate-candidate")
    assert contest(platform, "mayor", candidates=[]).status_code == 422
    again = platform.client.get("/v1/admin/elections/E-2026/contests", headers=ADMIN).json()
    assert again == listed

    r = platform.client.delete("/v1/admin/elections/E-2026/contests/council", headers=ADMIN)
    assert r.status_code == 200
    r = platform.client.delete("/v1/admin/elections/E-2026/contests/council", headers=ADMIN)
    assert r.status_code == 404


def test_paper_counts_need_every_contest_and_candidate_of_a_site_of_the_election(
    platform: Platform,
) -> None:
    e = election(platform)
    e.site("P-01", "市役所")
    assert contest(platform).status_code == 200
    url = "/v1/admin/elections/E-2026/paper-counts/P-01"
    good = {"entered_by": "office-1", "counts": {"mayor": {"c1": 10, "c2": 4, "c3": 0}}}
    assert platform.client.put(url, json=good, headers=ADMIN).status_code == 200
    missing = {"entered_by": "office-1", "counts": {"mayor": {"c1": 10}}}
    r = platform.client.put(url, json=missing, headers=ADMIN)
    assert r.status_code == 422 and r.json()["type"].endswith("candidates-mismatch")
    negative = {"entered_by": "office-1", "counts": {"mayor": {"c1": -1, "c2": 0, "c3": 0}}}
    assert platform.client.put(url, json=negative, headers=ADMIN).status_code == 422
    r = platform.client.put(
        "/v1/admin/elections/E-2026/paper-counts/P-99", json=good, headers=ADMIN
    )
    assert r.status_code == 404


def test_the_online_period_cannot_close_before_its_closing_time(platform: Platform) -> None:
    election(platform)
    assert online(platform).status_code == 200
    r = platform.client.post("/v1/admin/elections/E-2026/online/close", headers=ADMIN)
    assert r.status_code == 409 and r.json()["type"].endswith("online-period-not-over")
    now = int(time.time() * 1000)
    assert online(platform, opens_at_ms=now - 2 * HOUR, closes_at_ms=now - HOUR).status_code == 200
    r = platform.client.post("/v1/admin/elections/E-2026/online/close", headers=ADMIN)
    assert r.status_code == 200 and r.json() == {"destroyed_links": 0}
    r = platform.client.post("/v1/admin/elections/E-2026/online/close", headers=ADMIN)
    assert r.status_code == 409 and r.json()["type"].endswith("online-period-closed")
    assert online(platform).status_code == 409
