"""Reconnect storm: every kiosk of a region comes back at once after a network outage.

A local platform (``kazasu-platform serve --workers 2`` on a PostgreSQL database: a throwaway
durable server, or ``KAZASU_BENCH_POSTGRES_URL``) holds ``KIOSKS`` shelters with
``PEOPLE_PER_SHELTER`` residents each, and a feed of what happened while the kiosks were cut off
(every resident's record and four moves each: 500 changes a shelter). Then all kiosks reconnect
in the same second; each, over its own HTTP connection, pushes the check-ins it recorded
offline (``EVENTS_PER_KIOSK``, one batch) and pages through its shelter's changes until it is
caught up, as ``sync/`` does. The kiosks are threads in ``CLIENT_PROCESSES`` processes, so the
clients' own Python does not throttle the platform.

Metrics:
- ``reconnect_storm_all_caught_up_s``: from the start until the last kiosk is caught up;
- ``reconnect_storm_p99_ms`` / ``_p50_ms``: the platform's answer times meanwhile (every push
  and pull, as the kiosks saw them);
- ``reconnect_storm_requests``, ``_events_pushed``, ``_changes_pulled``: the work done.

``KAZASU_BENCH_KIOSKS`` changes the number of kiosks (default 200).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import Engine, insert, make_url, text

from benchmarks.harness import percentile, write_result
from benchmarks.platform import admin_sql, postgres_server
from kazasu_protocol.canonical import canonical_json
from linkage.db import make_engine
from linkage.scope import Scope
from linkage.tables import changes, devices, person_scopes, persons, sessions, shelters
from tests.integration.platform_server import serve_on_free_port

KIOSKS = int(os.environ.get("KAZASU_BENCH_KIOSKS", "200"))
PEOPLE_PER_SHELTER = 100
MOVES_PER_PERSON = 4
EVENTS_PER_KIOSK = 100
CLIENT_PROCESSES = 4
WORKERS = 2
PAGE = 500
BENCH_DB = "kazasu_bench_storm"
HLC_BASE = 1_764_162_000_000


def _shelter(k: int) -> str:
    return f"S-{k:04}"


def _token(k: int) -> str:
    return f"storm-token-{k:04}"


def _person(k: int, i: int) -> str:
    return f"p-{k:04}-{i:03}"


def _seed(engine: Engine) -> None:
    """Shelters, one enrolled kiosk each with a session, residents and the outage's feed."""
    fields = canonical_json({"name": "山田\u3000太郎", "furigana": "", "birth_date": "1980-01-01"})
    hlcs = canonical_json(dict.fromkeys(["birth_date", "furigana", "name"], "0"))
    position = 0
    with engine.begin() as conn:
        conn.execute(
            insert(shelters),
            [
                {"shelter_id": _shelter(k), "municipality_id": "M-001", "name": f"避難所{k}"}
                for k in range(KIOSKS)
            ],
        )
        for k in range(KIOSKS):
            device_id = f"kiosk-{k:04}"
            conn.execute(
                insert(devices).values(
                    device_id=device_id,
                    public_key=uuid.uuid4().hex,
                    scope=Scope(shelters=[_shelter(k)]).to_json(),
                    label="storm",
                    enrolled_at_ms=0,
                    acked_seq=0,
                    head_hash="0" * 64,
                )
            )
            token_hash = hashlib.sha256(_token(k).encode()).hexdigest()
            conn.execute(
                insert(sessions).values(
                    token_hash=token_hash, device_id=device_id, expires_at_ms=2**62
                )
            )
            people = [_person(k, i) for i in range(PEOPLE_PER_SHELTER)]
            conn.execute(
                insert(persons),
                [
                    {
                        "person_id": p,
                        "kind": "resident",
                        "fields": fields,
                        "field_hlc": hlcs,
                        "shareable": True,
                        "created_at_ms": HLC_BASE,
                        "updated_at_ms": HLC_BASE,
                    }
                    for p in people
                ],
            )
            key = f"shelter:{_shelter(k)}"
            conn.execute(
                insert(person_scopes), [{"person_id": p, "scope_key": key} for p in people]
            )
            rows: list[tuple[str, str, dict[str, object]]] = []
            for n, p in enumerate(people):
                person: dict[str, object] = {
                    "person_id": p,
                    "kind": "resident",
                    "household_id": None,
                }
                rows.append(("person", p, person | {"fields": {}, "field_hlc": {}}))
                for m in range(MOVES_PER_PERSON):
                    state = "in" if m % 2 == 0 else "out"
                    hlc = f"{HLC_BASE + n * 10 + m:018d}:00000:kiosk-x"
                    presence: dict[str, object] = {
                        "hlc": hlc,
                        "person_id": p,
                        "shelter_id": _shelter(k),
                    }
                    rows.append(("presence", p, presence | {"state": state}))
            values = []
            for entity, entity_id, payload in rows:
                position += 1
                values.append(
                    {
                        "position": position,
                        "scope_key": key,
                        "person_id": entity_id,
                        "entity": entity,
                        "entity_id": entity_id,
                        "op": "upsert",
                        "payload": canonical_json(payload),
                        "committed_at_ms": HLC_BASE,
                    }
                )
            conn.execute(insert(changes), values)
        conn.execute(text("UPDATE feed_counter SET position = :p"), {"p": position})
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def _events(k: int) -> list[dict[str, Any]]:
    """The check-ins and check-outs kiosk ``k`` recorded offline, hash-chained."""
    device_id, head, out = f"kiosk-{k:04}", "0" * 64, []
    for seq in range(1, EVENTS_PER_KIOSK + 1):
        envelope: dict[str, Any] = {
            "event_id": str(uuid.uuid4()),
            "device_id": device_id,
            "device_seq": seq,
            "hlc": f"{HLC_BASE + 10_000_000 + seq:018d}:00000:{device_id}",
            "type": "shelter.checked_in" if seq % 2 else "shelter.checked_out",
            "schema": 1,
            "payload": {
                "person_id": _person(k, seq % PEOPLE_PER_SHELTER),
                "shelter_id": _shelter(k),
            },
            "prev_hash": head,
        }
        envelope["hash"] = head = hashlib.sha256(canonical_json(envelope).encode()).hexdigest()
        out.append(envelope)
    return out


