"""How long the public shelter document takes to read, as the map's watcher reads it.

The watcher reads it every couple of seconds while a live map or the Orion publisher listens
(one grouped count over the presence index). Measured for 200 shelters on SQLite and on
PostgreSQL with 1,000 and with 100,000 people present; the baseline in the same run reads the
shelters table alone, without counting anybody.

Metrics (``<db>_``-prefixed): ``shelters_only_ms`` (baseline), ``document_1k_ms``,
``document_100k_ms`` (median of repeated reads, p95 beside each).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Engine, insert, select, text

from benchmarks.harness import warm_median_p95_ms, write_result
from benchmarks.platform import postgres_database
from linkage import migrate, unit
from linkage.db import bulk_insert, make_engine
from linkage.public_shelters import read_view
from linkage.tables import persons, presence, shelters

SHELTERS = 200
PEOPLE = (1_000, 100_000)
REPEAT = 30
BENCH_DB = "kazasu_bench_public_map"


def _fill(engine: Engine, people: int, start: int) -> None:
    """Add people ``start``..``people`` - 1, each present (or, one in ten, checked out)."""
    rows = range(start, people)
    with engine.begin() as conn:
        for at in range(0, len(rows), 10_000):
            chunk = rows[at : at + 10_000]
            bulk_insert(
                conn,
                persons,
                [
                    {
                        "person_id": f"p-{i}",
                        "kind": "resident",
                        "fields": "{}",
                        "field_hlc": "{}",
                        "shareable": True,
                        "created_at_ms": 0,
                        "updated_at_ms": 0,
                    }
                    for i in chunk
                ],
            )
            bulk_insert(
                conn,
                presence,
                [
                    {
                        "person_id": f"p-{i}",
                        "shelter_id": f"S-{i % SHELTERS:03d}",
                        "state": "out" if i % 10 == 0 else "in",
                        "hlc": f"{i:018d}:00000:bench",
                        "event_id": f"e-{i}",
                    }
                    for i in chunk
                ],
            )
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def measure(prefix: str, make: Callable[[], AbstractContextManager[Engine]]) -> dict[str, float]:
    """The metrics on one kind of database."""
    out: dict[str, float] = {}
    with make() as engine:
        migrate.upgrade(engine)
        with engine.begin() as conn:
            conn.execute(
                insert(shelters),
                [
                    {
                        "shelter_id": f"S-{n:03d}",
                        "municipality_id": "M",
                        "name": f"避難所 {n}",
                        "capacity": 300,
                        "latitude": 35.0 + n / 1000,
                        "longitude": 139.0 + n / 1000,
                        "is_open": True,
                    }
                    for n in range(SHELTERS)
                ],
            )

        def shelters_only() -> object:
            return unit.read(engine, lambda c: c.execute(select(shelters)).all())

        out["shelters_only_ms"], out["shelters_only_p95_ms"] = warm_median_p95_ms(
            shelters_only, REPEAT
        )
        done = 0
        for people in PEOPLE:
            _fill(engine, people, done)
            done = people
            label = f"document_{people // 1000}k"
            out[f"{label}_ms"], out[f"{label}_p95_ms"] = warm_median_p95_ms(
                lambda: unit.read(engine, read_view), REPEAT
            )
    result = {f"{prefix}_{k}": v for k, v in out.items()}
    print(prefix, result, flush=True)
    return result


def main() -> None:
    """Run on SQLite, then PostgreSQL, and write the result file."""
    metrics: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:

        @contextmanager
        def sqlite() -> Iterator[Engine]:
            engine = make_engine(f"sqlite:///{tmp}/public-map.sqlite3")
            yield engine
            engine.dispose()

        metrics.update(measure("sqlite", sqlite))
    metrics.update(measure("postgres", lambda: postgres_database(BENCH_DB)))
    write_result(
        "public_map",
        {"shelters": SHELTERS, "people_present": list(PEOPLE), "repeat": REPEAT},
        metrics,
    )


if __name__ == "__main__":
    main()
