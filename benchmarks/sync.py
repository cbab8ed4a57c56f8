"""Benchmark ``sync``: the kiosk's sync engine against a local platform (SQLite and PostgreSQL),
beside PouchDB replicating the same documents to a PouchDB Server in the same run.

- push_10k_events_s: 10,000 check-in/out events (about 300 bytes each) pushed from the outbox.
- provision_100k_persons_s: a new kiosk's snapshot download and apply into SQLCipher, 100,000
  resident records of about 500 bytes, in about 45,000 households of one to four.
- catch_up_72h_s: a kiosk offline for 72 simulated hours with 10,000 waiting events: one round
  (push all, pull the feed).
- pouchdb_push_10k_s, pouchdb_pull_100k_s and the ratios ours ÷ theirs.
- *_cpu_s beside each wall time: processor time of this process (the kiosk's side, with
  provisioning's worker process) and of the platform's processes (the server and, on
  PostgreSQL, its server processes), read from /proc: on a shared, loaded machine wall time is
  an upper bound and processor time says what the work itself costs.
  provision_100k_persons_kiosk_cpu_s is the kiosk's share alone.
- tap_during_provisioning_ms_p95: a kiosk with its screens up and its own sync worker
  provisioning 100,000 people; the virtual card (in-process) is tapped over and over while the
  snapshot is applied. One provisioning lasts a few seconds, too few taps for a p95, so new
  kiosks (new stores enrolled with the same platform) provision in turn, each tapped
  throughout, until at least TAPS_DURING taps fell while one provisioned
  (tap_during_provisioning_taps, over tap_during_provisioning_runs provisionings, at most
  MAX_TAPPED_PROVISIONINGS; tap_provisioning_s_median is their median wall time under the
  taps). Then the last kiosk is tapped IDLE_TAPS times once it is done
  (tap_after_provisioning_ms_p95), so the two p95s compare the same screens and store with
  and without provisioning running. Every tap, during and after, is a person's first check-in
  at that kiosk: the taps after are IDLE_TAPS other people's cards. A tap counts as during
  when its kiosk had not finished provisioning as the card came, and the first card comes
  once the window's start-up is done (the sync worker started). The next card comes
  QUEUE_GAP_S after one is lifted, as in a fast queue: the counter comes first
  (kiosk/foreground.py), so tapped without a pause the provisioning would advance only one
  step (a slice or a page) a second. tap_p95_gap_ms is the p95 during less the p95 after,
  and tap_p95_gap_ms_ci95_low/high its 95 % bootstrap interval (benchmarks/harness.py,
  difference_interval): an interval holding 0 says this run's taps do not tell the two apart.
  provision_100k_persons_s stays the first provisioning, of a kiosk nobody taps.

    make bench NAME=sync
    KAZASU_BENCH_DBS=sqlite make bench NAME=sync     # one database only
    KAZASU_BENCH_PERSONS=20000 make bench NAME=sync  # a smaller roster (a trial run)
    KAZASU_BENCH_PARTS=push make bench NAME=sync     # the push alone (and PouchDB's push)
    KAZASU_BENCH_PARTS=taps make bench NAME=sync     # only the taps (the platform filled, no
                                                     # push, catch-up or PouchDB figures)
    KAZASU_BENCH_PARTS=provision make bench NAME=sync  # the untapped provisioning alone (and
                                                       # PouchDB's replication)
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import make_url

from benchmarks._pouchdb import run_pouchdb
from benchmarks.harness import (
    difference_interval,
    household_place,
    median,
    percentile,
    write_result,
)
from kiosk.app import Kiosk
from kiosk.model import Household, Person, Shelter
from kiosk.people import add_household, add_person
from kiosk.store import Store
from sync.engine import PUSH_BATCH, SNAPSHOT_PAGE, SyncEngine
from tests.integration.platform_server import PlatformServer, running_platform
from tests.linkage.postgres_server import throwaway_server

PASSPHRASE = "benchmark passphrase"
EVENTS = 10_000
PERSONS = int(os.environ.get("KAZASU_BENCH_PERSONS", "100000"))
PRESENT = 2_000
HOURS = 72
CARDS = 20
IDLE_TAPS = 100
# Taps wanted while a kiosk provisions, and the most provisionings tapped to get them. The
# p95 of 60 taps was their fourth slowest, moved by 10-30 ms by one tap (docs/decisions/
# kiosk-sync.md, "The tap during provisioning, fourth round"); of 120, their seventh slowest.
TAPS_DURING = int(os.environ.get("KAZASU_BENCH_TAPS_DURING", "120"))
MAX_TAPPED_PROVISIONINGS = 30
# "all" (every figure), "push" (the push alone: no provisioning, catch-up or taps, and
# PouchDB's push only), "provision" (the untapped provisioning alone, and PouchDB's
# replication only) or "taps" (the taps while provisioning and after it alone).
PART = os.environ.get("KAZASU_BENCH_PARTS", "all")
# From one person's card lifted to the next one's tapped: a fast queue at a shelter's entrance.
QUEUE_GAP_S = 0.5
# A member's relation by their place in the household (``household_place``).
RELATIONS = ("世帯主", "配偶者", "子", "子")


def kiosk_cpu_s() -> float:
    """Processor seconds of this process and of the children it has reaped (provisioning's
    worker process ends with the provisioning)."""
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + reaped.ru_utime + reaped.ru_stime


# The PostgreSQL server's postmaster: pg_ctl starts it detached, so it is not below this
# process, and its processor time is added from here.
SERVERS: list[int] = []


def cpu_s() -> float:
    """Processor seconds of this process, of every live process below it or below a database
    server of ``SERVERS`` (from /proc) and of the children it has reaped."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = kiosk_cpu_s()
    pending = [*_children(os.getpid()), *SERVERS]
    while pending:
        pid = pending.pop()
        try:
            # Fields after the command's closing parenthesis: utime and stime are 12th and 13th.
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
        pending.extend(_children(pid))
    return total


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def resident(i: int) -> Person:
    """A resident record of about 500 bytes as JSON, in the household ``household_place``
    gives them (one household per 2.2 residents, so the snapshot a kiosk provisions from holds
    households as a city's does)."""
    number, place = household_place(i)
    return Person(
        person_id=f"p-bench-{i:07d}",
        name=f"架空 太郎{i}",
        furigana=f"かくう たろう{i}",
        address=f"架空市本町{i % 9 + 1}丁目{i % 30 + 1}番{i % 20 + 1}号 架空ハイツ{i % 50}号室",
        phone=f"090-{i % 10000:04d}-{(i * 7) % 10000:04d}",
        allergies="卵、乳、小麦" if i % 3 == 0 else "",
        medication="降圧剤（朝食後）、胃薬" if i % 4 == 0 else "",
        household_id=f"h-bench-{number:06d}",
        relation=RELATIONS[place],
        consent_relatives=True,
    )


