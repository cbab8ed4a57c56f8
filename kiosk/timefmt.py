"""How moments are written: in the store (fixed-width UTC) and for people (the Japanese era).

Machine output (JSON, CSV, the wire) keeps ISO 8601; what people read in Japanese — printouts,
screens, receipts — gives the date in the era calendar (和暦) that forms and residents use.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

# Each era from its first day in the Gregorian calendar, newest first. 明治 counts from the
# adoption of the Gregorian calendar (明治6年1月1日): earlier dates were lunisolar.
ERAS = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1873, 1, 1), "明治"),
)
_MEIJI_FIRST_YEAR = 1868


def stamp(moment: datetime) -> str:
    """Fixed-width UTC text for a moment, so that stored times compare as strings."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def wareki(day: date) -> str:
    """The date in the Japanese era calendar: 令和7年12月5日, 元年 for an era's first year.

    Dates before 1873 (the lunisolar calendar) are written in the Gregorian calendar."""
    for start, era in ERAS:
        if day >= start:
            first = _MEIJI_FIRST_YEAR if era == "明治" else start.year
            year = day.year - first + 1
            return f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def people_date(day: date, language: str) -> str:
    """A date as people read it in ``language``: 和暦 in Japanese, ISO 8601 otherwise."""
    return wareki(day) if language == "ja" else day.isoformat()
