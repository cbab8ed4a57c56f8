"""Platform benchmark: ingest, feed paging and the initial snapshot, on SQLite and PostgreSQL.

Metrics, each prefixed with the database (``sqlite_``, ``postgres_``):
- ``ingest_events_per_s``: 50 devices push 8 batches of 250 check-in/check-out events each,
  at once, to ``PROCESSES`` stateless platform processes sharing the database, each batch
  validated (envelope model, hash, chain), stored, projected into presence and appended to
  the change feed in one transaction — the work of ``POST /v1/sync/push`` after JSON parsing
  (issue #21's target: ≥ 60,000 on PostgreSQL, 2 cores);
- ``ingest_batch1000_events_per_s``: the same with batches of 1,000, what a kiosk's sync
  engine sent before the platform stated a larger limit (``sync.engine.PUSH_BATCH`` is now
  5,000); the batches of 250 stay the headline figure so that it compares with earlier rounds;
- ``ingest_platform_cpu_ms_per_batch``, ``ingest_server_cpu_ms_per_batch`` (and the same
  under ``ingest_batch1000_``): processor time per batch of the platform processes and, for a
  PostgreSQL server on this machine, of the server's processes (from ``/proc``) — on a shared
  machine these move far less than the rate;
- ``pull_changes_per_s``: one device pages through a 1,000,000-change feed of its shelter
  through the HTTP API (in-process client), 5,000 changes a page (target ≥ 200,000);
  ``pull_process_cpu_ms_per_page`` and, for a PostgreSQL server on this machine,
  ``pull_server_cpu_ms_per_page``: processor time per page of this process (the platform and
  the client's parse) and of the server;
- ``snapshot_100k_persons_s``: seconds for a new device to page through the snapshot of a
  shelter with 100,000 people through the HTTP API, 5,000 items a page (target ≤ 1 s). The
  people live in households of one to four (``HOUSEHOLD_SIZES``: one household per 2.2
  residents, as in a city), so the snapshot also holds about 45,000 households;
  ``snapshot_process_cpu_s`` and, for a PostgreSQL server on this machine,
  ``snapshot_server_cpu_s``: processor time of this process and of the server for the whole
  snapshot.

The client reads each answer with orjson: the standard library's parser took more of the
benchmark's processor time than the platform's side of the pull and the snapshot together,
and that parse is the kiosk's work on the kiosk's processor, not the platform's. For the same
reason it reads of a snapshot page only what it counts and the next token (msgspec, which
still checks the whole page is JSON): decoding every item took about 0.2 s of the snapshot's
0.47 s in this process, and a kiosk's decoding is measured by the sync benchmark.

PostgreSQL is a throwaway server from the distribution's binaries, or the server named by
``KAZASU_BENCH_POSTGRES_URL`` (a database ``kazasu_bench`` is created and dropped there).
``KAZASU_BENCH_FEED``, ``KAZASU_BENCH_PEOPLE`` and ``KAZASU_BENCH_PROCESSES`` shrink or change
the workload for a quick run. ``KAZASU_BENCH_PARTS`` (a comma-separated choice of ``ingest``,
``pull`` and ``snapshot``; all three unless set) and ``KAZASU_BENCH_DATABASES`` (of ``sqlite``
and ``postgres``; both unless set) run only some of it: without the pull the feed is not seeded.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import partial
from pathlib import Path
from typing import Any

import msgspec
import orjson
import psycopg
import uuid6
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, make_url, text

from benchmarks.harness import household_place, write_result
from kazasu_protocol.canonical import canonical_json
from linkage import ingest, migrate, people, serve_cli, unit
from linkage.api.models import PushRequest
from linkage.app import create_app
from linkage.config import Settings, normalise_url
from linkage.db import make_engine
from linkage.devices import Device
from linkage.scope import Scope
from linkage.tables import (
    devices,
    household_members,
    households,
    person_scopes,
    persons,
    sessions,
    shelters,
)
from tests.linkage.postgres_server import throwaway_server

DEVICES = 50
PEOPLE_PER_DEVICE = 100
BATCHES_PER_DEVICE = 8
BATCH = 250
# What a kiosk sent at once before the platform stated a larger limit (and still sends to a
# platform that states none), also measured.
KIOSK_BATCH = 1000
# Stateless platform processes sharing the database, as behind a load balancer.
PROCESSES = int(os.environ.get("KAZASU_BENCH_PROCESSES", "2"))
FEED_CHANGES = int(os.environ.get("KAZASU_BENCH_FEED", "1000000"))
SNAPSHOT_PEOPLE = int(os.environ.get("KAZASU_BENCH_PEOPLE", "100000"))
PAGE = 5000
PARTS = frozenset(os.environ.get("KAZASU_BENCH_PARTS", "ingest,pull,snapshot").split(","))
DATABASES = frozenset(os.environ.get("KAZASU_BENCH_DATABASES", "sqlite,postgres").split(","))
# A member's relation by their place in the household.
RELATIONS = ("head", "spouse", "child", "child")
TOKEN = "bench-device-token"
BENCH_DB = "kazasu_bench"


def _hash(envelope: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(envelope).encode()).hexdigest()


def _device_events(device_id: str, people: list[str], size: int) -> list[list[dict[str, Any]]]:
    """The device's batches of ``size``: check-ins and check-outs of its people, hash-chained."""
    head = "0" * 64
    batches = []
    seq = 0
    for b in range(BATCHES_PER_DEVICE):
        batch = []
        for i in range(size):
            seq += 1
            pid = people[(b * size + i) % len(people)]
            kind = "shelter.checked_in" if (b + i) % 2 == 0 else "shelter.checked_out"
            envelope: dict[str, Any] = {
                # As a kiosk's outbox names its events: time-ordered ids (``kiosk.outbox``).
                "event_id": str(uuid6.uuid7()),
                "device_id": device_id,
                "device_seq": seq,
                "hlc": f"{1_764_162_000_000 + seq:018d}:00000:{device_id}",
                "type": kind,
                "schema": 1,
                "payload": {"person_id": pid, "shelter_id": "S-001"},
                "prev_hash": head,
            }
            envelope["hash"] = head = _hash(envelope)
            batch.append(envelope)
        batches.append(batch)
    return batches


