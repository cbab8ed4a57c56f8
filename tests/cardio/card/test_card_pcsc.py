"""The real path: pyscard → pcscd → vpcd driver → the virtual card over its socket."""

from __future__ import annotations

import contextlib
import queue
import random
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest

from cardio.card_errors import (
    CardRemovedError,
    CardResponseError,
    NoCardError,
    NoReaderError,
    PinTriesTooFewError,
    SignPasswordTriesTooFewError,
    TruncatedResponseError,
    WrongPinError,
    WrongSignPasswordError,
)
from cardio.mynumber import (
    TrustAnchors,
    identify,
    prove_holder,
    read_basic_items,
    read_signature_items,
)
from cardio.mynumber.applications import CARD_INFO_AID, JPKI_AID
from cardio.pcsc import DeviceState, DeviceStatus, DeviceThread, PcscContext, PcscTransport
from cardio.pcsc.readers import list_readers
from cardio.transport import CardTransport
from cardio.virtualcard import CardProfile, VirtualMyNumberCard
from cardio.virtualcard.pki import Issued
from cardio.virtualcard.profile import signing_ca_for
from cardio.virtualcard.vpcd import VpcdCard
from kazasu_protocol.jpki import card_key

from .conftest import VPCD_READER, Pcscd, card_present, wait_for

pytestmark = pytest.mark.pcsc

INSTALL_DRIVER = Path(__file__).resolve().parents[3] / "packaging" / "vpcd" / "install.sh"
"""Builds and installs vpcd's driver with our polling function (``make vpcd``)."""


def connect() -> tuple[PcscContext, PcscTransport]:
    context = PcscContext()
    return context, PcscTransport(context, context.choose_reader(VPCD_READER))


def test_the_vpcd_reader_shows_the_card(vpcd_card: VpcdCard) -> None:
    with PcscContext() as context:
        readers = {r.name: r for r in list_readers(context)}
    assert readers[VPCD_READER].card_present
    assert readers[VPCD_READER].atr[:1] == b"\x3b"


def test_identify_through_pcscd_takes_three_apdus(
    vpcd_card: VpcdCard, profile: CardProfile
) -> None:
    context, transport = connect()
    with context, transport:
        identity = identify(transport)
    assert identity.apdus == 3
    assert identity.card_key == card_key(profile.auth_certificate)


def test_verify_and_info_through_pcscd(
    vpcd_card: VpcdCard, ca: Issued, card: VirtualMyNumberCard
) -> None:
    context, transport = connect()
    with context, transport:
        proof = prove_holder(transport, "1234", TrustAnchors((ca.certificate,)))
        items = read_basic_items(transport, "1234")
    assert proof.key_type == "rsa-2048"
    assert items.name is not None and items.name.text == card.profile.name
    assert card.individual_number_selections == 0


def test_signature_items_through_pcscd(
    vpcd_card: VpcdCard, ca: Issued, card: VirtualMyNumberCard
) -> None:
    anchors = TrustAnchors((signing_ca_for(ca).certificate,))
    context, transport = connect()
    with context, transport:
        result = read_signature_items(transport, card.profile.sign_password, anchors)
    assert result.items.name.text == card.profile.name
    assert result.items.birth_date_iso == "1985-04-01"
    assert card.profile.sign_certificate is not None
    assert result.serial_number == card.profile.sign_certificate.serial_number
    assert card.individual_number_selections == 0


def test_signing_password_refusal_works_through_pcscd(
    vpcd_card: VpcdCard, ca: Issued, card: VirtualMyNumberCard
) -> None:
    anchors = TrustAnchors((signing_ca_for(ca).certificate,))
    context, transport = connect()
    with context, transport:
        for _ in range(4):
            with pytest.raises(WrongSignPasswordError):
                read_signature_items(transport, "WRONG1", anchors)
        with pytest.raises(SignPasswordTriesTooFewError):
            read_signature_items(transport, card.profile.sign_password, anchors)
    assert card.pin_tries_left(JPKI_AID, 0x001B) == 1
    assert card.pin_tries_left(JPKI_AID, 0x0018) == 3


