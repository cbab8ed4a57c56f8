"""City ID-card QR codes: pluggable parsers that turn a card's QR text into an opaque id.

A city's own ID card (a staff card, a resident card, a library card used as a shelter card)
identifies a person but proves nothing: the QR can be photocopied. The kiosk therefore treats the
result as identification only (docs/design.md §2) and maps the opaque id to a ``person_id``
through its own records. Each city's format is one :class:`CityIdParser`; a
:class:`CityIdRegistry` tries them.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CityId:
    """An identifier read from a city ID card. ``opaque_id`` is unique within ``scheme``."""

    scheme: str
    opaque_id: str


class CityIdError(ValueError):
    """The text is in a parser's format but invalid (wrong check digit, another city)."""


class CityIdParser(ABC):
    """Recognises one card format."""

    scheme: str

    @abstractmethod
    def parse(self, text: str) -> CityId | None:
        """The card's id; None when ``text`` is not this format; CityIdError when it is, but bad."""


class CityIdRegistry:
    """The card formats a kiosk accepts, tried in registration order."""

    def __init__(self, parsers: Iterable[CityIdParser] = ()) -> None:
        """Start with ``parsers``."""
        self._parsers: list[CityIdParser] = []
        for parser in parsers:
            self.register(parser)

    def register(self, parser: CityIdParser) -> None:
        """Accept ``parser``'s format too; schemes must be unique."""
        if any(p.scheme == parser.scheme for p in self._parsers):
            raise ValueError(f"a parser for scheme {parser.scheme!r} is already registered")
        self._parsers.append(parser)

    def parse(self, text: str) -> CityId | None:
        """The id from the first parser that recognises ``text``, or None if none does."""
        for parser in self._parsers:
            found = parser.parse(text)
            if found is not None:
                return found
        return None


def municipality_check_digit(first_five: str) -> int:
    """The sixth digit of a local government code (全国地方公共団体コード) from the first five."""
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


class MunicipalCardParser(CityIdParser):
    """An example format: ``<PREFIX>:<6-digit local government code>:<card number>``.

    The code's check digit must be right and the code must be the kiosk's own city; the card
    number is 1-20 letters or digits. The opaque id is the card number.
    """

    _CARD = re.compile(r"[0-9A-Z]{1,20}")

    def __init__(self, municipality_code: str, prefix: str = "CITYCARD") -> None:
        """Accept cards of the city with this 6-digit code, written after ``prefix``."""
        if not re.fullmatch(r"[0-9]{6}", municipality_code) or municipality_check_digit(
            municipality_code[:5]
        ) != int(municipality_code[5]):
            raise ValueError(f"{municipality_code!r} is not a valid local government code")
        self.municipality_code = municipality_code
        self._prefix = prefix + ":"
        self.scheme = f"{prefix.lower()}:{municipality_code}"

    def parse(self, text: str) -> CityId | None:
        """Read a card QR of this format."""
        if not text.startswith(self._prefix):
            return None
        parts = text[len(self._prefix) :].split(":")
        if len(parts) != 2:
            raise CityIdError("the card code does not have a city code and a card number")
        city, card = parts
        if not re.fullmatch(r"[0-9]{6}", city) or municipality_check_digit(city[:5]) != int(
            city[5]
        ):
            raise CityIdError(f"{city!r} is not a valid local government code")
        if city != self.municipality_code:
            raise CityIdError(f"this card was issued by another city ({city})")
        if not self._CARD.fullmatch(card):
            raise CityIdError("the card number is not 1-20 letters or digits")
        return CityId(self.scheme, card)


@dataclass(frozen=True, slots=True)
class CityCardFormat:
    """A municipality's card format as the platform defines it (docs/protocol/sync.md): the QR
    text is ``<prefix>:<municipality_code>:<card id>``, the card id matching ``id_pattern``."""

    municipality_id: str
    prefix: str
    municipality_code: str
    id_pattern: str


class CityCardFormats(CityIdParser):
    """The card formats the platform gave this kiosk. An id's scheme is its municipality's id.

    The platform checked each pattern is anchored, bounded and free of repetition that could
    take long; it is compiled here once.
    """

    scheme = "city-card-formats"

    def __init__(self, formats: Iterable[CityCardFormat]) -> None:
        """Accept cards of these formats."""
        self._formats = [(f, re.compile(f.id_pattern)) for f in formats]

    def parse(self, text: str) -> CityId | None:
        """The card's id; None when no format has the text's prefix; CityIdError when one does
        but the city or the card id is not one configured here."""
        prefix, sep, rest = text.partition(":")
        ours = [(f, p) for f, p in self._formats if f.prefix == prefix]
        if not sep or not ours:
            return None
        code, sep, card = rest.partition(":")
        if not sep:
            raise CityIdError("the card code does not have a city code and a card number")
        for card_format, pattern in ours:
            if card_format.municipality_code == code:
                if not pattern.fullmatch(card):
                    raise CityIdError(f"the card number does not fit the {prefix} card's format")
                return CityId(card_format.municipality_id, card)
        raise CityIdError(f"a {prefix} card of a city not configured here ({code})")
