"""`kazasu-kiosk self-test` checks Qt, the store, the card and camera stacks, naming failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kiosk.store import Store
from tests.ui.conftest import PASSPHRASE


def test_self_test_reports_every_stack_and_exits_by_the_result(tmp_path: Path) -> None:
    Store.create(tmp_path / "data", PASSPHRASE, use_os_keystore=False).close()
    env = os.environ | {"KAZASU_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(tmp_path / "data"), "self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    checks = {c["name"]: c for c in json.loads(done.stdout)}
    assert list(checks) == [
        "qt",
        "store",
        "card",
        "camera",
        "resources",
        "furigana",
        "provisioning",
    ]
    passing = ("qt", "store", "camera", "resources", "furigana", "provisioning")
    assert all(checks[name]["ok"] for name in passing)
    assert done.returncode == (0 if checks["card"]["ok"] else 1)
    if not checks["card"]["ok"]:
        assert "card: " in done.stderr and "PC/SC" in done.stderr


def test_self_test_names_a_store_it_cannot_open(tmp_path: Path) -> None:
    env = os.environ | {"KAZASU_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(tmp_path / "none"), "self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 1
    assert "store: no kiosk store" in done.stderr
