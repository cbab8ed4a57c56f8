"""Where a kiosk keeps its data folder when none is named on the command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def default_data_folder() -> Path:
    """``$KAZASU_DATA``; else ``%ProgramData%\\Kazasu`` on Windows, ``~/.local/share/kazasu``
    elsewhere.

    On Windows the kiosk is installed for the machine, not for one account: its data belongs to
    the machine too, so a kiosk started at logon under another account finds the same store.
    """
    named = os.environ.get("KAZASU_DATA")
    if named:
        return Path(named)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Kazasu"
    return Path.home() / ".local" / "share" / "kazasu"


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``--data`` option every kiosk program takes."""
    parser.add_argument(
        "--data",
        type=Path,
        default=default_data_folder(),
        help="data folder (default: $KAZASU_DATA, else %%ProgramData%%\\Kazasu on Windows, "
        "~/.local/share/kazasu elsewhere)",
    )
