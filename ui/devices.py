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
    """Reader statuses as signals; ``card_arrived`` fires when a card comes into the field.

    With ``hold`` (``Kiosk.begin_serving``) the counter is held busy from the moment the device
    reports a card, on the device's own thread: the hop to the GUI thread waits for the
    interpreter, which a provisioning keeps busy, and was most of what it added to a tap
    (docs/decisions/kiosk-sync.md, "The tap during provisioning, sixth round"). The screen that
    serves the card takes that hold (``take_arrival_hold``) and ends it; one nobody takes ends
    once ``card_arrived`` has been handled.
    """

    status_changed = Signal(object)
    card_arrived = Signal()
    card_left = Signal()
    _status = Signal(object, object)

    def __init__(self, hold: Callable[[], Callable[[], None]] | None = None) -> None:
        super().__init__()
        self.device: CardDevice | None = None
        self.status = DeviceStatus(DeviceState.STARTING)
        self._hold = hold
        # Whether the device's last report was of a card (read and written on its thread only).
        self._reported_present = False
        # The hold begun for the card being announced, while ``card_arrived`` is handled.
        self._arrival: Callable[[], None] | None = None
        self._status.connect(self._on_status, Qt.ConnectionType.QueuedConnection)

    def report(self, status: DeviceStatus) -> None:
        """The device's ``on_status`` callback: safe to call from any thread."""
        present = status.state is DeviceState.CARD_PRESENT
        arrival = None
        if present and not self._reported_present and self._hold is not None:
            arrival = self._hold()
        self._reported_present = present
        self._status.emit(status, arrival)

    def take_arrival_hold(self) -> Callable[[], None] | None:
        """The hold begun as the card being announced came (the call that ends it), for the
        screen that serves it; None if there is none or it was taken."""
        arrival, self._arrival = self._arrival, None
        return arrival

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

    def _on_status(self, status: DeviceStatus, arrival: Callable[[], None] | None) -> None:
        before = self.status.state
        self.status = status
        self.status_changed.emit(status)
        if status.state is DeviceState.CARD_PRESENT and before is not DeviceState.CARD_PRESENT:
            self._arrival = arrival
            self.card_arrived.emit()
            arrival = self.take_arrival_hold()
        if arrival is not None:
            # Nobody serves this card (a staff screen's, or one already being served).
            arrival()
        if status.state is not DeviceState.CARD_PRESENT and before is DeviceState.CARD_PRESENT:
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
