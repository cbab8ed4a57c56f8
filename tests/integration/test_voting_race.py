"""Ballot claims race: two kiosks of two sites of one election, eight workers, the same 500
voters, two platform processes on one PostgreSQL database. Exactly one claim per voter
succeeds and every loser is told where the voter voted."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import make_url

from sync.client import PlatformClient
from sync.errors import AlreadyVoted
from tests.integration.platform_server import PlatformServer, running_platform
from tests.linkage.kiosk_double import b64url
from tests.linkage.polling_place import today

VOTERS = 500
WORKERS = 8
SITES = {"P-01": "市役所", "P-02": "北支所"}


@pytest.fixture
def two_processes(postgres_server: str, tmp_path: Path) -> Iterator[list[PlatformServer]]:
    """Two platform processes serving one PostgreSQL database."""
    name = f"race_{uuid.uuid4().hex[:10]}"
    dsn = make_url(postgres_server).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = make_url(postgres_server).set(database=name).render_as_string(False)
    try:
        with (
            running_platform(tmp_path / "one", url) as one,
            running_platform(tmp_path / "two", url) as two,
        ):
            yield [one, two]
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@dataclass(frozen=True)
class Device:
    """An enrolled polling-site device: its id and key, and the process it talks to."""

    device_id: str
    key: Ed25519PrivateKey
    url: str
    site_id: str

    def client(self) -> PlatformClient:
        """A client with its own session, as one worker of the kiosk holds."""
        client = PlatformClient(self.url)
        challenge_id, nonce = client.challenge(self.device_id)
        message = b"\n".join([b"kazasu-session-v1", self.device_id.encode(), nonce.encode()])
        client.open_session(self.device_id, challenge_id, b64url(self.key.sign(message)))
        return client


def _enrol(platform: PlatformServer, site_id: str) -> Device:
    code = platform.admin(
        "POST", "/enrolment-codes", json={"scope": {"polling_site": site_id}, "label": site_id}
    )["code"]
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    client = PlatformClient(platform.url)
    enrolled = client.enrol(str(code), b64url(public), site_id)
    client.close()
    return Device(enrolled.device_id, key, platform.url, site_id)


def test_eight_workers_at_two_sites_issue_each_of_500_ballots_exactly_once(
    two_processes: list[PlatformServer],
) -> None:
    one, two = two_processes
    days = [(today() + timedelta(days=d)).isoformat() for d in (-1, 0, 1)]
    one.admin("PUT", "/elections/E-1", json={"name": "架空市長選挙", "voting_days": days})
    for site_id, name in SITES.items():
        one.admin("PUT", f"/elections/E-1/sites/{site_id}", json={"name": name})
    rows = "".join(
        f"{n},投票,{n}号,1980-01-{1 + n % 28:02d},{'male' if n % 2 else 'female'},本町{n}\n"
        for n in range(VOTERS)
    )
    one.admin(
        "POST",
        "/elections/E-1/roll",
        data=("roll_number,family_name,given_name,birth_date,sex,address\n" + rows).encode(),
        headers={"Content-Type": "text/csv"},
    )
    voter_ids = [str(v["voter_id"]) for v in _roll(one)]
    assert len(voter_ids) == VOTERS
    # Each kiosk talks to its own platform process.
    devices = [_enrol(one, "P-01"), _enrol(two, "P-02")]

    granted: Counter[str] = Counter()
    winners: dict[str, str] = {}
    told: list[tuple[str, str, str]] = []
    lock = threading.Lock()
    start = threading.Barrier(WORKERS)

    def worker(n: int) -> None:
        device = devices[n % 2]
        client = device.client()
        order = list(voter_ids)
        random.Random(n).shuffle(order)
        start.wait()
        for voter_id in order:
            claim_id = str(uuid.uuid4())
            try:
                won = client.claim_ballot(claim_id, voter_id, f"w{n}", f"w{n}-second")
            except AlreadyVoted as lost:
                with lock:
                    told.append((voter_id, lost.voted_site_id, lost.voted_site_name))
                continue
            assert won.site_id == device.site_id
            with lock:
                granted[voter_id] += 1
                winners[voter_id] = won.site_id
        client.close()

    with ThreadPoolExecutor(WORKERS) as pool:
        for future in [pool.submit(worker, n) for n in range(WORKERS)]:
            future.result()

    assert sum(granted.values()) == VOTERS and set(granted.values()) == {1}
    assert len(told) == VOTERS * (WORKERS - 1)
    for voter_id, site_id, site_name in told:
        assert site_id == winners[voter_id] and site_name == SITES[site_id]
    assert set(winners.values()) == set(SITES)  # both sites won some voters
    roll = _roll(two)
    assert all(v["status"] == "voted" for v in roll)
    assert {v["voter_id"]: v["voted_site_id"] for v in roll} == winners
    tally = one.admin("GET", "/elections/E-1/tallies")
    assert tally["total_voters"] == VOTERS and tally["incidents"] == []


def _roll(platform: PlatformServer) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    after = ""
    while True:
        page = platform.admin(
            "GET", "/elections/E-1/voters", params={"after": after, "limit": 1000}
        )
        out += page
        if len(page) < 1000:
            return out
        after = str(page[-1]["voter_id"])
