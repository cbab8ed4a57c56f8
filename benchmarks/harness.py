"""Shared plumbing for benchmarks: machine description, timing helpers, result files."""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
# Household sizes in turn: ten households of 22 people, one household per 2.2 residents, as in
# a city.
HOUSEHOLD_SIZES = (1, 2, 3, 2, 1, 4, 2, 3, 1, 3)


def machine() -> dict[str, Any]:
    """Describe the machine a result was measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        # Other work on the machine skews timings: its load (1, 5, 15 min) when results are written.
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def household_place(i: int) -> tuple[int, int]:
    """The number of the ``i``-th resident's household and their place in it (0 for the first
    member), residents living in turn in households of ``HOUSEHOLD_SIZES``."""
    cycle, place = divmod(i, sum(HOUSEHOLD_SIZES))
    for turn, size in enumerate(HOUSEHOLD_SIZES):
        if place < size:
            return cycle * len(HOUSEHOLD_SIZES) + turn, place
        place -= size
    raise AssertionError("unreachable: the sizes add up to the cycle")


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile of ``samples`` (``pct`` in 0..100)."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(samples: list[float]) -> float:
    """Median of ``samples``."""
    return statistics.median(samples)


def difference_interval(
    first: list[float],
    second: list[float],
    statistic: Callable[[list[float]], float],
    resamples: int = 2000,
) -> tuple[float, float]:
    """The 95 % bootstrap interval of ``statistic(first) - statistic(second)``: each sample
    drawn again with replacement ``resamples`` times. An interval holding 0 says the samples
    do not tell the two apart. Seeded, so that a run's interval is the same when computed
    again from its samples."""
    draw = random.Random(0)
    estimates = [
        statistic(draw.choices(first, k=len(first)))
        - statistic(draw.choices(second, k=len(second)))
        for _ in range(resamples)
    ]
    return percentile(estimates, 2.5), percentile(estimates, 97.5)


def time_ms(fn: Callable[[], object], repeat: int) -> list[float]:
    """Call ``fn`` ``repeat`` times and return each call's wall time in milliseconds."""
    out: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def median_p95(samples: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile of ``samples``, to three decimals."""
    return round(median(samples), 3), round(percentile(samples, 95), 3)


def warm_median_p95_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Call ``fn`` once to warm up, then ``repeat`` times: ``median_p95`` of those wall times
    in milliseconds."""
    fn()
    return median_p95(time_ms(fn, repeat))


def write_result(name: str, params: dict[str, Any], metrics: dict[str, Any]) -> Path:
    """Write one benchmark's result file and return its path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    body = {"name": name, "machine": machine(), "params": params, "metrics": metrics}
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(body, indent=2, ensure_ascii=False))
    return path
