"""Where the kiosk keeps its data when no folder is named: the machine's folder on Windows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk import paths


def test_kazasu_data_names_the_folder_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAZASU_DATA", "/srv/kiosk-data")
    monkeypatch.setattr(sys, "platform", "win32")
    assert paths.default_data_folder() == Path("/srv/kiosk-data")


def test_windows_keeps_the_data_in_programdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAZASU_DATA", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", "D:\\ProgramData")
    assert paths.default_data_folder() == Path("D:\\ProgramData") / "Kazasu"


def test_elsewhere_the_users_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAZASU_DATA", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert paths.default_data_folder() == Path.home() / ".local" / "share" / "kazasu"
