"""The individual number is never selected: no function does it, and no flow's APDUs do it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cardio import mynumber
from cardio.apdu import Command
from cardio.card_errors import CardError, ForbiddenFileError
from cardio.mynumber import (
    TrustAnchors,
    identify,
    identify_full_read,
    pin_tries_left,
    prove_holder,
    read_auth_certificate,
    read_basic_items,
    read_signature_items,
    sign_password_tries_left,
)
from cardio.mynumber import applications as apps
from cardio.mynumber.jpki import PinKind
from cardio.mynumber.session import CardSession
from cardio.transport import CardTransport
from cardio.virtualcard import CardProfile, Faults, InProcessTransport, VirtualMyNumberCard
from cardio.virtualcard.card import INDIVIDUAL_NUMBER_EF
from cardio.virtualcard.pki import Issued
from cardio.virtualcard.profile import signing_ca_for


def selects_of_individual_number(transport: CardTransport) -> list[int]:
    """Positions in the APDU log where EF 0001 was selected inside the card-info application."""
    hits, application = [], None
    for i, command in enumerate(transport.log.commands()):
        if (command.cla, command.ins, command.p1) == (0x00, 0xA4, 0x04):
            application = command.data
        elif (
            (command.cla, command.ins, command.p1) == (0x00, 0xA4, 0x02)
            and application == apps.CARD_INFO_AID
            and command.data == b"\x00\x01"
        ):
            hits.append(i)
    return hits


def every_flow(
    anchors: TrustAnchors, sign_anchors: TrustAnchors
) -> list[Callable[[CardTransport], object]]:
    return [
        identify,
        identify_full_read,
        read_auth_certificate,
        pin_tries_left,
        lambda t: pin_tries_left(t, PinKind.CARD_INFO),
        lambda t: prove_holder(t, "1234", anchors),
        lambda t: prove_holder(t, "0000", anchors),
        lambda t: read_basic_items(t, "1234"),
        lambda t: read_basic_items(t, "0000"),
        lambda t: read_basic_items(t, "0000"),
        lambda t: read_basic_items(t, "1234"),  # refused: one try left
        sign_password_tries_left,
        lambda t: read_signature_items(t, "TEST1234", sign_anchors),
        lambda t: read_signature_items(t, "WRONG1", sign_anchors),
        lambda t: read_signature_items(t, "TEST1234", anchors),  # the wrong CA
    ]


FAULTS = [
    Faults(),
    Faults(truncate_to=50),
    Faults(pad_by=2),
    Faults(remove_after=5),
    Faults(status_words={0xB0: 0x6A82}),
    Faults(status_words={0x20: 0x6300}),
]


@pytest.mark.parametrize("faults", FAULTS, ids=lambda f: repr(f)[7:40])
def test_no_flow_selects_the_individual_number(
    profile: CardProfile, ca: Issued, faults: Faults
) -> None:
    card = VirtualMyNumberCard(profile, faults)
    anchors = TrustAnchors((ca.certificate,))
    sign_anchors = TrustAnchors((signing_ca_for(ca).certificate,))
    outcomes = []
    for flow in every_flow(anchors, sign_anchors):
        card.removed = False
        transport = InProcessTransport(card)
        try:
            flow(transport)
            outcomes.append("ok")
        except CardError as exc:
            outcomes.append(exc.code)
        assert selects_of_individual_number(transport) == []
    assert card.individual_number_selections == 0
    assert all(aid != apps.CARD_INFO_AID or ef != 0x0001 for aid, ef in card.selections)
    if faults == Faults():
        assert outcomes == ["ok"] * 6 + ["pin_wrong", "ok", "pin_wrong", "pin_wrong"] + [
            "pin_one_try_left",
            "ok",
            "ok",
            "sign_password_wrong",
            "certificate_untrusted",
        ]


def test_the_watch_on_the_card_does_see_such_a_selection(card: VirtualMyNumberCard) -> None:
    # Guards the test above against a watcher that never fires.
    transport = InProcessTransport(card)
    transport.transmit(Command(0x00, 0xA4, 0x04, 0x0C, apps.CARD_INFO_AID))
    transport.transmit(Command(0x00, 0xA4, 0x02, 0x0C, INDIVIDUAL_NUMBER_EF.to_bytes(2, "big")))
    assert card.individual_number_selections == 1
    assert selects_of_individual_number(transport) == [1]


def test_the_session_refuses_before_sending_anything(card: VirtualMyNumberCard) -> None:
    transport = InProcessTransport(card)
    session = CardSession(transport)
    session.select_application(apps.CARD_INFO_AID)
    with pytest.raises(ForbiddenFileError):
        session.select_file(0x0001)
    assert len(transport.log) == 1
    assert card.individual_number_selections == 0


def test_no_constant_or_function_names_the_individual_number_file() -> None:
    constants = {k: v for k, v in vars(apps).items() if k.isupper()}
    assert 0x0001 not in constants.values()
    public = [name.lower() for name in dir(mynumber)]
    assert not [n for n in public if "individual" in n or "my_number" in n]
