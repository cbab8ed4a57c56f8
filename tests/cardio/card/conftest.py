"""Fixtures for the card layer: a test PKI, virtual cards, and a real pcscd with the vpcd driver.

The ``pcscd`` fixture uses a running pcscd when there is one with the vpcd reader, and otherwise
starts one in the foreground for the session and stops it afterwards, keeping its log.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from cardio.card_errors import CardError
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from cardio.virtualcard.pki import Issued, make_ca
from cardio.virtualcard.profile import new_test_profile
from cardio.virtualcard.vpcd import DEFAULT_PORT, VpcdCard

VPCD_READER = "Virtual PCD 00 00"
"""The reader vpcd's first slot shows in PC/SC, fed by TCP port 35963."""


@pytest.fixture(scope="session")
def ca() -> Issued:
    """The test CA that issues every card's certificate."""
    return make_ca()


@pytest.fixture(scope="session")
def base_profile(ca: Issued) -> CardProfile:
    """A valid RSA-2048 card with PINs 1234."""
    return new_test_profile(ca)


@pytest.fixture
def profile(base_profile: CardProfile) -> CardProfile:
    """A copy each test may change."""
    return replace(base_profile)


@pytest.fixture
def card(profile: CardProfile) -> VirtualMyNumberCard:
    """A fresh virtual card (full PIN counters, no faults)."""
    return VirtualMyNumberCard(profile)


@pytest.fixture
def transport(card: VirtualMyNumberCard) -> Iterator[InProcessTransport]:
    """The card behind the in-process transport."""
    transport = InProcessTransport(card)
    with transport:
        yield transport


@dataclass
class Pcscd:
    """The PC/SC daemon the tests talk to; ``process`` and ``log`` are set when the tests
    started it (``log``: its messages at the info level, every start appended)."""

    process: subprocess.Popen[bytes] | None
    log: Path | None = None

    def stop(self) -> None:
        """Stop the daemon (only one the tests started)."""
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=10)

    def start(self) -> None:
        """Start (again) a foreground pcscd and wait until the vpcd reader is listed."""
        if self.log is None:
            self.log = Path(tempfile.mkdtemp(prefix="kazasu-pcscd-")) / "pcscd.log"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [_pcscd_binary(), "--foreground", "--info"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if not wait_for(lambda: VPCD_READER in _readers(), 10):
            self.process.terminate()
            self.process.wait(timeout=10)
            pytest.fail("pcscd started but the vpcd reader did not appear")


def _pcscd_binary() -> str:
    for candidate in ("pcscd", "/usr/sbin/pcscd"):
        found = shutil.which(candidate)
        if found:
            return found
    pytest.skip("pcscd is not installed (Debian package pcscd)")


def _readers() -> list[str]:
    from cardio.pcsc import PcscContext

    try:
        with PcscContext() as context:
            return context.readers()
    except CardError:
        return []


def wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def card_present(reader: str = VPCD_READER) -> bool:
    """Whether PC/SC currently sees a card in ``reader``."""
    from cardio.pcsc import PcscContext, list_readers

    try:
        with PcscContext() as context:
            return any(r.card_present for r in list_readers(context) if r.name == reader)
    except CardError:
        return False


@pytest.fixture(scope="session")
def pcscd() -> Iterator[Pcscd]:
    """A pcscd with the vpcd reader: the running one, or one started for this session."""
    if not Path("/etc/reader.conf.d/vpcd").exists():
        pytest.skip("the vpcd driver is not configured (Debian package vsmartcard-vpcd)")
    if VPCD_READER in _readers():
        yield Pcscd(None)
        return
    daemon = Pcscd(None)
    daemon.start()
    try:
        yield daemon
    finally:
        if daemon.process is not None and daemon.process.poll() is None:
            daemon.stop()
        if daemon.log is not None:
            shutil.rmtree(daemon.log.parent, ignore_errors=True)


@pytest.fixture
def vpcd_card(pcscd: Pcscd, card: VirtualMyNumberCard) -> Iterator[VpcdCard]:
    """The virtual card on the vpcd reader, seen by pcscd; taken off afterwards."""
    served = VpcdCard(card, port=DEFAULT_PORT)
    served.insert()
    assert served.wait_connected(10), "vpcd did not accept the virtual card"
    assert wait_for(card_present, 10), "pcscd did not report the card"
    try:
        yield served
    finally:
        served.remove()
        assert wait_for(lambda: not card_present(), 10)
