"""City ID-card QR codes: identification through pluggable parsers."""

from __future__ import annotations

import pytest

from cardio.qr.cityid import (
    CityId,
    CityIdError,
    CityIdParser,
    CityIdRegistry,
    MunicipalCardParser,
    municipality_check_digit,
)
from cardio.qr.signed import NotASignedCode, parse


@pytest.mark.parametrize(
    "code", ["131016", "011002", "271004", "401307"], ids=["Chiyoda", "Sapporo", "Osaka", "Fukuoka"]
)
def test_local_government_codes_check_digit(code: str) -> None:
    assert municipality_check_digit(code[:5]) == int(code[5])


def test_the_example_parser_reads_its_own_citys_card() -> None:
    parser = MunicipalCardParser("131016")
    assert parser.parse("CITYCARD:131016:A1234567") == CityId("citycard:131016", "A1234567")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("CITYCARD:131017:A1234567", "not a valid local government code"),
        ("CITYCARD:011002:A1234567", "another city"),
        ("CITYCARD:131016:a-123", "1-20 letters or digits"),
        ("CITYCARD:131016", "a city code and a card number"),
    ],
)
def test_a_card_in_the_format_but_wrong_is_an_error_not_a_miss(text: str, problem: str) -> None:
    with pytest.raises(CityIdError, match=problem):
        MunicipalCardParser("131016").parse(text)


def test_other_text_is_not_claimed() -> None:
    assert MunicipalCardParser("131016").parse("KZ1:ABC") is None


def test_a_misconfigured_city_code_is_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="not a valid local government code"):
        MunicipalCardParser("131010")


class LibraryCardParser(CityIdParser):
    """A second format, to show a city plugging in its own."""

    scheme = "library"

    def parse(self, text: str) -> CityId | None:
        if not text.startswith("LIB-"):
            return None
        return CityId(self.scheme, text[4:])


def test_the_registry_asks_each_parser_in_turn() -> None:
    registry = CityIdRegistry([MunicipalCardParser("131016")])
    registry.register(LibraryCardParser())
    assert registry.parse("LIB-000042") == CityId("library", "000042")
    assert registry.parse("CITYCARD:131016:Z9") == CityId("citycard:131016", "Z9")
    assert registry.parse("https://example.com/") is None


def test_a_scheme_cannot_be_registered_twice() -> None:
    registry = CityIdRegistry([LibraryCardParser()])
    with pytest.raises(ValueError, match="already registered"):
        registry.register(LibraryCardParser())


def test_city_cards_and_signed_codes_do_not_overlap() -> None:
    with pytest.raises(NotASignedCode):
        parse("CITYCARD:131016:A1234567")