def _household_of(ids: list[str]) -> dict[str, tuple[str, str]]:
    """Each person's household id and relation, ``ids`` living in turn in households of
    ``HOUSEHOLD_SIZES``; a household is named after its first member, so people seeded in
    several calls (the ingest's devices) never share one."""
    out: dict[str, tuple[str, str]] = {}
    home = ""
    for i, pid in enumerate(ids):
        place = household_place(i)[1]
        if place == 0:
            home = f"h-{pid}"
        out[pid] = (home, RELATIONS[place])
    return out


def _seed_people(engine: Engine, ids: list[str], shareable: bool) -> None:
    """``ids`` as residents of shelter S-001 in households, the rows a resident import writes
    (households with empty fields, as ``people.ensure_households`` makes them)."""
    now = 1_764_162_000_000
    fields = canonical_json(
        {"name": "山田\u3000太郎", "furigana": "やまだ\u3000たろう", "birth_date": "1980-01-01"}
    )
    stamps = dict.fromkeys(["name", "furigana", "birth_date"], "0")
    hlcs = canonical_json(stamps)
    compact = people.stamp_columns(dict.fromkeys(stamps, ""), stamps)
    household = _household_of(ids)
    # Each household's members who share, as a writer keeps them (``household_lists``).
    members: dict[str, list[dict[str, str]]] = {}
    for pid in ids if shareable else ():
        hid, relation = household[pid]
        members.setdefault(hid, []).append({"person_id": pid, "relation": relation})
    with engine.begin() as conn:
        conn.execute(
            insert(households),
            [
                {
                    "household_id": hid,
                    "fields": "{}",
                    "field_hlc": "{}",
                    **people.stamp_columns({}, {}),
                    "members_json": canonical_json(
                        sorted(members.get(hid, []), key=lambda m: m["person_id"])
                    ),
                    "created_at_ms": now,
                    "updated_at_ms": now,
                }
                for hid in sorted({hid for hid, _ in household.values()})
            ],
        )
    for start in range(0, len(ids), 10_000):
        chunk = ids[start : start + 10_000]
        with engine.begin() as conn:
            conn.execute(
                insert(persons),
                [
                    {
                        "person_id": pid,
                        "kind": "resident",
                        "household_id": household[pid][0],
                        "fields": fields,
                        "field_hlc": hlcs,
                        **compact,
                        "shareable": shareable,
                        "created_at_ms": now,
                        "updated_at_ms": now,
                    }
                    for pid in chunk
                ],
            )
            conn.execute(
                insert(person_scopes),
                [{"person_id": p, "scope_key": "shelter:S-001"} for p in chunk],
            )
            conn.execute(
                insert(household_members),
                [
                    {"household_id": household[p][0], "person_id": p, "relation": household[p][1]}
                    for p in chunk
                ],
            )


def _seed_device(engine: Engine, device_id: str) -> Device:
    scope = Scope(shelters=["S-001"])
    with engine.begin() as conn:
        conn.execute(
            insert(devices).values(
                device_id=device_id,
                public_key=uuid.uuid4().hex,
                scope=scope.to_json(),
                label="bench",
                enrolled_at_ms=0,
                acked_seq=0,
                head_hash="0" * 64,
            )
        )
    return Device(device_id, scope)


def _fresh(engine: Engine) -> None:
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(insert(shelters).values(shelter_id="S-001", municipality_id="M", name="S"))


def _push_all(
    url: str, work: list[tuple[Device, list[list[dict[str, Any]]]]], barrier: Any, out: Any
) -> None:
    """One platform process: its devices push their batches from one thread each; puts the
    events acknowledged and the process's processor seconds."""
    # The devices' prepared batches stand for data that lives in the kiosks, not in a platform
    # process: frozen, the garbage collector does not walk them again on every collection. The
    # collector's thresholds are ``serve``'s.
    serve_cli.settle_collector()
    engine = make_engine(url)  # the pool a platform process has (``serve``)
    acked: dict[str, int] = {}

    def run(device: Device, batches: list[list[dict[str, Any]]]) -> None:
        for raw in batches:
            # The whole batch at once, as ``POST /v1/sync/push`` validates its body.
            events = PushRequest.model_validate({"events": raw}).events
            batch = ingest.prepare(device, events)
            result = unit.write(engine, partial(ingest.push, batch=batch))
            acked[device.device_id] = result.acked_seq

    threads = [threading.Thread(target=run, args=w) for w in work]
    barrier.wait()
    start = time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cpu = time.process_time() - start
    engine.dispose()
    out.put((sum(acked.values()), cpu))


def ingest_events_per_s(engine: Engine, size: int = BATCH) -> dict[str, float]:
    """50 devices push their batches of ``size`` concurrently to PROCESSES platform processes.

    Returns ``events_per_s``, the platform processes' processor time per batch
    (``platform_cpu_ms_per_batch``) and, for a PostgreSQL server on this machine, the server's
    (``server_cpu_ms_per_batch``): on a shared machine they move far less than the rate.
    """
    _fresh(engine)
    work = []
    for d in range(DEVICES):
        device = _seed_device(engine, f"kiosk-bench-{d:02}")
        people = [f"p-{d:02}-{i:04}" for i in range(PEOPLE_PER_DEVICE)]
        _seed_people(engine, people, True)
        work.append((device, _device_events(device.device_id, people, size)))
    url = engine.url.render_as_string(False)
    server = server_cpu(url) if engine.dialect.name == "postgresql" else None
    engine.dispose()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(PROCESSES + 1)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_push_all, args=(url, work[n::PROCESSES], barrier, out))
        for n in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    barrier.wait()
    server_start = server() if server else 0.0
    start = time.perf_counter()
    done = [out.get() for _ in procs]
    elapsed = time.perf_counter() - start
    server_end = server() if server else 0.0
    for p in procs:
        p.join()
    acked = sum(n for n, _ in done)
    total = DEVICES * BATCHES_PER_DEVICE * size
    if acked != total:
        raise RuntimeError(f"only {acked} of {total} events acknowledged")
    batches = DEVICES * BATCHES_PER_DEVICE
    metrics = {
        "events_per_s": total / elapsed,
        "platform_cpu_ms_per_batch": sum(cpu for _, cpu in done) / batches * 1000,
    }
    if server:
        metrics["server_cpu_ms_per_batch"] = (server_end - server_start) / batches * 1000
    return metrics


def _seed_feed(engine: Engine, people: list[str]) -> None:
    """A million presence changes of one shelter, written straight into the feed."""
    payload = (
        '{"hlc":"000001764162000000:00000:kiosk-bench","person_id":"%s",'
        '"shelter_id":"S-001","state":"in"}'
    )
    step = 50_000
    for start in range(1, FEED_CHANGES + 1, step):
        rows = [
            {
                "position": pos,
                "scope_key": "shelter:S-001",
                "person_id": people[pos % len(people)],
                "entity": "presence",
                "entity_id": people[pos % len(people)],
                "op": "upsert",
                "payload": payload % people[pos % len(people)],
                "committed_at_ms": 0,
            }
            for pos in range(start, min(start + step, FEED_CHANGES + 1))
        ]
        with engine.begin() as conn:
            conn.execute(text(_insert_changes_sql()), rows)
    with engine.begin() as conn:
        conn.execute(text("UPDATE feed_counter SET position = :p"), {"p": FEED_CHANGES})
    _analyze(engine)