class Site:
    """A platform and a way to make kiosks enrolled with it."""

    def __init__(self, platform: PlatformServer, work: Path) -> None:
        self.platform = platform
        self.work = work
        platform.shelter("S1", "ベンチ避難所", PERSONS)

    def kiosk(self, name: str, wall: Any = None) -> tuple[Kiosk, SyncEngine]:
        """A new kiosk enrolled for S1."""
        extra = {"wall": wall} if wall else {}
        store = Store.create(self.work / name, PASSPHRASE, use_os_keystore=False, **extra)
        kiosk = Kiosk.over(store)
        kiosk.shelters.add("bench", Shelter("S1", "ベンチ避難所"))
        engine = SyncEngine(store)
        engine.enrol(self.platform.url, self.platform.enrolment_code("S1"), name)
        return kiosk, engine


def register(kiosk: Kiosk, first: int, count: int) -> list[str]:
    """Register residents in batches, as an import does, each household with its first
    member."""
    ids = []
    for start in range(first, first + count, 5000):
        with kiosk.store.transaction() as tx:
            for i in range(start, min(first + count, start + 5000)):
                person = resident(i)
                if person.household_id and household_place(i)[1] == 0:
                    add_household(tx, Household(person.household_id))
                add_person(tx, person, "import")
                ids.append(person.person_id)
    return ids


