"""Checks of the card and camera stacks for ``kazasu-kiosk self-test``: ``python -m cardio.selftest
card|camera`` prints one JSON line ``{"ok": ..., "detail": ...}`` and exits 0 when it passed."""

from __future__ import annotations

import json
import sys


def check_card() -> tuple[bool, str]:
    """pyscard loads, the card protocols work on a virtual card, the PC/SC service answers."""
    from cardio.card_errors import CardError
    from cardio.mynumber import identify
    from cardio.pcsc.transport import PcscContext
    from cardio.virtualcard import InProcessTransport, VirtualMyNumberCard, new_test_profile
    from cardio.virtualcard.pki import make_ca

    with InProcessTransport(VirtualMyNumberCard(new_test_profile(make_ca()))) as transport:
        identify(transport)
    try:
        context = PcscContext()
    except CardError as exc:
        return False, f"card protocols work, but the PC/SC service does not answer: {exc}"
    try:
        readers = context.readers()
    finally:
        context.close()
    if not readers:
        return True, "PC/SC service running; no reader connected"
    return True, f"PC/SC service running; readers: {', '.join(readers)}"


def check_camera() -> tuple[bool, str]:
    """OpenCV loads and the QR reader decodes a generated code."""
    import numpy as np

    from cardio.qr.reader import default_reader
    from cardio.qr.scene import qr_matrix, render_code

    reader = default_reader()
    try:
        image = np.pad(render_code(qr_matrix("KAZASU SELF-TEST"), 8), 40, constant_values=255)
        found = reader.read(image)
    finally:
        reader.close()
    if [d.text for d in found] != ["KAZASU SELF-TEST"]:
        return False, f"the QR reader ({reader.name}) did not decode a test code"
    return True, f"QR decoding works ({reader.name})"


def main(argv: list[str]) -> int:
    """Run one check by name."""
    checks = {"card": check_card, "camera": check_camera}
    try:
        ok, detail = checks[argv[0]]()
    except ImportError as exc:
        ok, detail = False, f"missing: {exc.name} ({exc})"
    except Exception as exc:  # report anything else as a failed check, with what it was
        ok, detail = False, f"{type(exc).__name__}: {exc}"
    print(json.dumps({"ok": ok, "detail": detail}, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
