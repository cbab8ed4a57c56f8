"""Times and dates as residents read them: Japan Standard Time, written the local way."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

# Japan has one time zone and no daylight saving: a fixed offset needs no tz database.
JST = timezone(timedelta(hours=9))


def day(seconds: int, lang: str) -> str:
    """The date of ``seconds`` since the epoch in Japan: 2026年9月30日 in Japanese (easy
    Japanese too), 2026-09-30 in the other languages."""
    at = datetime.fromtimestamp(seconds, JST)
    return f"{at.year}年{at.month}月{at.day}日" if lang.startswith("ja") else at.date().isoformat()


def minute(ms: int) -> str:
    """The minute of ``ms`` since the epoch in Japan, as 2026-09-30 14:05."""
    return datetime.fromtimestamp(ms / 1000, JST).strftime("%Y-%m-%d %H:%M")


def minute_of(iso: str) -> str:
    """The minute of an ISO 8601 timestamp with its offset, in Japan (as ``minute``)."""
    return datetime.fromisoformat(iso).astimezone(JST).strftime("%Y-%m-%d %H:%M")
