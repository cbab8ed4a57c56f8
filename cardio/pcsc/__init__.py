"""PC/SC readers through pyscard: reader listing, a card transport, and the device thread."""

from cardio.device import DeviceState, DeviceStatus
from cardio.pcsc.device import DeviceThread
from cardio.pcsc.readers import ReaderInfo, list_readers
from cardio.pcsc.transport import PcscContext, PcscTransport

__all__ = [
    "DeviceState",
    "DeviceStatus",
    "DeviceThread",
    "PcscContext",
    "PcscTransport",
    "ReaderInfo",
    "list_readers",
]