def toggles(kiosk: Kiosk, ids: list[str], count: int, clock: list[float] | None = None) -> None:
    """``count`` check-in/out events over ``ids`` (each one durable, as at the counter)."""
    for i in range(count):
        if clock is not None:
            clock[0] += HOURS * 3600 / count
        person_id = ids[i % len(ids)]
        where = kiosk.presence.where(person_id)
        if where is not None and where.present:
            kiosk.presence.check_out("bench", person_id, "S1")
        else:
            kiosk.presence.check_in("bench", person_id, "S1")


def measure(site: Site) -> dict[str, float]:
    """The figures against one platform (the taps alone when ``PART`` is "taps")."""
    a, sync_a = site.kiosk("a")
    if PART == "taps":
        # The platform holds the roster a new kiosk provisions; nothing else is measured.
        register(a, 0, PERSONS)
        sync_a.run_once()
        sync_a.close()
        a.close()
        return tap_figures(taps_while_provisioning(site))
    if PART == "provision":
        register(a, 0, PERSONS)
        sync_a.run_once()
        sync_a.close()
        a.close()
        return provision(site)
    ids = register(a, 0, PRESENT)
    sync_a.run_once()
    toggles(a, ids, EVENTS)
    assert sync_a.waiting() == EVENTS
    start, cpu = time.perf_counter(), cpu_s()
    assert sync_a.push() == EVENTS
    push_s = time.perf_counter() - start
    push_cpu = cpu_s() - cpu
    print(f"push of {EVENTS} events: {push_s:.2f} s", flush=True)
    sync_a.run_once()
    pushed = {"push_10k_events_s": round(push_s, 3), "push_10k_events_cpu_s": round(push_cpu, 3)}
    if PART == "push":
        sync_a.close()
        a.close()
        return pushed

    register(a, PRESENT, PERSONS - PRESENT)
    sync_a.run_once()
    provisioned = provision(site)

    clock = [time.time()]
    away, sync_away = site.kiosk("away", wall=lambda: clock[0])
    sync_away.run_once()
    toggles(away, ids, EVENTS, clock)
    assert sync_away.waiting() == EVENTS
    start = time.perf_counter()
    caught = sync_away.run_once()
    catch_up_s = time.perf_counter() - start
    assert caught.pushed == EVENTS
    for kiosk, engine in ((a, sync_a), (away, sync_away)):
        engine.close()
        kiosk.close()
    return (
        pushed
        | provisioned
        | {"catch_up_72h_s": round(catch_up_s, 3)}
        | tap_figures(taps_while_provisioning(site))
    )


def provision(site: Site) -> dict[str, float]:
    """A new kiosk, nobody tapping it, provisions what the platform holds: the wall time, the
    processor time of both sides and the kiosk's share alone."""
    fresh, sync_fresh = site.kiosk("fresh")
    start, cpu, kiosk_cpu = time.perf_counter(), cpu_s(), kiosk_cpu_s()
    report = sync_fresh.run_once()
    provision_s = time.perf_counter() - start
    provision_cpu = cpu_s() - cpu
    provision_kiosk_cpu = kiosk_cpu_s() - kiosk_cpu
    print(f"provisioning of {report.provisioned} items: {provision_s:.2f} s", flush=True)
    assert report.provisioned >= PERSONS, report
    sync_fresh.close()
    fresh.close()
    return {
        "provision_100k_persons_s": round(provision_s, 3),
        "provision_100k_persons_cpu_s": round(provision_cpu, 3),
        "provision_100k_persons_kiosk_cpu_s": round(provision_kiosk_cpu, 3),
    }


