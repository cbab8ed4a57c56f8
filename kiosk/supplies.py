"""The shelter's supplies at the kiosk: stock and requests per item, with a day's need
suggested from the people present by the protocol's rule (``kazasu_protocol.supplies``, the one
HQ uses), entered by staff and sent as ``shelter.supplies_set``.

HQ enters the same figures on its own page; per item the later entry (by HLC) wins on both
sides, and the platform sends what it keeps back through the feed (``apply_feed``). An entry
carries only the items staff changed, so an HQ entry of another item is never overwritten by
an older figure the screen happened to show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from kazasu_protocol.supplies import ITEMS, MAX_QUANTITY, quantity_problem, suggested
from kiosk.counts import DEFAULT_TIMEZONE
from kiosk.errors import InvalidInput, Refused
from kiosk.hlc import Timestamp
from kiosk.model import EVENT_KIND
from kiosk.sqlite import Connection
from kiosk.store import Store, Tx

EVENT = "shelter.supplies_set"


@dataclass(frozen=True)
class Supply:
    """One item at the shelter: what is there, what was asked for, what the roster suggests."""

    item: str
    stock: int
    requested: int
    suggested: int


class SupplyService:
    """Reads and records the shelter's supplies; any signed-in staff member may record them."""

    def __init__(self, store: Store, timezone: str = DEFAULT_TIMEZONE) -> None:
        self.store = store
        self.zone = ZoneInfo(timezone)

    def of_shelter(self, shelter_id: str) -> list[Supply]:
        """Every item at the shelter, in the protocol's item order."""
        today = self.store.now().astimezone(self.zone).date()
        with self.store.reading() as conn:
            stored = _stored(conn, shelter_id)
            rows = conn.execute(
                "SELECT p.data FROM presence r JOIN persons p USING (person_id)"
                " WHERE r.shelter_id = ? AND r.state = 'in'",
                (shelter_id,),
            ).fetchall()
        need = suggested((json.loads(r[0]) for r in rows), today)
        return [Supply(item, *stored.get(item, (0, 0)), need[item]) for item in ITEMS]

    def save(self, actor: str, shelter_id: str, wanted: dict[str, tuple[int, int]]) -> list[str]:
        """Record the stock and requests staff entered; returns the items that changed.

        All or nothing: an unknown item or a quantity that is not a whole number from 0
        refuses the entry (naming the item) and stores nothing. Only changed items are
        recorded, sent and audited; an entry that changes nothing writes nothing.
        """
        for item, values in wanted.items():
            if item not in ITEMS:
                raise InvalidInput("{item} is not a supply item", item=item)
            for value in values:
                if quantity_problem(value) is not None:
                    raise InvalidInput(
                        "{item}: a quantity must be a whole number from 0 to {most}",
                        item=item,
                        most=MAX_QUANTITY,
                    )
        with self.store.transaction() as tx:
            _require_shelter(tx.conn, shelter_id)
            stored = _stored(tx.conn, shelter_id)
            changed = {
                item: values
                for item, values in wanted.items()
                if stored.get(item, (0, 0)) != values
            }
            if not changed:
                return []
            items = {k: {"stock": s, "requested": r} for k, (s, r) in changed.items()}
            event = tx.emit(EVENT, {"shelter_id": shelter_id, "items": items, "staff": actor})
            for item, (stock, requested) in changed.items():
                _write(tx.conn, shelter_id, item, stock, requested, event.hlc)
            tx.audit(actor, "supplies.set", shelter_id, items=items)
        return list(changed)


def apply_feed(tx: Tx, payload: dict[str, Any]) -> None:
    """Take what the platform keeps of a shelter's supplies: each item whose stamp is later
    than this kiosk's entry of it (an HQ entry, another kiosk's, or this one's sent back)."""
    shelter_id, items = str(payload["shelter_id"]), payload["items"]
    if not isinstance(items, dict):
        raise ValueError("supplies items is not an object")
    stamps = {
        str(r[0]): str(r[1])
        for r in tx.conn.execute(
            "SELECT item, hlc FROM supplies WHERE shelter_id = ?", (shelter_id,)
        ).fetchall()
    }
    for item, record in items.items():
        hlc = str(record["hlc"])
        tx.clock.observe(Timestamp.decode(hlc))
        if item not in ITEMS:
            continue  # an item a newer platform counts and this kiosk does not show
        stock, requested = record["stock"], record["requested"]
        if quantity_problem(stock) or quantity_problem(requested):
            raise ValueError(f"supplies of {item!r} that are not quantities")
        if item not in stamps or stamps[item] < hlc:
            _write(tx.conn, shelter_id, item, int(stock), int(requested), hlc)


def _stored(conn: Connection, shelter_id: str) -> dict[str, tuple[int, int]]:
    rows = conn.execute(
        "SELECT item, stock, requested FROM supplies WHERE shelter_id = ?", (shelter_id,)
    ).fetchall()
    return {str(r[0]): (int(r[1]), int(r[2])) for r in rows}


def _write(
    conn: Connection, shelter_id: str, item: str, stock: int, requested: int, hlc: str
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO supplies (shelter_id, item, stock, requested, hlc)"
        " VALUES (?, ?, ?, ?, ?)",
        (shelter_id, item, stock, requested, hlc),
    )


def _require_shelter(conn: Connection, shelter_id: str) -> None:
    row = conn.execute("SELECT kind FROM shelters WHERE shelter_id = ?", (shelter_id,)).fetchone()
    if row is None or row[0] == EVENT_KIND:
        # An event site keeps no supplies: its attendees go home the same day.
        raise Refused("not_a_shelter", "{shelter_id} is not a shelter", shelter_id=shelter_id)
