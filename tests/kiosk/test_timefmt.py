"""People read dates in the Japanese era calendar; machines read ISO 8601."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.timefmt import ERAS, Era, era_date, people_date, wareki


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2025, 12, 5), "令和7年12月5日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_a_date_is_written_in_its_era_with_gannen_for_the_first_year(day: date, text: str) -> None:
    assert wareki(day) == text


def test_before_the_gregorian_calendar_came_to_japan_the_western_year_is_written() -> None:
    assert wareki(date(1872, 12, 31)) == "1872年12月31日"


def test_japanese_readers_get_the_era_others_iso() -> None:
    assert people_date(date(2025, 12, 5), "ja") == "令和7年12月5日"
    assert people_date(date(2025, 12, 5), "en") == "2025-12-05"


@pytest.mark.parametrize("era", ERAS)
def test_each_eras_first_day_reads_back_by_name_and_by_initial(era: Era) -> None:
    start = era.start
    year = start.year - era.first_year + 1
    assert era_date(era.name, year, start.month, start.day) == start
    assert era_date(era.initial, year, start.month, start.day) == start
    assert wareki(start).startswith(era.name)


def test_unknown_eras_and_lunisolar_days_are_not_read() -> None:
    with pytest.raises(ValueError, match="not an era"):
        era_date("X", 1, 1, 1)
    with pytest.raises(ValueError, match="Gregorian"):
        era_date("M", 5, 12, 2)
    with pytest.raises(ValueError):
        era_date("T", 10, 2, 30)
