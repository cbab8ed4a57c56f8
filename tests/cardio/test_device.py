"""The reader interface lives in cardio/ without pyscard: the virtual reader implements it and
loads no PC/SC library, and the PC/SC device thread implements the same interface."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from cardio.device import CardDevice, DeviceState, DeviceStatus
from cardio.virtualcard.reader import READER_NAME, VirtualReader

ROOT = Path(__file__).resolve().parents[2]


def loaded_after(code: str) -> list[str]:
    """The modules of pyscard (``smartcard``) a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [m for m in json.loads(run.stdout) if m.split(".")[0] == "smartcard"]


def test_the_virtual_reader_does_not_load_pyscard() -> None:
    assert loaded_after("import cardio.virtualcard.reader") == []
    assert loaded_after("import cardio.device") == []


def test_the_pcsc_device_thread_is_where_pyscard_comes_in() -> None:
    assert "smartcard.scard" in loaded_after("import cardio.pcsc.device")


def test_both_readers_are_card_devices() -> None:
    from cardio.pcsc.device import DeviceThread

    # Declared, so mypy checks each against the protocol.
    assert CardDevice in DeviceThread.__mro__
    assert CardDevice in VirtualReader.__mro__


def test_the_virtual_reader_publishes_device_statuses() -> None:
    seen: list[DeviceStatus] = []
    ready = threading.Event()

    def report(status: DeviceStatus) -> None:
        seen.append(status)
        ready.set()

    reader: CardDevice = VirtualReader(report)
    reader.start()
    assert ready.wait(5)
    reader.stop()
    assert seen[0].state is DeviceState.WAITING_FOR_CARD and seen[0].reader == READER_NAME
    assert seen[0].message == "Place the card on the reader."
