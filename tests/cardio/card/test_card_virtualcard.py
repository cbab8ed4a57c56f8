"""The virtual card behaves like the card: files, offsets, access rules, profile files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from cardio.apdu import Command, Response
from cardio.mynumber.applications import CARD_INFO_AID, JPKI_AID
from cardio.transport import CardTransport
from cardio.virtualcard import CardProfile, InProcessTransport, ProfileError, VirtualMyNumberCard


def send(transport: CardTransport, hex_apdu: str) -> Response:
    return transport.transmit(Command.from_bytes(bytes.fromhex(hex_apdu)))


@pytest.fixture
def cert_selected(transport: InProcessTransport) -> InProcessTransport:
    assert send(transport, "00a4040c0a" + JPKI_AID.hex()).ok
    assert send(transport, "00a4020c02000a").ok
    return transport


def test_read_binary_honours_offsets_and_reports_the_end(
    cert_selected: InProcessTransport, profile: CardProfile
) -> None:
    der = profile.auth_certificate.public_bytes(Encoding.DER)
    assert send(cert_selected, "00b0000010").data == der[:16]
    assert send(cert_selected, "00b0010020").data == der[256:288]
    tail = send(cert_selected, f"00b0{len(der) - 5:04x}00")
    assert (tail.data, tail.sw) == (der[-5:], 0x6282)
    assert send(cert_selected, f"00b0{len(der) + 1:04x}10").sw == 0x6B00


def test_an_unknown_application_or_file_is_not_found(transport: InProcessTransport) -> None:
    assert send(transport, "00a4040c05a000000001").sw == 0x6A82
    assert send(transport, "00a4040c0a" + JPKI_AID.hex()).ok
    assert send(transport, "00a4020c020099").sw == 0x6A82


def test_the_basic_items_need_the_pin(transport: InProcessTransport) -> None:
    send(transport, "00a4040c0a" + CARD_INFO_AID.hex())
    send(transport, "00a4020c020002")
    assert send(transport, "00b0000000").sw == 0x6982
    send(transport, "00a4020c020011")
    assert send(transport, "002000800431323334").ok
    send(transport, "00a4020c020002")
    assert send(transport, "00b0000000").data[:2] == b"\xff\x20"


def test_signing_needs_the_pin_and_the_key_is_not_readable(transport: InProcessTransport) -> None:
    send(transport, "00a4040c0a" + JPKI_AID.hex())
    send(transport, "00a4020c020017")
    assert send(transport, "00b0000000").sw == 0x6981
    assert send(transport, "802a008003010203" + "00").sw == 0x6982


def test_selecting_another_application_drops_a_verified_pin(transport: InProcessTransport) -> None:
    send(transport, "00a4040c0a" + JPKI_AID.hex())
    send(transport, "00a4020c020018")
    assert send(transport, "002000800431323334").ok
    assert send(transport, "0020008000").ok
    send(transport, "00a4040c0a" + JPKI_AID.hex())
    send(transport, "00a4020c020018")
    assert send(transport, "0020008000").sw == 0x63C3


def test_unknown_instructions_and_classes_are_refused(transport: InProcessTransport) -> None:
    assert send(transport, "00ca000000").sw == 0x6D00
    assert send(transport, "a0a4040c00").sw == 0x6E00


def test_a_profile_survives_a_round_trip_through_its_file(
    tmp_path: Path, profile: CardProfile
) -> None:
    path = tmp_path / "card.json"
    profile.save(path)
    loaded = CardProfile.load(path)
    assert loaded.auth_certificate == profile.auth_certificate
    assert (loaded.name, loaded.address, loaded.sex) == (profile.name, profile.address, "1")
    assert loaded.sign_certificate == profile.sign_certificate
    assert loaded.sign_ca_certificate == profile.sign_ca_certificate
    assert loaded.sign_password == profile.sign_password
    card = VirtualMyNumberCard(loaded)
    assert card.pin_tries_left(JPKI_AID) == 3
    assert card.pin_tries_left(JPKI_AID, 0x001B) == 5


def test_a_profile_written_before_the_signing_side_is_a_card_without_it(
    profile: CardProfile,
) -> None:
    body = json.loads(profile.to_json())
    del body["jpki_sign"]
    card = VirtualMyNumberCard(CardProfile.from_json(json.dumps(body)))
    with InProcessTransport(card) as older:
        assert send(older, "00a4040c0a" + JPKI_AID.hex()).ok
        assert send(older, "00a4020c02001b").sw == 0x6A82
        assert send(older, "00a4020c02000a").ok


@pytest.mark.parametrize(
    ("field", "value"),
    [("password", "abc123"), ("password", "ABC12"), ("password_tries_left", 6)],
)
def test_a_bad_signing_password_in_a_profile_is_refused(
    profile: CardProfile, field: str, value: object
) -> None:
    body = json.loads(profile.to_json())
    body["jpki_sign"][field] = value
    with pytest.raises(ProfileError):
        CardProfile.from_json(json.dumps(body))


@pytest.mark.parametrize(
    "text", ["{}", "not json", '{"format": "kazasu.virtual-my-number-card", "version": 1}']
)
def test_a_broken_profile_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ProfileError):
        CardProfile.from_json(text)


@pytest.mark.parametrize(
    "hex_apdu", ["00a4040c0ad392f000260100000001", "00b0000000", "0020008000", "802a00800301020300"]
)
def test_command_apdus_round_trip(hex_apdu: str) -> None:
    assert Command.from_bytes(bytes.fromhex(hex_apdu)).to_bytes().hex() == hex_apdu


def test_malformed_command_apdus_are_rejected() -> None:
    with pytest.raises(ValueError):
        Command.from_bytes(b"\x00\xa4")
    with pytest.raises(ValueError):
        Command.from_bytes(bytes.fromhex("00a4040c05d392"))
