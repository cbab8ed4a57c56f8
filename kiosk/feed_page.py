"""One page of what the platform sends (feed changes or snapshot items) being applied to the
kiosk's store: its transaction, its counts, and the person and household rows written in bulk.

The handlers of each entity (kiosk/feed_apply.py and the modules it names) write through a
:class:`Page`; a change that does not fit the kiosk's model raises :class:`BadChange`.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from kiosk.hlc import Timestamp
from kiosk.household_row import WRITE_HOUSEHOLD
from kiosk.model import Person, compact_json
from kiosk.person_row import INSERT_PERSON, WRITE_PERSON, person_row
from kiosk.sqlite import Connection

if TYPE_CHECKING:
    # Only a type here: provisioning's worker process imports this module without the store.
    from kiosk.store import Tx


class BadChange(ValueError):
    """A change from the platform that does not fit this kiosk's model."""


@dataclass
class Applied:
    """Counts of what a page did, for the status and the tests."""

    upserts: int = 0
    deletions: int = 0
    merges: int = 0
    conflicts: int = 0
    skipped: int = 0


class Prepared(NamedTuple):
    """The person and household upserts among some changes converted to their rows before the
    transaction that writes them (``feed_prepare.prepare``): the store is not held while a page
    is parsed, only while it is written. A few flat lists, not an object per record, so that
    the provisioning worker's pages cross to the kiosk's process cheaply."""

    # The indexes among the changes of the converted people, ascending.
    at: list[int]
    # Their rows for ``WRITE_PERSON``, in the same order.
    rows: list[tuple[Any, ...]]
    # Each one's latest field stamp ("" when none).
    latest: list[str]
    # (position in ``rows``, card key, person id) of every card key, in the rows' order.
    card_keys: list[tuple[int, str, str]]
    # The same for the converted households: their indexes, rows for ``WRITE_HOUSEHOLD`` and
    # latest field stamps.
    household_at: list[int]
    households: list[tuple[Any, ...]]
    household_latest: list[str]

    def part(self, start: int, stop: int) -> Prepared:
        """The people and households among changes ``start`` to ``stop``, indexed from
        ``start``."""
        first, last = bisect_left(self.at, start), bisect_left(self.at, stop)
        low = bisect_left(self.household_at, start)
        high = bisect_left(self.household_at, stop)
        return Prepared(
            [index - start for index in self.at[first:last]],
            self.rows[first:last],
            self.latest[first:last],
            [(at - first, key, pid) for at, key, pid in self.keys_of(first, last)],
            [index - start for index in self.household_at[low:high]],
            self.households[low:high],
            self.household_latest[low:high],
        )

    def keys_of(self, first: int, last: int) -> list[tuple[int, str, str]]:
        """The card keys of the people at ``first`` to ``last`` in ``rows``."""
        return self.card_keys[
            bisect_left(self.card_keys, (first,)) : bisect_left(self.card_keys, (last,))
        ]


# Nothing converted: every change is applied in full.
NOTHING_PREPARED = Prepared([], [], [], [], [], [], [])


