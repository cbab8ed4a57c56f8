"""Whether Qt can show windows here, said plainly before Qt aborts with its plugin message.

Without a display, or with an X display but a library of Qt's xcb platform missing, Qt prints
"Could not load the Qt platform plugin "xcb" … though it was found" and aborts the process: it
names neither the missing display nor the missing library.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

import PySide6

XCB_PLUGIN = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def display_problem() -> str | None:
    """What keeps Qt from opening a window on this machine, in one line; None when nothing."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None  # Windows and macOS always have their platform; a chosen one is honoured
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return (
            "no display: neither DISPLAY nor WAYLAND_DISPLAY is set; run this in the kiosk's "
            "desktop session, or set QT_QPA_PLATFORM=offscreen to check without a screen"
        )
    try:
        ctypes.CDLL(str(XCB_PLUGIN))
    except OSError as exc:
        return (
            f"Qt cannot use the X display {os.environ['DISPLAY']}: {exc}; "
            "install Qt's xcb libraries ('make apt' as root does)"
        )
    return None
