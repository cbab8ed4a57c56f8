"""The card reader as the kiosk sees it, with no PC/SC library: the states a reader is in, the
status it publishes, and ``CardDevice``, what the screens need of one.

Two readers implement it: the PC/SC device thread (``cardio/pcsc/device.py``, pyscard) and the
virtual reader (``cardio/virtualcard/reader.py``). Keeping the interface here means a kiosk, a
demo or a test on the virtual reader never loads pyscard.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, TypeVar

from cardio.transport import CardTransport

T = TypeVar("T")


class DeviceState(Enum):
    """What the UI shows about the reader."""

    STARTING = "starting"
    PCSC_UNAVAILABLE = "pcsc_unavailable"
    NO_READER = "no_reader"
    WAITING_FOR_CARD = "waiting_for_card"
    CARD_PRESENT = "card_present"
    CARD_UNRESPONSIVE = "card_unresponsive"
    STOPPED = "stopped"


_MESSAGES = {
    DeviceState.STARTING: "Starting the card reader.",
    DeviceState.PCSC_UNAVAILABLE: "The smart card service is not running. Retrying.",
    DeviceState.NO_READER: "No card reader is connected. Plug in the card reader.",
    DeviceState.WAITING_FOR_CARD: "Place the card on the reader.",
    DeviceState.CARD_PRESENT: "Card on the reader.",
    DeviceState.CARD_UNRESPONSIVE: "The card does not answer. Take it off and place it again.",
    DeviceState.STOPPED: "The card reader is stopped.",
}


@dataclass(frozen=True)
class DeviceStatus:
    """A state, the reader it concerns, and an English line for the UI to translate."""

    state: DeviceState
    reader: str | None = None
    readers: tuple[str, ...] = ()
    atr: bytes | None = None

    @property
    def message(self) -> str:
        """What a poll worker reads."""
        return _MESSAGES[self.state]


class CardDevice(Protocol):
    """A reader the kiosk uses: started and stopped, publishing ``DeviceStatus`` values (to the
    callback it was made with, on its own thread), and running card jobs on that thread."""

    status: DeviceStatus

    def start(self) -> None:
        """Start watching the reader; the first status follows."""

    def stop(self, timeout: float = 5.0) -> None:
        """Stop, waiting up to ``timeout`` seconds for the reader's thread."""

    def submit(self, job: Callable[[CardTransport], T]) -> Future[T]:
        """Run ``job`` against the card in the reader, on the reader's thread."""
        raise NotImplementedError
