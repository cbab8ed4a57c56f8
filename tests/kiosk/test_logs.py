"""The kiosk's log file: in the data folder, rotated by size, and catching crashes on any thread."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )


def test_records_go_to_logs_kazasu_log_in_the_data_folder(tmp_path: Path) -> None:
    done = run_python(
        "import logging, sys; from pathlib import Path; from kiosk.logs import log_to_data_folder;"
        f"p = log_to_data_folder(Path({str(tmp_path / 'data')!r}));"
        f"log_to_data_folder(Path({str(tmp_path / 'data')!r}));"
        "logging.getLogger('kazasu.test').info('started over %s', 'data');"
        "print(len(logging.getLogger().handlers))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"  # configuring twice adds no second handler
    text = (tmp_path / "data" / "logs" / "kazasu.log").read_text(encoding="utf-8")
    assert "INFO kazasu.test [MainThread] started over data" in text


def test_the_file_is_rotated_and_old_files_are_dropped(tmp_path: Path) -> None:
    done = run_python(
        "import logging; from pathlib import Path; import kiosk.logs as logs;"
        "logs.MAX_BYTES = 2000; logs.BACKUPS = 2;"
        f"logs.log_to_data_folder(Path({str(tmp_path)!r}));"
        "[logging.getLogger('kazasu').info('line %04d %s', i, 'x' * 80) for i in range(200)]"
    )
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["kazasu.log", "kazasu.log.1", "kazasu.log.2"]
    assert all((tmp_path / "logs" / f).stat().st_size <= 2000 for f in files)
    assert "line 0199" in (tmp_path / "logs" / "kazasu.log").read_text(encoding="utf-8")


def test_a_crash_on_a_thread_or_the_main_thread_is_in_the_log(tmp_path: Path) -> None:
    done = run_python(
        "import threading; from pathlib import Path; from kiosk.logs import log_to_data_folder;"
        f"log_to_data_folder(Path({str(tmp_path)!r}));"
        "t = threading.Thread(target=lambda: 1 / 0, name='device'); t.start(); t.join();"
        "raise RuntimeError('main thread gave up')"
    )
    assert done.returncode == 1
    assert "main thread gave up" in done.stderr  # still reported as usual
    text = (tmp_path / "logs" / "kazasu.log").read_text(encoding="utf-8")
    assert "CRITICAL kazasu [device] uncaught exception in thread device" in text
    assert "ZeroDivisionError" in text
    assert "RuntimeError: main thread gave up" in text
