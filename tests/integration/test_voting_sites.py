"""Poll-worker kiosks at two early-voting sites against the real platform process: one ballot
per voter online, provisional votes during an outage, and the double issue that follows
becoming an incident on every kiosk of the election."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.counter import stored_keys
from kiosk.store import Store
from kiosk.voting.desk import ClaimRejected, VotingDesk
from kiosk.voting.model import claim_digest
from kiosk.voting.results import (
    Block,
    Blocked,
    CodeFound,
    CodeRefusal,
    CodeRefused,
    Issued,
    OutageChoice,
    Where,
)
from sync.voting import PlatformClaims
from tests.integration.platform_server import REPO, PlatformServer
from tests.integration.polling import (
    ELECTION,
    FIRST,
    KIOSK_PASSPHRASE,
    PollKiosk,
    election,
    poll_kiosk,
    voters,
)
from tests.linkage.polling_place import today
from tests.tooling.faultproxy import Fault, FaultProxy

SITES = {"PS-1": "市役所本庁舎", "PS-2": "北公民館"}


@pytest.fixture
def proxies(platform: PlatformServer) -> Iterator[tuple[FaultProxy, FaultProxy]]:
    """One network link per site, each of which can be cut."""
    with FaultProxy(platform.url) as one, FaultProxy(platform.url) as two:
        yield one, two


@pytest.fixture
def kiosks(
    platform: PlatformServer, proxies: tuple[FaultProxy, FaultProxy], tmp_path: Path
) -> Iterator[tuple[PollKiosk, PollKiosk]]:
    """A provisional-procedure election; a kiosk at each site, synced."""
    election(platform, SITES, outage_procedure="provisional")
    city = poll_kiosk(tmp_path / "city", platform, "PS-1", proxies[0].url)
    north = poll_kiosk(tmp_path / "north", platform, "PS-2", proxies[1].url)
    yield city, north
    city.close()
    north.close()


def voter_id(kiosk: PollKiosk, query: str) -> str:
    [found] = kiosk.desk.search(query)
    return found.voter_id


def declare(kiosk: PollKiosk, voter: str) -> str:
    return kiosk.desk.declare(FIRST.actor, voter, 2).declaration_id


def test_the_roll_and_the_sites_reach_each_site_kiosk(kiosks: tuple[PollKiosk, PollKiosk]) -> None:
    city, north = kiosks
    assert city.desk.site().name == "市役所本庁舎"
    assert city.desk.site_names() == SITES
    assert [v.name for v in north.desk.search("さとう")] == ["佐藤\u3000花子", "佐藤\u3000蓮"]


def test_online_one_ballot_per_voter_and_the_second_site_is_told_where(
    kiosks: tuple[PollKiosk, PollKiosk], platform: PlatformServer
) -> None:
    city, north = kiosks
    ren = voter_id(city, "さとうれん")
    # A declaration made at the desk reaches the platform before the claim that names it.
    issued = city.desk.issue(FIRST, city.second(), ren, declare(city, ren))
    assert isinstance(issued, Issued) and not issued.provisional
    blocked = north.desk.issue(FIRST, north.second(), ren, declare(north, ren))
    assert isinstance(blocked, Blocked) and blocked.block is Block.ALREADY_VOTED
    assert blocked.voted is not None
    assert (blocked.voted.where, blocked.voted.site_name) == (Where.OTHER_SITE, "市役所本庁舎")
    on_platform = voters(platform)["2"]
    assert (on_platform["status"], on_platform["voted_site_id"]) == ("voted", "PS-1")
    assert on_platform["claim_digest"] == claim_digest(issued.claim_id)
    north.engine.run_once()
    assert north.desk.view(ren).block is Block.ALREADY_VOTED
    city.engine.run_once()  # its ballot.issued record matches the claim: no incident
    assert platform.admin("GET", f"/elections/{ELECTION}/incidents") == []


def test_two_offline_sites_both_issue_provisionally_and_reconnecting_shows_an_incident_on_both(
    kiosks: tuple[PollKiosk, PollKiosk],
    proxies: tuple[FaultProxy, FaultProxy],
    platform: PlatformServer,
) -> None:
    city, north = kiosks
    ren = voter_id(city, "さとうれん")
    for proxy in proxies:
        proxy.partition()
    claims = []
    for kiosk in (city, north):
        worker = kiosk.second()
        declaration = declare(kiosk, ren)
        choice = kiosk.desk.issue(FIRST, worker, ren, declaration)
        assert isinstance(choice, OutageChoice)
        done = kiosk.desk.record_provisional(
            FIRST, worker, ren, declaration, choice.claim_id, "platform unreachable"
        )
        assert isinstance(done, Issued) and done.provisional
        claims.append(done.claim_id)
    assert city.desk.incidents() == [] and north.desk.incidents() == []
    for proxy in proxies:
        proxy.partition(False)
    city.engine.run_once()
    north.engine.run_once()
    city.engine.run_once()
    for kiosk in (city, north):
        [incident] = kiosk.desk.incidents()
        assert incident.kind == "double_issue" and incident.voter_id == ren
        assert sorted(incident.sites) == ["PS-1", "PS-2"]
        assert [i.incident_id for i in kiosk.desk.view(ren).incidents] == [incident.incident_id]
        # Still a hard block at both sites: nothing is silently issued a third time.
        assert kiosk.desk.view(ren).block is Block.ALREADY_VOTED
    [office] = platform.admin("GET", f"/elections/{ELECTION}/incidents")
    got = sorted(c["claim_id"] for c in office["detail"]["claims"])
    assert got == sorted(claims)


def test_under_a_hard_block_procedure_an_offline_kiosk_issues_nothing(
    platform: PlatformServer, proxies: tuple[FaultProxy, FaultProxy], tmp_path: Path
) -> None:
    election(platform, {"PS-1": "市役所本庁舎"}, outage_procedure="hard_block")
    city = poll_kiosk(tmp_path / "city", platform, "PS-1", proxies[0].url)
    try:
        ren = voter_id(city, "さとうれん")
        proxies[0].partition()
        blocked = city.desk.issue(FIRST, city.second(), ren, declare(city, ren))
        assert isinstance(blocked, Blocked) and blocked.block is Block.OUTAGE
        proxies[0].partition(False)
        # The same claim id is asked again once the link is back, and the ballot issued once.
        declaration = city.desk.view(ren).declaration
        assert declaration is not None
        issued = city.desk.issue(FIRST, city.second(), ren, declaration.declaration_id)
        assert isinstance(issued, Issued)
        assert voters(platform)["2"]["claim_digest"] == claim_digest(issued.claim_id)
    finally:
        city.close()


def test_a_declaration_made_online_is_read_from_its_qr_code_at_the_desk(
    kiosks: tuple[PollKiosk, PollKiosk], platform: PlatformServer
) -> None:
    city, north = kiosks
    hanako = voters(platform)["1"]
    assert hanako["person_id"] is not None
    made = platform.admin(
        "POST",
        f"/elections/{ELECTION}/declarations",
        json={"person_id": hanako["person_id"], "vote_date": today().isoformat(), "reason": 1},
    )
    city.engine.run_once()
    found = city.desk.read_code(FIRST.actor, made["code"])
    assert isinstance(found, CodeFound)
    assert found.declaration.declaration_id == made["declaration_id"]
    issued = city.desk.issue(FIRST, city.second(), found.voter.voter_id, made["declaration_id"])
    assert isinstance(issued, Issued)
    again = city.desk.read_code(FIRST.actor, made["code"])
    assert isinstance(again, CodeRefused) and again.refusal is CodeRefusal.ALREADY_USED
    north.engine.run_once()
    elsewhere = north.desk.read_code(FIRST.actor, made["code"])
    assert isinstance(elsewhere, CodeRefused) and elsewhere.refusal is CodeRefusal.ALREADY_USED


def test_a_declaration_made_after_the_last_sync_is_found_by_asking_the_platform(
    kiosks: tuple[PollKiosk, PollKiosk], platform: PlatformServer
) -> None:
    city, _ = kiosks
    hanako = voters(platform)["1"]
    made = platform.admin(
        "POST",
        f"/elections/{ELECTION}/declarations",
        json={"person_id": hanako["person_id"], "vote_date": today().isoformat(), "reason": 3},
    )
    found = city.desk.read_code(FIRST.actor, made["code"])  # no sync since the declaration
    assert isinstance(found, CodeFound)
    assert found.declaration.declaration_id == made["declaration_id"]
    assert int(found.declaration.reason) == 3


def test_a_revoked_kiosk_issues_nothing_not_even_provisionally(
    kiosks: tuple[PollKiosk, PollKiosk], platform: PlatformServer
) -> None:
    city, _ = kiosks
    ren = voter_id(city, "さとうれん")
    declaration = declare(city, ren)
    platform.admin("POST", f"/devices/{city.store.device_id}/revoke", json={})
    with pytest.raises(ClaimRejected) as refused:
        city.desk.issue(FIRST, city.second(), ren, declaration)
    assert refused.value.kind == "device-revoked"
    view = city.desk.view(ren)
    assert view.voted is None and view.pending_claim is None
    assert voters(platform)["2"]["status"] == "not_voted"


def test_a_kiosk_killed_while_its_claim_is_in_flight_finishes_that_claim_after_a_restart(
    platform: PlatformServer, proxies: tuple[FaultProxy, FaultProxy], tmp_path: Path
) -> None:
    election(platform, {"PS-1": "市役所本庁舎"}, outage_procedure="hard_block")
    proxy = proxies[0]
    city = poll_kiosk(tmp_path / "city", platform, "PS-1", proxy.url)
    ren = voter_id(city, "さとうれん")
    declaration = declare(city, ren)
    city.close()
    proxy.add(Fault.DELAY, path="/v1/voting/claims", delay_s=20, times=1)
    env = os.environ | {"KAZASU_PASSPHRASE": KIOSK_PASSPHRASE, "PYTHONPATH": str(REPO)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.voting_crash_worker", str(tmp_path / "city"),
         "PS-1", ren, declaration],
        stdout=subprocess.PIPE, text=True, env=env, cwd=REPO,
    )  # fmt: skip
    assert worker.stdout is not None and worker.stdout.readline().strip() == "READY"
    deadline = time.monotonic() + 60
    while proxy.counters["delay"] == 0:  # the claim is on its way: kill the kiosk now
        assert time.monotonic() < deadline and worker.poll() is None
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.communicate()
    proxy.clear()

    store = Store.open(tmp_path / "city", lambda: KIOSK_PASSPHRASE, use_os_keystore=False)
    claims = PlatformClaims(store)
    try:
        desk = VotingDesk(store, "PS-1", claims, lambda: stored_keys(store))
        pending = desk.view(ren).pending_claim
        assert pending is not None  # stored before the platform was asked
        confirmed = desk.confirm_by_code(FIRST, "w2", "222222")
        issued = desk.issue(FIRST, confirmed, ren, declaration)
        assert isinstance(issued, Issued) and issued.claim_id == pending
        assert voters(platform)["2"]["claim_digest"] == claim_digest(pending)
    finally:
        claims.close()
        store.close()
