"""The card reader and the camera as Qt signals.

Both report from their own threads; the bridges re-emit on the GUI thread through queued
signals. The card reader is any ``cardio.device.CardDevice``: the PC/SC device thread or the
virtual reader, both publishing ``DeviceStatus`` values and taking jobs through ``submit``.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from cardio.device import CardDevice, DeviceState, DeviceStatus
from cardio.qr.camera_status import CameraStatus, StatusChange
from cardio.transport import CardTransport

if TYPE_CHECKING:
    from cardio.qr.camera import CameraLoop, CodeRead

T = TypeVar("T")


@dataclass(frozen=True)
class Arrival:
    """What began on the device's thread as a card came, for the screen that serves it: the
    counter's hold (the call that ends it) and the card's first read (``read_on_arrival``)."""

    end_hold: Callable[[], None] | None
    read: Future[Any] | None


class CardBridge(QObject):
    """Reader statuses as signals; ``card_arrived`` fires when a card comes into the field.

    The hop to the GUI thread waits for the interpreter, which a provisioning keeps busy, and
    was most of what it added to a tap (docs/decisions/kiosk-sync.md, "The tap during
    provisioning, sixth round"), so what every served card needs first begins on the device's
    own thread as it reports the card: with ``hold`` (``Kiosk.begin_serving``) the counter is
    held busy, and the job ``read_on_arrival`` (the screens set it: the citizens' identifying
    read, or none on a staff screen) is queued on the device. The screen that serves the card
    takes both (``take_arrival``); a hold nobody takes ends once ``card_arrived`` has been
    handled, and a read nobody takes is let go.
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
        # Set on the GUI thread, read on the device's: one attribute, so no lock.
        self.read_on_arrival: Callable[[CardTransport], Any] | None = None
        # Whether the device's last report was of a card (read and written on its thread only).
        self._reported_present = False
        # What began for the card being announced, while ``card_arrived`` is handled.
        self._arrival: Arrival | None = None
        self._status.connect(self._on_status, Qt.ConnectionType.QueuedConnection)

    def report(self, status: DeviceStatus) -> None:
        """The device's ``on_status`` callback: safe to call from any thread."""
        present = status.state is DeviceState.CARD_PRESENT
        arrival = None
        if present and not self._reported_present:
            end_hold = self._hold() if self._hold is not None else None
            job, device = self.read_on_arrival, self.device
            # Queued on the device from its own thread: it runs once this report returns.
            read = device.submit(job) if job is not None and device is not None else None
            arrival = Arrival(end_hold, read)
        self._reported_present = present
        self._status.emit(status, arrival)

    def take_arrival(self) -> Arrival | None:
        """What began as the card being announced came, for the screen that serves it; None
        if nothing did or it was taken."""
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

    def _on_status(self, status: DeviceStatus, arrival: Arrival | None) -> None:
        before = self.status.state
        self.status = status
        self.status_changed.emit(status)
        if status.state is DeviceState.CARD_PRESENT and before is not DeviceState.CARD_PRESENT:
            self._arrival = arrival
            self.card_arrived.emit()
            arrival = self.take_arrival()
        if arrival is not None and arrival.end_hold is not None:
            # Nobody serves this card (a staff screen's, or one already being served).
            arrival.end_hold()
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
