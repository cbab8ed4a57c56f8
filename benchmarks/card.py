"""Benchmark ``card``: a tap's APDUs and latency through pcscd and vpcd, against a full read.

The baseline (``identify_full_read``) identifies the way existing readers do, reading the whole
certificate. Both run in the same session against the same virtual card on the vpcd reader, as
does the holder proof (PIN, signature over a nonce, chain) and the read of the signing
certificate's four basic items (signing password, certificate and its CA, chain, signature over a
nonce with the signing key) and the card's part of linking it at the counter (identify, the
card-info PIN and four basic items, then the authentication PIN and the signature over the link
message, docs/decisions/counter-linking.md). Starts pcscd when it is not running.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from benchmarks.harness import median, time_ms, write_result
from cardio.card_errors import CardError
from cardio.mynumber import (
    TrustAnchors,
    identify,
    identify_full_read,
    prove_holder,
    read_signature_items,
)
from cardio.pcsc import PcscContext, PcscTransport, list_readers
from cardio.transport import CardTransport
from cardio.virtualcard import VirtualMyNumberCard
from cardio.virtualcard.pki import make_ca
from cardio.virtualcard.profile import new_test_profile, signing_ca_for
from cardio.virtualcard.vpcd import VpcdCard
from kiosk.cardlink import LinkRequest, read_card, sign_request

READER = "Virtual PCD 00 00"
REPEAT = 50
VERIFY_REPEAT = 20


def main() -> None:
    """Measure and write ``benchmarks/results/card.json``."""
    ca = make_ca()
    profile = new_test_profile(ca)
    card = VirtualMyNumberCard(profile)
    anchors = TrustAnchors((ca.certificate,))
    sign_anchors = TrustAnchors((signing_ca_for(ca).certificate,))
    password = profile.sign_password
    with (
        _pcscd(),
        _on_reader(card),
        PcscContext() as context,
        PcscTransport(context, READER) as transport,
    ):
        quick = identify(transport).apdus
        full = identify_full_read(transport).apdus
        identify_ms = _timed(transport, identify, REPEAT)
        full_ms = _timed(transport, identify_full_read, REPEAT)
        verify_ms = _timed(transport, lambda t: prove_holder(t, "1234", anchors), VERIFY_REPEAT)
        signature_items_apdus = read_signature_items(transport, password, sign_anchors).apdus
        signature_items_ms = _timed(
            transport, lambda t: read_signature_items(t, password, sign_anchors), VERIFY_REPEAT
        )
        counter_link_apdus = counter_link(transport)
        counter_link_ms = _timed(transport, counter_link, VERIFY_REPEAT)
    write_result(
        "card",
        {
            "path": "pyscard -> pcscd -> vpcd -> virtual card (RSA-2048)",
            "repeat": REPEAT,
            "verify_repeat": VERIFY_REPEAT,
            "certificate_bytes": len(profile.auth_certificate.public_bytes(Encoding.DER)),
            "signing_certificate_bytes": _der_length(profile.sign_certificate),
            "signing_ca_certificate_bytes": _der_length(profile.sign_ca_certificate),
        },
        {
            "identify_apdus": quick,
            "identify_apdus_full_read": full,
            "identify_ms_median": round(median(identify_ms), 3),
            "identify_full_read_ms_median": round(median(full_ms), 3),
            "verify_ms_median": round(median(verify_ms), 3),
            "signature_items_apdus": signature_items_apdus,
            "signature_items_ms_median": round(median(signature_items_ms), 3),
            "counter_link_apdus": counter_link_apdus,
            "counter_link_ms_median": round(median(counter_link_ms), 3),
        },
    )


def counter_link(transport: CardTransport) -> int:
    """The card's part of a counter link; returns its APDUs."""
    mark = transport.log.mark()
    read = read_card(transport, "1234")
    request = LinkRequest(read, "p-bench", "d-bench", "A" * 43, None, int(time.time() * 1000))
    sign_request(transport, "1234", request)
    return len(transport.log.since(mark))


def _der_length(certificate: x509.Certificate | None) -> int:
    assert certificate is not None, "test profiles always carry the signing side"
    return len(certificate.public_bytes(Encoding.DER))


def _timed(
    transport: CardTransport, flow: Callable[[CardTransport], object], repeat: int
) -> list[float]:
    flow(transport)  # warm-up
    return time_ms(lambda: flow(transport), repeat)


@contextmanager
def _pcscd() -> Iterator[None]:
    if _reader_listed():
        yield
        return
    binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
    process = subprocess.Popen(
        [binary, "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait(_reader_listed, "pcscd did not list the vpcd reader")
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def _on_reader(card: VirtualMyNumberCard) -> Iterator[None]:
    served = VpcdCard(card)
    served.insert()
    try:
        _wait(_card_present, "pcscd did not see the virtual card")
        yield
    finally:
        served.remove()


def _reader_listed() -> bool:
    try:
        with PcscContext() as context:
            return READER in context.readers()
    except CardError:
        return False


def _card_present() -> bool:
    with PcscContext() as context:
        return any(r.card_present for r in list_readers(context) if r.name == READER)


def _wait(condition: Callable[[], bool], failure: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(failure)
        time.sleep(0.05)
