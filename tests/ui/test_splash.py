"""The start shows its progress from the first paint instead of a blank screen: the progress
window is painted before the program's modules, the store and the screens are loaded, each step
is on screen before its work is done, and the window goes once the entrance is painted."""

from __future__ import annotations

import gc
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.settings import Settings, SettingsService
from kiosk.store import Store
from tests.ui.conftest import PASSPHRASE, ROOT
from ui.app import VIRTUAL_READER, shutdown
from ui.boot import application, start
from ui.splash import StartupProgress, Step


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KAZASU_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "data"
    with Store.create(folder, PASSPHRASE, use_os_keystore=False) as store:
        SettingsService(store).save("setup:test", Settings(reader=VIRTUAL_READER))
    return folder


def run_program(script: str, data: Path) -> Any:
    """Run ``script`` (which starts the program over ``data``) in a process of its own; what
    it printed last, as JSON."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KAZASU_PASSPHRASE": PASSPHRASE}
    run = subprocess.run(
        [sys.executable, "-c", script, str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_each_step_is_painted_before_its_work_is_done(
    qtbot: QtBot, data: Path, caplog: pytest.LogCaptureFixture
) -> None:
    application()
    progress = StartupProgress()
    qtbot.addWidget(progress)
    paints: list[tuple[Step, float]] = []
    progress.painted.connect(lambda step: paints.append((step, time.time())))
    progress.show()
    progress.begin(Step.LOAD)
    assert paints and paints[0][0] is Step.LOAD
    assert "プログラムを読み込んでいます" in progress.rows[Step.LOAD].text()
    assert "Loading the program" in progress.rows[Step.LOAD].text()

    with caplog.at_level(logging.INFO, logger="ui.boot"):
        started = start(data, progress, full_screen=False)
    assert started is not None
    try:
        qtbot.waitUntil(lambda: not progress.isVisible())
        assert started.window.isVisible()
        done = {r.getMessage().split(" (")[0]: r.created for r in caplog.records}
        for step, finished in (
            (Step.LOAD, "program loaded"),
            (Step.OPEN, "store opened"),
            (Step.SCREENS, "screens shown"),
        ):
            assert any(s is step and at <= done[finished] for s, at in paints), step
        assert [s for s, _ in paints] == sorted(s for s, _ in paints)
        assert "✓" in progress.rows[Step.OPEN].text()
    finally:
        shutdown(started.window)
        started.kiosk.close()
        # The start froze this test process's heap as it freezes the program's: let the
        # collector see it again for the tests after this one.
        gc.unfreeze()


def test_the_progress_cannot_be_closed_by_hand(qtbot: QtBot) -> None:
    application()
    progress = StartupProgress()
    qtbot.addWidget(progress)
    progress.show()
    progress.close()
    assert progress.isVisible()
    progress.finish()
    assert not progress.isVisible()


def test_work_behind_the_progress_hands_back_its_error(qtbot: QtBot) -> None:
    application()
    progress = StartupProgress()
    qtbot.addWidget(progress)

    def fails() -> None:
        raise ValueError("the key store did not answer")

    with pytest.raises(ValueError, match="did not answer"):
        progress.behind(fails)
    assert progress.behind(lambda: 42) == 42


# The real program from its first line: which window the process paints first, and what had been
# imported by then.
FIRST_PAINT = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from ui import boot

SLOW = ["ui.app", "ui.window", "kiosk.store", "sqlcipher3", "cryptography.x509", "sync.engine"]
seen = []

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen.append({"window": type(watched.window()).__name__,
                         "loaded": [m for m in SLOW if m in sys.modules]})
        return False

app = boot.application()
spy = FirstPaint()
app.installEventFilter(spy)

def done():
    shown = [type(w).__name__ for w in app.topLevelWidgets() if w.isVisible()]
    if shown == ["MainWindow"]:
        seen.append({"shown": shown})
        app.quit()

timer = QTimer()
timer.timeout.connect(done)
timer.start(50)
code = boot.main(["--data", sys.argv[1]])
print(json.dumps({"code": code, "seen": seen}))
"""


def test_the_program_paints_its_progress_before_loading_anything_slow(data: Path) -> None:
    result = run_program(FIRST_PAINT, data)
    assert result["code"] == 0
    first, last = result["seen"][0], result["seen"][-1]
    assert first == {"window": "StartupProgress", "loaded": []}
    assert last == {"shown": ["MainWindow"]}


START_UP_HEAP = """
import gc, json, sys, time, weakref
from PySide6.QtCore import QTimer
from ui import boot

# No automatic pass: the start's own collection is the only one that can free this cycle.
gc.disable()
class Node:
    pass
node = Node()
node.me = node
cycle = weakref.ref(node)
del node

app = boot.application()
give_up = time.monotonic() + 60

def done():
    shown = any(type(w).__name__ == "MainWindow" and w.isVisible() for w in app.topLevelWidgets())
    if shown and gc.get_freeze_count() or time.monotonic() > give_up:
        print(json.dumps({"cycle_freed": cycle() is None, "frozen": gc.get_freeze_count(),
                          "walked": len(gc.get_objects())}))
        app.quit()

timer = QTimer()
timer.timeout.connect(done)
timer.start(50)
boot.main(["--data", sys.argv[1]])
"""


def test_the_start_up_heap_is_collected_then_left_out_of_later_collections(data: Path) -> None:
    result = run_program(START_UP_HEAP, data)
    # Garbage left by the start is freed, not frozen for good.
    assert result["cycle_freed"]
    # What the collector's passes walk from then on is a small part of what is alive.
    assert result["frozen"] > 0
    assert result["walked"] * 4 < result["frozen"]
