"""Each shelter's supplies: stock and requests per item, needs suggested from the people
present, and the municipality's totals (docs/decisions/hq.md).

The items, the quantity rule and the suggestion are the protocol's
(``kazasu_protocol.supplies``), so a kiosk suggests what this platform does from the same
people. HQ's form and the shelters' kiosks (``shelter.supplies_set``) both write here: per item,
the record with the later HLC wins, and the shelter's kiosks receive what is kept as a
``supplies`` change.

The totals name no shelter's people and are what a supplier partner may receive as aggregates
(``totals``, served by linkage/partners/aggregates.py): each suggestion carries how many people
it counts, so that the partner API can withhold one resting on too few.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from kazasu_protocol.supplies import ITEMS as ITEMS
from kazasu_protocol.supplies import MAX_QUANTITY as MAX_QUANTITY
from kazasu_protocol.supplies import RULES, need_of, quantity_problem
from kazasu_protocol.supplies import counted as counted_among
from linkage.canonical import now_ms, platform_hlc
from linkage.feed import Change
from linkage.places import EVENT_KIND, serves_shelter_purpose
from linkage.problems import Problem
from linkage.scope import shelter_key
from linkage.tables import persons, presence, shelter_supplies, shelters


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
    conn: Connection,
    shelter_id: str,
    item: str,
    stock: int,
    requested: int,
    actor: str,
    hlc: str | None = None,
) -> None:
    """Record a shelter's stock of and request for ``item`` (422 for an unknown item or a
    quantity out of range, 404 for an unknown shelter or an event site), stamped ``hlc`` (now
    by default). Call ``changes`` after the last item to tell the shelter's kiosks."""
    if item not in ITEMS:
        raise Problem(422, "unknown-item", "Unknown supply item", f"{item!r} is not one of {ITEMS}")
    for name, value in (("stock", stock), ("requested", requested)):
        if quantity_problem(value) is not None:
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
            hlc=hlc or platform_hlc(),
        )
    )


def from_kiosk(
    conn: Connection, shelter_id: str, items: Mapping[str, Mapping[str, int]], hlc: str, by: str
) -> tuple[list[str], list[Change]]:
    """Apply a kiosk's ``shelter.supplies_set`` (items already checked by the envelope): each
    item is taken unless a record with a later HLC is stored (an HQ edit or another kiosk's).
    A stamp ahead of the platform's clock counts as stamped now. Returns the items taken and
    the feed change for the shelter's kiosks (also when nothing was taken, so the kiosk that
    lost learns what is kept)."""
    now = platform_hlc()
    stamp = now if hlc[:18] > now[:18] else hlc
    stored = _stamps(conn, shelter_id)
    taken = [item for item in items if stored.get(item) is None or str(stored[item]) < stamp]
    for item in taken:
        set_supply(
            conn, shelter_id, item, items[item]["stock"], items[item]["requested"], by, stamp
        )
    return taken, changes(conn, shelter_id)


def _stamps(conn: Connection, shelter_id: str) -> dict[str, str | None]:
    rows = conn.execute(
        select(shelter_supplies.c.item, shelter_supplies.c.hlc).where(
            shelter_supplies.c.shelter_id == shelter_id
        )
    )
    return {str(r.item): r.hlc for r in rows}


def changes(conn: Connection, shelter_id: str) -> list[Change]:
    """The shelter's kept supplies as one feed change for its kiosks."""
    rows = conn.execute(
        select(shelter_supplies).where(shelter_supplies.c.shelter_id == shelter_id)
    ).all()
    payload: dict[str, Any] = {
        "shelter_id": shelter_id,
        "items": {
            r.item: {"stock": r.stock, "requested": r.requested, "hlc": r.hlc or platform_hlc(0)}
            for r in rows
        },
    }
    return [Change(shelter_key(shelter_id), "supplies", shelter_id, "upsert", payload, None)]


def counted(conn: Connection, shelter_id: str, today: date) -> Counter[str]:
    """Whom the suggestions count (``RULES``) among the people present."""
    rows: list[str] = list(
        conn.execute(
            select(persons.c.fields)
            .join(presence, presence.c.person_id == persons.c.person_id)
            .where(presence.c.shelter_id == shelter_id, presence.c.state == "in")
        ).scalars()
    )
    return counted_among((json.loads(raw) for raw in rows), today)


def of_shelter(conn: Connection, shelter_id: str, today: date) -> list[Supply]:
    """Every item at the shelter, in item order."""
    stored = {
        r.item: r
        for r in conn.execute(
            select(shelter_supplies).where(shelter_supplies.c.shelter_id == shelter_id)
        )
    }
    groups = counted(conn, shelter_id, today)
    need = need_of(groups)
    return [
        Supply(
            item,
            stored[item].stock if item in stored else 0,
            stored[item].requested if item in stored else 0,
            need[item],
            groups[RULES[item][0]],
        )
        for item in ITEMS
    ]


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
