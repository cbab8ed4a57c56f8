"""QR readers: one interface, a zbar implementation and an OpenCV fallback.

A reader takes one grayscale frame and returns every QR code it finds, as raw bytes plus text.
Readers keep native state (a zbar scanner, an OpenCV detector) and are not thread-safe: the camera
loop owns one on its thread.
"""

from __future__ import annotations

import ctypes
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from cardio.qr.charset import decode_qr_bytes

GrayFrame = NDArray[np.uint8]
Point = tuple[int, int]

# zbar's "don't convert binary data to text" switch (ZBAR_CFG_BINARY, zbar >= 0.23). pyzbar's
# enum predates it; without it zbar re-encodes what it guesses is Shift_JIS or Latin-1 as UTF-8.
_ZBAR_CFG_BINARY = 4
_ZBAR_CFG_X_DENSITY = 0x100
_ZBAR_CFG_Y_DENSITY = 0x101
_ZBAR_CFG_ENABLE = 0
_ZBAR_QRCODE = 64
_FOURCC_Y800 = 0x30303859


@dataclass(frozen=True, slots=True)
class QRDetection:
    """One QR code found in a frame."""

    data: bytes
    text: str
    encoding: str
    polygon: tuple[Point, ...]


class ReaderUnavailable(RuntimeError):
    """The native library a reader needs is not installed."""


class QRReader(ABC):
    """Finds and decodes QR codes in grayscale frames."""

    name: str

    @abstractmethod
    def read(self, gray: GrayFrame) -> list[QRDetection]:
        """Return every QR code decoded in ``gray`` (a 2-D uint8 array), possibly none."""

    def close(self) -> None:  # noqa: B027 - readers without native state have nothing to free
        """Release native resources; the reader is unusable afterwards."""


def _detection(data: bytes, polygon: tuple[Point, ...]) -> QRDetection:
    decoded = decode_qr_bytes(data)
    return QRDetection(data, decoded.text, decoded.encoding, polygon)


class ZbarReader(QRReader):
    """zbar through pyzbar's ctypes bindings, asking zbar for the code's raw bytes."""

    name = "zbar"

    def __init__(self, density: int = 1, smooth: int = 0) -> None:
        """Create a scanner.

        ``density`` scans every n-th pixel row and column (1 = all). ``smooth`` is the size of a
        Gaussian kernel applied first (0 = none): per-pixel sensor noise gives zbar's edge
        detector spurious edges, which cost time and, around large modules, whole codes.
        """
        if smooth and smooth % 2 == 0:
            raise ValueError("smooth must be 0 or an odd kernel size")
        self._smooth = smooth
        try:
            from pyzbar import wrapper
        except ImportError as exc:  # pyzbar raises ImportError when libzbar cannot be loaded
            raise ReaderUnavailable(f"zbar library not available: {exc}") from exc
        self._zbar: Any = wrapper
        scanner = wrapper.zbar_image_scanner_create()
        set_config = wrapper.zbar_image_scanner_set_config
        set_config(scanner, 0, _ZBAR_CFG_ENABLE, 0)
        set_config(scanner, _ZBAR_QRCODE, _ZBAR_CFG_ENABLE, 1)
        if set_config(scanner, _ZBAR_QRCODE, _ZBAR_CFG_BINARY, 1) != 0:
            wrapper.zbar_image_scanner_destroy(scanner)
            raise ReaderUnavailable("zbar is older than 0.23 and cannot return raw bytes")
        set_config(scanner, 0, _ZBAR_CFG_X_DENSITY, density)
        set_config(scanner, 0, _ZBAR_CFG_Y_DENSITY, density)
        self._scanner: Any = scanner

    def read(self, gray: GrayFrame) -> list[QRDetection]:
        """Scan ``gray`` with zbar."""
        if self._scanner is None:
            raise RuntimeError("reader is closed")
        z = self._zbar
        if self._smooth:
            gray = np.asarray(cv2.GaussianBlur(gray, (self._smooth, self._smooth), 0), np.uint8)
        pixels = np.ascontiguousarray(gray, dtype=np.uint8)
        height, width = pixels.shape
        image = z.zbar_image_create()
        try:
            z.zbar_image_set_format(image, _FOURCC_Y800)
            z.zbar_image_set_size(image, width, height)
            # zbar only borrows the buffer; ``pixels`` stays alive until the image is destroyed.
            z.zbar_image_set_data(image, pixels.ctypes.data, pixels.size, None)
            if z.zbar_scan_image(self._scanner, image) <= 0:
                return []
            found: list[QRDetection] = []
            symbol = z.zbar_image_first_symbol(image)
            while symbol:
                data = ctypes.string_at(
                    z.zbar_symbol_get_data(symbol), z.zbar_symbol_get_data_length(symbol)
                )
                x, y = z.zbar_symbol_get_loc_x, z.zbar_symbol_get_loc_y
                polygon = tuple(
                    (int(x(symbol, i)), int(y(symbol, i)))
                    for i in range(z.zbar_symbol_get_loc_size(symbol))
                )
                found.append(_detection(data, polygon))
                symbol = z.zbar_symbol_next(symbol)
            return found
        finally:
            z.zbar_image_destroy(image)

    def close(self) -> None:
        """Destroy the zbar scanner."""
        if self._scanner is not None:
            self._zbar.zbar_image_scanner_destroy(self._scanner)
            self._scanner = None


