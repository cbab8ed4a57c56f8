"""Opening the data folder before the screens exist: the administrator passphrase is asked for
when no OS key store holds the key (key recovery), and a folder that cannot be opened is
explained in a dialog and the log rather than by a silent exit."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from kiosk.store import Store
from tests.ui.conftest import PASSPHRASE
from ui.startup import open_store

# Every test takes ``qtbot`` for the QApplication the dialogs need.


def answer(replies: list[str | None], seen: list[str]) -> None:
    """Answer the next modal dialogs in turn: text to type (None cancels), or close a message."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, act)
            return
        if isinstance(dialog, QInputDialog):
            seen.append(dialog.labelText())
            reply = replies.pop(0)
            if reply is None:
                dialog.reject()
            else:
                dialog.setTextValue(reply)
                dialog.accept()
        elif isinstance(dialog, QMessageBox):
            seen.append(dialog.text())
            dialog.accept()
        if replies:
            QTimer.singleShot(10, act)

    QTimer.singleShot(0, act)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("KAZASU_PASSPHRASE", raising=False)
    folder = tmp_path / "data"
    Store.create(folder, PASSPHRASE, use_os_keystore=False).close()
    return folder


def test_the_passphrase_typed_opens_the_store(data: Path, qtbot: QtBot) -> None:
    seen: list[str] = []
    answer(["not the passphrase", PASSPHRASE], seen)
    store = open_store(data)
    assert store is not None and store.integrity_ok()
    store.close()
    assert "administrator passphrase" in seen[0] or "管理者パスフレーズ" in seen[0]
    assert "パスフレーズが違います" in seen[1]


def test_cancelling_the_prompt_ends_the_start(
    data: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[str] = []
    answer([None], seen)
    with caplog.at_level(logging.INFO):
        assert open_store(data) is None
    assert "start cancelled at the passphrase prompt" in caplog.text


def test_a_folder_without_a_store_is_explained(
    tmp_path: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[str] = []
    answer([], seen)
    assert open_store(tmp_path / "empty") is None
    assert "のキオスクのデータを開けませんでした" in seen[0]
    assert "no kiosk store" in caplog.text


def test_a_damaged_store_shows_staff_what_to_do_and_is_left_as_it_is(
    data: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAZASU_PASSPHRASE", PASSPHRASE)
    (data / "kiosk.db").write_bytes(b"")
    seen: list[str] = []
    texts: list[str] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QMessageBox):
            QTimer.singleShot(10, read_and_close)
            return
        seen.append(dialog.text())
        texts.append(dialog.informativeText())
        dialog.accept()

    QTimer.singleShot(0, read_and_close)
    with caplog.at_level(logging.ERROR):
        assert open_store(data) is None
    assert seen == ["キオスクのデータが壊れています。"]
    assert "kazasu-kiosk restore" in texts[0] and "初期設定し直さないでください" in texts[0]
    assert "the store is damaged" in caplog.text
    assert (data / "kiosk.db").read_bytes() == b""
