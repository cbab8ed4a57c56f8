"""Early-voting benchmark: the online ballot claim, from the kiosk's HTTP client to a local
platform process (``kazasu-platform serve``), on PostgreSQL and on SQLite.

Metrics:
- ``issue_claim_ms_p50`` / ``issue_claim_ms_p95``: one kiosk claims ballots for voters one after
  another (``PlatformClient.claim_ballot``), PostgreSQL (target p95 ≤ 100 ms);
- ``push_roundtrip_ms_p95``: the baseline of the same run: the same kiosk pushes a one-event
  batch (the ``ballot.issued`` record of each claim) over the same connection;
- ``claims_per_s``: contention: 8 workers (4 per kiosk, kiosks at two sites, each kiosk on its
  own platform process) race to claim the same ``VOTERS`` voters; claims answered per second
  (201 or 409), PostgreSQL;
- ``sqlite_…``: the same on SQLite (one process: SQLite is the single-site pilot), the
  baseline for the database.

Every run checks that each voter was granted exactly once. PostgreSQL is a throwaway durable
server from the distribution's binaries. ``KAZASU_BENCH_VOTERS`` and
``KAZASU_BENCH_SEQUENTIAL`` change the workload.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import make_url

from benchmarks.harness import median, percentile, write_result
from kazasu_protocol import b64url
from sync.client import PlatformClient
from sync.errors import AlreadyVoted
from tests.integration.platform_server import PlatformServer, running_platform
from tests.linkage.postgres_server import throwaway_server

VOTERS = int(os.environ.get("KAZASU_BENCH_VOTERS", "500"))
SEQUENTIAL = int(os.environ.get("KAZASU_BENCH_SEQUENTIAL", "300"))
WORKERS = 8
SITES = ("P-01", "P-02")
BENCH_DB = "kazasu_bench_voting"


class Kiosk:
    """An enrolled polling-site device: its key and the chain of its events."""

    def __init__(self, platform: PlatformServer, site_id: str) -> None:
        code = platform.admin(
            "POST", "/enrolment-codes", json={"scope": {"polling_site": site_id}, "label": "b"}
        )["code"]
        self.key = Ed25519PrivateKey.generate()
        public = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.url = platform.url
        client = PlatformClient(self.url)
        self.device_id = client.enrol(str(code), b64url.encode(public), site_id).device_id
        client.close()
        self.seq = 0
        self.head = "0" * 64

    def client(self) -> PlatformClient:
        """A client with a session of its own."""
        client = PlatformClient(self.url)
        challenge_id, nonce = client.challenge(self.device_id)
        message = b"\n".join([b"kazasu-session-v1", self.device_id.encode(), nonce.encode()])
        client.open_session(self.device_id, challenge_id, b64url.encode(self.key.sign(message)))
        return client

    def event(self, type_: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The next event of the chain."""
        self.seq += 1
        envelope: dict[str, Any] = {
            "event_id": str(uuid.uuid4()),
            "device_id": self.device_id,
            "device_seq": self.seq,
            "hlc": f"{time.time_ns() // 1_000_000:018d}:00000:{self.device_id}",
            "type": type_,
            "schema": 1,
            "payload": payload,
            "prev_hash": self.head,
        }
        text = json.dumps(envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        envelope["hash"] = self.head = hashlib.sha256(text.encode()).hexdigest()
        return envelope


def _election(platform: PlatformServer, election_id: str, voters: int) -> list[str]:
    today = datetime.now(ZoneInfo("Asia/Tokyo")).date()
    days = [(today + timedelta(days=d)).isoformat() for d in (-1, 0, 1)]
    platform.admin("PUT", f"/elections/{election_id}", json={"name": "b", "voting_days": days})
    for site_id in SITES:
        platform.admin(
            "PUT", f"/elections/{election_id}/sites/{site_id}-{election_id}", json={"name": site_id}
        )
    rows = "".join(f"{n},投票,{n},1980-01-01,male,本町{n}\n" for n in range(voters))
    platform.admin(
        "POST",
        f"/elections/{election_id}/roll",
        data=("roll_number,family_name,given_name,birth_date,sex,address\n" + rows).encode(),
        headers={"Content-Type": "text/csv"},
    )
    out: list[str] = []
    after = ""
    while True:
        page = platform.admin(
            "GET", f"/elections/{election_id}/voters", params={"after": after, "limit": 1000}
        )
        out += [str(v["voter_id"]) for v in page]
        if len(page) < 1000:
            return out
        after = out[-1]


def sequential(platform: PlatformServer) -> dict[str, float]:
    """One kiosk claims ballots one after another; after each, it pushes the claim's record."""
    voters = _election(platform, "E-SEQ", SEQUENTIAL)
    kiosk = Kiosk(platform, f"{SITES[0]}-E-SEQ")
    client = kiosk.client()
    claim_ms: list[float] = []
    push_ms: list[float] = []
    for voter_id in voters:
        claim_id = str(uuid.uuid4())
        start = time.perf_counter()
        client.claim_ballot(claim_id, voter_id, "w1", "w2")
        claim_ms.append((time.perf_counter() - start) * 1000)
        record = kiosk.event(
            "ballot.issued",
            {
                "claim_id": claim_id,
                "voter_id": voter_id,
                "election_id": "E-SEQ",
                "issued_by": "w1",
                "confirmed_by": "w2",
            },
        )
        start = time.perf_counter()
        # The body a kiosk's outbox sends: the batch's events as one JSON document.
        acked = client.push(json.dumps({"events": [record]}).encode())
        push_ms.append((time.perf_counter() - start) * 1000)
        if acked != kiosk.seq:
            raise RuntimeError("a push was not acknowledged")
    client.close()
    # The first calls warm connections and caches; they are not what a desk waits for.
    claim_ms, push_ms = claim_ms[10:], push_ms[10:]
    return {
        "issue_claim_ms_p50": round(median(claim_ms), 2),
        "issue_claim_ms_p95": round(percentile(claim_ms, 95), 2),
        "push_roundtrip_ms_p50": round(median(push_ms), 2),
        "push_roundtrip_ms_p95": round(percentile(push_ms, 95), 2),
    }


def contention(platforms: list[PlatformServer]) -> dict[str, float]:
    """8 workers at two sites race for the same voters; each voter must be granted once."""
    voters = _election(platforms[0], "E-RACE", VOTERS)
    kiosks = [
        Kiosk(platforms[n % len(platforms)], f"{site}-E-RACE") for n, site in enumerate(SITES)
    ]
    granted: dict[str, int] = {}
    lock = threading.Lock()
    clients = [kiosks[n % 2].client() for n in range(WORKERS)]
    barrier = threading.Barrier(WORKERS + 1)

    def worker(n: int) -> None:
        order = list(voters)
        random.Random(n).shuffle(order)
        barrier.wait()
        for voter_id in order:
            try:
                clients[n].claim_ballot(str(uuid.uuid4()), voter_id, f"w{n}", f"v{n}")
            except AlreadyVoted:
                continue
            with lock:
                granted[voter_id] = granted.get(voter_id, 0) + 1

    with ThreadPoolExecutor(WORKERS) as pool:
        futures = [pool.submit(worker, n) for n in range(WORKERS)]
        barrier.wait()
        start = time.perf_counter()
        for future in futures:
            future.result()
        elapsed = time.perf_counter() - start
    for client in clients:
        client.close()
    if len(granted) != len(voters) or set(granted.values()) != {1}:
        raise RuntimeError("a voter was not granted exactly once")
    return {"claims_per_s": round(WORKERS * len(voters) / elapsed, 1)}


@contextmanager
def _postgres_database() -> Iterator[str]:
    with throwaway_server(durable=True) as server:
        dsn = make_url(server).set(drivername="postgresql").render_as_string(False)
        # On a busy machine the server may still be recovering when pg_ctl gives up waiting.
        deadline = time.monotonic() + 120
        while True:
            try:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f"CREATE DATABASE {BENCH_DB}")
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        yield make_url(server).set(database=BENCH_DB).render_as_string(False)


def main() -> None:
    """Run on PostgreSQL (two processes for the contention), then SQLite; write the result."""
    metrics: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with (
            _postgres_database() as url,
            running_platform(folder / "pg-one", url) as one,
            running_platform(folder / "pg-two", url) as two,
        ):
            metrics.update(sequential(one))
            metrics.update(contention([one, two]))
        with running_platform(folder / "sqlite") as pilot:
            for name, value in {**sequential(pilot), **contention([pilot])}.items():
                metrics[f"sqlite_{name}"] = value
    params = {
        "sequential_claims": SEQUENTIAL,
        "contended_voters": VOTERS,
        "workers": WORKERS,
        "sites": len(SITES),
        "postgres_platform_processes": 2,
        "postgres": "throwaway, default durability",
        "client": "sync.client.PlatformClient over HTTP on 127.0.0.1, same machine",
        "load_average_1m": os.getloadavg()[0],
    }
    write_result("voting", params, metrics)


if __name__ == "__main__":
    main()
