"""Benchmark ``dist``: the frozen kiosk (PyInstaller onedir) beside the same kiosk from source.

Builds the bundle first (``make dist-bundle``, timed as ``build_s``), then in the same run:

- ``bundle_mb``: the size of dist/kazasu, both programs and everything they load. Beside it,
  ``source_mb``: what the same program needs from source, the installed files of the Python
  distributions it imports (found in the kiosk's packages, demo modules aside) with everything
  they require, as pip laid them out in site-packages, plus the kiosk's packages and resources.
  Neither counts the Python interpreter's standard library, which the bundle carries in part.
- ``frozen_cold_start_s``: from starting ``kazasu-console --data DIR --self-test`` to its exit,
  every check done (Qt, store, card, camera, resources: five child processes of its own);
  median of the runs. Beside it, ``source_cold_start_s``: ``python -m ui.launch --data DIR
  --self-test`` over the same data folder, the runs interleaved so both see the same machine.
  pcscd with the virtual reader is running for both (started if needed), so the card check
  ends the same way.

    make bench NAME=dist
    KAZASU_BENCH_RUNS=3 make bench NAME=dist
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from importlib.metadata import distribution, packages_distributions
from pathlib import Path
from types import ModuleType

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from benchmarks.harness import median, write_result

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "kazasu"
RUNS = int(os.environ.get("KAZASU_BENCH_RUNS", "5"))
KIOSK_SOURCES = ("kiosk", "cardio", "sync", "ui", "resources")


def _check_frozen() -> ModuleType:
    # The build check's helpers (environment, pcscd): one definition for `make dist` and this.
    spec = importlib.util.spec_from_file_location(
        "check_frozen", ROOT / "build" / "check_frozen.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tree_bytes(folder: Path, suffixes: tuple[str, ...] | None = None) -> int:
    """Bytes of the files under ``folder`` (symbolic links not followed), optionally by suffix."""
    total = 0
    for path in folder.rglob("*"):
        counted = suffixes is None or path.suffix in suffixes
        if counted and path.is_file() and not path.is_symlink() and "__pycache__" not in path.parts:
            total += path.stat().st_size
    return total


def kiosk_imports() -> set[str]:
    """Top-level modules imported by the kiosk program's packages."""
    names: set[str] = set()
    for package in KIOSK_SOURCES[:-1]:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module.split(".")[0])
    return names


def kiosk_distributions() -> list[str]:
    """The installed distributions the kiosk program imports, and everything they require."""
    providers = packages_distributions()
    queue = [
        Requirement(dist)
        for module in kiosk_imports()
        for dist in providers.get(module, [])
        if canonicalize_name(dist) != "kazasu"
    ]
    wanted: list[str] = []
    while queue:
        req = queue.pop()
        name = canonicalize_name(req.name)
        if name in wanted:
            continue
        wanted.append(name)
        for text in distribution(name).requires or []:
            child = Requirement(text)
            if child.marker is None or child.marker.evaluate({"extra": ""}):
                queue.append(child)
    return sorted(wanted)


def installed_bytes(name: str) -> int:
    """Bytes pip installed for distribution ``name`` (its RECORD)."""
    dist = distribution(name)
    total = 0
    for file in dist.files or []:
        path = Path(str(dist.locate_file(file)))
        if path.is_file() and "__pycache__" not in path.parts:
            total += path.stat().st_size
    return total


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time of ``command`` from start to exit, and its exit code."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, cwd=ROOT, timeout=600)
    return time.perf_counter() - start, done.returncode


def main() -> None:
    """Build, measure, write benchmarks/results/dist.json."""
    check = _check_frozen()
    start = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", "dist-bundle"], cwd=ROOT, check=True)
    build_s = time.perf_counter() - start

    dists = kiosk_distributions()
    site_bytes = sum(installed_bytes(d) for d in dists)
    own_bytes = sum(
        tree_bytes(ROOT / p, (".py", ".qm", ".qss") if p != "resources" else (".qm", ".qss"))
        for p in KIOSK_SOURCES
    )

    _, console = check.programs(BUNDLE)
    env = check.environment()
    frozen: list[float] = []
    source: list[float] = []
    codes: set[int] = set()
    with tempfile.TemporaryDirectory() as tmp, check.pcsc_service(console):
        data = str(Path(tmp) / "data")
        subprocess.run(
            [str(console), "--data", data, "init"], env=env, check=True, capture_output=True
        )
        for _ in range(RUNS):
            seconds, code = timed([str(console), "--data", data, "--self-test"], env)
            frozen.append(seconds)
            codes.add(code)
            seconds, code = timed(
                [sys.executable, "-m", "ui.launch", "--data", data, "--self-test"], env
            )
            source.append(seconds)
            codes.add(code)

    write_result(
        "dist",
        {
            "runs": RUNS,
            "bundle": "PyInstaller onedir, kazasu + kazasu-console (installer.spec)",
            "source_distributions": dists,
            "self_test_exit_codes": sorted(codes),
            "load_average": os.getloadavg()[0],
        },
        {
            "build_s": round(build_s, 1),
            "bundle_mb": round(tree_bytes(BUNDLE) / 1e6, 1),
            "source_mb": round((site_bytes + own_bytes) / 1e6, 1),
            "source_site_packages_mb": round(site_bytes / 1e6, 1),
            "frozen_cold_start_s": round(median(frozen), 2),
            "frozen_cold_start_s_max": round(max(frozen), 2),
            "source_cold_start_s": round(median(source), 2),
            "source_cold_start_s_max": round(max(source), 2),
        },
    )


if __name__ == "__main__":
    main()
