"""Each shelter's supplies: stock and requests per item, needs suggested from the people
present, and the municipality's totals (docs/decisions/hq.md).

Items are counted in their natural unit (litres of water, meals, sheets, pieces). The
suggestion is a day's need from who is present: 3 l of water and 3 meals a person, a blanket
each, 8 diapers and 1 l of formula a day for each infant (0-2), 3 allergen-free meals for each
person with an allergy, 6 adult diapers for each person needing care. Staff decide what to
request; the suggestion only saves them counting.

The totals name no shelter's people and are what a supplier partner may receive as aggregates
(``totals``, served by linkage/partners/aggregates.py): each suggestion carries how many people
it counts, so that the partner API can withhold one resting on too few.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, delete, insert, select

from linkage.canonical import now_ms
from linkage.places import EVENT_KIND, serves_shelter_purpose
from linkage.problems import Problem
from linkage.tables import persons, presence, shelter_supplies, shelters

ITEMS = (
    "water",
    "food",
    "blankets",
    "diapers",
    "adult_diapers",
    "formula",
    "allergen_free_meals",
)
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


@dataclass(frozen=True)
class Supply:
    """One item at one shelter: what is there, what was asked for, what the roster suggests
    and how many people present the suggestion counts."""

    item: str
    stock: int
    requested: int
    suggested: int
    counted: int


def set_supply(
    conn: Connection, shelter_id: str, item: str, stock: int, requested: int, actor: str
) -> None:
    """Record a shelter's stock of and request for ``item`` (422 for an unknown item or a
    quantity out of range, 404 for an unknown shelter or an event site)."""
    if item not in ITEMS:
        raise Problem(422, "unknown-item", "Unknown supply item", f"{item!r} is not one of {ITEMS}")
    for name, value in (("stock", stock), ("requested", requested)):
        if not 0 <= value <= MAX_QUANTITY:
            raise Problem(
                422, "invalid-quantity", f"{name} must be 0 to {MAX_QUANTITY}", str(value)
            )
    kind = conn.execute(select(shelters.c.kind).where(shelters.c.shelter_id == shelter_id)).first()
    if kind is None or kind.kind == EVENT_KIND:
        raise Problem(404, "unknown-shelter", "Unknown shelter", shelter_id)
    conn.execute(
        delete(shelter_supplies).where(
            shelter_supplies.c.shelter_id == shelter_id, shelter_supplies.c.item == item
        )
    )
    conn.execute(
        insert(shelter_supplies).values(
            shelter_id=shelter_id,
            item=item,
            stock=stock,
            requested=requested,
            updated_by=actor,
            updated_at_ms=now_ms(),
        )
    )


def counted(conn: Connection, shelter_id: str, today: date) -> Counter[str]:
    """The people present, and among them infants, people with an allergy and people
    needing care: whom the suggestions count (``RULES``)."""
    rows: list[str] = list(
        conn.execute(
            select(persons.c.fields)
            .join(presence, presence.c.person_id == persons.c.person_id)
            .where(presence.c.shelter_id == shelter_id, presence.c.state == "in")
        ).scalars()
    )
    groups: Counter[str] = Counter()
    for raw in rows:
        fields = json.loads(raw)
        groups["present"] += 1
        age = _age(fields.get("birth_date"), today)
        if age is not None and age <= INFANT_AGE:
            groups["infants"] += 1
        if fields.get("allergies"):
            groups["allergies"] += 1
        if fields.get("care_required"):
            groups["care_required"] += 1
    return groups


def _age(born: object, today: date) -> int | None:
    try:
        b = date.fromisoformat(str(born))
    except ValueError:
        return None
    return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


def of_shelter(conn: Connection, shelter_id: str, today: date) -> list[Supply]:
    """Every item at the shelter, in item order."""
    stored = {
        r.item: r
        for r in conn.execute(
            select(shelter_supplies).where(shelter_supplies.c.shelter_id == shelter_id)
        )
    }
    groups = counted(conn, shelter_id, today)
    out = []
    for item in ITEMS:
        group, rate = RULES[item]
        out.append(
            Supply(
                item,
                stored[item].stock if item in stored else 0,
                stored[item].requested if item in stored else 0,
                groups[group] * rate,
                groups[group],
            )
        )
    return out


def totals(conn: Connection, municipality_id: str, today: date) -> list[Supply]:
    """The municipality's shelters summed per item: what a supplier partner receives."""
    ids: list[str] = list(
        conn.execute(
            select(shelters.c.shelter_id).where(
                shelters.c.municipality_id == municipality_id, serves_shelter_purpose()
            )
        ).scalars()
    )
    sums = {item: [0, 0, 0, 0] for item in ITEMS}
    for shelter_id in ids:
        for s in of_shelter(conn, shelter_id, today):
            for i, value in enumerate((s.stock, s.requested, s.suggested, s.counted)):
                sums[s.item][i] += value
    return [Supply(item, *sums[item]) for item in ITEMS]
