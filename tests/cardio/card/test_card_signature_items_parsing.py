"""The holder's items in a signing certificate's subjectAltName, laid out as J-LIS does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

from cardio.mynumber.signitems import (
    ADDRESS_OID,
    BIRTH_DATE_OID,
    NAME_OID,
    SEX_OID,
    SignatureItemsFormatError,
    parse_signature_items,
)
from cardio.virtualcard.pki import new_key


def utf8(text: str) -> bytes:
    value = text.encode("utf-8")
    assert len(value) < 0x80
    return b"\x0c" + bytes((len(value),)) + value


def certificate_with(names: list[x509.GeneralName] | None) -> x509.Certificate:
    key = new_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TEST")])
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
    )
    if names is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(key, hashes.SHA256())


def the_four(**override: bytes) -> list[x509.GeneralName]:
    values = {
        "name": utf8("山田　太郎"),
        "birth": utf8("319801231"),
        "sex": utf8("1"),
        "address": utf8("東京都千代田区外神田１丁目２番３号"),
        **override,
    }
    return [
        x509.OtherName(NAME_OID, values["name"]),
        x509.OtherName(BIRTH_DATE_OID, values["birth"]),
        x509.OtherName(SEX_OID, values["sex"]),
        x509.OtherName(ADDRESS_OID, values["address"]),
    ]


def test_the_layout_of_a_real_certificate_is_read() -> None:
    items = parse_signature_items(certificate_with(the_four()))
    assert items.name.text == "山田　太郎"
    assert (items.birth_era, items.birth_date_iso) == ("showa", "1980-12-31")
    assert items.address.text == "東京都千代田区外神田１丁目２番３号"
    assert items.name_substitute is None


def test_other_general_names_are_ignored() -> None:
    names = [x509.RFC822Name("test@example.invalid"), *the_four()]
    names.append(x509.OtherName(x509.ObjectIdentifier("1.2.3.4"), utf8("other")))
    assert parse_signature_items(certificate_with(names)).sex == "male"


def test_a_certificate_without_subject_alt_name_is_refused() -> None:
    with pytest.raises(SignatureItemsFormatError):
        parse_signature_items(certificate_with(None))


def test_a_missing_item_is_named() -> None:
    with pytest.raises(SignatureItemsFormatError, match="no address"):
        parse_signature_items(certificate_with(the_four()[:3]))


def test_an_item_given_twice_is_refused() -> None:
    names = [*the_four(), x509.OtherName(BIRTH_DATE_OID, utf8("320001231"))]
    with pytest.raises(SignatureItemsFormatError, match="birth date twice"):
        parse_signature_items(certificate_with(names))


def test_an_item_that_is_not_a_utf8_string_is_refused() -> None:
    printable = b"\x13\x01" + b"1"
    with pytest.raises(SignatureItemsFormatError, match="sex is not a UTF-8 string"):
        parse_signature_items(certificate_with(the_four(sex=printable)))


def test_text_that_does_not_decode_is_kept_visibly() -> None:
    items = parse_signature_items(certificate_with(the_four(name=b"\x0c\x03\xe5\xb1\xff")))
    assert not items.name.exact
    assert "〓" in items.name.text
    assert items.name.raw == b"\xe5\xb1\xff"


@pytest.mark.parametrize(
    ("raw", "era", "iso"),
    [
        ("419900102", "heisei", "1990-01-02"),
        ("19900102", None, "1990-01-02"),
        ("919900102", None, "1990-01-02"),
        ("319801301", "showa", None),
        ("3198012", None, None),
    ],
)
def test_birth_dates_are_parsed_defensively(raw: str, era: str | None, iso: str | None) -> None:
    items = parse_signature_items(certificate_with(the_four(birth=utf8(raw))))
    assert (items.birth_era, items.birth_date_iso) == (era, iso)
    assert items.birth_date.text == raw


def test_an_unknown_sex_code_is_kept_and_marked() -> None:
    items = parse_signature_items(certificate_with(the_four(sex=utf8("3"))))
    assert (items.sex, items.sex_code) == ("unrecognised", "3")