def _kiosk(base: str, k: int, start: float, out: list[tuple[float, list[float], int]]) -> None:
    """Push the offline events, then pull until caught up; (finish, answer times, pulled)."""
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {_token(k)}", "Kazasu-Protocol": "1"})
    events = _events(k)
    times: list[float] = []
    began = time.perf_counter()
    r = session.post(f"{base}/v1/sync/push", json={"events": events}, timeout=120)
    times.append((time.perf_counter() - began) * 1000)
    if r.status_code != 200 or r.json()["acked_seq"] != EVENTS_PER_KIOSK:
        raise RuntimeError(f"kiosk {k}: push answered {r.status_code} {r.text[:200]}")
    after, pulled = 0, 0
    while True:
        began = time.perf_counter()
        r = session.get(
            f"{base}/v1/sync/changes", params={"after": after, "limit": PAGE}, timeout=120
        )
        times.append((time.perf_counter() - began) * 1000)
        if r.status_code != 200:
            raise RuntimeError(f"kiosk {k}: pull answered {r.status_code} {r.text[:200]}")
        body = r.json()
        pulled += len(body["changes"])
        after = body["next_after"]
        if not body["has_more"]:
            break
    out.append((time.perf_counter() - start, times, pulled))


def _clients(base: str, kiosks: list[int], barrier: Any, queue: Any) -> None:
    """One client process: its kiosks as threads, started together at the barrier."""
    out: list[tuple[float, list[float], int]] = []
    barrier.wait()
    start = time.perf_counter()
    threads = [threading.Thread(target=_kiosk, args=(base, k, start, out)) for k in kiosks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(out)


def storm(url: str, data: Path) -> dict[str, float]:
    """Seed, serve with ``WORKERS`` processes, let every kiosk reconnect at once."""
    cli = [sys.executable, "-m", "linkage.cli", "--data", str(data), "--database-url", url]
    subprocess.run([*cli, "migrate"], check=True, capture_output=True)
    engine = make_engine(url)
    _seed(engine)
    engine.dispose()
    platform, base = serve_on_free_port(
        cli, dict(os.environ), data / "serve.log", serve=["--workers", str(WORKERS)], startup_s=120
    )
    try:
        ctx = multiprocessing.get_context("fork")
        barrier, queue = ctx.Barrier(CLIENT_PROCESSES), ctx.Queue()
        procs = [
            ctx.Process(
                target=_clients,
                args=(base, list(range(n, KIOSKS, CLIENT_PROCESSES)), barrier, queue),
            )
            for n in range(CLIENT_PROCESSES)
        ]
        for p in procs:
            p.start()
        results = [r for _ in procs for r in queue.get()]
        for p in procs:
            p.join()
    finally:
        platform.terminate()
        platform.wait(timeout=60)
    if len(results) != KIOSKS:
        raise RuntimeError(f"only {len(results)} of {KIOSKS} kiosks caught up")
    times = [t for _, ts, _ in results for t in ts]
    return {
        "reconnect_storm_all_caught_up_s": round(max(f for f, _, _ in results), 2),
        "reconnect_storm_p99_ms": round(percentile(times, 99), 1),
        "reconnect_storm_p50_ms": round(percentile(times, 50), 1),
        "reconnect_storm_requests": len(times),
        "reconnect_storm_events_pushed": KIOSKS * EVENTS_PER_KIOSK,
        "reconnect_storm_changes_pulled": sum(p for _, _, p in results),
    }


def main() -> None:
    """Run the storm on PostgreSQL and write ``results/reconnect_storm.json``."""
    with tempfile.TemporaryDirectory() as tmp, postgres_server() as server:
        admin_sql(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin_sql(server, f"CREATE DATABASE {BENCH_DB}")
        url = make_url(server).set(database=BENCH_DB).render_as_string(False)
        try:
            metrics = storm(url, Path(tmp))
        finally:
            admin_sql(server, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    params = {
        "kiosks": KIOSKS,
        "people_per_shelter": PEOPLE_PER_SHELTER,
        "feed_changes_per_shelter": PEOPLE_PER_SHELTER * (1 + MOVES_PER_PERSON),
        "events_per_kiosk": EVENTS_PER_KIOSK,
        "platform_workers": WORKERS,
        "client_processes": CLIENT_PROCESSES,
        "page": PAGE,
        "postgres": "given" if "KAZASU_BENCH_POSTGRES_URL" in os.environ else "throwaway, durable",
    }
    write_result("reconnect_storm", params, metrics)


if __name__ == "__main__":
    main()