class Page:
    """One page being applied: its transaction and the local edits not yet sent.

    The unsent edits are read once per page, not once per change.
    """

    def __init__(self, tx: Tx, applied: Applied) -> None:
        self.tx = tx
        self.applied = applied
        self.pending = _pending_edits(tx.conn)
        self._pending_people = {pid for kind, pid in self.pending if kind == "person"}
        self._pending_households = {hid for kind, hid in self.pending if kind == "household"}
        # The latest field stamp seen on the page, observed by the clock at ``flush``.
        self.latest_field_hlc = ""
        # Person and household rows and card keys are written in bulk: a snapshot page is
        # mostly them.
        self._persons: list[tuple[Any, ...]] = []
        self._card_keys: list[tuple[str, str]] = []
        self._households: list[tuple[Any, ...]] = []

    def add_person(self, person: Person, data: dict[str, Any], card_keys: list[str]) -> None:
        """Queue a person (and the JSON it was read from) and card keys for the next ``flush``."""
        self._persons.append(person_row(person, compact_json(Person, data)))
        self._card_keys += [(key, person.person_id) for key in card_keys]

    def add_prepared(self, prepared: Prepared, start: int, stop: int) -> list[int]:
        """Queue the prepared people ``start`` to ``stop`` (positions in ``prepared.rows``),
        except those with a local unsent edit to merge first: their indexes among the
        changes are returned, for the caller to apply in full."""
        rows = prepared.rows[start:stop]
        if self._pending_people and not self._pending_people.isdisjoint(r[0] for r in rows):
            full = []
            for at in range(start, stop):
                if prepared.rows[at][0] in self._pending_people:
                    full.append(prepared.at[at])
                else:
                    self.add_prepared(prepared, at, at + 1)
            return full
        self._persons += rows
        if prepared.card_keys:
            self._card_keys += [(key, pid) for _, key, pid in prepared.keys_of(start, stop)]
        if rows:
            self.latest_field_hlc = max(self.latest_field_hlc, *prepared.latest[start:stop])
        self.applied.upserts += len(rows)
        return []

    def add_household(self, row: tuple[Any, ...]) -> None:
        """Queue a household's row for the next ``flush``."""
        self._households.append(row)

    def add_prepared_households(self, prepared: Prepared, start: int, stop: int) -> list[int]:
        """Queue the prepared households ``start`` to ``stop`` (positions in
        ``prepared.households``), except those with a local unsent edit to merge first: their
        indexes among the changes are returned, for the caller to apply in full."""
        rows = prepared.households[start:stop]
        if not rows:
            return []
        latest = prepared.household_latest[start:stop]
        full: list[int] = []
        pending = self._pending_households
        if pending and not pending.isdisjoint(row[0] for row in rows):
            kept = [at for at in range(start, stop) if prepared.households[at][0] not in pending]
            full = [prepared.household_at[at] for at in sorted(set(range(start, stop)) - set(kept))]
            rows = [prepared.households[at] for at in kept]
            latest = [prepared.household_latest[at] for at in kept]
        self._households += rows
        if rows:
            self.latest_field_hlc = max(self.latest_field_hlc, *latest)
        self.applied.upserts += len(rows)
        return full

    def merged(self, kind: str, entity_id: str, p: dict[str, Any], fields: dict[str, Any]) -> None:
        """Merge into ``fields`` (the feed's) the local unsent edits of that record, field by
        field: a local value stays only where its stamp is later than the feed value's.

        A local edit that lost here loses on the platform too, which records the conflict and
        sends it back for staff. The feed's stamps are observed, so that the next local edit
        orders after every value this kiosk has shown.
        """
        stamps = field_stamps(p)
        if stamps:
            self.latest_field_hlc = max(self.latest_field_hlc, *stamps.values())
        for name, (value, hlc) in self.pending.get((kind, entity_id), {}).items():
            if name not in stamps or hlc > stamps[name]:
                fields[name] = value

    def flush(self) -> None:
        """Write the batched rows; before anything that reads them, and at the end."""
        if self.latest_field_hlc:
            self.tx.clock.observe(Timestamp.decode(self.latest_field_hlc))
            self.latest_field_hlc = ""
        conn = self.tx.conn
        if self._households:
            conn.executemany(WRITE_HOUSEHOLD, self._households)
            self._households.clear()
        if not self._persons:
            return
        # A person's household may come later in the feed (a snapshot sends every person
        # before any household): a bare row keeps the link valid until it does. One statement
        # for the batch, the ids as a JSON array.
        households = dict.fromkeys(row[1] for row in self._persons if row[1] is not None)
        if households:
            conn.execute(
                "INSERT OR IGNORE INTO households (household_id, shelter_id, data)"
                " SELECT value, NULL, json_object('household_id', value) FROM json_each(?)",
                (json.dumps(list(households)),),
            )
        # Nearly every person a snapshot brings is new to the store, and a plain insert costs
        # about a fifth less than a replacing one. Where one is there already (a page applied
        # again after a stop, a feed's update), the batch is undone and replaces instead.
        conn.execute("SAVEPOINT persons_batch")
        try:
            conn.executemany(INSERT_PERSON, self._persons)
        except conn.IntegrityError:
            conn.execute("ROLLBACK TO persons_batch")
            conn.executemany(WRITE_PERSON, self._persons)
        conn.execute("RELEASE persons_batch")
        ids = (json.dumps([row[0] for row in self._persons]),)
        conn.execute(
            "DELETE FROM identifiers WHERE person_id IN (SELECT value FROM json_each(?))"
            " AND identifier LIKE 'jpki:%'",
            ids,
        )
        conn.executemany(
            "INSERT OR REPLACE INTO identifiers (identifier, person_id) VALUES (?, ?)",
            self._card_keys,
        )
        # The platform's record replaces what an offline pass arrival carried.
        conn.execute(
            "DELETE FROM provisional_arrivals WHERE person_id IN (SELECT value FROM json_each(?))",
            ids,
        )
        self._persons.clear()
        self._card_keys.clear()


def field_stamps(p: dict[str, Any]) -> dict[str, str]:
    """A change's stamps by field name; raises BadChange unless every stamp is text."""
    stamps = p.get("field_hlc", {})
    # One pass over the types in C: a snapshot item has a stamp for each of its fields.
    if not isinstance(stamps, dict) or not set(map(type, stamps.values())) <= {str}:
        raise BadChange("field_hlc is not an object of stamps")
    return stamps


def _pending_edits(conn: Connection) -> dict[tuple[str, str], dict[str, tuple[Any, str]]]:
    """Field values of local edits the platform has not stored yet, with their stamps, by
    (kind, id): they stay visible here over an older copy from the platform."""
    out: dict[tuple[str, str], dict[str, tuple[Any, str]]] = {}
    rows = conn.execute(
        "SELECT type, payload, hlc FROM outbox"
        " WHERE type IN ('person.updated', 'household.updated') ORDER BY device_seq"
    ).fetchall()
    for type_, text, hlc in rows:
        kind = type_.split(".")[0]
        payload = json.loads(text)
        fields = {k: (v, hlc) for k, v in payload["fields"].items() if not k.startswith("q:")}
        out.setdefault((kind, payload[f"{kind}_id"]), {}).update(fields)
    return out
