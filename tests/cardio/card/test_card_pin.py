"""PIN handling never locks a citizen's card (docs/design.md §2)."""

from __future__ import annotations

import pytest

from cardio.apdu import Command
from cardio.card_errors import PinBlockedError, PinFormatError, PinTriesTooFewError, WrongPinError
from cardio.mynumber import pin_tries_left, read_basic_items
from cardio.mynumber.applications import CARD_INFO_AID, JPKI_AID
from cardio.mynumber.jpki import PinKind
from cardio.mynumber.session import CardSession
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard


def _verify_commands_with_pin(transport: InProcessTransport) -> list[bytes]:
    return [c.data for c in transport.log.commands() if c.ins == 0x20 and c.data]


def test_asking_for_the_tries_left_spends_none(
    transport: InProcessTransport, card: VirtualMyNumberCard
) -> None:
    for _ in range(5):
        assert pin_tries_left(transport) == 3
        assert pin_tries_left(transport, PinKind.CARD_INFO) == 3
    assert card.pin_tries_left(JPKI_AID) == 3
    assert card.pin_tries_left(CARD_INFO_AID) == 3


def test_a_wrong_pin_says_how_many_tries_remain(
    transport: InProcessTransport, card: VirtualMyNumberCard
) -> None:
    with pytest.raises(WrongPinError) as caught:
        read_basic_items(transport, "9999")
    assert caught.value.tries_left == 2
    assert "2 tries left" in caught.value.message
    assert card.pin_tries_left(CARD_INFO_AID) == 2


def test_a_correct_pin_resets_the_counter(
    transport: InProcessTransport, card: VirtualMyNumberCard
) -> None:
    with pytest.raises(WrongPinError):
        read_basic_items(transport, "9999")
    read_basic_items(transport, "1234")
    assert card.pin_tries_left(CARD_INFO_AID) == 3


def test_with_one_try_left_the_pin_is_not_even_sent(
    transport: InProcessTransport, card: VirtualMyNumberCard
) -> None:
    for expected in (2, 1):
        with pytest.raises(WrongPinError) as caught:
            read_basic_items(transport, "0000")
        assert caught.value.tries_left == expected
    sent_before = len(_verify_commands_with_pin(transport))

    with pytest.raises(PinTriesTooFewError, match="one PIN try is left"):
        read_basic_items(transport, "1234")

    assert len(_verify_commands_with_pin(transport)) == sent_before
    assert card.pin_tries_left(CARD_INFO_AID) == 1


def test_a_blocked_pin_is_reported_without_sending_it(profile: CardProfile) -> None:
    profile.card_info_pin_tries_left = 0
    transport = InProcessTransport(VirtualMyNumberCard(profile))
    with pytest.raises(PinBlockedError, match="municipal office"):
        read_basic_items(transport, "1234")
    assert _verify_commands_with_pin(transport) == []


@pytest.mark.parametrize("pin", ["123", "12345", "12a4", "", "１２３４"])
def test_a_malformed_pin_sends_nothing_to_the_card(transport: InProcessTransport, pin: str) -> None:
    with pytest.raises(PinFormatError):
        read_basic_items(transport, pin)
    assert _verify_commands_with_pin(transport) == []


def test_the_virtual_card_blocks_after_three_wrong_tries(
    transport: InProcessTransport, card: VirtualMyNumberCard
) -> None:
    # The card itself must block, whatever a client does; this client has no guard.
    session = CardSession(transport)
    session.select_application(JPKI_AID)
    session.select_file(0x0018)
    answers = [transport.transmit(Command(0x00, 0x20, 0x00, 0x80, b"0000")).sw for _ in range(4)]
    assert answers == [0x63C2, 0x63C1, 0x63C0, 0x6983]
    assert transport.transmit(Command(0x00, 0x20, 0x00, 0x80, b"1234")).sw == 0x6983
    assert card.pin_tries_left(JPKI_AID) == 0