def _analyze(engine: Engine) -> None:
    # What autovacuum does after a bulk load; without statistics the planner sorts the feed.
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def _insert_changes_sql() -> str:
    return (
        "INSERT INTO changes (position, scope_key, person_id, entity, entity_id, op, payload,"
        " committed_at_ms) VALUES (:position, :scope_key, :person_id, :entity, :entity_id, :op,"
        " :payload, :committed_at_ms)"
    )


def _client(engine: Engine) -> TestClient:
    device = _seed_device(engine, "kiosk-reader")
    with engine.begin() as conn:
        conn.execute(
            insert(sessions).values(
                token_hash=hashlib.sha256(TOKEN.encode()).hexdigest(),
                device_id=device.device_id,
                expires_at_ms=2**62,
            )
        )
    settings = Settings(database_url=str(engine.url), admin_token="bench-admin")
    return TestClient(create_app(settings, engine))


HEADERS = {"Authorization": f"Bearer {TOKEN}", "Kazasu-Protocol": "1"}


def feed_and_snapshot(engine: Engine) -> dict[str, float]:
    """Seed 100,000 people and a 1,000,000-change feed; time paging through both (those of
    the two ``PARTS`` chosen; the feed is seeded for the pull only)."""
    _fresh(engine)
    people = [f"p-{i:06}" for i in range(SNAPSHOT_PEOPLE)]
    _seed_people(engine, people, True)
    if "pull" in PARTS:
        _seed_feed(engine, people)
    else:
        _analyze(engine)
    figures: dict[str, float] = {}
    with _client(engine) as client:
        # The client parses in this process, which also holds the whole application: frozen,
        # the collector's passes during the parse (the kiosk's work, in its own process in
        # a deployment) do not walk the application's objects again on every page.
        gc.freeze()
        server = (
            server_cpu(engine.url.render_as_string(False))
            if engine.url.get_backend_name() == "postgresql"
            else None
        )
        if "pull" in PARTS:
            figures.update(_pull(client, server))
        if "snapshot" in PARTS:
            figures.update(_snapshot(client, server, people))
    return figures


def _pull(client: TestClient, server: Callable[[], float] | None) -> dict[str, float]:
    """Page through the whole feed: the rate and the processor time per page."""
    served = server() if server else 0.0
    start, process = time.perf_counter(), time.process_time()
    after, seen, pages = 0, 0, 0
    while True:
        r = client.get("/v1/sync/changes", params={"after": after, "limit": PAGE}, headers=HEADERS)
        body = orjson.loads(r.content)
        seen += len(body["changes"])
        after, pages = body["next_after"], pages + 1
        if not body["has_more"]:
            break
    pull_s = time.perf_counter() - start
    figures = {
        "pull_changes_per_s": FEED_CHANGES / pull_s,
        "pull_process_cpu_ms_per_page": (time.process_time() - process) / pages * 1000,
    }
    if server:
        figures["pull_server_cpu_ms_per_page"] = (server() - served) / pages * 1000
    if seen != FEED_CHANGES:
        raise RuntimeError(f"pulled {seen} of {FEED_CHANGES} changes")
    return figures


class _Entity(msgspec.Struct):
    entity: str


class _Page(msgspec.Struct):
    items: list[_Entity]
    next_page_token: str | None


# What the client reads of a snapshot page (the module's docstring says why no more).
_read_page = msgspec.json.Decoder(_Page).decode


def _snapshot(
    client: TestClient, server: Callable[[], float] | None, people: list[str]
) -> dict[str, float]:
    """Page through the whole snapshot: its wall and processor time; checks its counts."""
    served = server() if server else 0.0
    start, process = time.perf_counter(), time.process_time()
    token: str | None = None
    items = {"person": 0, "household": 0}
    while True:
        params: dict[str, Any] = {"limit": PAGE}
        if token:
            params["page_token"] = token
        r = client.get("/v1/sync/snapshot", params=params, headers=HEADERS)
        page = _read_page(r.content)
        for item in page.items:
            if item.entity in items:
                items[item.entity] += 1
        token = page.next_page_token
        if token is None:
            break
    wall = time.perf_counter() - start
    figures = {"snapshot_process_cpu_s": time.process_time() - process}
    if server:
        figures["snapshot_server_cpu_s"] = server() - served
    figures["snapshot_100k_persons_s"] = wall
    if items["person"] != len(people):
        raise RuntimeError(f"snapshot had {items['person']} of {len(people)} people")
    homes = len({hid for hid, _ in _household_of(people).values()})
    if items["household"] != homes:
        raise RuntimeError(f"snapshot had {items['household']} of {homes} households")
    return figures


