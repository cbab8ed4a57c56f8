"""Online voting's cryptography (linkage/evote, the browser's src/evote/ballot.mjs).

Metrics:
- ``browser_encrypt_ms``: one ballot of 2 contests × 5 candidates with every proof, encrypted by
  the page script (dist/evote.js) in headless Chromium, median (target ≤ 300 ms);
- ``cast_verify_ms_p95``: the platform's check of one cast ballot (``verify_ballot``), p95
  (target ≤ 20 ms);
- ``tally_10k_s``: ``BALLOTS`` cast ballots read from the box, summed, partially decrypted by 3 of
  5 trustees with proofs and combined into counts (target ≤ 30 s);
- ``verify_record_10k_s``: ``kazasu-verify`` over the record of that election, as a separate
  process with all cores (target ≤ 60 s on 2 cores).

Baselines in the same run: ``python_encrypt_ms`` (the same ballot encrypted in Python) and
``scalarmult_us`` (one libsodium ristretto255 multiplication through pysodium). Because the
machine may be shared, ``cast_verify_cpu_ms_p95``, ``tally_10k_cpu_s`` and
``verify_record_10k_cpu_s`` give the processor time the three took (the verifier's with its worker
processes): on an idle machine of ``cores`` cores the verifier's wall time is about its processor
time divided by the cores. The ballots are made
beforehand by every core (not timed); ``KAZASU_BENCH_EVOTE_BALLOTS`` changes their number.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.harness import median, percentile, time_ms, write_result
from linkage.evote import tally
from linkage.evote.ballot import encrypt_ballot, read_cast_ballot, tracker_of, verify_ballot
from linkage.evote.context import ElectionContext, context_from_json
from linkage.evote.group import base_mul, random_scalar
from linkage.evote.record import build_record
from tests.integration.citizen_web import chromium
from tests.linkage.evote.election import ceremony, manifest

BALLOTS = int(os.environ.get("KAZASU_BENCH_EVOTE_BALLOTS", "10000"))
BROWSER_SAMPLES = 30
CAST_SAMPLES = 300
ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "linkage/web/static/dist/evote.js"


def _choices(rng: random.Random, context: ElectionContext) -> dict[str, list[str]]:
    return {
        c.contest_id: rng.sample(c.candidates, rng.randint(0, c.limit))
        for c in context.parameters.contests
    }


_context: ElectionContext | None = None


def _init(context: dict[str, Any]) -> None:
    global _context
    _context = context_from_json(context)


def _make(seed: int) -> dict[str, Any]:
    assert _context is not None
    ballot, _ = encrypt_ballot(_context, _choices(random.Random(seed), _context))
    return ballot


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def browser_encrypt(context: ElectionContext) -> tuple[list[float], dict[str, Any]]:
    """Timings of the page script in Chromium, and one of its ballots."""
    if not BUNDLE.exists():
        raise SystemExit(f"{BUNDLE} is missing: build the front-end first (make web)")
    with chromium() as browser:
        page = browser.new_page()
        page.set_content("<!doctype html><title>evote</title>")
        page.add_script_tag(content=BUNDLE.read_text(encoding="utf-8"))
        result: dict[str, Any] = page.evaluate(
            """([context, choices, samples]) => {
                const times = [];
                let last = null;
                for (let i = 0; i < samples + 3; i += 1) {
                    const start = performance.now();
                    last = window.kazasuEvote.encryptBallot(context, choices);
                    if (i >= 3) times.push(performance.now() - start);
                }
                return {times, ballot: last.ballot};
            }""",
            [context.to_json(), {"contest-1": ["c1-2"], "contest-2": ["c2-4"]}, BROWSER_SAMPLES],
        )
    return result["times"], result["ballot"]


def main() -> None:
    """Run every measurement and write benchmarks/results/evote.json."""
    done = ceremony(5, 3, manifest(2, 5, (1, 1)))
    context = done.context
    point = base_mul(random_scalar())
    start = time.perf_counter()
    for _ in range(2000):
        point * 123456789
    scalarmult_us = (time.perf_counter() - start) / 2000 * 1e6

    times, browser_ballot = browser_encrypt(context)
    verify_ballot(context, browser_ballot)  # the browser's ballot is a valid one

    rng = random.Random(17)
    python_encrypt = time_ms(lambda: encrypt_ballot(context, _choices(rng, context)), 50)

    workers = os.cpu_count() or 1
    print(f"making {BALLOTS} ballots on {workers} processes (not timed)", flush=True)
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(context.to_json(),)) as pool:
        ballots = list(pool.map(_make, range(BALLOTS), chunksize=100))

    cast: list[float] = []
    cast_cpu: list[float] = []
    for ballot in ballots[:CAST_SAMPLES]:
        start, cpu = time.perf_counter(), time.process_time()
        verify_ballot(context, ballot)
        cast.append((time.perf_counter() - start) * 1000)
        cast_cpu.append((time.process_time() - cpu) * 1000)

    start, cpu = time.perf_counter(), time.process_time()
    encrypted = tally.aggregate(context, (read_cast_ballot(context, b) for b in ballots))
    partials = [tally.partial_decrypt(context, done.secrets[i - 1], encrypted) for i in (1, 3, 5)]
    result = tally.combine(context, encrypted, partials)
    tally_s, tally_cpu_s = time.perf_counter() - start, time.process_time() - cpu

    entries = [
        {"ballot": b, "tracker": tracker_of(context, b["code"]), "state": "counted"}
        for b in ballots
    ]
    record = build_record(context, done.records, entries, [], result)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.json"
        path.write_text(json.dumps(record), encoding="utf-8")
        start, children = time.perf_counter(), _children_cpu_s()
        verified = subprocess.run(
            [sys.executable, "-m", "linkage.evote.verify", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        verify_s, verify_cpu_s = time.perf_counter() - start, _children_cpu_s() - children
        if verified.returncode != 0:
            raise SystemExit(f"the record did not verify: {verified.stdout}{verified.stderr}")
        record_mb = path.stat().st_size / 1e6

    write_result(
        "evote",
        {
            "ballots": BALLOTS,
            "contests": 2,
            "candidates_per_contest": 5,
            "trustees": "3 of 5 (trustees 1, 3, 5 decrypt)",
            "browser_samples": BROWSER_SAMPLES,
            "cast_samples": CAST_SAMPLES,
            "verify_workers": workers,
            "record_mb": round(record_mb, 1),
        },
        {
            "browser_encrypt_ms": round(median(times), 1),
            "browser_encrypt_ms_p95": round(percentile(times, 95), 1),
            "python_encrypt_ms": round(median(python_encrypt), 1),
            "cast_verify_ms_p50": round(median(cast), 2),
            "cast_verify_ms_p95": round(percentile(cast, 95), 2),
            "cast_verify_cpu_ms_p95": round(percentile(cast_cpu, 95), 2),
            "tally_10k_s": round(tally_s, 2),
            "verify_record_10k_s": round(verify_s, 1),
            "tally_10k_cpu_s": round(tally_cpu_s, 2),
            "verify_record_10k_cpu_s": round(verify_cpu_s, 1),
            "scalarmult_us": round(scalarmult_us, 1),
        },
    )


if __name__ == "__main__":
    main()
