"""Benchmark ``startup``: how long a person looks at nothing when the kiosk starts.

- ``progress_painted_s``: from launching the kiosk program (``python -m ui.boot``, what the
  installed ``kazasu`` runs) to its start-up progress window painted.
- ``entrance_painted_s``: from the same launch to the entrance (attract) screen painted, over a
  store of ``KAZASU_BENCH_PERSONS`` people (default 20,000); the progress window is on screen
  in between.
- ``baseline_qt_start_s``: a process that only imports Qt and paints a label, run interleaved,
  so a slow run on a busy machine can be told from a slow kiosk. The load average is recorded.

    make bench NAME=startup
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "benchmark passphrase"
PERSONS = int(os.environ.get("KAZASU_BENCH_PERSONS", "20000"))
RUNS = 7

# The child is the kiosk program itself; an event filter notes the first paint of each window.
CHILD = """
import json, os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget
from ui import boot

launched = float(os.environ["KAZASU_BENCH_LAUNCHED"])
painted = {}

class Paints(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            name = type(watched.window()).__name__
            painted.setdefault(name, time.time() - launched)
            if name == "MainWindow":
                boot.application().quit()
        return False

spy = Paints()
boot.application().installEventFilter(spy)
code = boot.main(["--data", sys.argv[1]])
print(json.dumps({"code": code, "painted": painted}))
"""

BASELINE = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(["baseline"])
label = QLabel("ready")
label.show()
app.processEvents()
label.grab()
"""


def launch(folder: Path) -> dict[str, float]:
    """One start of the kiosk program: seconds from launch to each window's first paint."""
    env = os.environ | {
        "KAZASU_PASSPHRASE": PASSPHRASE,
        "KAZASU_BENCH_LAUNCHED": repr(time.time()),
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, done.stderr
    painted: dict[str, float] = result["painted"]
    return painted


def baseline() -> float:
    """Seconds from launching a process that only imports Qt to its label painted."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", BASELINE], capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and write benchmarks/results/startup.json."""
    from benchmarks.harness import median, write_result
    from benchmarks.ui import make_store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        kiosk, _ = make_store(folder, PERSONS)
        kiosk.close()
        load_before = os.getloadavg()
        runs, baselines = [], []
        for _ in range(RUNS):
            runs.append(launch(folder))
            baselines.append(baseline())
        load_after = os.getloadavg()
    progress = [r["StartupProgress"] for r in runs]
    entrance = [r["MainWindow"] for r in runs]
    assert all(p < e for p, e in zip(progress, entrance, strict=True))
    write_result(
        "startup",
        {"persons": PERSONS, "runs": RUNS, "platform": os.environ["QT_QPA_PLATFORM"]},
        {
            "progress_painted_s": round(median(progress), 2),
            "progress_painted_s_max": round(max(progress), 2),
            "entrance_painted_s": round(median(entrance), 2),
            "entrance_painted_s_max": round(max(entrance), 2),
            "baseline_qt_start_s": round(median(baselines), 2),
            "load_average_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        },
    )


if __name__ == "__main__":
    main()
