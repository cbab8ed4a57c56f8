"""The holder's basic items in a JPKI signing certificate (署名用電子証明書).

J-LIS puts them in the certificate's subjectAltName as ``otherName`` entries under the JPKI
personal-data arc, each value an ``[0] EXPLICIT UTF8String``::

    1.2.392.200149.8.5.5.1  name                      "山田　太郎"
    1.2.392.200149.8.5.5.2  name in substitute characters (代替文字), may be empty
    1.2.392.200149.8.5.5.3  sex                       "1" male, "2" female
    1.2.392.200149.8.5.5.4  birth date, era + Gregorian "319801231" (era 3 = Showa)
    1.2.392.200149.8.5.5.5  address
    1.2.392.200149.8.5.5.6  address in substitute characters, may be empty

They are signed by the issuing CA, so once the chain is verified they are as good as the card
face. A certificate without the four items, or with one of them twice, is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import ObjectIdentifier

from cardio.card_errors import CardDataError
from cardio.mynumber.cardinfo import CardText, decode_card_text
from cardio.mynumber.tlv import NeedMore, read_header
from kiosk.i18n import N_

NAME_OID = ObjectIdentifier("1.2.392.200149.8.5.5.1")
NAME_SUBSTITUTE_OID = ObjectIdentifier("1.2.392.200149.8.5.5.2")
SEX_OID = ObjectIdentifier("1.2.392.200149.8.5.5.3")
BIRTH_DATE_OID = ObjectIdentifier("1.2.392.200149.8.5.5.4")
ADDRESS_OID = ObjectIdentifier("1.2.392.200149.8.5.5.5")
ADDRESS_SUBSTITUTE_OID = ObjectIdentifier("1.2.392.200149.8.5.5.6")

ERAS = {"1": "meiji", "2": "taisho", "3": "showa", "4": "heisei", "5": "reiwa"}
"""The era digit that starts the birth date (the date itself is Gregorian)."""

_SEX_CODES = {"1": "male", "2": "female"}
_UTF8_STRING = b"\x0c"
_REQUIRED = {
    NAME_OID: "name",
    SEX_OID: "sex",
    BIRTH_DATE_OID: "birth date",
    ADDRESS_OID: "address",
}
_KNOWN = {*_REQUIRED, NAME_SUBSTITUTE_OID, ADDRESS_SUBSTITUTE_OID}


class SignatureItemsFormatError(CardDataError):
    """The signing certificate does not carry the holder's items as J-LIS issues them."""

    code = "signature_items_format"
    default_message = N_(
        "The signing certificate does not hold the person's name, address, birth date and sex "
        "in the expected form. Fill in the form by hand from the card face."
    )


@dataclass(frozen=True)
class SignatureItems:
    """The four basic items (and substitute-character forms) of a signing certificate."""

    name: CardText
    name_substitute: CardText | None
    address: CardText
    address_substitute: CardText | None
    birth_date: CardText
    birth_date_iso: str | None
    birth_era: str | None
    sex: str
    sex_code: str


def parse_signature_items(certificate: x509.Certificate) -> SignatureItems:
    """Take the holder's items from the certificate's subjectAltName (no chain check here)."""
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound as exc:
        raise SignatureItemsFormatError() from exc
    found: dict[ObjectIdentifier, CardText] = {}
    for entry in names.get_values_for_type(x509.OtherName):
        if entry.type_id not in _KNOWN:
            continue
        if entry.type_id in found:
            raise SignatureItemsFormatError(
                f"The signing certificate holds its {_label(entry.type_id)} twice. "
                "Do not accept it; fill in the form by hand from the card face."
            )
        found[entry.type_id] = _utf8_string(entry.value, entry.type_id)
    missing = [label for oid, label in _REQUIRED.items() if oid not in found]
    if missing:
        raise SignatureItemsFormatError(
            f"The signing certificate has no {', '.join(missing)}. "
            "Fill in the form by hand from the card face."
        )
    birth = found[BIRTH_DATE_OID]
    era, iso = _birth_date(birth.text)
    code = found[SEX_OID].text.strip()
    return SignatureItems(
        name=found[NAME_OID],
        name_substitute=_non_empty(found.get(NAME_SUBSTITUTE_OID)),
        address=found[ADDRESS_OID],
        address_substitute=_non_empty(found.get(ADDRESS_SUBSTITUTE_OID)),
        birth_date=birth,
        birth_date_iso=iso,
        birth_era=era,
        sex=_SEX_CODES.get(code, "unrecognised"),
        sex_code=code,
    )


def _utf8_string(der: bytes, oid: ObjectIdentifier) -> CardText:
    try:
        tlv = read_header(der, 0, SignatureItemsFormatError)
    except NeedMore as exc:
        raise SignatureItemsFormatError() from exc
    if tlv.tag != _UTF8_STRING or tlv.end != len(der):
        raise SignatureItemsFormatError(
            f"The signing certificate's {_label(oid)} is not a UTF-8 string. "
            "Fill in the form by hand from the card face."
        )
    return decode_card_text(der[tlv.value_start :])


def _birth_date(text: str) -> tuple[str | None, str | None]:
    digits = text.strip()
    # J-LIS writes an era digit then the Gregorian date; a bare YYYYMMDD is accepted too.
    if len(digits) == 9 and digits.isdigit():
        era, digits = ERAS.get(digits[0]), digits[1:]
    elif len(digits) == 8 and digits.isdigit():
        era = None
    else:
        return None, None
    try:
        iso = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:])).isoformat()
    except ValueError:
        return era, None
    return era, iso


def _non_empty(text: CardText | None) -> CardText | None:
    return text if text is not None and text.text else None


def _label(oid: ObjectIdentifier) -> str:
    return _REQUIRED.get(oid) or (
        "substitute-character name" if oid == NAME_SUBSTITUTE_OID else "substitute address"
    )