@dataclass
class Taps:
    """Tap-to-painted times (ms) while kiosks provisioned and after the last one had finished,
    and the wall time (s) of each provisioning under the taps."""

    during: list[float]
    after: list[float]
    provisionings_s: list[float]


def tap_figures(taps: Taps) -> dict[str, float]:
    """The taps as result keys. The gap is the p95 during less the p95 after, with its 95 %
    bootstrap interval: one run's p95 is its seventh slowest tap of 120, and the interval says
    how far the samples alone could move the gap."""
    low, high = difference_interval(taps.during, taps.after, tap_p95)
    return {
        "tap_during_provisioning_ms_p95": round(tap_p95(taps.during), 1),
        "tap_during_provisioning_ms_median": round(median(taps.during), 1),
        "tap_during_provisioning_taps": len(taps.during),
        "tap_during_provisioning_runs": len(taps.provisionings_s),
        "tap_provisioning_s_median": round(median(taps.provisionings_s), 2),
        "tap_after_provisioning_ms_p95": round(tap_p95(taps.after), 1),
        "tap_after_provisioning_ms_median": round(median(taps.after), 1),
        "tap_p95_gap_ms": round(tap_p95(taps.during) - tap_p95(taps.after), 1),
        "tap_p95_gap_ms_ci95_low": round(low, 1),
        "tap_p95_gap_ms_ci95_high": round(high, 1),
    }


def tap_p95(samples: list[float]) -> float:
    """The taps' 95th percentile."""
    return percentile(samples, 95)


