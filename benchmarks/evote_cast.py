"""Casting online at the platform (linkage/evote_service/ballot_box.py), in process.

Metrics, on a SQLite file and on a throwaway PostgreSQL:
- ``cast_ms_p50``/``cast_ms_p95``: one voter's first cast — the ballot's proofs checked, the
  chain lock, the claim, the box and the link written, one transaction — one after the other;
- ``revote_ms_p95``: a re-vote (the earlier ballot superseded);
- ``casts_per_s_8_threads``: ``VOTERS`` other voters casting from 8 threads at once (every cast
  takes the election's chain lock, so this is the lock's rate, with the proof checks outside it
  running in parallel as far as the cores allow).

The ballots (1 contest × 3 candidates, the pilot's mayoral election) are encrypted beforehand.
``KAZASU_BENCH_EVOTE_VOTERS`` changes the number of voters per part.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, make_url, select, update

from benchmarks.harness import percentile, write_result
from benchmarks.voting import _postgres_database
from linkage import kek, migrate, people, unit
from linkage.canonical import new_id, now_ms, platform_hlc
from linkage.db import make_engine
from linkage.evote.ballot import encrypt_ballot
from linkage.evote.context import ElectionContext, context_from_json
from linkage.evote_service import ballot_box, contests, keying, link_keys, settings
from linkage.tables import evote_ballots, voters
from linkage.voting import elections, roll
from linkage.voting.declarations import make_online
from tests.linkage.conftest import TEST_KEK
from tests.linkage.evote_election import ceremony
from tests.linkage.polling_place import roll_csv

VOTERS = int(os.environ.get("KAZASU_BENCH_EVOTE_VOTERS", "200"))
ELECTION = "E-BENCH"
HOUR = 3_600_000


def _setup(engine: Engine, count: int) -> tuple[ElectionContext, list[str]]:
    """An election open online with ``count`` declared voters; their person ids."""
    today = date.today()
    persons = [new_id("p") for _ in range(count)]

    def work(conn: Any) -> tuple[None, list[Any]]:
        elections.upsert_election(conn, ELECTION, "市長選挙", [today])
        contest = contests.Contest(
            "mayor",
            "市長選挙",
            None,
            1,
            tuple(contests.Candidate(c, c, None) for c in ("c1", "c2", "c3")),
        )
        contests.put_contest(conn, ELECTION, contest, 0)
        settings.put(conn, ELECTION, False, now_ms() - HOUR, now_ms() + HOUR, trustees=3, quorum=2)
        roll.import_roll(conn, ELECTION, roll_csv(count))
        for n, pid in enumerate(persons, start=1):
            people.create_person(conn, pid, "resident", {"name": f"試験 {n}"}, platform_hlc())
            conn.execute(
                update(voters)
                .where(voters.c.election_id == ELECTION, voters.c.roll_number == f"{n:06d}")
                .values(person_id=pid, link_method="admin", link_source="admin")
            )
            make_online(conn, pid, ELECTION, today, 1)
        return None, []

    unit.write(engine, work)
    parameters = unit.read(engine, lambda conn: keying.parameters_of(conn, ELECTION))
    context, records, _ = ceremony(parameters)
    unit.run(engine, lambda conn: keying.put_context(conn, ELECTION, context, records))
    return context_from_json(context), persons


def _cast(engine: Engine, person_id: str, ballot: dict[str, Any]) -> float:
    start = time.perf_counter()
    unit.write(engine, lambda conn: ballot_box.cast(conn, person_id, ELECTION, ballot))
    return (time.perf_counter() - start) * 1000


def measure(engine: Engine) -> dict[str, float]:
    """The three metrics on one database."""
    context, persons = _setup(engine, 2 * VOTERS)
    sequential, parallel = persons[:VOTERS], persons[VOTERS:]
    ballots = [encrypt_ballot(context, {"mayor": ["c2"]})[0] for _ in range(3 * VOTERS)]
    firsts = [_cast(engine, p, ballots[n]) for n, p in enumerate(sequential)]
    revotes = [_cast(engine, p, ballots[VOTERS + n]) for n, p in enumerate(sequential[:50])]
    start = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: _cast(engine, parallel[n], ballots[2 * VOTERS + n]), range(VOTERS)))
    elapsed = time.perf_counter() - start
    counted = unit.read(
        engine,
        lambda conn: len(
            conn.execute(
                select(evote_ballots.c.ballot_id).where(evote_ballots.c.status == "counted")
            ).all()
        ),
    )
    if counted != 2 * VOTERS:
        raise RuntimeError(f"{counted} counted ballots, expected {2 * VOTERS}")
    return {
        "cast_ms_p50": round(percentile(firsts, 50), 2),
        "cast_ms_p95": round(percentile(firsts, 95), 2),
        "revote_ms_p95": round(percentile(revotes, 95), 2),
        "casts_per_s_8_threads": round(VOTERS / elapsed, 1),
    }


@contextmanager
def _engine(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    kek.bind(engine, TEST_KEK)
    migrate.upgrade(engine)
    try:
        with tempfile.TemporaryDirectory() as keys:
            # The election's link key file, read on every cast as in the platform.
            link_keys.bind(engine, link_keys.LinkKeys(Path(keys)))
            yield engine
    finally:
        engine.dispose()


def main() -> None:
    """Run on SQLite, then PostgreSQL; write the result."""
    metrics: dict[str, float] = {}
    with (
        tempfile.TemporaryDirectory() as tmp,
        _engine(f"sqlite:///{Path(tmp) / 'b.sqlite3'}") as lite,
    ):
        metrics.update({f"sqlite_{k}": v for k, v in measure(lite).items()})
    with _postgres_database() as url, _engine(make_url(url).render_as_string(False)) as pg:
        metrics.update({f"postgresql_{k}": v for k, v in measure(pg).items()})
    params = {
        "voters_per_part": VOTERS,
        "ballot": "1 contest x 3 candidates, 3 trustees (quorum 2)",
        "postgres": "throwaway, default durability, same machine",
        "load_average_1m": os.getloadavg()[0],
        "sample_ballot_bytes": len(json.dumps(encrypt_ballot(*_sample())[0])),
    }
    write_result("evote_cast", params, metrics)


def _sample() -> tuple[ElectionContext, dict[str, list[str]]]:
    parameters = {
        "election_id": "E-SAMPLE",
        "trustees": 1,
        "quorum": 1,
        "manifest": {"contests": [{"contest_id": "mayor", "limit": 1, "candidates": [
            {"candidate_id": c} for c in ("c1", "c2", "c3")]}]},
    }  # fmt: skip
    return context_from_json(ceremony(parameters)[0]), {"mayor": ["c1"]}