def test_closing_resets_the_card_so_a_verified_pin_does_not_linger(
    vpcd_card: VpcdCard, card: VirtualMyNumberCard
) -> None:
    context, transport = connect()
    with context, transport:
        read_basic_items(transport, "1234")
        assert card.applications[CARD_INFO_AID].pins[0x0011].verified
    assert wait_for(lambda: not card.applications[CARD_INFO_AID].pins[0x0011].verified, 5)


def test_pin_refusal_works_through_pcscd(vpcd_card: VpcdCard, card: VirtualMyNumberCard) -> None:
    context, transport = connect()
    with context, transport:
        for _ in range(2):
            with pytest.raises(WrongPinError):
                read_basic_items(transport, "0000")
        with pytest.raises(PinTriesTooFewError):
            read_basic_items(transport, "1234")
    assert card.pin_tries_left(CARD_INFO_AID) == 1


def test_slow_answers_are_waited_for(vpcd_card: VpcdCard, card: VirtualMyNumberCard) -> None:
    card.faults.delay_s = 0.2
    context, transport = connect()
    with context, transport:
        start = time.perf_counter()
        identity = identify(transport)
    assert identity.apdus == 3
    assert time.perf_counter() - start >= 0.6


def test_truncated_answers_are_reported(vpcd_card: VpcdCard, card: VirtualMyNumberCard) -> None:
    card.faults.truncate_to = 120
    context, transport = connect()
    with context, transport, pytest.raises(TruncatedResponseError):
        identify(transport)


def test_wrong_status_words_are_reported(vpcd_card: VpcdCard, card: VirtualMyNumberCard) -> None:
    card.faults.status_words[0xB0] = 0x6581
    context, transport = connect()
    with context, transport, pytest.raises(CardResponseError) as caught:
        identify(transport)
    assert caught.value.sw == 0x6581


def test_removal_mid_read_then_the_card_is_gone_and_can_come_back(
    vpcd_card: VpcdCard, card: VirtualMyNumberCard
) -> None:
    card.faults.remove_after = 4
    context, transport = connect()
    with context:
        with transport, pytest.raises(CardRemovedError, match="moved away"):
            prove_holder(transport, "1234", TrustAnchors(()))
        assert wait_for(lambda: not card_present(), 5)
        with pytest.raises(NoCardError):
            PcscTransport(context, VPCD_READER)

        card.faults.remove_after = None
        vpcd_card.insert()
        assert wait_for(card_present, 5)
        with PcscTransport(context, VPCD_READER) as again:
            assert identify(again).apdus == 3


def test_a_card_pulled_away_can_be_put_back_straight_away(
    vpcd_card: VpcdCard, card: VirtualMyNumberCard
) -> None:
    """pcscd hears of the removal at once, so the card may be put back while it is still leaving."""
    card.faults.remove_after = 2
    context, transport = connect()
    with context:
        with transport, pytest.raises(CardRemovedError):
            identify(transport)
        card.faults.remove_after = None
        vpcd_card.insert()
        assert vpcd_card.wait_connected(10)
        assert wait_for(card_present, 10)
        with PcscTransport(context, VPCD_READER) as again:
            assert identify(again).apdus == 3


def test_an_unknown_reader_name_is_a_reader_error(pcscd: Pcscd) -> None:
    with PcscContext() as context, pytest.raises(NoReaderError, match="No reader named"):
        context.choose_reader("No Such Reader 99")


class Statuses:
    """Collects the device thread's statuses for assertions."""

    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[DeviceStatus] = queue.SimpleQueue()
        self.seen: list[DeviceStatus] = []

    def __call__(self, status: DeviceStatus) -> None:
        self.queue.put(status)

    def wait_for(self, state: DeviceState, timeout: float = 10) -> DeviceStatus:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                status = self.queue.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(status)
            if status.state is state:
                return status
        raise AssertionError(f"no {state} within {timeout}s; saw {[s.state for s in self.seen]}")