def measure(prefix: str, make: Any) -> dict[str, float]:
    """All metrics on one kind of database; ``make()`` yields a fresh empty engine."""
    out: dict[str, float] = {}
    for size in (BATCH, KIOSK_BATCH) if "ingest" in PARTS else ():
        with make() as engine:
            figures = ingest_events_per_s(engine, size)
        name = "ingest" if size == BATCH else f"ingest_batch{size}"
        out[f"{prefix}_{name}_events_per_s"] = round(figures.pop("events_per_s"))
        for key, value in figures.items():
            out[f"{prefix}_{name}_{key}"] = round(value, 2)
    if PARTS & {"pull", "snapshot"}:
        with make() as engine:
            for name, value in feed_and_snapshot(engine).items():
                out[f"{prefix}_{name}"] = round(value, 2)
    print(prefix, out, flush=True)
    return out


@contextmanager
def postgres_server() -> Iterator[str]:
    """The server named by KAZASU_BENCH_POSTGRES_URL, else a throwaway durable one."""
    given = os.environ.get("KAZASU_BENCH_POSTGRES_URL")
    if given:
        yield normalise_url(given)
    else:
        with throwaway_server(durable=True) as url:
            yield url


def server_cpu(url: str) -> Callable[[], float] | None:
    """A reader of the PostgreSQL server's processor seconds so far (the postmaster, its live
    processes and those it has reaped), or None when its processes are not on this machine."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(False)
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            row = conn.execute("SHOW data_directory").fetchone()
        pid = int((Path(row[0]) / "postmaster.pid").read_text().split()[0]) if row else 0
    except (OSError, ValueError, psycopg.Error):
        return None
    ticks = os.sysconf("SC_CLK_TCK")

    def times(process: int, reaped: bool) -> int:
        # After the command's closing parenthesis: utime, stime, cutime, cstime are 12th–15th.
        fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11 : 15 if reaped else 13])

    def read() -> float:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = times(pid, True)
        for child in children:
            try:
                total += times(int(child), False)
            except OSError:
                continue  # ended meanwhile: counted with the postmaster's reaped children
        return total / ticks

    try:
        read()
    except OSError:
        return None
    return read


def admin_sql(url: str, sql: str) -> None:
    """Run ``sql`` outside a transaction on the server's maintenance database."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def postgres_database(name: str) -> Iterator[Engine]:
    """An engine on a fresh database ``name`` of ``postgres_server()``, dropped afterwards."""
    with postgres_server() as server:
        admin_sql(server, f"DROP DATABASE IF EXISTS {name}")
        admin_sql(server, f"CREATE DATABASE {name}")
        engine = make_engine(make_url(server).set(database=name).render_as_string(False))
        try:
            yield engine
        finally:
            engine.dispose()
            admin_sql(server, f"DROP DATABASE IF EXISTS {name}")


def main() -> None:
    """Run the benchmark on SQLite, then PostgreSQL, and write the result file."""
    metrics: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10))

        @contextmanager
        def sqlite() -> Iterator[Engine]:
            engine = make_engine(
                f"sqlite:///{tmp}/bench-{next(counter)}.sqlite3", pool_size=DEVICES
            )
            yield engine
            engine.dispose()

        if "sqlite" in DATABASES:
            metrics.update(measure("sqlite", sqlite))
    with postgres_server() if "postgres" in DATABASES else nullcontext("") as server:

        @contextmanager
        def postgres() -> Iterator[Engine]:
            admin_sql(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")
            admin_sql(server, f"CREATE DATABASE {BENCH_DB}")
            url = make_url(server).set(database=BENCH_DB).render_as_string(False)
            engine = make_engine(url, pool_size=DEVICES)
            yield engine
            engine.dispose()
            admin_sql(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")

        if server:
            metrics.update(measure("postgres", postgres))
    params = {
        "devices": DEVICES,
        "batches_per_device": BATCHES_PER_DEVICE,
        "events_per_batch": [BATCH, KIOSK_BATCH],
        "platform_processes": PROCESSES,
        "feed_changes": FEED_CHANGES,
        "page": PAGE,
        "snapshot_people": SNAPSHOT_PEOPLE,
        "parts": sorted(PARTS),
        "databases": sorted(DATABASES),
        "postgres": "throwaway, default durability"
        if "KAZASU_BENCH_POSTGRES_URL" not in os.environ
        else "given",
    }
    write_result("platform", params, metrics)


if __name__ == "__main__":
    main()
