"""Applying a municipality's city card format and the city cards linked to people
(docs/protocol/sync.md). The platform is the authority for both."""

from __future__ import annotations

from typing import Any

from cardio.qr.cityid import CityCardFormat
from kiosk import citycards
from kiosk.feed_page import Page


def format_upsert(page: Page, p: dict[str, Any]) -> None:
    """The card format of a municipality of this kiosk's shelters."""
    card_format = CityCardFormat(
        _text(p, "municipality_id"),
        _text(p, "prefix"),
        _text(p, "municipality_code"),
        _text(p, "id_pattern"),
    )
    citycards.store_format(page.tx.conn, card_format)
    page.applied.upserts += 1


def link_upsert(page: Page, p: dict[str, Any]) -> None:
    """A city card linked to a person this kiosk holds."""
    person_id = _text(p, "person_id")
    known = page.tx.conn.execute("SELECT 1 FROM persons WHERE person_id = ?", (person_id,))
    if known.fetchone() is None:
        page.applied.skipped += 1  # a person this kiosk may not hold
        return
    citycards.store_link(page.tx.conn, _text(p, "municipality_id"), _text(p, "card_id"), person_id)
    page.applied.upserts += 1


def _text(p: dict[str, Any], key: str) -> str:
    value = p.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} is not a text")
    return value