def taps_while_provisioning(site: Site) -> Taps:
    """Tap new kiosks' screens while their sync workers provision, one kiosk after the other
    until ``TAPS_DURING`` taps fell during provisioning, then the last one once it is done."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import shiboken6

    from benchmarks.ui import link_cards, measure_taps, open_window, wait
    from kiosk.settings import Settings
    from ui.app import VIRTUAL_READER, PlatformLink, shutdown
    from ui.boot import application

    application()
    during: list[float] = []
    runs: list[float] = []
    cards: list[Any] = []
    while True:
        kiosk, engine = site.kiosk(f"busy-{len(runs)}")
        engine.close()
        # The tapped people are known locally before the snapshot brings everyone else.
        ids = register(kiosk, 0, CARDS)
        cards = link_cards(kiosk, ids, cards)
        kiosk.settings.save(
            "bench", Settings(shelter_id="S1", reader=VIRTUAL_READER, confirmation_s=30)
        )
        arrived: list[float] = []
        probe = SyncEngine(kiosk.store)
        # The window's own sync worker provisions (it starts after the first paint, as in
        # service).
        window, reader = open_window(kiosk, arrived)
        # The first card comes once the window's start-up is done (its jobs after the first
        # paint, the staff screens among them, end by starting the sync worker): a tap during
        # start-up measures the start-up, not the provisioning.
        link = window.ctx.sync
        assert isinstance(link, PlatformLink)
        wait(lambda link=link: link.worker is not None)
        start = time.perf_counter()

        def provisioning(deadline: float = start + 600, probe: SyncEngine = probe) -> bool:
            if time.perf_counter() > deadline:
                raise TimeoutError("the kiosk's sync worker did not finish provisioning")
            return not probe.provisioned()

        during += measure_taps(window, reader, cards, arrived, 10**9, QUEUE_GAP_S, provisioning)
        runs.append(time.perf_counter() - start)
        print(f"tapped provisioning {len(runs)}: {runs[-1]:.2f} s, {len(during)} taps", flush=True)
        last = len(during) >= TAPS_DURING or len(runs) >= MAX_TAPPED_PROVISIONINGS
        if last:
            # Each tap after as each tap during: a first check-in (a durable write), of people
            # the snapshot brought, not the same twenty again (whose taps only repeat an answer).
            fresh = [resident(i).person_id for i in range(CARDS, CARDS + IDLE_TAPS)]
            after_cards = link_cards(kiosk, fresh)
            after = measure_taps(window, reader, after_cards, arrived, IDLE_TAPS, QUEUE_GAP_S)
        shutdown(window)
        # Gone, not only hidden: a window left behind keeps its timers reading its store.
        window.close()
        window.deleteLater()
        wait(lambda window=window: not shiboken6.isValid(window))
        probe.close()
        kiosk.close()
        if last:
            return Taps(during, after, runs)


@contextmanager
def platform_on(db: str, work: Path) -> Iterator[PlatformServer]:
    """The platform on SQLite, or on a throwaway PostgreSQL server that commits durably.

    fsync on, as the other benchmarks' servers and the SQLite platform's ``synchronous=FULL``.
    """
    if db == "sqlite":
        with running_platform(work / "platform") as platform:
            yield platform
        return
    with throwaway_server(durable=True) as server:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        dsn = make_url(server).set(drivername="postgresql").render_as_string(False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
            backend = conn.execute("SELECT pg_backend_pid()").fetchone()
            assert backend is not None
            # A backend's parent is the postmaster; its processes are the server's work. Read
            # while the connection is open: its backend ends with it.
            stat = Path(f"/proc/{backend[0]}/stat").read_text().rsplit(")", 1)[1].split()
        SERVERS.append(int(stat[1]))
        url = make_url(server).set(database=name).render_as_string(False)
        try:
            with running_platform(work / "platform", url) as platform:
                yield platform
        finally:
            SERVERS.clear()


def main() -> None:
    """Run against each database and PouchDB; write benchmarks/results/sync.json (a part
    alone: sync_<part>.json)."""
    dbs = os.environ.get("KAZASU_BENCH_DBS", "postgresql,sqlite").split(",")
    metrics: dict[str, Any] = {}
    for db in dbs:
        work = Path(tempfile.mkdtemp(prefix="kazasu-sync-bench-"))
        try:
            with platform_on(db, work) as platform:
                figures = measure(Site(platform, work))
            metrics.update({f"{db}_{k}": v for k, v in figures.items()})
            print(f"{db}: {figures}", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if PART != "taps":
        pushed = 0 if PART == "provision" else EVENTS
        pulled = 0 if PART == "push" else PERSONS
        pouch = run_pouchdb(
            push_docs=pushed, pull_docs=pulled, push_doc_bytes=300, pull_doc_bytes=500
        )
        if PART != "provision":
            metrics["pouchdb_push_10k_s"] = round(pouch["pouchdb_push_s"], 3)
        if PART != "push":
            metrics["pouchdb_pull_100k_s"] = round(pouch["pouchdb_pull_s"], 3)
        for db in dbs:
            if PART != "provision":
                metrics[f"{db}_push_vs_pouchdb"] = round(
                    metrics[f"{db}_push_10k_events_s"] / metrics["pouchdb_push_10k_s"], 3
                )
            if PART == "push":
                continue
            metrics[f"{db}_provision_vs_pouchdb"] = round(
                metrics[f"{db}_provision_100k_persons_s"] / metrics["pouchdb_pull_100k_s"], 3
            )
    params = {
        "events": EVENTS,
        "persons": PERSONS,
        "kiosk_store": "SQLCipher 4, WAL, synchronous=FULL (NORMAL for a snapshot's slices)",
        "platform": "kazasu-platform serve (uvicorn, one process) on 127.0.0.1",
        "pouchdb": "PouchDB client (LevelDB) replicating to PouchDB Server (LevelDB), 127.0.0.1",
        "push_batch": PUSH_BATCH,
        "snapshot_page": SNAPSHOT_PAGE,
        "taps_during_wanted": TAPS_DURING,
        "queue_gap_s": QUEUE_GAP_S,
        "load_average_1m": os.getloadavg()[0],
    }
    # A part alone does not replace the whole benchmark's result.
    write_result("sync" if PART == "all" else f"sync_{PART}", params, metrics)


if __name__ == "__main__":
    main()
