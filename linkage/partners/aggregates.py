"""Counts a partner may have without anyone's consent: people present and needing care, per
shelter and kind, with small cells suppressed; and for a purpose granted them, the supply
totals (linkage/supplies.py) with the suggestions resting on too few people withheld.

A count from 1 to k-1 (k configured, 5 by default) is withheld as ``null``: so few people can
be told apart by whoever knows the shelter. Zero is shown: it discloses nobody. The kinds
overlap (one person may need several), so no withheld cell can be worked out from the others.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from linkage import supplies
from linkage.partners import disclosures, registry
from linkage.partners.credentials import Caller
from linkage.tables import persons, presence, shelters

DEFAULT_MIN_CELL = 5
SUPPLY_TOTALS = "supply-totals"
KINDS = ("care_required", "pregnant", "nursing", "disability", "allergies", "medication")


def _kinds(fields: dict[str, Any]) -> set[str]:
    found = {k for k in ("care_required", "pregnant", "nursing") if fields.get(k)}
    if fields.get("disabilities"):
        found.add("disability")
    found |= {k for k in ("allergies", "medication") if fields.get(k)}
    return found


def suppress(count: int, k: int) -> int | None:
    """The count as published: withheld (None) when from 1 to k-1."""
    return None if 0 < count < k else count


def shelter_counts(conn: Connection, caller: Caller, k: int) -> dict[str, Any]:
    """Per shelter of the partner's municipality: present, needing any care, and by kind."""
    places = conn.execute(
        select(shelters.c.shelter_id, shelters.c.name)
        .where(shelters.c.municipality_id == caller.municipality_id)
        .order_by(shelters.c.shelter_id)
    ).all()
    counts: dict[str, Counter[str]] = {p.shelter_id: Counter() for p in places}
    rows = conn.execute(
        select(presence.c.shelter_id, persons.c.fields)
        .join(persons, persons.c.person_id == presence.c.person_id)
        .join(shelters, shelters.c.shelter_id == presence.c.shelter_id)
        .where(
            shelters.c.municipality_id == caller.municipality_id,
            presence.c.state == "in",
            persons.c.merged_into.is_(None),
        )
    )
    for r in rows:
        kinds = _kinds(json.loads(r.fields))
        counts[r.shelter_id]["present"] += 1
        if kinds:
            counts[r.shelter_id]["needing_care"] += 1
        counts[r.shelter_id].update(kinds)
    disclosures.record_request(conn, caller, "aggregate", None, 0)
    return {
        "min_cell": k,
        "shelters": [
            {
                "shelter_id": p.shelter_id,
                "name": p.name,
                "present": suppress(counts[p.shelter_id]["present"], k),
                "needing_care": suppress(counts[p.shelter_id]["needing_care"], k),
                "by_kind": {kind: suppress(counts[p.shelter_id][kind], k) for kind in KINDS},
            }
            for p in places
        ],
    }


def supply_totals(
    conn: Connection, caller: Caller, purpose_id: str, day: date, k: int
) -> dict[str, Any]:
    """The municipality's stock, requests and suggested need per item (as the headquarters'
    supplies page totals them), for a purpose granted ``supply-totals``.

    Stock and requests are what staff entered. A suggestion counts people present (with an
    allergy, needing care, infants...), some of them special care-required information: one
    counting from 1 to k-1 people is withheld, as the counts per shelter are. Only the totals
    are given, so no shelter's few people can be singled out.
    """
    registry.require_aggregate(conn, caller.partner_id, purpose_id, SUPPLY_TOTALS)
    rows = supplies.totals(conn, caller.municipality_id, day)
    disclosures.record_request(conn, caller, "aggregate", purpose_id, 0)
    return {
        "purpose_id": purpose_id,
        "day": day.isoformat(),
        "min_cell": k,
        "items": [
            {
                "item": s.item,
                "stock": s.stock,
                "requested": s.requested,
                "suggested": None if 0 < s.counted < k else s.suggested,
            }
            for s in rows
        ],
    }
