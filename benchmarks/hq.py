"""How long the headquarters view's figures take: every shelter of a municipality with its
people, households, care needs, people outside, the day and night headcounts, and the hourly
arrivals and departures (``linkage.hq``).

Measured on SQLite for 50 shelters with 10,000 people present (each with a check-in event, one
in ten with care needs, one household in four of its shelter sleeping in a car), and a week's
history behind them: 30,000 earlier check-ins and check-outs of people who went home, over the
seven days before today, and 5,000 people of another municipality with their households. The
baseline in the same run reads the shelters table alone.

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
from linkage.tables import events, households, person_scopes, persons, presence, shelters

SHELTERS = 50
PEOPLE = 10_000
# People who came and went home during the week before (two events each), and people of
# another municipality: neither is in this municipality's figures now.
GONE = 15_000
ELSEWHERE = 5_000
REPEAT = 10
DAY_MS = 86_400_000


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
                person_scopes,
                [
                    {"person_id": f"p-{i}", "scope_key": f"shelter:S-{i % SHELTERS:03d}"}
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


def _fill_history(engine: Engine) -> None:
    week_ago = now_ms() - 8 * DAY_MS
    with engine.begin() as conn:
        for at in range(0, GONE, 5_000):
            chunk = range(at, min(at + 5_000, GONE))
            rows = []
            for i in chunk:
                came = week_ago + i * (7 * DAY_MS // GONE)
                for n, (kind, hlc) in enumerate(
                    (("shelter.checked_in", came), ("shelter.checked_out", came + 3_600_000))
                ):
                    rows.append(
                        {
                            "event_id": f"g-{i}-{n}",
                            "device_id": "bench-history",
                            "device_seq": 2 * i + n + 1,
                            "hlc": f"{hlc:018d}:00000:bench",
                            "type": kind,
                            "schema": 1,
                            "payload": json.dumps(
                                {"person_id": f"g-{i}", "shelter_id": f"S-{i % SHELTERS:03d}"}
                            ),
                            "prev_hash": "0" * 64,
                            "hash": "0" * 64,
                            "received_at_ms": 0,
                        }
                    )
            bulk_insert(conn, events, rows)
        bulk_insert(
            conn,
            households,
            [
                {
                    "household_id": f"x-{i}",
                    "fields": json.dumps({"shelter_id": "X-001", "staying": "car"}),
                    "field_hlc": "{}",
                    "created_at_ms": 0,
                    "updated_at_ms": 0,
                }
                for i in range(ELSEWHERE)
            ],
        )
        bulk_insert(
            conn,
            persons,
            [
                {
                    "person_id": f"x-{i}",
                    "kind": "resident",
                    "household_id": f"x-{i}",
                    "fields": json.dumps({"name": f"他市 {i}"}),
                    "field_hlc": "{}",
                    "shareable": True,
                    "created_at_ms": 0,
                    "updated_at_ms": 0,
                }
                for i in range(ELSEWHERE)
            ],
        )


def main() -> None:
    """Run on SQLite and write the result file."""
    metrics: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/hq.sqlite3")
        migrate.upgrade(engine)
        _fill(engine)
        _fill_history(engine)
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
    params = {
        "shelters": SHELTERS,
        "people": PEOPLE,
        "gone_home_last_week": GONE,
        "people_elsewhere": ELSEWHERE,
        "repeat": REPEAT,
    }
    write_result("hq", params, metrics)
