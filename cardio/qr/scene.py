"""Camera-like frames holding QR codes, for tests, benchmarks and demos without a camera.

Codes are made with segno, as the platform draws them, and drawn into a frame the size a kiosk
webcam delivers, scaled, rotated and with sensor noise, then written as a video file or an image
sequence that OpenCV's VideoCapture reads like a camera.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import segno
from numpy.typing import NDArray

Frame = NDArray[np.uint8]

FRAME_SIZE = (1280, 720)
QUIET_ZONE = 4


def qr_matrix(
    data: bytes | str, *, error_correction: str = "M", kanji: bool = False
) -> NDArray[np.bool_]:
    """The module matrix (True = dark) of a QR code holding ``data``, with a 4-module quiet zone.

    ``str`` data is written in the most compact mode segno finds for it (UTF-8 in byte mode when
    nothing else fits). ``kanji=True`` writes ``data`` (Shift_JIS bytes of double-byte characters
    only) in kanji mode, as Japanese generators do, so readers are tested against it.
    """
    if kanji and not isinstance(data, bytes):
        raise TypeError("kanji mode takes Shift_JIS bytes")
    code = segno.make_qr(
        data,
        error=error_correction.lower(),
        mode="kanji" if kanji else None,
        boost_error=False,  # the level asked for, never a silently denser one
    )
    return np.array(list(code.matrix_iter(border=QUIET_ZONE)), dtype=np.bool_)


def render_code(matrix: NDArray[np.bool_], module_px: int) -> Frame:
    """A grayscale image of ``matrix`` with square modules of ``module_px`` pixels."""
    image = np.where(matrix, 0, 255).astype(np.uint8)
    return np.kron(image, np.ones((module_px, module_px), dtype=np.uint8))


@dataclass(frozen=True, slots=True)
class Placement:
    """Where and how a code appears in a frame: centre, side length and rotation."""

    center: tuple[float, float] = (640.0, 360.0)
    side_px: float = 360.0
    angle_deg: float = 0.0


def compose_frame(
    code: Frame | None,
    placement: Placement,
    rng: np.random.Generator,
    *,
    size: tuple[int, int] = FRAME_SIZE,
    noise_sigma: float = 6.0,
) -> Frame:
    """A BGR frame of ``size`` (width, height): a shaded background, ``code`` placed, noise added.

    ``code`` is a grayscale image from :func:`render_code`; ``None`` makes a frame with no code,
    as when the person has taken the phone away.
    """
    width, height = size
    ramp = np.linspace(90, 170, width, dtype=np.float32)
    canvas = np.tile(ramp, (height, 1))
    if code is not None:
        scale = placement.side_px / code.shape[1]
        centre = (code.shape[1] / 2, code.shape[0] / 2)
        warp = cv2.getRotationMatrix2D(centre, placement.angle_deg, scale)
        warp[0, 2] += placement.center[0] - centre[0]
        warp[1, 2] += placement.center[1] - centre[1]
        drawn = cv2.warpAffine(code.astype(np.float32), warp, size, flags=cv2.INTER_LINEAR)
        mask = cv2.warpAffine(np.ones(code.shape, np.float32), warp, size, flags=cv2.INTER_LINEAR)
        # A phone screen is never pure black and white: compress the contrast a little.
        drawn = 30 + drawn * (200 / 255)
        canvas = canvas * (1 - mask) + drawn * mask
    canvas += rng.normal(0.0, noise_sigma, canvas.shape).astype(np.float32)
    gray = np.clip(canvas, 0, 255).astype(np.uint8)
    return np.asarray(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), dtype=np.uint8)


def write_video(path: Path, frames: Iterable[Frame], fps: float) -> Path:
    """Write ``frames`` (BGR, all one size) to ``path`` as Motion-JPEG in an AVI container."""
    writer: cv2.VideoWriter | None = None
    try:
        for frame in frames:
            if writer is None:
                size = (frame.shape[1], frame.shape[0])
                writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, size)
                if not writer.isOpened():
                    raise OSError(f"OpenCV cannot write a video to {path}")
            writer.write(frame)
    finally:
        if writer is not None:
            writer.release()
    if writer is None:
        raise ValueError("no frames to write")
    return path


def write_image_sequence(folder: Path, frames: Iterable[Frame]) -> str:
    """Write ``frames`` as PNG files in ``folder``; return the pattern VideoCapture opens."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for count, frame in enumerate(frames, start=1):
        if not cv2.imwrite(str(folder / f"frame_{count:04d}.png"), frame):
            raise OSError(f"OpenCV cannot write images to {folder}")
    if not count:
        raise ValueError("no frames to write")
    return str(folder / "frame_%04d.png")
