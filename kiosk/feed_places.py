"""Applying the platform's shelter and question definitions (docs/protocol/sync.md).

The headquarters is the authority for both: a definition replaces the kiosk's row with the
same id. A kiosk's own local shelters are left alone until staff map them.
"""

from __future__ import annotations

from typing import Any

from kiosk import questions, shelters
from kiosk.feed_page import Page
from kiosk.model import Shelter, ShelterStatus
from kiosk.questions import APPLIES_TO, KINDS, Question


def shelter_upsert(page: Page, p: dict[str, Any]) -> None:
    """A shelter of this kiosk's scope, as the platform defines it."""
    location = p.get("location")
    if location is not None and not isinstance(location, dict):
        raise ValueError("a shelter's location is an object or null")
    capacity = p.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 0):
        raise ValueError(f"capacity {capacity!r} is not a count")
    shelter = Shelter(
        shelter_id=_text(p, "shelter_id"),
        name=_text(p, "name"),
        kind=_text(p, "kind"),
        capacity=capacity or 0,
        status=ShelterStatus.OPEN if p["open"] is True else ShelterStatus.CLOSED,
        latitude=float(location["lat"]) if location else None,
        longitude=float(location["lon"]) if location else None,
    )
    shelters.store_definition(page.tx.conn, shelter)
    page.applied.upserts += 1


def question_upsert(page: Page, p: dict[str, Any]) -> None:
    """An additional question of this kiosk's municipality."""
    applies_to, kind = _text(p, "applies_to"), _text(p, "kind")
    if applies_to not in APPLIES_TO or kind not in KINDS:
        raise ValueError(f"a question about {applies_to!r} of kind {kind!r}")
    choices = p.get("choices", [])
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise ValueError("a question's choices are a list of strings")
    question = Question(
        question_id=_text(p, "question_id"),
        applies_to=applies_to,
        kind=kind,
        label_ja=_text(p, "label_ja"),
        label_en=_text(p, "label_en"),
        choices=tuple(choices),
        active=p.get("active", True) is True,
    )
    questions.store_definition(page.tx.conn, question)
    page.applied.upserts += 1


def _text(p: dict[str, Any], key: str) -> str:
    value = p[key]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} is not a text")
    return value
