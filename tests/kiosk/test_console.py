"""The ``kazasu-kiosk`` console script's entry point loads the command line only when it runs:
provisioning's worker process runs the main script again and needs none of it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk import console

ROOT = Path(__file__).resolve().parents[2]


def test_the_console_script_starts_at_the_light_entry_point() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert scripts["scripts"]["kazasu-kiosk"] == "kiosk.console:main"


def test_importing_the_entry_point_loads_no_command_line_and_no_store() -> None:
    probe = (
        "import sys, kiosk.console; print(sorted(m for m in sys.modules if m.startswith('kiosk')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert loaded.strip() == "['kiosk', 'kiosk.console']"


def test_the_entry_point_runs_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["kazasu-kiosk", "--help"])
    with pytest.raises(SystemExit) as stopped:
        console.main()
    assert stopped.value.code == 0
    assert "kazasu-kiosk" in capsys.readouterr().out
