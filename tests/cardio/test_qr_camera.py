"""The camera loop over generated video files, image sequences and an HTTP stream."""

from __future__ import annotations

import functools
import http.server
import queue
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cardio.qr.camera import CameraLoop, CodeRead, QueueSink, SeenCodes
from cardio.qr.camera_status import CameraStatus, StatusChange
from cardio.qr.reader import OpenCVReader
from cardio.qr.scene import (
    Frame,
    Placement,
    compose_frame,
    qr_matrix,
    render_code,
    write_image_sequence,
    write_video,
)
from cardio.qr.signed import CodeType, KeySet, PassClaims, QRSigner, verify

FPS = 10.0


def scenes(plan: Sequence[tuple[str | bytes | None, int]], *, seed: int = 0) -> Iterator[Frame]:
    """Frames following ``plan``: (code or None, number of frames), the code moving a little."""
    rng = np.random.default_rng(seed)
    for content, count in plan:
        code = None if content is None else render_code(qr_matrix(content), 4)
        for i in range(count):
            wobble = Placement(center=(640 + 6 * i, 360 - 3 * i), side_px=330 + 4 * i, angle_deg=i)
            yield compose_frame(code, wobble, rng)


def run_to_end(source: str | Path, **options: object) -> tuple[list[CodeRead], list[CameraStatus]]:
    sink = QueueSink()
    loop = CameraLoop(source, sink.on_code, sink.on_status, **options)  # type: ignore[arg-type]
    loop.start()
    assert loop.join(timeout=60), "a file source ends by itself"
    reads: list[CodeRead] = []
    statuses: list[CameraStatus] = []
    while not sink.events.empty():
        event = sink.events.get()
        if isinstance(event, CodeRead):
            reads.append(event)
        else:
            statuses.append(event.status)
    return reads, statuses


def next_event(
    events: queue.Queue[CodeRead | StatusChange], kind: type, timeout: float = 20.0
) -> CodeRead | StatusChange:
    """The next event of ``kind``, skipping others."""
    while True:
        event = events.get(timeout=timeout)
        if isinstance(event, kind):
            return event


def test_a_code_held_in_view_is_reported_once(tmp_path: Path) -> None:
    video = write_video(
        tmp_path / "held.avi", scenes([(None, 4), ("KZ1:HELD", 16), (None, 4)]), FPS
    )
    reads, statuses = run_to_end(video)
    assert [r.detection.text for r in reads] == ["KZ1:HELD"]
    assert reads[0].frame_index in (4, 5)
    assert statuses == [CameraStatus.OPENING, CameraStatus.RUNNING, CameraStatus.ENDED]


def test_a_code_taken_away_and_shown_again_is_reported_again(tmp_path: Path) -> None:
    plan = [("KZ1:AGAIN", 5), (None, 15), ("KZ1:AGAIN", 5)]  # 1.5 s away: longer than 1 s hold-off
    reads, _ = run_to_end(write_video(tmp_path / "again.avi", scenes(plan), FPS))
    assert [r.detection.text for r in reads] == ["KZ1:AGAIN", "KZ1:AGAIN"]
    assert reads[1].at_s - reads[0].at_s == pytest.approx(2.0, abs=0.15)


def test_a_short_gap_within_the_hold_off_does_not_repeat_the_code(tmp_path: Path) -> None:
    plan = [("KZ1:BLUR", 5), (None, 3), ("KZ1:BLUR", 5)]  # 0.3 s of motion blur, say
    reads, _ = run_to_end(write_video(tmp_path / "blur.avi", scenes(plan), FPS))
    assert [r.detection.text for r in reads] == ["KZ1:BLUR"]


def test_different_codes_one_after_another_are_each_reported(tmp_path: Path) -> None:
    plan = [("KZ1:FIRST", 4), ("KZ1:SECOND", 4), ("KZ1:FIRST", 4)]
    reads, _ = run_to_end(write_video(tmp_path / "queue.avi", scenes(plan), FPS))
    # The first code returns within the hold-off, so it is not new: one report per code.
    assert [r.detection.text for r in reads] == ["KZ1:FIRST", "KZ1:SECOND"]


def test_an_image_sequence_is_read_like_a_camera(tmp_path: Path) -> None:
    sjis = "避難者カード　山田太郎".encode("cp932")
    pattern = write_image_sequence(tmp_path / "seq", scenes([(None, 2), (sjis, 4), (None, 2)]))
    reads, statuses = run_to_end(pattern)
    assert [(r.detection.text, r.detection.encoding) for r in reads] == [
        ("避難者カード　山田太郎", "shift_jis")
    ]
    assert statuses[-1] == CameraStatus.ENDED


