"""The screens' background worker: results come back on the GUI thread, and none after shutdown."""

from __future__ import annotations

import threading
from concurrent.futures import Future

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.tasks import TaskManager


def test_a_result_comes_back_on_the_gui_thread(qtbot: QtBot) -> None:
    tasks = TaskManager()
    got: list[tuple[int, bool]] = []
    tasks.run(
        lambda: 6 * 7,
        lambda n: got.append((n, threading.current_thread() is threading.main_thread())),
    )
    qtbot.waitUntil(lambda: got == [(42, True)])
    assert tasks.pending == 0
    tasks.shutdown()


def test_results_that_come_back_after_shutdown_are_dropped(qtbot: QtBot) -> None:
    """The window is closing: its widgets may already be deleted when the results arrive."""
    tasks = TaskManager()
    release = threading.Event()
    delivered: list[str] = []
    ran: list[str] = []

    def slow() -> str:
        release.wait(5)
        ran.append("slow")
        return "slow"

    tasks.run(slow, delivered.append)
    card: Future[str] = Future()
    tasks.follow(card, delivered.append)
    release.set()
    tasks.shutdown()  # waits for the queued task, whose result is then on its way
    card.set_result("card")
    QApplication.processEvents()
    assert ran == ["slow"]  # the work itself was done
    assert delivered == []
    assert tasks.pending == 0
