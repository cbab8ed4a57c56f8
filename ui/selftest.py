"""The Qt and resource checks of ``kazasu-kiosk self-test``: ``python -m ui.selftest
[qt|resources]`` prints one JSON line ``{"ok": ..., "detail": ...}`` and exits 0 when the check
passed."""

from __future__ import annotations

import json
import os
import sys
from importlib.metadata import PackageNotFoundError, entry_points, version

import keyring
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFontDatabase

from kiosk.i18n import CATALOGUES
from kiosk.i18n import translate as core_translate
from kiosk.keys import os_keystore_available
from ui.boot import application
from ui.display import display_problem
from ui.i18n import CITIZEN_LANGUAGES, I18N, LANGUAGES, Languages
from ui.startup import CONTEXT
from ui.theme import FONT_FAMILIES, THEME, apply_theme

# A string every compiled Japanese catalogue translates: if it comes back unchanged, the
# catalogue shipped is empty or stale.
PROBE_TEXT = "Kazasu is already running on this computer."
# The same for the residents' catalogues, which hold the entrance's strings only.
CITIZEN_PROBE = ("AttractScreen", "Call staff")
RESIDENT_LANGUAGES = [code for code in CITIZEN_LANGUAGES if code not in LANGUAGES]
# A message of the core (kiosk/i18n.py) its Japanese catalogue holds.
CORE_PROBE = "this person is not checked in at any shelter"
COMMANDS_GROUP = "kazasu.kiosk.commands"


def check() -> tuple[bool, str]:
    """Qt starts on this display, the translations load, a Japanese font is installed."""
    problem = display_problem()
    if problem is not None:
        return False, problem
    app = application()
    missing = [code for code in LANGUAGES if not (I18N / f"kazasu_{code}.qm").exists()]
    missing += [po.stem for po in CATALOGUES.glob("*.po") if not po.with_suffix(".mo").exists()]
    if missing:
        return False, "translations not compiled: run 'make translations'"
    languages = Languages()
    for code in LANGUAGES:
        languages.switch(code)
    fonts = [f for f in FONT_FAMILIES if f in QFontDatabase.families()]
    if not fonts:
        return False, "no Japanese font: install fonts-ipafont-gothic (or Noto Sans CJK JP)"
    return True, f"Qt {app.platformName()} platform; font {fonts[0]}"


def check_resources() -> tuple[bool, str]:
    """What the kiosk reads from its own files at run time is there and usable: the compiled
    translations (and they translate), the theme, the package's metadata (its version, and the
    commands other parts add to the command line), and on Windows keyring's back-end for the
    Credential Manager, which holds the store's key."""
    if display_problem() is not None:
        # These are files, not the screen: the qt check already says what the display lacks.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = application()
    for code in LANGUAGES:
        translator = QTranslator(app)
        qm = I18N / f"kazasu_{code}.qm"
        if not translator.load(str(qm)) or translator.isEmpty():
            return False, f"translation {qm} missing or empty"
        if code == "ja" and translator.translate(CONTEXT, PROBE_TEXT) in ("", PROBE_TEXT):
            return False, f"translation {qm} does not translate: compiled from stale sources?"
    for code in RESIDENT_LANGUAGES:
        translator = QTranslator(app)
        qm = I18N / f"kazasu_{code}.qm"
        if not translator.load(str(qm)) or translator.translate(*CITIZEN_PROBE) in (
            "",
            CITIZEN_PROBE[1],
        ):
            return False, f"translation {qm} missing, empty or stale"
    try:
        said = core_translate(CORE_PROBE, language="ja")
    except FileNotFoundError as exc:
        return False, str(exc)
    if said == CORE_PROBE:
        return False, f"the core catalogue in {CATALOGUES} does not translate: stale?"
    if not THEME.is_file():
        return False, f"theme {THEME} missing"
    apply_theme(app, 1.0)
    if not app.styleSheet():
        return False, f"theme {THEME} is empty"
    try:
        installed = version("kazasu")
    except PackageNotFoundError:
        return False, "the kazasu package metadata is missing (version, command entry points)"
    commands = sorted(e.name for e in entry_points(group=COMMANDS_GROUP))
    if not commands:
        return False, f"no commands registered under {COMMANDS_GROUP}"
    backend = keyring.get_keyring()
    key_store = str(getattr(backend, "name", type(backend).__name__))
    if sys.platform == "win32" and not os_keystore_available():
        # Windows always has its Credential Manager: a bundle without keyring's back-end for it
        # would ask for the administrator passphrase at every start.
        return False, f"keyring has no Windows Credential Manager back-end ({key_store})"
    where = "frozen" if getattr(sys, "frozen", False) else "from source"
    return True, (
        f"kazasu {installed} {where}; translations {', '.join(LANGUAGES)}; "
        f"for residents {', '.join(RESIDENT_LANGUAGES)}; theme; "
        f"commands {', '.join(commands)}; key store {key_store}"
    )


def main(argv: list[str]) -> int:
    """Run one check by name (``qt`` when none is given)."""
    checks = {"qt": check, "resources": check_resources}
    ok, detail = checks[argv[0] if argv else "qt"]()
    print(json.dumps({"ok": ok, "detail": detail}, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
