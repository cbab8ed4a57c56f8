"""What the frozen kiosk bundle must hold, checked without building it (`make dist` builds it and
runs its self-test; this catches a drifting list in seconds)."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from kiosk.furigana import DICTIONARY
from kiosk.selftest import PROBES

ROOT = Path(__file__).resolve().parents[2]
KIOSK_PACKAGES = ("kazasu_protocol", "kiosk", "cardio", "sync", "ui")


def load_bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "kiosk_bundle", ROOT / "build" / "kiosk_bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = load_bundle()


def pyproject_version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return str(tomllib.loads(text)["project"]["version"])


def kiosk_modules() -> dict[str, Path]:
    """Every module of the kiosk program's packages, by dotted name."""
    found = {}
    for package in KIOSK_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(p for p in parts if p != "__init__")] = path
    return found


def imported_by(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def covers(excluded: str, module: str) -> bool:
    return module == excluded or module.startswith(excluded + ".")


def test_the_version_is_pyprojects_and_fits_a_windows_version_resource() -> None:
    assert bundle.version() == pyproject_version()
    assert bundle.windows_version("1.20.3") == (1, 20, 3, 0)
    assert bundle.windows_version(bundle.version())[3] == 0
    with pytest.raises(ValueError, match=r"X\.Y\.Z"):
        bundle.windows_version("1.0rc1")


def test_the_spec_takes_its_version_and_contents_from_the_shared_lists() -> None:
    spec = (ROOT / "installer.spec").read_text(encoding="utf-8")
    assert "bundle.version()" in spec and "bundle.resources()" in spec
    assert "bundle.excludes()" in spec and "bundle.HIDDEN_IMPORTS" in spec
    assert not re.search(r"""version\s*=\s*["']\d""", spec), "a version written into the spec"


def test_every_translation_ships_compiled_beside_the_theme() -> None:
    subprocess.run(["make", "-s", "translations"], cwd=ROOT, check=True, capture_output=True)
    shipped = bundle.resources()
    sources = sorted((ROOT / "resources" / "i18n").glob("*.ts"))
    assert sources
    for ts in sources:
        assert (str(ts.with_suffix(".qm")), "resources/i18n") in shipped
    # The core's catalogue (kiosk/i18n.py) finds its .mo files where they are in the source tree.
    core = sorted((ROOT / "resources" / "i18n" / "core").glob("*.po"))
    assert core
    for po in core:
        assert (str(po.with_suffix(".mo")), "resources/i18n/core") in shipped
    assert (str(ROOT / "resources" / "theme.qss"), "resources") in shipped


def test_a_translation_edited_after_compiling_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n = tmp_path / "resources" / "i18n"
    i18n.mkdir(parents=True)
    (i18n / "kazasu_ja.qm").write_bytes(b"old")
    (i18n / "kazasu_ja.ts").write_text("<TS/>", encoding="utf-8")
    os.utime(i18n / "kazasu_ja.qm", (1_000_000, 1_000_000))
    monkeypatch.setattr(bundle, "ROOT", tmp_path)
    with pytest.raises(RuntimeError, match="make translations"):
        bundle.translations()


def test_the_self_tests_child_checks_are_in_the_bundle() -> None:
    children = {args[1] for args in PROBES.values()}
    assert children <= set(bundle.HIDDEN_IMPORTS)
    assert "sync.cli" in bundle.HIDDEN_IMPORTS  # the kazasu.kiosk.commands entry point


def program_imports() -> dict[str, set[str]]:
    """What each module of the installed program imports, for every module reachable from the
    launcher and the hidden imports (as PyInstaller follows them, from the sources)."""
    modules = kiosk_modules()
    queue = [bundle.ENTRY.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")]
    queue += bundle.HIDDEN_IMPORTS
    found: dict[str, set[str]] = {}
    while queue:
        name = queue.pop()
        if name in found or name not in modules:
            continue
        found[name] = imported_by(modules[name])
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        queue += [m for m in found[name] if m in modules] + parents
    return found


def test_nothing_the_kiosk_program_imports_is_excluded() -> None:
    excluded = bundle.excludes()
    reached = program_imports()
    assert {"ui.launch", "ui.app", "kiosk.cli", "sync.cli", "cardio.selftest"} <= set(reached)
    assert "kazasu_protocol.kz1" in reached  # shipped: the kiosk verifies signed codes with it
    for name, imports in reached.items():
        assert not any(covers(e, name) for e in excluded), f"{name} is reached but excluded"
        for module in imports:
            hit = [e for e in excluded if covers(e, module)]
            assert not hit, f"{name} imports {module}, which the bundle excludes ({hit})"


def test_qt_modules_needed_for_printing_input_methods_and_network_are_kept() -> None:
    for needed in ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtPrintSupport", "QtDBus"):
        assert needed not in bundle.QT_UNUSED
    assert "QtQml" in bundle.QT_UNUSED and "QtQuick" in bundle.QT_UNUSED


def test_only_the_kiosks_languages_of_qts_catalogues_are_kept() -> None:
    assert bundle.wanted("PySide6/Qt/translations/qtbase_ja.qm")
    assert bundle.wanted("PySide6/Qt/translations/qtbase_en.qm")
    assert not bundle.wanted("PySide6/Qt/translations/qtbase_de.qm")
    assert not bundle.wanted("PySide6\\opengl32sw.dll")
    assert bundle.wanted("resources/i18n/kazasu_ja.qm")


def test_pyinstaller_works_and_writes_outside_the_source_folders() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--distpath dist --workpath $(PYINSTALLER_WORK)" in makefile
    assert re.search(r"^PYINSTALLER_WORK := \.pyinstaller-work$", makefile, re.M)
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/dist/" in ignored and "/.pyinstaller-work/" in ignored


def test_the_installer_gets_the_version_from_the_makefile_not_the_script() -> None:
    dry_run = subprocess.run(
        ["make", "-n", "--no-print-directory", "dist"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"-DVERSION={pyproject_version()} " in dry_run
    assert "build/windows/kazasu.nsi" in dry_run and "build/check_frozen.py" in dry_run
    script = (ROOT / "build" / "windows" / "kazasu.nsi").read_text(encoding="utf-8")
    assert not re.search(r"!define\s+VERSION\b", script)
    assert "EstimatedSize" in script and "DisplayVersion" in script


def test_the_furigana_dictionary_ships_and_no_larger_edition_does() -> None:
    assert f"sudachidict_{DICTIONARY}" == bundle.READING_DICTIONARY
    assert bundle.READING_DICTIONARY in bundle.HIDDEN_IMPORTS
    spec = (ROOT / "installer.spec").read_text(encoding="utf-8")
    assert "collect_data_files(bundle.READING_DICTIONARY)" in spec
    assert bundle.wanted("sudachidict_small/resources/system.dic")
    assert not bundle.wanted("sudachidict_core/resources/system.dic")
    assert not bundle.wanted("sudachidict_full/resources/system.dic")


def test_the_kiosk_draws_its_qr_codes_with_segno_as_the_platform_does() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    required = [
        re.split(r"[<>=\[ ]", d, maxsplit=1)[0]
        for d in tomllib.loads(text)["project"]["dependencies"]
    ]
    assert "segno" in required and "qrcode" not in required
    for name, imports in program_imports().items():
        assert not any(covers("qrcode", m) for m in imports), f"{name} imports qrcode"
