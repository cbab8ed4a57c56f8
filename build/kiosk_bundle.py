"""What goes into the kiosk's frozen bundle, in plain Python: installer.spec builds from these
lists, and tests/packaging checks them without running PyInstaller."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "kazasu"
ENTRY = ROOT / "ui" / "launch.py"

# Modules reached only by name: the self-test's child checks (run as `kazasu -m MODULE`, see
# ui/launch.py), the sync commands (an entry point), the card commands (`kazasu card ...`).
# The reading dictionary that suggests furigana, which SudachiPy imports by name and reads as
# data (kiosk/furigana.py). PyInstaller's sudachipy hook collects every sudachidict_* installed;
# only this one is the kiosk's.
READING_DICTIONARY = "sudachidict_small"
OTHER_READING_DICTIONARIES = ("sudachidict_core", "sudachidict_full")
HIDDEN_IMPORTS = [
    "ui.selftest",
    "cardio.selftest",
    "sync.selftest",
    "sync.cli",
    "sync.card_cli",
    READING_DICTIONARY,
]

# Qt modules the kiosk does not use. Kept on purpose: QtCore/Gui/Widgets, QtNetwork (network
# reachability wakes the sync), QtPrintSupport (printing and its print plugins), QtSvg (icon and
# image plugins), QtSvgWidgets (the entrance's card-reader pictogram), QtDBus (QtGui needs it on
# Linux, where input methods for Japanese such as ibus and fcitx talk D-Bus to the
# platforminputcontexts plugins that QtGui's hook collects; on Windows the IME works through the
# qwindows platform plugin).
QT_UNUSED = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
    "QtMultimedia", "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtOpenGL",
    "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml",
    "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine",
    "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineWidgets", "QtWebSockets", "QtXml",
]  # fmt: skip
# What the kiosk program never runs: the platform and its libraries, test and build tools, the
# developer tools (devtools/: the demos, one of which starts a platform, and the screenshot
# renderers), and libraries that are only optional extras of ours.
NOT_IN_KIOSK = [
    "linkage", "fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg",
    "psycopg_binary", "pydantic", "jinja2", "pytest", "hypothesis", "schemathesis", "playwright",
    "mypy", "tkinter", "IPython", "matplotlib", "PIL", "devtools",
    *OTHER_READING_DICTIONARIES,
]  # fmt: skip

# Qt's own message catalogues: only the kiosk's languages.
LANGUAGES = ("ja", "en")


def excludes() -> list[str]:
    """Module names PyInstaller must leave out."""
    return [f"PySide6.{m}" for m in QT_UNUSED] + NOT_IN_KIOSK


def version() -> str:
    """The project's version, from pyproject.toml (the one place it is written)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return str(tomllib.loads(text)["project"]["version"])


def windows_version(text: str) -> tuple[int, int, int, int]:
    """``X.Y.Z`` as the four numbers of a Windows version resource."""
    found = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", text)
    if found is None:
        raise ValueError(f"version {text!r} is not X.Y.Z, which Windows version resources need")
    major, minor, patch = (int(n) for n in found.groups())
    return major, minor, patch, 0


def translations() -> list[tuple[str, str]]:
    """(compiled catalogue, folder in the bundle) for every Qt .ts (.qm) and every core .po
    (.mo, kiosk/i18n.py); refuses missing or stale ones."""
    i18n = ROOT / "resources" / "i18n"
    compiled = [(ts, ts.with_suffix(".qm"), "resources/i18n") for ts in sorted(i18n.glob("*.ts"))]
    compiled += [
        (po, po.with_suffix(".mo"), "resources/i18n/core")
        for po in sorted((i18n / "core").glob("*.po"))
    ]
    stale = [
        source.name
        for source, built, _ in compiled
        if not built.exists() or built.stat().st_mtime < source.stat().st_mtime
    ]
    if stale:
        raise RuntimeError(
            f"not compiled or older than their sources: {stale}; run 'make translations'"
        )
    return [(str(built), folder) for _, built, folder in compiled]


def resources() -> list[tuple[str, str]]:
    """The kiosk's own data files and where they go; the bundle mirrors the source tree, so
    ui/i18n.py and ui/theme.py find resources/ beside the packages in both."""
    return [*translations(), (str(ROOT / "resources" / "theme.qss"), "resources")]


def wanted(dest: str) -> bool:
    """Whether a file PyInstaller's hooks collected stays in the bundle (by its bundle path)."""
    dest = dest.replace("\\", "/")
    if dest.startswith(tuple(f"{d}/" for d in OTHER_READING_DICTIONARIES)):
        return False
    if "/translations/" in dest and dest.endswith(".qm"):
        return dest.endswith(tuple(f"_{code}.qm" for code in LANGUAGES))
    # Qt's software OpenGL renderer: the screens are plain widgets and never use OpenGL.
    return not dest.lower().endswith("opengl32sw.dll")
