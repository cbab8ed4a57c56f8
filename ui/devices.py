"""The card reader and the camera as Qt signals.

Both report from their own threads; the bridges re-emit on the GUI thread through queued
signals. The card reader is any ``cardio.device.CardDevice``: the PC/SC device thread or the
virtual reader, both publishing ``DeviceStatus`` values and taking jobs through ``submit``.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from cardio.device import CardDevice, DeviceState, DeviceStatus
from cardio.qr.camera_status import CameraStatus, StatusChange
from cardio.transport import CardTransport

if TYPE_CHECKING:
    from cardio.qr.camera import CameraLoop, CodeRead

T = TypeVar("T")


class CardBridge(QObject):
    """Reader statuses as signals; ``card_arrived`` fires when a card comes into the field."""

    status_changed = Signal(object)
    card_arrived = Signal()
    card_left = Signal()
    _status = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.device: CardDevice | None = None
        self.status = DeviceStatus(DeviceState.STARTING)
        self._status.connect(self._on_status, Qt.ConnectionType.QueuedConnection)

    def report(self, status: DeviceStatus) -> None:
        """The device's ``on_status`` callback: safe to call from any thread."""
        self._status.emit(status)

    def attach(self, device: CardDevice) -> None:
        """Use ``device`` (made with ``report`` as its status callback) and start it."""
        self.device = device
        device.start()

    def submit(self, job: Callable[[CardTransport], T]) -> Future[T]:
        """Run a card job on the device's thread."""
        assert self.device is not None, "no card reader attached"
        return self.device.submit(job)

    def stop(self) -> None:
        """Stop the device."""
        if self.device is not None:
            self.device.stop()

    def _on_status(self, status: DeviceStatus) -> None:
        before = self.status.state
        self.status = status
        self.status_changed.emit(status)
        if status.state is DeviceState.CARD_PRESENT and before is not DeviceState.CARD_PRESENT:
            self.card_arrived.emit()
        elif status.state is not DeviceState.CARD_PRESENT and before is DeviceState.CARD_PRESENT:
            self.card_left.emit()


class CameraBridge(QObject):
    """The camera loop's codes and statuses as signals; ``code_read`` carries the text."""

    code_read = Signal(str)
    status_changed = Signal(object)
    _code = Signal(object)
    _change = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.loop: CameraLoop | None = None
        self.status: CameraStatus | None = None
        self._code.connect(self._on_code, Qt.ConnectionType.QueuedConnection)
        self._change.connect(self._on_change, Qt.ConnectionType.QueuedConnection)

    def start(self, source: int | str) -> None:
        """Open ``source`` (device index, URL or file) on the camera thread."""
        # OpenCV and NumPy load here, not at start-up: most kiosks have no camera.
        from cardio.qr.camera import CameraLoop

        self.stop()
        self.loop = CameraLoop(source, self._code.emit, self._change.emit)
        self.loop.start()

    def stop(self) -> None:
        """Stop the camera thread, if running."""
        if self.loop is not None:
            self.loop.stop()
            self.loop = None

    def _on_code(self, read: CodeRead) -> None:
        self.code_read.emit(read.detection.text)

    def _on_change(self, change: StatusChange) -> None:
        self.status = change.status
        self.status_changed.emit(change)
