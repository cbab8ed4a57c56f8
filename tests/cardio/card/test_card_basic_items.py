"""The four basic items, parsed defensively from BER-TLV."""

from __future__ import annotations

import pytest

from cardio.card_errors import OversizedResponseError, TruncatedResponseError
from cardio.mynumber import read_basic_items
from cardio.mynumber.applications import CARD_INFO_AID, CARD_INFO_BASIC_ITEMS_EF
from cardio.mynumber.cardinfo import BasicItemsFormatError, parse_basic_items
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard


def tlv(tag: str, value: bytes) -> bytes:
    n = len(value)
    length = bytes((n,)) if n < 0x80 else bytes((0x81, n)) if n < 0x100 else b"\x82" + n.to_bytes(2)
    return bytes.fromhex(tag) + length + value


def template(*items: bytes) -> bytes:
    return tlv("ff20", b"".join(items))


def test_the_items_on_the_card_are_read(
    transport: InProcessTransport, profile: CardProfile
) -> None:
    items = read_basic_items(transport, "1234")

    assert items.name is not None and items.name.text == profile.name and items.name.exact
    assert items.address is not None and items.address.text == profile.address
    assert items.birth_date_iso == "1985-04-01"
    assert (items.sex, items.sex_code) == ("male", "1")


def test_a_long_address_needing_two_reads_is_read_whole(
    card: VirtualMyNumberCard, profile: CardProfile
) -> None:
    long_address = "北海道" + "テスト町" * 40
    card.set_file(
        CARD_INFO_AID,
        CARD_INFO_BASIC_ITEMS_EF,
        template(tlv("df22", b"A"), tlv("df23", long_address.encode())),
    )
    items = read_basic_items(InProcessTransport(card), "1234")
    assert items.address is not None and items.address.text == long_address


def test_undecodable_bytes_stay_visible() -> None:
    items = parse_basic_items(template(tlv("df22", "山".encode() + b"\xfa\xfb" + "田".encode())))
    assert items.name is not None
    assert items.name.text == "山〓〓田"
    assert not items.name.exact
    assert items.name.raw.endswith("田".encode())


def test_unknown_elements_are_skipped_and_missing_ones_are_none() -> None:
    items = parse_basic_items(
        template(tlv("df21", b"\x00\x01"), tlv("df3f", b"?"), tlv("df25", b"2"))
    )
    assert items.name is None and items.address is None and items.birth_date is None
    assert items.sex == "female"


@pytest.mark.parametrize(
    ("raw", "iso"), [(b"19991231", "1999-12-31"), (b"H110101", None), (b"19990231", None)]
)
def test_birth_dates_are_parsed_only_when_unambiguous(raw: bytes, iso: str | None) -> None:
    items = parse_basic_items(template(tlv("df24", raw)))
    assert items.birth_date is not None and items.birth_date.text == raw.decode()
    assert items.birth_date_iso == iso


@pytest.mark.parametrize(("code", "sex"), [(b"9", "not_applicable"), (b"7", "unrecognised")])
def test_sex_codes_follow_iso_5218(code: bytes, sex: str) -> None:
    assert parse_basic_items(template(tlv("df25", code))).sex == sex


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", TruncatedResponseError),
        (tlv("df22", b"x"), BasicItemsFormatError),
        (template(tlv("df22", b"abc"))[:-1], TruncatedResponseError),
        (bytes.fromhex("ff2005df2209") + b"abc", BasicItemsFormatError),
        (bytes.fromhex("ff2080"), BasicItemsFormatError),
    ],
    ids=["empty", "wrong-template", "cut", "child-overruns", "indefinite"],
)
def test_malformed_data_is_refused(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_basic_items(data)


def test_a_declared_length_beyond_any_card_is_refused(card: VirtualMyNumberCard) -> None:
    card.set_file(CARD_INFO_AID, CARD_INFO_BASIC_ITEMS_EF, bytes.fromhex("ff20827000") + bytes(300))
    with pytest.raises(OversizedResponseError):
        read_basic_items(InProcessTransport(card), "1234")
