"""The installed kiosk program: ``kazasu`` (no console) and ``kazasu-console`` (the same program
with a console, for diagnostics and administration).

    kazasu [--data DIR] [--kiosk]          the screens (``--kiosk``: full screen)
    kazasu [--data DIR] --self-test        the checks of ``kazasu-kiosk self-test``, as JSON
    kazasu [--data DIR] COMMAND ...        any ``kazasu-kiosk`` command (init, staff-add, enrol…)
    kazasu card COMMAND ...                any ``kazasu-card`` command (readers, identify, ...)

From source the same is ``python -m ui.launch ...``. A frozen program has no Python interpreter
to run ``python -m``; the self-test's child checks therefore run this program with ``-m MODULE``,
which is accepted for those modules only.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import runpy
import sys
from pathlib import Path

from kiosk.logs import log_to_data_folder
from kiosk.paths import default_data_folder
from kiosk.selftest import PROBES

CHILD_MODULES = frozenset(args[1] for args in PROBES.values())
log = logging.getLogger(__name__)


def run_module(name: str, args: list[str]) -> int:
    """Run one of the self-test's child checks as ``python -m name args`` would."""
    if name not in CHILD_MODULES:
        print(f"kazasu: -m runs only {', '.join(sorted(CHILD_MODULES))}", file=sys.stderr)
        return 2
    sys.argv = [name, *args]
    try:
        runpy.run_module(name, run_name="__main__", alter_sys=True)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    return 0


def _streams_for_windowed_program() -> None:
    # Started without a console on Windows, the program has no standard streams; writing to them
    # would raise. Output then goes nowhere, and the log file is where to look.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def main(argv: list[str] | None = None) -> int:
    """Start the screens, the self-test or a command, as the arguments say."""
    args = sys.argv[1:] if argv is None else argv
    _streams_for_windowed_program()
    if args[:1] == ["-m"] and len(args) >= 2:
        return run_module(args[1], args[2:])
    if args[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if args[:1] == ["card"]:
        from sync.card_cli import main as card_main

        return card_main(args[1:])
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", default=str(default_data_folder()))
    parser.add_argument("--actor")
    parser.add_argument("--kiosk", action="store_true")
    parser.add_argument("--self-test", action="store_true")
    known, rest = parser.parse_known_args(args)
    if known.self_test or rest:
        from kiosk.cli import main as cli_main

        cli_args = [a for a in args if a != "--self-test"]
        if known.self_test:
            cli_args.append("self-test")
        log_to_data_folder(Path(known.data))
        code = cli_main(cli_args)
        log.info("command %s ended with exit code %d", (rest or ["self-test"])[0], code)
        return code
    from ui.boot import main as screens_main

    return screens_main(args)


if __name__ == "__main__":
    # A frozen program is also the interpreter of its own worker processes (provisioning's,
    # sync/provisioner.py): started as one, it runs that and exits here.
    multiprocessing.freeze_support()
    raise SystemExit(main())