def test_a_signed_pass_shown_to_the_camera_verifies(tmp_path: Path) -> None:
    signer = QRSigner("pf-1", "https://platform.city.example", Ed25519PrivateKey.generate())
    text = signer.sign("p-4RT9", PassClaims("h-77", "S-003"), 1_800_000_000, 1_800_086_400)
    reads, _ = run_to_end(write_video(tmp_path / "pass.avi", scenes([(text, 6)]), FPS))
    [read] = reads
    code = verify(
        read.detection.text,
        KeySet([signer.trusted_key(0)]),
        now=1_800_000_600,
        expected_type=CodeType.PASS,
    )
    assert (code.subject, code.claims) == ("p-4RT9", PassClaims("h-77", "S-003"))


def test_the_opencv_fallback_runs_the_same_loop(tmp_path: Path) -> None:
    video = write_video(tmp_path / "cv.avi", scenes([(None, 2), ("KZ1:OPENCV", 5)]), FPS)
    reads, _ = run_to_end(video, reader_factory=OpenCVReader)
    assert [r.detection.text for r in reads] == ["KZ1:OPENCV"]


def test_a_missing_camera_is_reported_and_the_loop_recovers_when_it_appears(
    tmp_path: Path,
) -> None:
    target = tmp_path / "later.avi"
    sink = QueueSink()
    loop = CameraLoop(target, sink.on_code, sink.on_status, retry_s=(0.1, 0.2))
    loop.start()
    try:
        assert next_event(sink.events, StatusChange).status == CameraStatus.OPENING  # type: ignore[union-attr]
        failed = next_event(sink.events, StatusChange)
        assert failed.status == CameraStatus.OPEN_FAILED  # type: ignore[union-attr]
        written = write_video(tmp_path / "partial.avi", scenes([("KZ1:LATE", 4)]), FPS)
        written.rename(target)  # appears whole, as a camera does
        read = next_event(sink.events, CodeRead)
        assert read.detection.text == "KZ1:LATE"  # type: ignore[union-attr]
        assert loop.join(timeout=20)
    finally:
        loop.stop()
    assert loop.status == CameraStatus.ENDED


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_stream_that_stops_is_reported_lost_and_reconnected(tmp_path: Path) -> None:
    write_video(tmp_path / "cam.avi", scenes([(None, 2), ("KZ1:STREAM", 4)]), FPS)
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/cam.avi"
    sink = QueueSink()
    # A stream's end is a lost camera: the loop reconnects and, the hold-off being short, the
    # code is new again on the second connection.
    loop = CameraLoop(url, sink.on_code, sink.on_status, retry_s=(0.1, 0.2), gone_after_s=0.05)
    loop.start()
    try:
        seen: list[CameraStatus | str] = []
        while seen.count("KZ1:STREAM") < 2:
            event = sink.events.get(timeout=20)
            seen.append(event.detection.text if isinstance(event, CodeRead) else event.status)
    finally:
        loop.stop()
        server.shutdown()
        server.server_close()
    assert seen[:3] == [CameraStatus.OPENING, CameraStatus.RUNNING, "KZ1:STREAM"]
    assert seen[3:] == [CameraStatus.LOST, CameraStatus.RUNNING, "KZ1:STREAM"]
    assert loop.status == CameraStatus.STOPPED


def test_a_failing_listener_does_not_stop_the_camera(tmp_path: Path) -> None:
    reads: list[str] = []

    def fragile(read: CodeRead) -> None:
        reads.append(read.detection.text)
        raise RuntimeError("listener bug")

    video = write_video(tmp_path / "f.avi", scenes([("KZ1:ONE", 3), ("KZ1:TWO", 3)]), FPS)
    loop = CameraLoop(video, fragile, lambda change: None)
    loop.start()
    assert loop.join(timeout=30)
    assert reads == ["KZ1:ONE", "KZ1:TWO"]
    assert loop.frames_read == 6


def test_seen_codes_forget_a_code_only_after_the_hold_off() -> None:
    seen = SeenCodes(gone_after_s=1.0)
    assert seen.arrivals([b"a", b"a"], 0.0) == [b"a"]  # twice in one frame: once
    assert seen.arrivals([b"a"], 0.9) == []  # still in view
    assert seen.arrivals([b"b"], 1.5) == [b"b"]
    assert seen.arrivals([b"a"], 1.8) == []  # away 0.9 s: within the hold-off
    assert seen.arrivals([b"a", b"b"], 2.9) == [b"a", b"b"]  # both away more than 1 s
