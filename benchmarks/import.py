"""Import benchmark: a city's resident list and electoral roll through the administrator's CLI.

``kazasu-platform import-residents`` of a 100,000-row list (households of one to four, a
designated shelter among 50, kana, sex, address and phone, nine in ten consenting to kiosk
sharing), then ``import-roll`` of a 100,000-entry roll, each as its own process on a freshly
migrated database, on SQLite and on PostgreSQL (a throwaway durable server, or
``KAZASU_BENCH_POSTGRES_URL``). Metrics, per database (``sqlite_``, ``postgres_``):

- ``import_100k_residents_s``: wall time of the resident import, process start to exit;
- ``import_peak_rss_mb``: that process's peak resident memory;
- ``import_100k_residents_cpu_s``: its processor time (user and system), which other work on
  a shared machine inflates far less than the wall time;
- ``import_100k_roll_s``, ``roll_import_peak_rss_mb``, ``import_100k_roll_cpu_s``: the same
  for the roll;
- ``postgres_import_100k_residents_server_cpu_s``, ``postgres_import_100k_roll_server_cpu_s``:
  the processor time of the PostgreSQL server meanwhile (its postmaster's processes, read from
  ``/proc``; recorded when the server runs on this machine), the other half of an import's work.

``KAZASU_BENCH_RESIDENTS`` sets the list's size (default 100,000).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, make_url

from benchmarks.harness import write_result
from benchmarks.platform import admin_sql, postgres_server, server_cpu
from benchmarks.roll import FAMILY, GIVEN
from linkage.db import make_engine
from linkage.tables import shelters

SHELTERS = 50
BENCH_DB = "kazasu_bench_import"
RESIDENT_HEADER = (
    "external_ref,family_name,given_name,family_name_kana,given_name_kana,sex,birth_date,"
    "address,phone,household_ref,relation,designated_shelter_id,kiosk_consent\n"
)
ROLL_HEADER = (
    "roll_number,family_name,given_name,family_name_kana,given_name_kana,birth_date,sex,address\n"
)


def write_lists(folder: Path, count: int) -> tuple[Path, Path]:
    """A resident list and an electoral roll of ``count`` rows each, as a city exports them."""
    rng = random.Random(20261205)
    residents, roll = folder / "residents.csv", folder / "roll.csv"
    with residents.open("w", encoding="utf-8") as r, roll.open("w", encoding="utf-8") as v:
        r.write(RESIDENT_HEADER)
        v.write(ROLL_HEADER)
        household, left = 0, 0
        for n in range(count):
            if left == 0:
                household, left = household + 1, rng.randint(1, 4)
            left -= 1
            family, given = rng.choice(FAMILY), rng.choice(GIVEN)
            born = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 90))
            sex = rng.choice(["male", "female"])
            address = f"架空市本町{household % 500}-{household % 37}"
            shelter = f"S-{household % SHELTERS:03}"
            consent = "yes" if rng.random() < 0.9 else "no"
            r.write(
                f"R{n:07},{family[0]},{given[0]},{family[1]},{given[1]},{sex},{born},{address},"
                f"090-{n % 10000:04}-{household % 10000:04},H{household:06},member,{shelter},"
                f"{consent}\n"
            )
            v.write(
                f"{n + 1},{family[0]},{given[0]},{family[1]},{given[1]},{born},{sex},{address}\n"
            )
    return residents, roll


def _command(data: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "linkage.cli", "--data", str(data), "--database-url", url]


def _run(data: Path, url: str, *args: str) -> None:
    subprocess.run([*_command(data, url), *args], check=True, capture_output=True)


def cli(data: Path, url: str, *args: str) -> tuple[float, float, float]:
    """Run ``kazasu-platform`` on ``url``; its wall time (s), peak resident memory (MB) and
    processor time (s)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*_command(data, url), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    out, err = proc.communicate()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{args[0]} failed: {err.decode()}")
    report = json.loads(out)
    if report.get("errors"):
        raise RuntimeError(f"{args[0]} reported errors: {report['errors'][:3]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(prefix: str, folder: Path, url: str, lists: tuple[Path, Path]) -> dict[str, float]:
    """Migrate, add the shelters and an election, then time both imports."""
    data = folder / f"data-{prefix}"
    _run(data, url, "migrate")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            insert(shelters),
            [
                {"shelter_id": f"S-{s:03}", "municipality_id": "M-001", "name": f"避難所{s}"}
                for s in range(SHELTERS)
            ],
        )
    engine.dispose()
    server = server_cpu(url) if prefix == "postgres" else None
    before = server() if server else 0.0
    residents_s, residents_mb, residents_cpu = cli(
        data, url, "import-residents", str(lists[0]), "--municipality", "M-001"
    )
    residents_server = server() - before if server else None
    _run(data, url, "election", "E-BENCH", "--name", "選挙", "--day", "2026-12-20")
    before = server() if server else 0.0
    roll_s, roll_mb, roll_cpu = cli(
        data, url, "import-roll", str(lists[1]), "--election", "E-BENCH"
    )
    roll_server = server() - before if server else None
    out = {
        f"{prefix}_import_100k_residents_s": round(residents_s, 2),
        f"{prefix}_import_peak_rss_mb": round(residents_mb),
        f"{prefix}_import_100k_residents_cpu_s": round(residents_cpu, 2),
        f"{prefix}_import_100k_roll_s": round(roll_s, 2),
        f"{prefix}_roll_import_peak_rss_mb": round(roll_mb),
        f"{prefix}_import_100k_roll_cpu_s": round(roll_cpu, 2),
    }
    if residents_server is not None and roll_server is not None:
        out[f"{prefix}_import_100k_residents_server_cpu_s"] = round(residents_server, 2)
        out[f"{prefix}_import_100k_roll_server_cpu_s"] = round(roll_server, 2)
    print(out, flush=True)
    return out


def main() -> None:
    """Write both lists, import them on SQLite and PostgreSQL, write ``results/import.json``."""
    count = int(os.environ.get("KAZASU_BENCH_RESIDENTS", "100000"))
    metrics: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lists = write_lists(folder, count)
        metrics.update(measure("sqlite", folder, f"sqlite:///{folder}/import.sqlite3", lists))
        with postgres_server() as server:
            admin_sql(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")
            admin_sql(server, f"CREATE DATABASE {BENCH_DB}")
            url = make_url(server).set(database=BENCH_DB).render_as_string(False)
            metrics.update(measure("postgres", folder, url, lists))
            admin_sql(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    params = {
        "residents": count,
        "roll_entries": count,
        "shelters": SHELTERS,
        "postgres": "given" if "KAZASU_BENCH_POSTGRES_URL" in os.environ else "throwaway, durable",
    }
    write_result("import", params, metrics)


if __name__ == "__main__":
    main()
