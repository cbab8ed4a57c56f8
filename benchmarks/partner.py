"""Partner benchmark: one partner request covering 1,000 consenting residents out of 100,000.

Metrics, each prefixed with the database (``sqlite_``, ``postgres_``):

- ``partner_request_ms_p95`` (and ``_median``): ``GET /v1/partner/purposes/delivery/people``
  through the HTTP API (in-process client) with a partner's access token: the consent records
  read at the request, the people and their households read, the pseudonyms made and kept, and
  one disclosure row per person and the request's log row written before the answer (target
  ≤ 100 ms on PostgreSQL).

The platform holds ``KAZASU_BENCH_PEOPLE`` residents (100,000) of whom ``KAZASU_BENCH_CONSENTS``
(1,000) gave the partner's opt-in consent; another 500 gave it and withdrew, and 5,000 gave
another partner's. PostgreSQL is a throwaway durable server from the distribution's binaries,
or the server named by ``KAZASU_BENCH_POSTGRES_URL`` (a database ``kazasu_bench_partner`` is
created and dropped there).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from benchmarks.harness import median, percentile, time_ms, write_result
from benchmarks.platform import postgres_database
from linkage import kek, migrate, unit
from linkage.app import create_app
from linkage.canonical import now_ms
from linkage.config import Settings
from linkage.db import make_engine
from linkage.partners import consents, credentials, registry
from linkage.tables import consent_records, household_members, households, municipalities, persons

PEOPLE = int(os.environ.get("KAZASU_BENCH_PEOPLE", "100000"))
CONSENTING = int(os.environ.get("KAZASU_BENCH_CONSENTS", "1000"))
WITHDRAWN = 500
OTHERS = 5000
REPEAT = 40
CHUNK = 5000
TOKEN = "bench-partner-token"
BENCH_DB = "kazasu_bench_partner"
KEK = kek.KeyKek(bytes(range(32)), "the benchmark's key-encryption key")


def _insert_chunks(engine: Engine, table: Any, rows: Iterator[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            unit.run(engine, lambda c, b=batch: c.execute(insert(table), b))  # type: ignore[misc]
            batch = []
    if batch:
        unit.run(engine, lambda c: c.execute(insert(table), batch))


def seed(engine: Engine) -> None:
    """The residents, their households, the partners and the consent records."""
    now = now_ms()

    def setup(conn: Any) -> None:
        conn.execute(
            insert(municipalities).values(municipality_id="M-1", name="市", created_at_ms=now)
        )
        for partner_id in ("deli", "other"):
            registry.upsert_partner(conn, partner_id, "M-1", partner_id, "company")
            registry.set_purpose(conn, partner_id, "delivery", "配達", ["name", "address", "phone"])
            consents.create(
                conn,
                f"{partner_id}-delivery",
                partner_id,
                "delivery",
                consents.Wording("配達", "届けるため", ["name", "address", "phone"], "30日"),
            )
        client = credentials.create_client(conn, "deli", "private_key_jwt", _jwks(), None)
        credentials.store_token(conn, TOKEN, client["client_id"], "deli")

    unit.run(engine, setup)
    _insert_chunks(
        engine,
        persons,
        (
            {
                "person_id": f"p-{i:06d}",
                "kind": "resident",
                "municipality_id": "M-1",
                "external_ref": None,
                "household_id": f"h-{i:06d}",
                "fields": json.dumps({"name": f"住民 {i}", "birth_date": "1960-01-01"}),
                "field_hlc": "{}",
                "merged_into": None,
                "shareable": True,
                "created_at_ms": now,
                "updated_at_ms": now,
            }
            for i in range(PEOPLE)
        ),
    )
    _insert_chunks(
        engine,
        households,
        (
            {
                "household_id": f"h-{i:06d}",
                "fields": json.dumps({"address": f"1-{i}", "phone": "090-0000-0000"}),
                "field_hlc": "{}",
                "created_at_ms": now,
                "updated_at_ms": now,
            }
            for i in range(PEOPLE)
        ),
    )
    _insert_chunks(
        engine,
        household_members,
        (
            {"household_id": f"h-{i:06d}", "person_id": f"p-{i:06d}", "relation": "head"}
            for i in range(PEOPLE)
        ),
    )
    step = PEOPLE // (CONSENTING + WITHDRAWN)

    def records() -> Iterator[dict[str, Any]]:
        for n in range(CONSENTING + WITHDRAWN):
            pid = f"p-{n * step:06d}"
            yield _record(pid, "deli-delivery", "given", now, n)
            if n >= CONSENTING:
                yield _record(pid, "deli-delivery", "withdrawn", now + 1, n)
        for n in range(OTHERS):
            yield _record(f"p-{(n * 7 + 3) % PEOPLE:06d}", "other-delivery", "given", now, n)

    _insert_chunks(engine, consent_records, records())


def _record(pid: str, definition_id: str, state: str, at: int, n: int) -> dict[str, Any]:
    return {
        "record_id": f"cr-{definition_id}-{state}-{n}",
        "person_id": pid,
        "definition_id": definition_id,
        "state": state,
        "method": "bench",
        "collector": "bench",
        "recorded_at_ms": at,
        "supersedes": None,
        "definition_version": 1,
    }


def _jwks() -> dict[str, Any]:
    from joserfc.jwk import ECKey, KeySet

    return dict(KeySet([ECKey.generate_key("P-256", auto_kid=True)]).as_dict(private=False))


def measure(prefix: str, make: AbstractContextManager[Engine]) -> dict[str, float]:
    """The request's timings on one kind of database."""
    with make as engine:
        kek.bind(engine, KEK)
        migrate.upgrade(engine)
        seed(engine)
        settings = Settings(
            database_url=engine.url.render_as_string(False), admin_token="-", kek=KEK
        )
        with TestClient(create_app(settings, engine)) as client:
            headers = {"Authorization": f"Bearer {TOKEN}"}

            def request() -> None:
                answer = client.get("/v1/partner/purposes/delivery/people", headers=headers)
                assert answer.status_code == 200, answer.text
                assert len(answer.json()["people"]) == CONSENTING

            time_ms(request, 3)  # warm the pools and caches
            samples = time_ms(request, REPEAT)
    out = {
        f"{prefix}_partner_request_ms_p95": round(percentile(samples, 95), 1),
        f"{prefix}_partner_request_ms_median": round(median(samples), 1),
    }
    print(prefix, out, flush=True)
    return out


@contextmanager
def _sqlite(folder: str) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{folder}/bench-partner.sqlite3")
    yield engine
    engine.dispose()


def main() -> None:
    """Run on SQLite, then PostgreSQL, and write the result file."""
    metrics: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        metrics.update(measure("sqlite", _sqlite(tmp)))
    metrics.update(measure("postgres", postgres_database(BENCH_DB)))
    params = {
        "people": PEOPLE,
        "consenting": CONSENTING,
        "withdrawn": WITHDRAWN,
        "other_partner_consents": OTHERS,
        "requests": REPEAT,
        "postgres": "given" if "KAZASU_BENCH_POSTGRES_URL" in os.environ else "throwaway, durable",
    }
    write_result("partner", params, metrics)


if __name__ == "__main__":
    main()