def test_the_device_thread_follows_the_card_and_runs_jobs(
    pcscd: Pcscd, card: VirtualMyNumberCard, profile: CardProfile
) -> None:
    statuses = Statuses()
    device = DeviceThread(statuses, reader=VPCD_READER, poll_s=0.2)
    device.start()
    served = VpcdCard(card)
    try:
        assert statuses.wait_for(DeviceState.WAITING_FOR_CARD).reader == VPCD_READER
        with pytest.raises(NoCardError):
            device.submit(identify).result(timeout=10)

        served.insert()
        present = statuses.wait_for(DeviceState.CARD_PRESENT)
        assert present.atr and present.atr[0] == 0x3B
        identity = device.submit(identify).result(timeout=10)
        assert identity.card_key == card_key(profile.auth_certificate)

        def pulled(transport: CardTransport) -> object:
            card.faults.remove_after = card.commands_since_power_on + 2
            return identify(transport)

        with pytest.raises(CardRemovedError):
            device.submit(pulled).result(timeout=10)
        statuses.wait_for(DeviceState.WAITING_FOR_CARD)
        assert device.is_alive()
    finally:
        served.remove()
        device.stop()
    assert not device.is_alive()
    assert device.status.state is DeviceState.STOPPED


def test_the_device_thread_recovers_when_pcscd_restarts(
    pcscd: Pcscd, card: VirtualMyNumberCard
) -> None:
    if pcscd.process is None:
        pytest.skip("pcscd was not started by the tests, so they do not stop it")
    statuses = Statuses()
    device = DeviceThread(statuses, reader=VPCD_READER, poll_s=0.2, retry_s=0.2)
    served = VpcdCard(card)
    served.insert()
    device.start()
    try:
        statuses.wait_for(DeviceState.CARD_PRESENT)
        pcscd.stop()
        statuses.wait_for(DeviceState.PCSC_UNAVAILABLE)
        with pytest.raises(Exception) as caught:
            device.submit(identify).result(timeout=10)
        assert getattr(caught.value, "code", "") in {"pcsc_unavailable", "no_reader"}
        pcscd.start()
        statuses.wait_for(DeviceState.CARD_PRESENT, timeout=15)
        assert device.submit(identify).result(timeout=10).apdus == 3
    finally:
        served.remove()
        device.stop()


def test_a_missing_reader_is_a_status_and_jobs_fail_plainly(pcscd: Pcscd) -> None:
    statuses = Statuses()
    device = DeviceThread(statuses, reader="Reader Not Plugged In", poll_s=0.2)
    device.start()
    try:
        status = statuses.wait_for(DeviceState.NO_READER)
        assert VPCD_READER in status.readers
        assert "Plug in the card reader" in status.message
        with pytest.raises(NoReaderError):
            device.submit(identify).result(timeout=10)
    finally:
        device.stop()


def require_our_driver_and_log(pcscd: Pcscd) -> Path:
    """The log of a pcscd the tests started on our vpcd driver; skip otherwise."""
    if pcscd.log is None:
        pytest.skip("pcscd was not started by the tests, so its log is not theirs to read")
    if subprocess.run(["sh", str(INSTALL_DRIVER), "--check"], check=False).returncode != 0:
        pytest.skip("vpcd's driver is Debian's, without our polling function (make vpcd)")
    return pcscd.log


def test_pcscd_waits_on_the_vpcd_driver_instead_of_polling_it(pcscd: Pcscd) -> None:
    """Our driver hands pcscd a function that returns when a card comes or goes, so pcscd tells
    its clients at once instead of finding out at its next 400 ms look."""
    log = require_our_driver_and_log(pcscd).read_text(errors="replace")
    assert "Using the reader polling thread" in log
    assert "Using the pcscd polling thread" not in log


