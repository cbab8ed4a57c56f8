"""The four basic items (name, address, birth date, sex) from the card-info application.

Only the basic-items file is read. The data is BER-TLV: ``FF 20 L { DF 21 .. DF 25 }``; unknown
elements are skipped, and text that is not valid UTF-8 keeps a visible mark (〓, the customary
Japanese placeholder for an unrepresentable character) so staff check it against the card face.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cardio.card_errors import CardDataError, OversizedResponseError, TruncatedResponseError
from cardio.mynumber.applications import (
    CARD_INFO_AID,
    CARD_INFO_BASIC_ITEMS_EF,
    CARD_INFO_PIN_EF,
)
from cardio.mynumber.session import CHUNK, CardSession
from cardio.mynumber.tlv import NeedMore, children, read_header
from cardio.transport import CardTransport
from kiosk.i18n import N_

UNDECODABLE_MARK = "〓"
MAX_BASIC_ITEMS_LENGTH = 4096
"""The file is a few hundred bytes; anything much larger is not this file."""

_TEMPLATE = b"\xff\x20"
_NAME = b"\xdf\x22"
_ADDRESS = b"\xdf\x23"
_BIRTH_DATE = b"\xdf\x24"
_SEX = b"\xdf\x25"
_SEX_CODES = {"0": "unknown", "1": "male", "2": "female", "9": "not_applicable"}


class BasicItemsFormatError(CardDataError):
    """The basic-items file does not have the expected structure."""

    code = "basic_items_format"
    default_message = N_(
        "The card's name and address could not be read. Fill in the form by hand from the "
        "card face."
    )


@dataclass(frozen=True)
class CardText:
    """Text from the card: ``exact`` is False when some bytes could not be decoded."""

    text: str
    exact: bool
    raw: bytes


@dataclass(frozen=True)
class BasicItems:
    """The four basic items; an item missing from the card is None."""

    name: CardText | None
    address: CardText | None
    birth_date: CardText | None
    birth_date_iso: str | None
    sex: str | None
    sex_code: str | None


def read_basic_items(transport: CardTransport, pin: str) -> BasicItems:
    """Verify the card-info PIN (refusing at one try left) and read the four basic items."""
    session = CardSession(transport)
    session.select_application(CARD_INFO_AID)
    session.select_file(CARD_INFO_PIN_EF)
    session.verify_pin(pin)
    session.select_file(CARD_INFO_BASIC_ITEMS_EF)
    first, at_end = session.read_binary(0, CHUNK)
    try:
        header = read_header(first, 0, BasicItemsFormatError)
    except NeedMore as exc:
        raise TruncatedResponseError() from exc
    if header.end > MAX_BASIC_ITEMS_LENGTH:
        raise OversizedResponseError(
            "The card declares basic items far larger than any real card's. "
            "Fill in the form by hand from the card face."
        )
    data = bytes(first)
    if len(data) < header.end:
        if at_end or len(data) < CHUNK:
            raise TruncatedResponseError()
        data += session.read_exact(len(data), header.end - len(data))
    return parse_basic_items(data[: header.end])


def parse_basic_items(data: bytes) -> BasicItems:
    """Parse the basic-items template, skipping elements it does not know."""
    try:
        template = read_header(data, 0, BasicItemsFormatError)
    except NeedMore as exc:
        raise TruncatedResponseError() from exc
    if template.tag != _TEMPLATE:
        raise BasicItemsFormatError()
    if template.end > len(data):
        raise TruncatedResponseError()
    found: dict[bytes, bytes] = {}
    for tlv in children(data, template.value_start, template.end, BasicItemsFormatError):
        found.setdefault(tlv.tag, data[tlv.value_start : tlv.end])
    birth = _text(found.get(_BIRTH_DATE))
    sex_code = _text(found.get(_SEX))
    code = sex_code.text.strip() if sex_code else None
    return BasicItems(
        name=_text(found.get(_NAME)),
        address=_text(found.get(_ADDRESS)),
        birth_date=birth,
        birth_date_iso=_iso_date(birth.text) if birth else None,
        sex=_SEX_CODES.get(code, "unrecognised") if code is not None else None,
        sex_code=code,
    )


def decode_card_text(raw: bytes) -> CardText:
    """Decode UTF-8, marking each undecodable byte with 〓 instead of dropping it."""
    trimmed = raw.rstrip(b"\x00 ")
    try:
        return CardText(trimmed.decode("utf-8"), True, raw)
    except UnicodeDecodeError:
        text = trimmed.decode("utf-8", errors="replace").replace("\ufffd", UNDECODABLE_MARK)
        return CardText(text, False, raw)


def _text(raw: bytes | None) -> CardText | None:
    return decode_card_text(raw) if raw is not None else None


def _iso_date(text: str) -> str | None:
    digits = text.strip()
    # The card's date format is not documented; accept YYYYMMDD and leave anything else raw.
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:])).isoformat()
    except ValueError:
        return None
