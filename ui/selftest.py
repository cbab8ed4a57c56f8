"""The Qt check of ``kazasu-kiosk self-test``: ``python -m ui.selftest`` prints one JSON line."""

from __future__ import annotations

import json

from PySide6.QtGui import QFontDatabase

from ui.app import application
from ui.i18n import I18N, LANGUAGES, Languages
from ui.theme import FONT_FAMILIES


def check() -> tuple[bool, str]:
    """Qt starts on this display, the translations load, a Japanese font is installed."""
    app = application()
    missing = [code for code in LANGUAGES if not (I18N / f"kazasu_{code}.qm").exists()]
    if missing:
        return False, "translations not compiled: run 'make translations'"
    languages = Languages()
    for code in LANGUAGES:
        languages.switch(code)
    fonts = [f for f in FONT_FAMILIES if f in QFontDatabase.families()]
    if not fonts:
        return False, "no Japanese font: install fonts-ipafont-gothic (or Noto Sans CJK JP)"
    return True, f"Qt {app.platformName()} platform; font {fonts[0]}"


if __name__ == "__main__":
    ok, detail = check()
    print(json.dumps({"ok": ok, "detail": detail}, ensure_ascii=False))
    raise SystemExit(0 if ok else 1)