def test_a_card_left_on_the_reader_after_a_read_is_not_asked_about_in_a_loop(
    pcscd: Pcscd, vpcd_card: VpcdCard
) -> None:
    """pcscd ends its wait on the driver after every disconnect, through the driver's stop
    function, so as to wait again with the power-off grace period. When that ended every wait
    after it too, pcscd checked the card's presence (asked it for its ATR) thousands of times a
    second for as long as it stayed, and every read on the reader queued behind those checks."""
    require_our_driver_and_log(pcscd)
    context, transport = connect()
    with context, transport:
        identify(transport)
    time.sleep(0.2)  # the disconnect's own wake-up, and the presence check that follows it
    before = vpcd_card.messages
    time.sleep(1.0)
    # Debian's driver, polled every 400 ms, is asked 2 or 3 times a second; ours only on events.
    assert vpcd_card.messages - before < 10


@contextlib.contextmanager
def waiting_long(card: VirtualMyNumberCard) -> Iterator[tuple[DeviceThread, Statuses, VpcdCard]]:
    """A started device thread waiting for a card, with a wait far longer than any test: it
    moves only when pcscd reports a change. On leaving, the card is lifted and the thread
    stopped, and it must have ended."""
    statuses = Statuses()
    device = DeviceThread(statuses, reader=VPCD_READER, poll_s=600)
    served = VpcdCard(card)
    device.start()
    try:
        statuses.wait_for(DeviceState.WAITING_FOR_CARD)
        yield device, statuses, served
    finally:
        served.remove()
        device.stop(timeout=5.0)
    assert not device.is_alive()


def test_the_device_thread_hears_a_card_lifted_and_put_back(
    pcscd: Pcscd, card: VirtualMyNumberCard
) -> None:
    with waiting_long(card) as (device, statuses, served):
        served.insert()
        statuses.wait_for(DeviceState.CARD_PRESENT)
        served.remove()
        assert statuses.wait_for(DeviceState.WAITING_FOR_CARD).reader == VPCD_READER
        with pytest.raises(NoCardError):
            device.submit(identify).result(timeout=10)
        served.insert()
        statuses.wait_for(DeviceState.CARD_PRESENT)
        assert device.submit(identify).result(timeout=10).apdus == 3


def test_a_device_thread_stopped_as_a_card_is_lifted_after_a_read_ends_at_once(
    pcscd: Pcscd, card: VirtualMyNumberCard
) -> None:
    # The read and then the lift wake the thread, which goes back into a wait of 600 s: a stop
    # arriving on its way there must still end it, not leave it waiting out the poll.
    for _ in range(20):
        with waiting_long(card) as (device, statuses, served):
            served.insert()
            statuses.wait_for(DeviceState.CARD_PRESENT)
            assert device.submit(identify).result(timeout=10).apdus == 3


def test_a_read_submitted_as_a_card_arrives_runs_while_the_device_thread_waits_long(
    pcscd: Pcscd, card: VirtualMyNumberCard
) -> None:
    """The screens submit the card read as soon as they hear of the card, often while the device
    thread is on its way into the wait for the next reader change. pcsc-lite cancels only a wait
    already under way, so the wake-up must not be lost then; with a wait this long, a lost one
    shows as a read that never runs."""
    reads: queue.SimpleQueue[Future[int]] = queue.SimpleQueue()
    hops = random.Random(4)

    def on_status(status: DeviceStatus) -> None:
        if status.state is DeviceState.CARD_PRESENT:
            # As the screens do: a hop to another thread, then the read.
            def read() -> None:
                time.sleep(hops.uniform(0, 0.03))
                reads.put(device.submit(lambda transport: identify(transport).apdus))

            threading.Thread(target=read).start()

    device = DeviceThread(on_status, reader=VPCD_READER, poll_s=600)
    served = VpcdCard(card)
    device.start()
    try:
        for _ in range(20):
            served.insert()
            assert reads.get(timeout=10).result(timeout=10) == 3
            served.remove()
    finally:
        served.remove()
        device.stop()
