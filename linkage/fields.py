"""The field rules every writer of the platform applies: characters, lengths, dates, ids.

The rules are those of docs/protocol/events.md ("Field rules"); the kiosk applies the same
ones to what it writes, so an event it sends is never refused here for a value it accepted.
Both sides are tested against docs/protocol/field-vectors.json.

Values are stored as given: no Unicode normalisation (NFC would turn a CJK compatibility
ideograph of a person's registered name into its unified form). Compare forms (``names``)
use NFKC.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

# Longest value, in code points, of each text field (person, household, place, staff).
TEXT_LIMITS: dict[str, int] = {
    "name": 100,
    "furigana": 100,
    "address": 200,
    "phone": 20,
    "relation": 40,
    "allergies": 500,
    "medication": 500,
    "notes": 500,
    "registration_no": 40,
    "car.model": 40,
    "car.plate": 40,
    "car.colour": 40,
    "car.parked_at": 40,
    "pet.kind": 40,
    "pet.name": 40,
    "pet.notes": 500,
    "shelter_name": 200,
    "staff_name": 100,
    "label": 200,
    "answer": 500,
    "external_ref": 64,
    "roll_number": 64,
}
# Free text typed in a multi-line box: a line feed is its only allowed control character.
MULTILINE = frozenset({"allergies", "medication", "notes", "pet.notes", "answer"})
REQUIRED = frozenset({"name", "shelter_name", "staff_name", "label"})
# Longest value of each id; every id has the shape of ``ID_PATTERN``.
ID_LIMITS: dict[str, int] = {
    "person_id": 64,
    "household_id": 80,
    "shelter_id": 48,
    "device_id": 64,
    "staff_id": 64,
    "household_ref": 28,  # h-{municipality}-{ref} stays a household id
}
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
EVENT_ID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Digits (ASCII or full-width), +, parentheses, spaces and hyphen look-alikes.
PHONE_PATTERN = re.compile(
    "[0-9\uff10-\uff19+\uff0b()\uff08\uff09 \u3000\\-\u2010-\u2015\u2212\uff0d]*"
)
EARLIEST_BIRTH = date(1900, 1, 1)
# The municipalities' day: birth dates are judged on the date in Japan.
TZ = ZoneInfo("Asia/Tokyo")
MAX_AGE = 130

# What each refusal reason means, for messages (the vector file uses the reasons).
REASONS: dict[str, str] = {
    "not_text": "is not text",
    "empty": "must not be empty",
    "too_long": "is too long",
    "control": "contains a control character or line break",
    "format": "contains an invisible formatting character (e.g. a bidi override)",
    "surrogate": "contains a lone surrogate",
    "private_use": "contains a private-use character",
    "noncharacter": "contains a Unicode noncharacter",
    "pattern": "has characters this field does not allow",
    "not_a_date": "is not YYYY-MM-DD",
    "future": "is in the future",
    "too_old": f"is before {EARLIEST_BIRTH.isoformat()} or more than {MAX_AGE} years ago",
}


def local_today(slack_days: int = 0) -> date:
    """Today in Japan, ``slack_days`` later (events allow a day for a kiosk's clock)."""
    return (datetime.now(TZ) + timedelta(days=slack_days)).date()


class FieldRefused(ValueError):
    """A value a field's rule refuses; ``field`` and ``reason`` (a key of ``REASONS``)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {REASONS[reason]}")
        self.field = field
        self.reason = reason


def char_problem(value: str, multiline: bool = False) -> str | None:
    """The first reason a character of ``value`` is refused in any text field, or None."""
    # No character of a refused category (C*, Zl, Zp; noncharacters are unassigned, Cn) is
    # printable: most values are settled by this one C-speed pass.
    if value.isprintable():
        return None
    for ch in value:
        category = unicodedata.category(ch)
        code = ord(ch)
        if category == "Cs":
            return "surrogate"
        if category in ("Cc", "Zl", "Zp") and not (multiline and ch == "\n"):
            return "control"
        if category == "Cf":
            return "format"
        if category == "Co":
            return "private_use"
        if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            return "noncharacter"
    return None


def text_problem(field: str, value: object) -> str | None:
    """Why ``value`` cannot be the text field ``field`` (a key of ``TEXT_LIMITS``), or None."""
    if not isinstance(value, str):
        return "not_text"
    if field in REQUIRED and not value.strip():
        return "empty"
    problem = char_problem(value, field in MULTILINE)
    if problem is not None:
        return problem
    if len(value) > TEXT_LIMITS[field]:
        return "too_long"
    if field == "phone" and not PHONE_PATTERN.fullmatch(value):
        return "pattern"
    return None


def id_problem(field: str, value: object) -> str | None:
    """Why ``value`` cannot be the id ``field`` (``event_id`` or a key of ``ID_LIMITS``)."""
    if not isinstance(value, str):
        return "not_text"
    if not value:
        return "empty"
    problem = char_problem(value)
    if problem is not None:
        return problem
    if field == "event_id":
        return None if EVENT_ID_PATTERN.fullmatch(value) else "pattern"
    if len(value) > ID_LIMITS[field]:
        return "too_long"
    if not ID_PATTERN.fullmatch(value) or ".." in value:
        return "pattern"
    return None


def birth_date_problem(value: object, today: date) -> str | None:
    """Why ``value`` (an ISO date text) cannot be a birth date on ``today``, or None."""
    if not isinstance(value, str) or len(value) != 10:
        return "not_a_date"
    try:
        born = date.fromisoformat(value)
    except ValueError:
        return "not_a_date"
    if born > today:
        return "future"
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if born < EARLIEST_BIRTH or age > MAX_AGE:
        return "too_old"
    return None


def problem(field: str, value: object, today: date | None = None) -> str | None:
    """Why ``value`` cannot be ``field`` under its rule, or None (the vector file's entry point).

    Birth dates are judged on ``today`` (by default today in Japan).
    """
    if field == "birth_date":
        return birth_date_problem(value, today or local_today())
    if field == "event_id" or field in ID_LIMITS:
        return id_problem(field, value)
    return text_problem(field, value)


def check(field: str, value: object, today: date | None = None) -> None:
    """Raise ``FieldRefused`` if ``value`` cannot be ``field``."""
    reason = problem(field, value, today)
    if reason is not None:
        raise FieldRefused(field, reason)


def column_errors(
    row: dict[str, str], rules: dict[str, str], today: date | None = None
) -> list[str]:
    """Each non-empty cell of a CSV ``row`` that breaks the rule its column has in ``rules``
    (column: field), as "column reason": an import reports every bad cell of a row.

    Birth dates are judged on ``today`` (by default today in Japan): an import passes the
    day it started, once, rather than reading the clock for every row.
    """
    errors = []
    for column, rule in rules.items():
        value = row.get(column, "")
        if value and (reason := problem(rule, value, today)) is not None:
            errors.append(f"{column} {REASONS[reason]}")
    return errors


# Record keys whose rule is another field's (``representative_id`` is a person id).
_RULE_OF = {"representative_id": "person_id"}
_OPTIONAL_IDS = frozenset({"household_id", "shelter_id", "representative_id"})


def record_problem(fields: dict[str, Any], today: date) -> tuple[str, str] | None:
    """The first (field, reason) a person's or household's fields break, or None.

    Fields without a rule here (flags, codes, dates other than the birth date) are left to
    their own checks. ``car`` and ``pets`` are checked part by part (``car.plate``, ``pet.kind``).
    """
    for key, value in fields.items():
        rule = _RULE_OF.get(key, key)
        if key == "car" and isinstance(value, dict):
            found = record_problem({f"car.{k}": v for k, v in value.items()}, today)
        elif key == "pets" and isinstance(value, list):
            found = next(
                (
                    f
                    for pet in value
                    if isinstance(pet, dict)
                    and (f := record_problem({f"pet.{k}": v for k, v in pet.items()}, today))
                ),
                None,
            )
        elif value is None and (key in _OPTIONAL_IDS or key == "birth_date"):
            found = None
        elif rule in TEXT_LIMITS or rule in ID_LIMITS or rule == "birth_date":
            reason = problem(rule, value, today)
            found = None if reason is None else (key, reason)
        else:
            found = None
        if found is not None:
            return found
    return None


def check_record(fields: dict[str, Any], today: date) -> None:
    """Raise ``FieldRefused`` for the first field of a person's or household's fields that breaks
    its rule."""
    found = record_problem(fields, today)
    if found is not None:
        raise FieldRefused(*found)
