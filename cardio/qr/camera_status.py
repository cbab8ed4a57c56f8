"""What the camera loop reports about the camera, without loading OpenCV.

A UI shows these from its first screen on; the loop itself (``cardio.qr.camera``) loads OpenCV
and NumPy, which is kept off a kiosk's start-up path until a camera is configured.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CameraStatus(StrEnum):
    """What a UI shows about the camera."""

    OPENING = "opening"
    RUNNING = "running"
    OPEN_FAILED = "open_failed"  # no such camera, in use by another program, or unreachable
    LOST = "lost"  # was running, then frames stopped (unplugged, stream dropped)
    ENDED = "ended"  # a file or image sequence was read to its end
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class StatusChange:
    """The camera's status changed; ``detail`` says why in words staff can act on."""

    status: CameraStatus
    detail: str
