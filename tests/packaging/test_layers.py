"""The rules between the parts that the code itself can show (DESIGN §1)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HTTP_CLIENTS = ("requests", "httpx", "urllib.request", "http.client")


def imports_of(package: str) -> dict[str, set[str]]:
    """Every absolute import of each module under ``package``, by file."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[path.relative_to(ROOT).as_posix()] = names
    return found


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
