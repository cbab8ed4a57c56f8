"""The rules between the parts (docs/design.md, "Parts and the rules between them"), read from
the sources: which top-level packages each part's modules import, lazily or not."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What each part must never import.
FORBIDDEN = {
    "kiosk": {"ui", "sync", "PySide6", "smartcard", "cv2", "pyzbar"},
    "cardio": {"ui", "sync"},
    "sync": {"ui", "PySide6"},
    "linkage": {"kiosk", "cardio", "sync", "ui"},
}


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports anywhere in its body (relative imports stay
    inside the part and are left out)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


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
