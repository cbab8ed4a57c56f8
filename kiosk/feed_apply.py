"""Applying what the platform sends (feed changes and snapshot items) to the kiosk's store.

Sync hands each page to :func:`apply_page` inside the transaction that also moves its cursor,
so a crash or a dropped connection can neither skip a change nor apply one twice. A page
holding a change this kiosk cannot read is refused whole, with the reason, and the cursor does
not move.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from kiosk import feed_citycards, feed_places, presence, revoked_keys, supplies
from kiosk.errors import InvalidInput
from kiosk.feed_page import NOTHING_PREPARED, Applied, BadChange, Page, Prepared
from kiosk.feed_prepare import known_fields, person_from
from kiosk.hlc import Timestamp
from kiosk.household_row import household_row
from kiosk.migrations import PERSON_SEARCH_INDEXES
from kiosk.model import Household, Person
from kiosk.sqlite import Connection
from kiosk.store import PAGE_CACHE_KIB, Tx
from kiosk.voting import feed_apply as voting_feed

# The page cache from the drop of the persons' search indexes until they are built again (KiB):
# a store with 100,000 people and their households is about 56 MB.
INDEX_BUILD_CACHE_KIB = 128 * 1024


def apply_page(
    tx: Tx,
    changes: Sequence[dict[str, Any]],
    applied: Applied,
    prepared: Prepared = NOTHING_PREPARED,
) -> None:
    """Apply a page of changes in ``tx``, counting into ``applied``; raises BadChange (and the
    caller rolls ``tx`` back) when one of them does not fit this kiosk's model.

    ``prepared`` is ``feed_prepare.prepare(changes)``, done before ``tx`` began, when the
    caller has it. ``changes[i]`` is read only where change ``i`` was not prepared or cannot be
    written as it was (a local unsent edit of that record to merge), so ``changes`` may make
    those on demand.
    """
    page = Page(tx, applied)
    for at in (prepared.at, prepared.household_at):
        if at and at[-1] >= len(changes):
            raise ValueError("prepared does not match changes")
    # The prepared records are queued in runs between the changes applied in full, so that
    # everything is written in the page's order (a person before their presence).
    done = 0
    for index in _not_prepared(prepared, len(changes)):
        _queue(page, prepared, done, index, changes)
        apply_change(page, changes[index])
        done = index + 1
    _queue(page, prepared, done, len(changes), changes)
    page.flush()


def _not_prepared(prepared: Prepared, count: int) -> list[int]:
    if len(prepared.at) + len(prepared.household_at) == count:
        return []
    return sorted(set(range(count)).difference(prepared.at, prepared.household_at))


def _queue(
    page: Page, prepared: Prepared, start: int, stop: int, changes: Sequence[dict[str, Any]]
) -> None:
    """Queue the prepared records among changes ``start`` to ``stop``; one with a local edit
    is applied in full."""
    if start == stop:
        return
    at, household_at = prepared.at, prepared.household_at
    full = page.add_prepared(prepared, bisect_left(at, start), bisect_left(at, stop))
    low, high = bisect_left(household_at, start), bisect_left(household_at, stop)
    full += page.add_prepared_households(prepared, low, high)
    for index in sorted(full):
        apply_change(page, changes[index])


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
    applied = page.applied
    person_id = str(p["person_id"])
    fields = known_fields(Person, p.get("fields", {}))
    page.merged("person", person_id, p, fields)
    person, data = person_from(person_id, p.get("household_id"), fields)
    page.add_person(person, data, [str(key) for key in p.get("card_keys", [])])
    applied.upserts += 1


def _household_upsert(page: Page, p: dict[str, Any]) -> None:
    household_id = str(p["household_id"])
    fields = known_fields(Household, p.get("fields", {}))
    page.merged("household", household_id, p, fields)
    page.add_household(household_row(Household.from_dict(fields | {"household_id": household_id})))
    page.applied.upserts += 1


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


def _supplies_upsert(page: Page, p: dict[str, Any]) -> None:
    supplies.apply_feed(page.tx, p)
    page.applied.upserts += 1


def forget(conn: Connection, person_id: str) -> None:
    """Delete everything this kiosk holds about a person (withdrawal, merge, out of scope)."""
    for table in ("identifiers", "presence", "stays", "provisional_arrivals"):
        conn.execute(f"DELETE FROM {table} WHERE person_id = ?", (person_id,))
    conn.execute("DELETE FROM answers WHERE subject_id = ?", (person_id,))
    conn.execute("DELETE FROM persons WHERE person_id = ?", (person_id,))


def holds_people(conn: Connection) -> bool:
    """Whether the store holds anyone yet."""
    return conn.execute("SELECT 1 FROM persons LIMIT 1").fetchone() is not None


def drop_person_indexes(conn: Connection) -> None:
    """Drop the persons' search indexes while a first snapshot fills an empty store (they cost
    more per row than once at the end); ``build_person_indexes`` makes them again. Until then
    the page cache keeps the pages written, so that the build finds the table in memory."""
    for name in PERSON_SEARCH_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    conn.execute(f"PRAGMA cache_size = -{INDEX_BUILD_CACHE_KIB}")


def build_person_indexes(conn: Connection) -> None:
    """Make the persons' search indexes that are missing (none is, but after a first snapshot),
    and set the page cache back to the store's."""
    # Each index reads the whole table: every page not in the cache is read from the file,
    # decrypted and its HMAC checked. With a cache that holds the table since the indexes were
    # dropped, no page is; else the second index reads it from memory. It is given back after.
    conn.execute(f"PRAGMA cache_size = -{INDEX_BUILD_CACHE_KIB}")
    try:
        for statement in PERSON_SEARCH_INDEXES.values():
            conn.execute(statement)
    finally:
        conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")


_HANDLERS = {
    ("shelter", "upsert"): feed_places.shelter_upsert,
    ("question", "upsert"): feed_places.question_upsert,
    ("city_card_format", "upsert"): feed_citycards.format_upsert,
    ("city_card", "upsert"): feed_citycards.link_upsert,
    ("person", "upsert"): _person_upsert,
    ("person", "delete"): _person_delete,
    ("person", "merge"): _person_merge,
    ("household", "upsert"): _household_upsert,
    ("presence", "upsert"): _presence_upsert,
    ("conflict", "upsert"): _conflict_upsert,
    ("revoked_key", "upsert"): _revoked_key_upsert,
    ("supplies", "upsert"): _supplies_upsert,
    ("polling_site", "upsert"): voting_feed.polling_site_upsert,
    ("voter", "upsert"): voting_feed.voter_upsert,
    ("declaration", "upsert"): voting_feed.declaration_upsert,
    ("voting_incident", "upsert"): voting_feed.voting_incident_upsert,
}
