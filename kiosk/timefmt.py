"""How moments are written: in the store (fixed-width UTC) and for people (the Japanese era).

Machine output (JSON, CSV, the wire) keeps ISO 8601; what people read in Japanese — printouts,
screens, receipts — gives the date in the era calendar (和暦) that forms and residents use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime


@dataclass(frozen=True)
class Era:
    """One era of the Japanese calendar, as dates are written in it and read from forms."""

    name: str  # 令和
    initial: str  # R, as forms and spreadsheets abbreviate it (R7.12.5)
    start: date  # its first day in the Gregorian calendar
    first_year: int  # the Gregorian year its first year (元年) falls in


# Newest first. 明治 counts its years from 1868 but its dates are Gregorian only from the
# calendar's adoption (明治6年1月1日): earlier dates were lunisolar.
ERAS = (
    Era("令和", "R", date(2019, 5, 1), 2019),
    Era("平成", "H", date(1989, 1, 8), 1989),
    Era("昭和", "S", date(1926, 12, 25), 1926),
    Era("大正", "T", date(1912, 7, 30), 1912),
    Era("明治", "M", date(1873, 1, 1), 1868),
)
_GREGORIAN_FROM = ERAS[-1].start


def stamp(moment: datetime) -> str:
    """Fixed-width UTC text for a moment, so that stored times compare as strings."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def wareki(day: date) -> str:
    """The date in the Japanese era calendar: 令和7年12月5日, 元年 for an era's first year.

    Dates before 1873 (the lunisolar calendar) are written in the Gregorian calendar."""
    for era in ERAS:
        if day >= era.start:
            year = day.year - era.first_year + 1
            return f"{era.name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def era_date(era: str, year: int, month: int, day: int) -> date:
    """The Gregorian date of ``month``/``day`` in year ``year`` (1 for 元年) of ``era``, given
    by name (大正) or initial (T). ValueError for an unknown era, a day the calendar does not
    have, or a day before 1873, when dates were lunisolar and cannot be converted this way."""
    found = next((e for e in ERAS if era in (e.name, e.initial)), None)
    if found is None:
        raise ValueError(f"{era!r} is not an era")
    gregorian = date(found.first_year + year - 1, month, day)
    if gregorian < _GREGORIAN_FROM:
        raise ValueError(f"{gregorian} is before the Gregorian calendar came to Japan")
    return gregorian


def people_date(day: date, language: str) -> str:
    """A date as people read it in ``language``: 和暦 in Japanese, ISO 8601 otherwise."""
    return wareki(day) if language == "ja" else day.isoformat()
