"""The camera loop: one thread that grabs frames, decodes QR codes and reports each code once.

Sources are what OpenCV's VideoCapture opens: a device index (a USB webcam), a URL (an IP
camera's stream) or a file (a video, or an image sequence given as a ``%04d`` pattern). Results
and status changes go to two callbacks, called on the camera thread; a UI bridges them to its own
thread (the kiosk turns them into Qt signals). :class:`QueueSink` collects both in a queue.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import cv2
import numpy as np

from cardio.qr.camera_status import CameraStatus, StatusChange
from cardio.qr.reader import QRDetection, QRReader, default_reader

log = logging.getLogger(__name__)

Source = int | str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class CodeRead:
    """A code came into view.

    ``frame_index`` counts frames since the source was (re)opened; ``at_s`` is the frame's time:
    media time for files, monotonic seconds for cameras and streams.
    """

    detection: QRDetection
    frame_index: int
    at_s: float


class SeenCodes:
    """Remembers which codes are in view, so a code held up is reported once.

    A code counts as gone once it has not been decoded for ``gone_after_s``; shown again after
    that, it is new. The hold-off also bridges frames where a moving code is blurred.
    """

    def __init__(self, gone_after_s: float) -> None:
        """Forget codes not seen for ``gone_after_s`` seconds."""
        self._gone_after_s = gone_after_s
        self._last_seen: dict[bytes, float] = {}

    def arrivals(self, seen: Iterable[bytes], now: float) -> list[bytes]:
        """Record the codes decoded at time ``now``; return those that were not in view."""
        self._last_seen = {
            data: t for data, t in self._last_seen.items() if now - t <= self._gone_after_s
        }
        new: list[bytes] = []
        for data in seen:
            if data not in self._last_seen and data not in new:
                new.append(data)
            self._last_seen[data] = now
        return new


def _is_stream(source: Source) -> bool:
    return isinstance(source, int) or (isinstance(source, str) and "://" in source)


class CameraLoop:
    """Reads ``source`` on its own thread until :meth:`stop`; recovers from a lost camera."""

    def __init__(
        self,
        source: Source,
        on_code: Callable[[CodeRead], None],
        on_status: Callable[[StatusChange], None],
        *,
        reader_factory: Callable[[], QRReader] = default_reader,
        gone_after_s: float = 1.0,
        retry_s: tuple[float, float] = (0.5, 5.0),
        sequence_fps: float = 10.0,
        frame_size: tuple[int, int] = (1280, 720),
        timeout_ms: int = 5000,
    ) -> None:
        """Prepare the loop; nothing is opened until :meth:`start`.

        ``retry_s`` is the first and the longest wait between attempts to (re)open the camera.
        ``sequence_fps`` times the frames of files that do not state a frame rate.
        ``frame_size`` is asked of device cameras; ``timeout_ms`` bounds opening and reading
        network streams.
        """
        self.source = source
        self._on_code = on_code
        self._on_status = on_status
        self._reader_factory = reader_factory
        self._seen = SeenCodes(gone_after_s)
        self._retry_s = retry_s
        self._sequence_fps = sequence_fps
        self._frame_size = frame_size
        self._timeout_ms = timeout_ms
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kazasu-camera", daemon=True)
        self._status: CameraStatus | None = None
        self.frames_read = 0

    @property
    def status(self) -> CameraStatus | None:
        """The last status reported, or None before the loop started."""
        return self._status

    def start(self) -> None:
        """Start the camera thread."""
        self._thread.start()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Ask the loop to stop and wait for the thread to end."""
        self._stop.set()
        self.join(timeout)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end (a file source ends by itself); True if it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _set_status(self, status: CameraStatus, detail: str) -> None:
        if status == self._status:
            return
        self._status = status
        try:
            self._on_status(StatusChange(status, detail))
        except Exception:  # a faulty listener must not take the camera down with it
            log.exception("camera status listener failed")

    def _open(self) -> cv2.VideoCapture:
        if isinstance(self.source, int):
            capture = cv2.VideoCapture(self.source)
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._frame_size[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._frame_size[1])
            return capture
        if _is_stream(self.source):
            params = [
                cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
                self._timeout_ms,
                cv2.CAP_PROP_READ_TIMEOUT_MSEC,
                self._timeout_ms,
            ]
            return cv2.VideoCapture(str(self.source), cv2.CAP_ANY, params)
        return cv2.VideoCapture(os.fspath(self.source))

    def _run(self) -> None:
        reader = self._reader_factory()
        retry = self._retry_s[0]
        try:
            self._set_status(CameraStatus.OPENING, f"opening camera {self.source}")
            while not self._stop.is_set():
                capture = self._open()
                if not capture.isOpened():
                    capture.release()
                    self._set_status(
                        CameraStatus.OPEN_FAILED,
                        f"camera {self.source} cannot be opened; retrying",
                    )
                    self._stop.wait(retry)
                    retry = min(retry * 2, self._retry_s[1])
                    continue
                retry = self._retry_s[0]
                ended = self._read_frames(capture, reader)
                capture.release()
                if ended:
                    break
                self._stop.wait(retry)
        finally:
            reader.close()
            if self._status != CameraStatus.ENDED:
                self._set_status(CameraStatus.STOPPED, "camera stopped")

    def _read_frames(self, capture: cv2.VideoCapture, reader: QRReader) -> bool:
        """Decode frames until the source fails or stop; True when a file has ended."""
        stream = _is_stream(self.source)
        fps = capture.get(cv2.CAP_PROP_FPS)
        if not fps or fps <= 0 or fps > 1000:
            fps = self._sequence_fps
        index = 0
        while not self._stop.is_set():
            ok, frame = capture.read()
            if not ok or frame is None:
                if stream:
                    self._set_status(CameraStatus.LOST, f"camera {self.source} stopped sending")
                    return False
                self._set_status(CameraStatus.ENDED, f"end of {self.source}")
                return True
            self._set_status(CameraStatus.RUNNING, f"camera {self.source} running")
            now = time.monotonic() if stream else index / fps
            gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
            found = reader.read(np.asarray(gray, dtype=np.uint8))
            self.frames_read += 1
            arrived = self._seen.arrivals((d.data for d in found), now)
            for detection in found:
                if detection.data in arrived:
                    arrived.remove(detection.data)
                    self._deliver(CodeRead(detection, index, now))
            index += 1
        return False

    def _deliver(self, read: CodeRead) -> None:
        try:
            self._on_code(read)
        except Exception:  # a faulty listener must not take the camera down with it
            log.exception("QR code listener failed")


class QueueSink:
    """Collects a loop's codes and status changes, in order, in one thread-safe queue."""

    def __init__(self) -> None:
        """Start with an empty queue."""
        self.events: queue.Queue[CodeRead | StatusChange] = queue.Queue()

    def on_code(self, read: CodeRead) -> None:
        """Queue a code."""
        self.events.put(read)

    def on_status(self, change: StatusChange) -> None:
        """Queue a status change."""
        self.events.put(change)
