"""The installed program's one entry point (``python -m ui.launch`` from source): the same
arguments start the screens, the self-test or a command; the self-test's child checks run through
it with ``-m``, which it accepts for those modules only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ui.conftest import PASSPHRASE

REPO = Path(__file__).resolve().parents[2]


def launch(*args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"KAZASU_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "ui.launch", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def test_a_command_runs_the_kiosk_command_line_and_is_logged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = launch("--data", str(data), "init")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["data"] == str(data)
    assert (data / "kiosk.db").exists()
    log = (data / "logs" / "kazasu.log").read_text(encoding="utf-8")
    assert "command init ended with exit code 0" in log


def test_self_test_flag_runs_every_check_over_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert launch("--data", str(data), "init").returncode == 0
    done = launch("--data", str(data), "--self-test")
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
    assert "from source" in checks["resources"]["detail"]
    assert done.returncode == (0 if all(c["ok"] for c in checks.values()) else 1)


def test_only_the_self_tests_child_checks_run_with_dash_m() -> None:
    child = launch("-m", "ui.selftest", "resources")
    assert child.returncode == 0, child.stderr
    assert json.loads(child.stdout)["ok"] is True
    other = launch("-m", "http.server")
    assert other.returncode == 2
    assert "-m runs only cardio.selftest, sync.selftest, ui.selftest" in other.stderr


def test_help_names_the_screens_the_self_test_and_the_commands() -> None:
    done = launch("--help")
    assert done.returncode == 0
    for usage in ("--kiosk", "--self-test", "COMMAND", "kazasu card"):
        assert usage in done.stdout
