"""Start the kiosk's screens over a data folder: ``python -m ui.boot --data DIR``.

The start-up progress window is painted first, before anything slow: this module and
``ui/splash.py`` import Qt and the standard library only. The program's own modules, the store
(key, check, migrations) and the screens follow behind it, each step on screen before it begins.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QLockFile, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from kiosk.logs import log_to_data_folder
from kiosk.paths import add_data_argument
from ui.splash import StartupProgress, Step

if TYPE_CHECKING:
    from kiosk.app import Kiosk
    from ui.window import MainWindow

QT_MODULES = ("PySide6.QtNetwork", "PySide6.QtPrintSupport", "PySide6.QtSvgWidgets")
"""Qt's own modules the screens use beyond widgets: loaded on the GUI thread, where their types
are used, before the program's modules are loaded behind the progress window."""
PROGRAM = ("ui.app", "ui.startup")
"""What the screens need, loaded behind the progress window (they import everything else)."""
log = logging.getLogger(__name__)


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication of the process."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv or ["kazasu"])
    app.setApplicationName("Kazasu")
    return app


def single_instance(data: Path) -> QLockFile | None:
    """A lock held while this data folder's kiosk runs; None if another instance holds it."""
    digest = hashlib.sha256(str(data.resolve()).encode()).hexdigest()[:16]
    lock = QLockFile(os.path.join(QDir.tempPath(), f"kazasu-{digest}.lock"))
    lock.setStaleLockTime(0)
    return lock if lock.tryLock(100) else None


def log_qt_messages() -> None:
    """Send Qt's own warnings (a missing plugin, a font) to the log file."""
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }
    qt_log = logging.getLogger("qt")

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        qt_log.log(levels.get(kind, logging.ERROR), "%s", message)

    qInstallMessageHandler(handler)


def show_progress(full_screen: bool) -> StartupProgress:
    """The start-up progress window, on screen and painted."""
    progress = StartupProgress()
    if full_screen:
        progress.showFullScreen()
    else:
        progress.show()
    progress.begin(Step.LOAD)
    return progress


def load_program() -> None:
    """Import the screens' modules (and with them the store, the card stack and sync)."""
    for name in PROGRAM:
        importlib.import_module(name)


def freeze_start_up_heap() -> None:
    """Collect the start-up's garbage, then leave every object alive now out of the garbage
    collector's later passes.

    What the start-up loaded (the modules, their functions and classes, the screens) lives as
    long as the program, yet each full pass of the collector walks all of it again, holding
    the interpreter meanwhile: a first provisioning's pages set off such passes now and then,
    and a tap that falls in one waits for it. Frozen, those passes walk only what was made since
    (docs/decisions/kiosk-sync.md, "The tap during provisioning, tenth round"). The platform's
    server freezes its application the same way (``linkage.serve_cli.settle_collector``); the
    kiosk does not import the platform's code, and collects first, as its start leaves
    garbage."""
    gc.collect()
    gc.freeze()
    log.info("start-up heap frozen (%d objects)", gc.get_freeze_count())


@dataclass
class Started:
    """A kiosk on screen: its window and its services."""

    window: MainWindow
    kiosk: Kiosk


def start(data: Path, progress: StartupProgress, full_screen: bool) -> Started | None:
    """Load the program, open the store and show the screens behind ``progress``, which closes
    once the entrance screen is painted; None if the store could not be opened (the person was
    told why)."""
    for name in QT_MODULES:
        importlib.import_module(name)
    progress.behind(load_program)
    log.info("program loaded")
    from kiosk.app import Kiosk
    from ui.app import build
    from ui.startup import open_store

    progress.begin(Step.OPEN)
    store = open_store(data, progress, progress.behind)
    if store is None:
        progress.finish()
        return None
    log.info("store opened")
    progress.begin(Step.SCREENS)
    kiosk = Kiosk.over(store)
    window = build(kiosk)
    window.after_first_paint(progress.finish)
    window.after_first_paint(freeze_start_up_heap)
    if full_screen:
        window.showFullScreen()
    else:
        window.show()
    log.info("screens shown (%s)", "full screen" if window.isFullScreen() else "window")
    return Started(window, kiosk)


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk until its window closes."""
    parser = argparse.ArgumentParser(prog="kazasu", description=__doc__)
    add_data_argument(parser)
    parser.add_argument(
        "--kiosk", action="store_true", help="start full screen, whatever the settings say"
    )
    args = parser.parse_args(argv)
    log_to_data_folder(args.data)
    app = application(sys.argv[:1])
    log_qt_messages()
    lock = single_instance(args.data)
    if lock is None:
        from ui.startup import already_running

        already_running(args.data)
        return 1
    progress = show_progress(args.kiosk)
    log.info("Kazasu %s starting over %s (%s)", app_version(), args.data, sys.platform)
    started = start(args.data, progress, args.kiosk)
    if started is None:
        lock.unlock()
        return 3
    from ui.app import shutdown

    code = app.exec()
    shutdown(started.window)
    started.kiosk.close()
    lock.unlock()
    log.info("Kazasu stopped (exit code %d)", code)
    return code


def app_version() -> str:
    """The installed version of the kiosk, as pyproject.toml gives it."""
    # Read only once the progress is on screen: the metadata machinery is slow to import.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kazasu")
    except PackageNotFoundError:
        return "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
