"""How long the headquarters view's figures take: every shelter of a municipality with its
people, households, care needs, people outside, the day and night headcounts, and the hourly
arrivals and departures (``linkage.hq``).

Measured on SQLite for 50 shelters with 10,000 people present (each with a check-in event, one
in ten with care needs, one household in four of its shelter sleeping in a car). The baseline
in the same run reads the shelters table alone.

Metrics: ``shelters_only_ms`` (baseline), ``figures_ms`` (``hq.figures``), ``flows_ms``
(``hq.flows``, 24 hours), medians with p95 beside each.
"""

from __future__ import annotations

import json
import tempfile

from sqlalchemy import Engine, insert, select

from benchmarks.harness import warm_median_p95_ms, write_result
from linkage import hq, migrate, unit
from linkage.canonical import now_ms
from linkage.db import bulk_insert, make_engine
from linkage.tables import events, households, persons, presence, shelters

SHELTERS = 50
PEOPLE = 10_000
REPEAT = 10


def _fill(engine: Engine) -> None:
    start = now_ms() - 6 * 3_600_000
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
        homes = range(0, PEOPLE, 3)
        bulk_insert(
            conn,
            households,
            [
                {
                    "household_id": f"h-{i}",
                    "fields": json.dumps(
                        {
                            "shelter_id": f"S-{i % SHELTERS:03d}",
                            "staying": "car" if i % 4 == 0 else "shelter",
                        }
                    ),
                    "field_hlc": "{}",
                    "created_at_ms": 0,
                    "updated_at_ms": 0,
                }
                for i in homes
            ],
        )
        for at in range(0, PEOPLE, 5_000):
            chunk = range(at, min(at + 5_000, PEOPLE))
            bulk_insert(
                conn,
                persons,
                [
                    {
                        "person_id": f"p-{i}",
                        "kind": "resident",
                        "household_id": f"h-{i - i % 3}",
                        "fields": json.dumps(
                            {"name": f"住民 {i}", "care_required": True}
                            if i % 10 == 0
                            else {"name": f"住民 {i}"}
                        ),
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
                        "state": "in",
                        "hlc": f"{start + i * 1000:018d}:00000:bench",
                        "event_id": f"e-{i}",
                    }
                    for i in chunk
                ],
            )
            bulk_insert(
                conn,
                events,
                [
                    {
                        "event_id": f"e-{i}",
                        "device_id": "bench",
                        "device_seq": i + 1,
                        "hlc": f"{start + i * 1000:018d}:00000:bench",
                        "type": "shelter.checked_in",
                        "schema": 1,
                        "payload": json.dumps(
                            {"person_id": f"p-{i}", "shelter_id": f"S-{i % SHELTERS:03d}"}
                        ),
                        "prev_hash": "0" * 64,
                        "hash": "0" * 64,
                        "received_at_ms": 0,
                    }
                    for i in chunk
                ],
            )


def main() -> None:
    """Run on SQLite and write the result file."""
    metrics: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/hq.sqlite3")
        migrate.upgrade(engine)
        _fill(engine)
        metrics["shelters_only_ms"], metrics["shelters_only_p95_ms"] = warm_median_p95_ms(
            lambda: unit.read(engine, lambda c: c.execute(select(shelters)).all()), REPEAT
        )
        metrics["figures_ms"], metrics["figures_p95_ms"] = warm_median_p95_ms(
            lambda: unit.read(engine, lambda c: hq.figures(c, "M")), REPEAT
        )
        metrics["flows_ms"], metrics["flows_p95_ms"] = warm_median_p95_ms(
            lambda: unit.read(engine, lambda c: hq.flows(c, "M", now_ms())), REPEAT
        )
        engine.dispose()
    write_result("hq", {"shelters": SHELTERS, "people": PEOPLE, "repeat": REPEAT}, metrics)