def _bytes_from_opencv(raw: bytes) -> bytes:
    # OpenCV passes UTF-8 and kanji-mode bytes through, but re-encodes byte-mode data that is not
    # UTF-8 as if it were ISO-8859-1. Text made only of Latin-1 characters is undone to recover a
    # Shift_JIS code's bytes; a genuine UTF-8 code whose text fits Latin-1 then comes back as
    # Latin-1 bytes, which decode to the same text.
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw
    try:
        return text.encode("iso-8859-1")
    except UnicodeEncodeError:
        return raw


class OpenCVReader(QRReader):
    """OpenCV's QRCodeDetector: slower and less tolerant than zbar, but always present."""

    name = "opencv"

    def __init__(self) -> None:
        """Create the detector."""
        self._detector = cv2.QRCodeDetector()

    def read(self, gray: GrayFrame) -> list[QRDetection]:
        """Detect and decode every code in ``gray`` with OpenCV."""
        ok, payloads, points, _ = self._detector.detectAndDecodeBytesMulti(gray)
        if not ok or points is None:
            return []
        found: list[QRDetection] = []
        for payload, corners in zip(payloads, points, strict=True):
            if not payload:  # located but not decodable
                continue
            polygon = tuple((int(x), int(y)) for x, y in corners)
            found.append(_detection(_bytes_from_opencv(bytes(payload)), polygon))
        return found


class CoarseToFineReader(QRReader):
    """Reads a downscaled frame first and the full frame only when that finds nothing.

    A code held up to the kiosk fills a good part of the frame, and at half size zbar reads it in
    a quarter of the time, with the sensor noise averaged away. Small or distant codes still get
    the full-resolution pass.
    """

    def __init__(self, coarse: QRReader, fine: QRReader, factor: int = 2) -> None:
        """Use ``coarse`` on frames shrunk by ``factor``, then ``fine`` on the full frame."""
        self.name = f"{coarse.name}/{factor}+{fine.name}"
        self._coarse, self._fine, self._factor = coarse, fine, factor

    def read(self, gray: GrayFrame) -> list[QRDetection]:
        """Try the small frame, then the full one; polygons are in full-frame pixels."""
        height, width = gray.shape
        size = (width // self._factor, height // self._factor)
        small = np.asarray(cv2.resize(gray, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
        found = self._coarse.read(small)
        if not found:
            return self._fine.read(gray)
        f = self._factor
        return [
            QRDetection(d.data, d.text, d.encoding, tuple((x * f, y * f) for x, y in d.polygon))
            for d in found
        ]

    def close(self) -> None:
        """Close both readers."""
        self._coarse.close()
        self._fine.close()


def default_reader() -> QRReader:
    """zbar if installed (half size; then full size, smoothed, every other line), else OpenCV."""
    try:
        return CoarseToFineReader(ZbarReader(density=1), ZbarReader(density=2, smooth=3))
    except ReaderUnavailable:
        return OpenCVReader()
