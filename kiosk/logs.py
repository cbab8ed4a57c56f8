"""The kiosk's log file: ``logs/kazasu.log`` in the data folder, rotated by size.

A kiosk started from the Start menu or at logon has no console, so whatever is not written here
is lost. Only technical events are logged (starts, stops, device and sync states, errors): who did
what to whose record is the audit log's job, inside the encrypted store, and no personal data is
written to this file.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_FOLDER = "logs"
LOG_FILE = "kazasu.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("kazasu")


def log_path(data: Path) -> Path:
    """The current log file of the data folder ``data``."""
    return data / LOG_FOLDER / LOG_FILE


def log_to_data_folder(data: Path, level: int = logging.INFO) -> Path:
    """Send this process's log records to the data folder's rotating log file.

    At most ``BACKUPS`` + 1 files of ``MAX_BYTES`` each are kept. Uncaught exceptions, on any
    thread, are logged before the process reports them as usual. Calling it again for the same
    folder adds nothing.
    """
    path = log_path(data)
    root = logging.getLogger()
    mine = os.path.abspath(path)
    if any(getattr(h, "baseFilename", None) == mine for h in root.handlers):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    _log_uncaught()
    return path


def _log_uncaught() -> None:
    previous = sys.excepthook
    previous_thread = threading.excepthook

    def on_exception(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        log.critical("uncaught exception", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.critical(
                "uncaught exception in thread %s",
                args.thread.name if args.thread else "?",
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        previous_thread(args)

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception
