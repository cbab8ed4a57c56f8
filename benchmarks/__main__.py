"""Run one benchmark by name, or every benchmark in this folder."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"harness", "__main__"}


def names() -> list[str]:
    """Every benchmark module's name, sorted."""
    return sorted(
        m.name
        for m in pkgutil.iter_modules([str(HERE)])
        if m.name not in NOT_BENCHMARKS and not m.name.startswith("_")
    )


def main(argv: list[str]) -> int:
    wanted = argv or names()
    unknown = [n for n in wanted if n not in names()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names())}")
        return 2
    for name in wanted:
        print(f"== benchmark {name}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
