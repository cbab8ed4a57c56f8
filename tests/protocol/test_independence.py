"""The protocol package stands alone: kiosks and the platform import it, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "kazasu_protocol"
OWN_PACKAGES = {"kiosk", "linkage", "sync", "ui", "cardio"}


def test_no_module_imports_the_kiosk_the_platform_sync_the_screens_or_the_card_code() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert modules
    for module in modules:
        tree = ast.parse(module.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in OWN_PACKAGES, f"{module.name} imports {name}"
