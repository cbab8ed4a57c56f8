"""Benchmark ``store``: the kiosk's SQLCipher store at city scale.

1,000,000 people in about 400,000 households (and the same figures for 100,000), each with a
card key. Measures card-key lookup, furigana prefix search, a durable check-in commit with its
outbox event, and the file size. The baseline in the same run is the same code on an
unencrypted SQLite file, to show what encryption costs.

    make bench NAME=store            # both sizes
    KAZASU_BENCH_SIZES=100000 make bench NAME=store
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.harness import percentile, time_ms, write_result
from devtools import demo_people
from kiosk.app import Kiosk
from kiosk.keys import KeyManager
from kiosk.model import Shelter
from kiosk.people import write_household, write_person
from kiosk.store import Store

PASSPHRASE = "benchmark passphrase"
BATCH = 20_000
LOOKUPS = 5_000
SEARCHES = 500
CHECKINS = 1_000


def card_key(person_id: str) -> str:
    """A stand-in card key of the real shape (``jpki:`` + 64 hex digits)."""
    return "jpki:" + hashlib.sha256(person_id.encode()).hexdigest()


def fill(store: Store, persons: int) -> tuple[list[str], int]:
    """Add households until ``persons`` people exist; returns the person ids and households."""
    ids: list[str] = []
    households = 0
    generator = demo_people.households(persons, seed=7)
    while len(ids) < persons:
        with store.transaction() as tx:
            rows = []
            for household, members in generator:
                write_household(tx.conn, household)
                households += 1
                for person in members[: persons - len(ids)]:
                    write_person(tx.conn, person)
                    ids.append(person.person_id)
                    rows.append((card_key(person.person_id), person.person_id))
                if len(rows) >= BATCH or len(ids) >= persons:
                    break
            tx.conn.executemany(
                "INSERT INTO identifiers (identifier, person_id) VALUES (?, ?)", rows
            )
    return ids, households


def measure(store: Store, persons: int) -> dict[str, Any]:
    """Fill the store and time the operations; returns the figures."""
    kiosk = Kiosk.over(store)
    kiosk.shelters.add("bench", Shelter("S1", "ベンチ避難所", capacity=persons))
    ids, households = fill(store, persons)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("ANALYZE")
    rng = random.Random(11)
    keys = [card_key(rng.choice(ids)) for _ in range(LOOKUPS)]
    lookups = iter(keys)
    lookup_ms = time_ms(lambda: kiosk.people.find(next(lookups)), LOOKUPS)
    prefixes = [
        f"{rng.choice(demo_people.FAMILY)[1]}{rng.choice(demo_people.GIVEN_FEMALE)[1][:1]}"
        for _ in range(SEARCHES)
    ]
    queries = iter(prefixes)
    search_ms = time_ms(lambda: kiosk.people.search(next(queries)), SEARCHES)
    arrivals = iter(rng.sample(ids, CHECKINS))
    checkin_ms = time_ms(lambda: kiosk.presence.check_in("bench", next(arrivals), "S1"), CHECKINS)
    folder_bytes = sum(p.stat().st_size for p in store.folder.iterdir() if p.is_file())
    return {
        "persons": len(ids),
        "households": households,
        "card_lookup_p99_ms": round(percentile(lookup_ms, 99), 3),
        "name_search_p95_ms": round(percentile(search_ms, 95), 3),
        "checkin_commit_p95_ms": round(percentile(checkin_ms, 95), 3),
        "db_mb": round(folder_bytes / 2**20, 1),
    }


def plain_store(folder: Path) -> Store:
    """The same store code on an unencrypted SQLite file: the baseline."""
    folder.mkdir(parents=True)
    conn = sqlite3.connect(folder / "kiosk.db", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return Store(folder, conn, KeyManager(folder, use_os_keystore=False))


def main() -> None:
    """Run at each size, encrypted and plain, and write benchmarks/results/store.json."""
    sizes = [int(s) for s in os.environ.get("KAZASU_BENCH_SIZES", "1000000,100000").split(",")]
    metrics: dict[str, Any] = {}
    for size in sizes:
        suffix = "" if size == 1_000_000 else f"_{size // 1000}k"
        work = Path(tempfile.mkdtemp(prefix="kazasu-bench-"))
        try:
            with Store.create(work / "enc", PASSPHRASE, use_os_keystore=False) as store:
                figures = measure(store, size)
            metrics.update({f"{k}{suffix}": v for k, v in figures.items()})
            with plain_store(work / "plain") as store:
                figures = measure(store, size)
            metrics.update({f"plain_sqlite_{k}{suffix}": v for k, v in figures.items()})
        finally:
            shutil.rmtree(work)
        print(f"size {size}: done", flush=True)
    params = {
        "sizes": sizes,
        "lookups": LOOKUPS,
        "searches": SEARCHES,
        "search": "furigana prefix: family name + first kana of a given name, limit 50",
        "checkins": CHECKINS,
        "durability": "WAL, synchronous=FULL, one transaction per check-in with its outbox event",
        "baseline": "plain_sqlite_*: the same code on an unencrypted SQLite file",
    }
    write_result("store", params, metrics)


if __name__ == "__main__":
    main()
