"""QR readers on rendered frames: what bytes and text come out, in which character set."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest
from pyzbar import pyzbar

from cardio.qr.charset import DecodedText, decode_qr_bytes
from cardio.qr.reader import (
    CoarseToFineReader,
    GrayFrame,
    OpenCVReader,
    QRReader,
    ZbarReader,
    default_reader,
)
from cardio.qr.scene import Placement, compose_frame, qr_matrix, render_code

JAPANESE = "避難所　第三小学校"
CENTRE = Placement()


def frame_with(
    data: bytes | str, placement: Placement = CENTRE, *, kanji: bool = False, seed: int = 0
) -> GrayFrame:
    code = render_code(qr_matrix(data, kanji=kanji), 4)
    bgr = compose_frame(code, placement, np.random.default_rng(seed))
    return np.ascontiguousarray(bgr[:, :, 0])


READERS = [ZbarReader, OpenCVReader, default_reader]


@pytest.fixture(params=READERS, ids=["zbar", "opencv", "default"])
def reader(request: pytest.FixtureRequest) -> QRReader:
    made: QRReader = request.param()
    request.addfinalizer(made.close)
    return made


class TestCharacterSets:
    def test_utf8_is_taken_first(self) -> None:
        assert decode_qr_bytes(JAPANESE.encode()) == DecodedText(JAPANESE, "utf-8")

    def test_a_utf8_byte_order_mark_is_dropped(self) -> None:
        assert decode_qr_bytes(b"\xef\xbb\xbf" + JAPANESE.encode()).text == JAPANESE

    def test_shift_jis_with_windows_extensions_decodes(self) -> None:
        text = "髙橋①㈱ ﾃｽﾄ"  # NEC/IBM extensions and half-width katakana, as Windows writes them
        assert decode_qr_bytes(text.encode("cp932")) == DecodedText(text, "shift_jis")

    def test_anything_else_is_latin_1_and_never_fails(self) -> None:
        assert decode_qr_bytes("café".encode("latin-1")) == DecodedText("café", "iso-8859-1")
        assert decode_qr_bytes(bytes(range(256))).encoding == "iso-8859-1"


class TestReaders:
    @pytest.mark.parametrize("kanji", [False, True], ids=["byte mode", "kanji mode"])
    def test_shift_jis_code_reads_as_japanese_text(self, reader: QRReader, kanji: bool) -> None:
        data = JAPANESE.encode("cp932")
        [found] = reader.read(frame_with(data, kanji=kanji))
        assert (found.text, found.encoding) == (JAPANESE, "shift_jis")
        assert found.data == data

    def test_utf8_code_reads_as_japanese_text(self, reader: QRReader) -> None:
        [found] = reader.read(frame_with(JAPANESE.encode()))
        assert (found.data, found.text, found.encoding) == (JAPANESE.encode(), JAPANESE, "utf-8")

    @pytest.mark.parametrize(
        "placement",
        [
            Placement(center=(300, 250), side_px=340, angle_deg=25),
            Placement(center=(900, 400), side_px=260, angle_deg=-40),
            Placement(center=(640, 360), side_px=520, angle_deg=90),
        ],
        ids=["rotated 25", "rotated -40 smaller", "rotated 90 large"],
    )
    @pytest.mark.parametrize("make", [OpenCVReader, default_reader], ids=["opencv", "default"])
    def test_rotated_and_scaled_codes_in_a_noisy_frame(
        self, make: Callable[[], QRReader], placement: Placement
    ) -> None:
        # Not plain zbar at full size: per-pixel noise along the soft edges of large rotated
        # modules throws its edge detector, which is why the default reads a half-size frame first.
        [found] = make().read(frame_with("KZ1:TEST 0123", placement, seed=7))
        assert found.text == "KZ1:TEST 0123"
        xs = [x for x, _ in found.polygon]
        ys = [y for _, y in found.polygon]
        # The reported corners surround where the code was drawn, in full-frame pixels.
        assert min(xs) < placement.center[0] < max(xs)
        assert min(ys) < placement.center[1] < max(ys)

    def test_an_empty_frame_yields_nothing(self, reader: QRReader) -> None:
        blank = compose_frame(None, Placement(), np.random.default_rng(1))
        assert reader.read(np.ascontiguousarray(blank[:, :, 0])) == []


def test_zbar_reader_returns_the_bytes_pyzbar_would_have_re_encoded() -> None:
    data = JAPANESE.encode("cp932")
    frame = frame_with(data)
    [guessed] = pyzbar.decode(frame, symbols=[pyzbar.ZBarSymbol.QRCODE])
    assert guessed.data != data  # zbar converted its guess to UTF-8 behind our back
    [raw] = ZbarReader().read(frame)
    assert raw.data == data


def test_coarse_pass_misses_a_distant_code_and_the_full_frame_pass_finds_it() -> None:
    frame = frame_with("KZ1:" + "DISTANT CODE " * 12, Placement(center=(1000, 200), side_px=160))
    half = cv2.resize(frame, (640, 360), interpolation=cv2.INTER_AREA)
    assert ZbarReader().read(np.ascontiguousarray(half)) == []
    [found] = CoarseToFineReader(ZbarReader(), ZbarReader(density=2, smooth=3)).read(frame)
    assert found.text.startswith("KZ1:DISTANT")


def test_two_codes_in_one_frame_are_both_read() -> None:
    rng = np.random.default_rng(3)
    left = compose_frame(render_code(qr_matrix("LEFT"), 4), Placement((320, 360), 280), rng)
    right = compose_frame(render_code(qr_matrix("RIGHT"), 4), Placement((960, 360), 280), rng)
    frame = np.ascontiguousarray(np.concatenate([left[:, :640, 0], right[:, 640:, 0]], axis=1))
    for reader in (ZbarReader(), OpenCVReader()):
        assert sorted(d.text for d in reader.read(frame)) == ["LEFT", "RIGHT"]
