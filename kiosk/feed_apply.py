"""Applying what the platform sends (feed changes and snapshot items) to the kiosk's store.

A page is applied in one transaction together with the cursor that covers it, so a crash or a
dropped connection can neither skip a change nor apply one twice. A page holding a change this
kiosk cannot read is refused whole, with the reason, and the cursor does not move.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kiosk import presence, revoked_keys
from kiosk.errors import InvalidInput
from kiosk.hlc import Timestamp
from kiosk.model import Household, Person, compact_json
from kiosk.people import WALK_IN_PREFIX, WRITE_PERSON, person_row, write_household
from kiosk.sqlite import Connection
from kiosk.store import Tx
from sync import apply_citycards, apply_places, apply_voting


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


class Page:
    """One page being applied: its transaction and the local edits not yet sent.

    The unsent edits are read once per page, not once per change.
    """

    def __init__(self, tx: Tx, applied: Applied) -> None:
        self.tx = tx
        self.applied = applied
        self.pending = _pending_edits(tx.conn)
        # The latest field stamp seen on the page, observed by the clock at ``flush``.
        self.latest_field_hlc = ""
        # Person rows and their card keys are written in bulk: a snapshot page is mostly them.
        self._persons: list[tuple[Any, ...]] = []
        self._card_keys: list[tuple[str, str]] = []

    def add_person(self, person: Person, data: dict[str, Any], card_keys: list[str]) -> None:
        """Queue a person (and the JSON it was read from) and card keys for the next ``flush``."""
        self._persons.append(person_row(person, compact_json(Person, data)))
        self._card_keys += [(key, person.person_id) for key in card_keys]

    def merged(self, kind: str, entity_id: str, p: dict[str, Any], fields: dict[str, Any]) -> None:
        """Merge into ``fields`` (the feed's) the local unsent edits of that record, field by
        field: a local value stays only where its stamp is later than the feed value's.

        A local edit that lost here loses on the platform too, which records the conflict and
        sends it back for staff. The feed's stamps are observed, so that the next local edit
        orders after every value this kiosk has shown.
        """
        stamps = p.get("field_hlc", {})
        if not isinstance(stamps, dict) or not all(isinstance(v, str) for v in stamps.values()):
            raise BadChange("field_hlc is not an object of stamps")
        if stamps:
            self.latest_field_hlc = max(self.latest_field_hlc, *stamps.values())
        for name, (value, hlc) in self.pending.get((kind, entity_id), {}).items():
            if name not in stamps or hlc > stamps[name]:
                fields[name] = value

    def flush(self) -> None:
        """Write the batched person rows; before anything that reads them, and at the end."""
        if self.latest_field_hlc:
            self.tx.clock.observe(Timestamp.decode(self.latest_field_hlc))
            self.latest_field_hlc = ""
        if not self._persons:
            return
        conn = self.tx.conn
        conn.executemany(WRITE_PERSON, self._persons)
        conn.executemany(
            "DELETE FROM identifiers WHERE person_id = ? AND identifier LIKE 'jpki:%'",
            [(row[0],) for row in self._persons],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO identifiers (identifier, person_id) VALUES (?, ?)",
            self._card_keys,
        )
        # The platform's record replaces what an offline pass arrival carried.
        conn.executemany(
            "DELETE FROM provisional_arrivals WHERE person_id = ?",
            [(row[0],) for row in self._persons],
        )
        self._persons.clear()
        self._card_keys.clear()


def apply_change(page: Page, change: dict[str, Any]) -> None:
    """Apply one feed change or snapshot item (``op`` defaults to upsert)."""
    try:
        entity, op, payload = change["entity"], change.get("op", "upsert"), change["payload"]
        if not isinstance(payload, dict):
            raise BadChange("payload is not an object")
        handler = _HANDLERS[(entity, op)]
        if handler is not _person_upsert and handler is not _household_upsert:
            page.flush()
        handler(page, payload)
    except (KeyError, TypeError, ValueError, InvalidInput) as exc:
        raise BadChange(f"change {change.get('position', '?')}: {exc!s}") from exc


def _person_upsert(page: Page, p: dict[str, Any]) -> None:
    tx, applied = page.tx, page.applied
    person_id = str(p["person_id"])
    fields = _known(Person, p.get("fields", {}))
    page.merged("person", person_id, p, fields)
    household_id = p.get("household_id")
    if household_id:
        _ensure_household(tx.conn, household_id)
    fields |= {
        "person_id": person_id,
        "household_id": household_id,
        "provisional": person_id.startswith(WALK_IN_PREFIX),
    }
    person = Person.from_dict(fields)
    page.add_person(person, fields, [str(key) for key in p.get("card_keys", [])])
    applied.upserts += 1


def _household_upsert(page: Page, p: dict[str, Any]) -> None:
    tx, applied = page.tx, page.applied
    household_id = str(p["household_id"])
    fields = _known(Household, p.get("fields", {}))
    page.merged("household", household_id, p, fields)
    write_household(tx.conn, Household.from_dict(fields | {"household_id": household_id}))
    applied.upserts += 1


def _presence_upsert(page: Page, p: dict[str, Any]) -> None:
    tx, applied = page.tx, page.applied
    person_id, hlc = str(p["person_id"]), str(p["hlc"])
    stamp = Timestamp.decode(hlc)
    tx.clock.observe(stamp)
    known = tx.conn.execute("SELECT 1 FROM persons WHERE person_id = ?", (person_id,))
    if known.fetchone() is None:
        # The platform sends a person before their presence; one it did not send is one this
        # kiosk may not hold (no consent, outside scope).
        applied.skipped += 1
        return
    if p["state"] not in ("in", "out"):
        raise BadChange(f"unknown presence state {p['state']!r}")
    at = datetime.fromtimestamp(stamp.wall_ms / 1000, UTC)
    presence.apply(tx.conn, person_id, str(p["shelter_id"]), p["state"] == "in", hlc, at)
    applied.upserts += 1


def _person_delete(page: Page, p: dict[str, Any]) -> None:
    tx, applied = page.tx, page.applied
    forget(tx.conn, str(p["person_id"]))
    applied.deletions += 1


def _person_merge(page: Page, p: dict[str, Any]) -> None:
    tx, applied = page.tx, page.applied
    source, target = str(p["from_person_id"]), str(p["into_person_id"])
    tx.conn.execute(
        "INSERT OR REPLACE INTO merges (from_person_id, into_person_id) VALUES (?, ?)",
        (source, target),
    )
    # The target's upsert (card keys, fields, presence) follows in the feed; the provisional
    # record and everything hanging on it goes now.
    forget(tx.conn, source)
    applied.merges += 1


def _conflict_upsert(page: Page, p: dict[str, Any]) -> None:
    tx, applied = page.tx, page.applied
    tx.conn.execute(
        "INSERT OR REPLACE INTO conflicts (conflict_id, entity, entity_id, field, kept_value,"
        " kept_hlc, lost_value, lost_hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            int(p["conflict_id"]),
            str(p["entity"]),
            str(p["entity_id"]),
            str(p["field"]),
            json.dumps(p["kept_value"], ensure_ascii=False),
            str(p["kept_hlc"]),
            json.dumps(p["lost_value"], ensure_ascii=False),
            str(p["lost_hlc"]),
        ),
    )
    applied.conflicts += 1


def _revoked_key_upsert(page: Page, p: dict[str, Any]) -> None:
    tx = page.tx
    kid, revoked_at = str(p["kid"]), str(p["revoked_at"])
    if revoked_keys.record(tx.conn, kid, revoked_at):
        tx.audit("sync", "qr_key.revoked", kid, revoked_at=revoked_at)
    page.applied.upserts += 1


def forget(conn: Connection, person_id: str) -> None:
    """Delete everything this kiosk holds about a person (withdrawal, merge, out of scope)."""
    for table in ("identifiers", "presence", "stays", "provisional_arrivals"):
        conn.execute(f"DELETE FROM {table} WHERE person_id = ?", (person_id,))
    conn.execute("DELETE FROM answers WHERE subject_id = ?", (person_id,))
    conn.execute("DELETE FROM persons WHERE person_id = ?", (person_id,))


def _known(record: type[Person] | type[Household], fields: Any) -> dict[str, Any]:
    """The fields this kiosk models; others (from newer kiosks or the platform) stay there."""
    if not isinstance(fields, dict):
        raise BadChange("fields is not an object")
    names = record.__dataclass_fields__
    return {k: v for k, v in fields.items() if k in names}


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


def _ensure_household(conn: Connection, household_id: str) -> None:
    # The household's own upsert may come later in the feed; a bare row keeps the link valid.
    conn.execute(
        "INSERT OR IGNORE INTO households (household_id, shelter_id, data) VALUES (?, NULL, ?)",
        (household_id, json.dumps({"household_id": household_id})),
    )


_HANDLERS = {
    ("shelter", "upsert"): apply_places.shelter_upsert,
    ("question", "upsert"): apply_places.question_upsert,
    ("city_card_format", "upsert"): apply_citycards.format_upsert,
    ("city_card", "upsert"): apply_citycards.link_upsert,
    ("person", "upsert"): _person_upsert,
    ("person", "delete"): _person_delete,
    ("person", "merge"): _person_merge,
    ("household", "upsert"): _household_upsert,
    ("presence", "upsert"): _presence_upsert,
    ("conflict", "upsert"): _conflict_upsert,
    ("revoked_key", "upsert"): _revoked_key_upsert,
    ("polling_site", "upsert"): apply_voting.polling_site_upsert,
    ("voter", "upsert"): apply_voting.voter_upsert,
    ("declaration", "upsert"): apply_voting.declaration_upsert,
    ("voting_incident", "upsert"): apply_voting.voting_incident_upsert,
}
