"""The rules between the parts (docs/design.md, "Parts and the rules between them"), read from
the sources: which top-level packages each part's modules import, lazily or not."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTTP_CLIENTS = ("requests", "httpx", "urllib.request", "http.client")

# What each part must never import.
FORBIDDEN = {
    "kiosk": {"ui", "sync", "PySide6", "smartcard", "cv2", "pyzbar"},
    "cardio": {"ui", "sync"},
    "sync": {"ui", "PySide6"},
    "linkage": {"kiosk", "cardio", "sync", "ui"},
}


def imported_modules(path: Path) -> set[str]:
    """The modules a module imports anywhere in its body (relative imports stay inside the part
    and are left out)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports anywhere in its body."""
    return {name.split(".")[0] for name in imported_modules(path)}


def imports_of(package: str) -> dict[str, set[str]]:
    """Every absolute import of each module under ``package``, by file."""
    return {
        path.relative_to(ROOT).as_posix(): imported_modules(path)
        for path in sorted((ROOT / package).rglob("*.py"))
    }


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_a_part_imports_none_of_what_the_design_keeps_from_it(part: str) -> None:
    breaches = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / part).rglob("*.py"))
        for name in sorted(imported_packages(path) & FORBIDDEN[part])
    ]
    assert breaches == []


def test_the_kiosk_applies_the_feed_and_sync_only_calls_it() -> None:
    # The kiosk's tables have one owner: sync/ reaches them through kiosk/ services.
    statements = ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM")
    holding_sql = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "sync").rglob("*.py"))
        if any(word in path.read_text(encoding="utf-8") for word in statements)
    ]
    assert holding_sql == []


def test_only_sync_speaks_http_to_the_platform_on_the_kiosk_side() -> None:
    for package in ("kiosk", "cardio", "ui", "kazasu_protocol"):
        for module, names in imports_of(package).items():
            http = [n for n in names if any(n == c or n.startswith(c + ".") for c in HTTP_CLIENTS)]
            assert not http, f"{module} imports {http}"


def test_the_shipped_packages_import_no_developer_tool() -> None:
    for package in ("kazasu_protocol", "kiosk", "cardio", "sync", "ui", "linkage"):
        for module, names in imports_of(package).items():
            assert not any(n.split(".")[0] == "devtools" for n in names), module


# ui/app.py and ui/startup.py open the store and hand it to the Kiosk and to sync: the
# composition root. Everything else in ui/ goes through the kiosk.app.Kiosk front door.
COMPOSITION_ROOT = {"ui/app.py", "ui/startup.py"}
STORAGE = ("kiosk.store", "kiosk.sqlite", "sqlite3", "sqlcipher3")


def test_the_screens_reach_the_data_only_through_the_kiosk_front_door() -> None:
    for module, names in imports_of("ui").items():
        if module in COMPOSITION_ROOT:
            continue
        storage = [n for n in names if any(n == s or n.startswith(s + ".") for s in STORAGE)]
        assert not storage, f"{module} imports {storage}"
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        held = [
            n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "store"
        ]
        assert not held, f"{module} reaches for a store on lines {held}"
