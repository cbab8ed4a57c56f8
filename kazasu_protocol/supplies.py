"""A shelter's supplies as kiosks and the platform both count them: the items, the quantities
a record may hold, and a day's need suggested from the people present (docs/protocol/events.md,
``shelter.supplies_set``; docs/decisions/hq.md, "Needs and supplies").

Items are counted in their natural unit (litres of water, meals, sheets, pieces). The
suggestion is a day's need from who is present: 3 l of water and 3 meals a person, a blanket
each, 8 diapers and 1 l of formula a day for each infant (0-2), 3 allergen-free meals for each
person with an allergy, 6 adult diapers for each person needing care. Staff decide what to
request; the suggestion only saves them counting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

ITEMS = (
    "water",
    "food",
    "blankets",
    "diapers",
    "adult_diapers",
    "formula",
    "allergen_free_meals",
)
PARTS = ("stock", "requested")
MAX_QUANTITY = 10_000_000
INFANT_AGE = 2
# Each item's suggestion: whom it counts among the people present, and how much a day each.
RULES = {
    "water": ("present", 3),
    "food": ("present", 3),
    "blankets": ("present", 1),
    "diapers": ("infants", 8),
    "adult_diapers": ("care_required", 6),
    "formula": ("infants", 1),
    "allergen_free_meals": ("allergies", 3),
}


def age_on(born: object, today: date) -> int | None:
    """Full years from a ``YYYY-MM-DD`` birth date to ``today``; None when it is not a date."""
    try:
        b = date.fromisoformat(str(born))
    except ValueError:
        return None
    return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


def counted(people: Iterable[Mapping[str, object]], today: date) -> Counter[str]:
    """Whom the suggestions count (``RULES``) among ``people``, each given by their fields
    (``birth_date``, ``allergies``, ``care_required`` as events.md names them): everyone
    present, infants, people with an allergy and people needing care."""
    groups: Counter[str] = Counter()
    for fields in people:
        groups["present"] += 1
        age = age_on(fields.get("birth_date"), today)
        if age is not None and age <= INFANT_AGE:
            groups["infants"] += 1
        if fields.get("allergies"):
            groups["allergies"] += 1
        if fields.get("care_required"):
            groups["care_required"] += 1
    return groups


def suggested(people: Iterable[Mapping[str, object]], today: date) -> dict[str, int]:
    """A day's need of each item for ``people``."""
    return need_of(counted(people, today))


def need_of(groups: Mapping[str, int]) -> dict[str, int]:
    """A day's need of each item for the people ``counted`` gave."""
    return {item: groups.get(RULES[item][0], 0) * RULES[item][1] for item in ITEMS}


def quantity_problem(value: object) -> str | None:
    """Why ``value`` is not a quantity (a whole number from 0 to MAX_QUANTITY), or None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "is not a whole number"
    if not 0 <= value <= MAX_QUANTITY:
        return f"is not between 0 and {MAX_QUANTITY}"
    return None


def items_problem(items: object) -> str | None:
    """Why ``items`` is not a record of supplies (``{item: {"stock": n, "requested": n}}``, at
    least one known item, both numbers each), or None. One bad value refuses the whole record."""
    if not isinstance(items, dict) or not items:
        return "items is not a non-empty object"
    for item, parts in items.items():
        if item not in ITEMS:
            return f"unknown supply item {item!r}"
        if not isinstance(parts, dict) or set(parts) != set(PARTS):
            return f"items.{item} does not hold exactly {' and '.join(PARTS)}"
        for part in PARTS:
            reason = quantity_problem(parts[part])
            if reason is not None:
                return f"items.{item}.{part} {reason}"
    return None
