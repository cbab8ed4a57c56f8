"""The snapshot's person phase: the people of a device's scope who share, in person-id order,
as full or compact items (kazasu_protocol/person_item.py)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, Select, func, literal, not_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from linkage.devices import Device
from linkage.feed import undecoded_text
from linkage.snapshot.shared import (
    FIELD_HLC,
    Written,
    in_scope,
    json_text,
    quote,
    stamped_fields,
    stamped_fields_text,
)
from linkage.tables import card_links, persons

# PostgreSQL's memory for a person page's sorts and intermediate rows (``text``).
PAGE_WORK_MEM = "32MB"


def _people_query(device: Device, after: str = "") -> Select[Any]:
    return select(
        persons.c.person_id,
        persons.c.kind,
        persons.c.household_id,
        persons.c.fields,
        persons.c.field_hlc,
        persons.c.record_hlc,
        persons.c.differing_hlc,
    ).where(
        in_scope(device, persons.c.person_id, after),
        persons.c.shareable.is_(True),
        persons.c.merged_into.is_(None),
    )


def count_query(device: Device, held: Any) -> Any:
    """How many people ``_people_query`` reads, as a scalar subquery: ``held``, the people the
    scope holds (``shared.held_count``), less those of them who do not share or were merged
    away.

    Those from the partial indexes of the few (``ix_persons_withheld``, ``ix_persons_merged``):
    counting the people as ``_people_query`` reads them joined every person's row to the
    scope's (a tenth of a second at 100,000).
    """

    def counted(*conditions: Any) -> Any:
        return (
            select(func.count())
            .select_from(persons)
            .where(*conditions, in_scope(device, persons.c.person_id))
            .scalar_subquery()
        )

    # Those who withheld, and those merged away who had not: one condition per partial index.
    # SQLite read every person's row for the two as one OR (70 ms at 100,000 people).
    # ``shareable`` is never null: not true is false.
    withheld = counted(not_(persons.c.shareable))
    merged = counted(persons.c.merged_into.is_not(None), persons.c.shareable.is_(True))
    return held - withheld - merged


def _people_page(device: Device, after: str, limit: int) -> Select[Any]:
    return (
        _people_query(device, after)
        .where(persons.c.person_id > after)
        .order_by(persons.c.person_id)
        .limit(limit)
    )


def items(
    conn: Connection, device: Device, after: str, limit: int, compact: bool = False
) -> list[dict[str, Any]]:
    """Up to ``limit`` people of the device's scope after the person id ``after``, as items;
    ``compact``: as compact items (kazasu_protocol/person_item.py)."""
    # (person id, kind, household id, fields, field stamps, record stamp, differing stamps):
    # ``_people_query``'s columns.
    rows = conn.execute(_people_page(device, after, limit)).tuples().all()
    cards = _card_keys(conn, after, rows[-1][0]) if rows else {}
    # Each row unpacked once: reading a row's columns by name was most of this function's time.
    return [
        {
            "entity": "person",
            "entity_id": person_id,
            "payload": {
                "person_id": person_id,
                "kind": kind,
                "household_id": household_id,
                **stamped_fields(fields, field_hlc, hlc, differing, compact),
                "card_keys": cards.get(person_id, []),
            },
        }
        for person_id, kind, household_id, fields, field_hlc, hlc, differing in rows
    ]


def _card_keys(conn: Connection, after: str, last: str) -> dict[str, list[str]]:
    """The card keys of the people after ``after`` up to ``last``, in card-key order."""
    cards: dict[str, list[str]] = {}
    link: Any
    for link in conn.execute(
        # A key range rather than a list of thousands of ids: one cheap index range scan.
        select(card_links.c.person_id, card_links.c.card_key)
        .where(card_links.c.person_id > after, card_links.c.person_id <= last)
        .order_by(card_links.c.card_key)
    ):
        cards.setdefault(link.person_id, []).append(link.card_key)
    return cards


def joined_text(
    conn: Connection, device: Device, after: str, limit: int, compact: bool = False
) -> list[dict[str, Any]] | Written:
    """``items`` as ``text`` writes them, for SQLite: each person's item written here around
    the stored texts, as ``text`` writes it, the page's items joined. A page with a person
    stored without the compact stamps is built by ``items`` instead.

    At 100,000 people this took 7.9 ms a page of 2,000 where ``items`` and the answer's
    writing took 11.0: building a dictionary per person and writing it again, and for a
    compact page reading ``field_hlc`` (a third of a person's row), which a compact item does
    not hold. SQLite writing the items itself (``||``, ``json_quote``) took 9.5.
    """
    stamps = (persons.c.record_hlc, persons.c.differing_hlc) if compact else (persons.c.field_hlc,)
    page = _people_page(device, after, limit).with_only_columns(
        persons.c.person_id, persons.c.kind, persons.c.household_id, persons.c.fields, *stamps
    )
    rows: Sequence[Any] = conn.execute(page).all()
    if not rows:
        return Written(b"", 0, "")
    if compact and any(row[5] is None for row in rows):
        # A compact item of a person stored without the compact stamps.
        return items(conn, device, after, limit, compact)
    cards = {
        person_id: orjson.dumps(keys).decode()
        for person_id, keys in _card_keys(conn, after, rows[-1][0]).items()
    }
    # One comprehension of f-strings, no call per person: each was a tenth of the page's time.
    if compact:
        written = [
            f'{{"entity":"person","entity_id":{q},"payload":{{"card_keys":'
            f"{cards.get(pid, '[]')},{'' if differing == '{}' else FIELD_HLC + differing + ','}"
            f'"fields":{fields},"hlc":{"null" if hlc is None else quote(hlc)},'
            f'"household_id":{"null" if hid is None else quote(hid)},'
            f'"kind":{quote(kind)},"person_id":{q}}}}}'
            for pid, kind, hid, fields, hlc, differing in rows
            for q in (quote(pid),)
        ]
    else:
        written = [
            f'{{"entity":"person","entity_id":{q},"payload":{{"card_keys":'
            f'{cards.get(pid, "[]")},"field_hlc":{field_hlc},"fields":{fields},'
            f'"household_id":{"null" if hid is None else quote(hid)},'
            f'"kind":{quote(kind)},"person_id":{q}}}}}'
            for pid, kind, hid, fields, field_hlc in rows
            for q in (quote(pid),)
        ]
    return Written(",".join(written).encode(), len(rows), rows[-1][0])


def text(
    conn: Connection, device: Device, after: str, limit: int, compact: bool = False
) -> list[dict[str, Any]] | Written:
    """``items`` as PostgreSQL writes them: the same canonical JSON text, in one value.

    Building a dictionary around each person's stored fields was most of a snapshot page's
    time in this process; PostgreSQL splices the stored text into the items itself, the
    compact items' stamps too (``persons.record_hlc``, ``differing_hlc``). A page with a
    person stored without those is built by ``items`` instead.
    """
    # The page (its CTE) and the aggregate's sort of its items each hold every person's
    # stored text: past the default 4 MB they went to temporary files (about 9 MB written a
    # page of 5,000 kiosk-registered people). For the rest of the page's transaction.
    conn.exec_driver_sql(f"SET LOCAL work_mem = '{PAGE_WORK_MEM}'")
    # Each id quoted once, as JSON quotes it: it is written twice.
    quoted_id = json_text(persons.c.person_id).label("quoted_id")
    # A CTE: the card keys' range reads the page's last id, and the page is read once.
    page = _people_page(device, after, limit).add_columns(quoted_id).cte("page")
    # The page's card keys, one JSON array per person, in card-key order; a key range of the
    # page's person ids rather than a probe per person.
    cards = (
        select(
            card_links.c.person_id,
            (
                "["
                + func.string_agg(
                    json_text(card_links.c.card_key),
                    aggregate_order_by(literal(","), card_links.c.card_key),
                )
                + "]"
            ).label("card_keys"),
        )
        .where(
            card_links.c.person_id > after,
            card_links.c.person_id <= select(func.max(page.c.person_id)).scalar_subquery(),
        )
        .group_by(card_links.c.person_id)
        .subquery()
    )
    # Keys in canonical (sorted) order; ids are quoted as JSON quotes them, kind and fields
    # are stored canonical JSON or plain words.
    stamps = stamped_fields_text(
        page.c.fields, page.c.field_hlc, page.c.record_hlc, page.c.differing_hlc, compact
    )
    # Joined with ``||`` rather than ``concat`` (``households._members_text`` says why). No
    # part is null but a compact item's differing stamps of a row stored without them, and a
    # page holding such a row is built by ``items``.
    parts: tuple[Any, ...] = (
        '{"entity":"person","entity_id":',
        page.c.quoted_id,
        ',"payload":{"card_keys":',
        func.coalesce(cards.c.card_keys, "[]"),
        ",",
        stamps,
        ',"household_id":',
        func.coalesce(json_text(page.c.household_id), "null"),
        ',"kind":',
        json_text(page.c.kind),
        ',"person_id":',
        page.c.quoted_id,
        "}}",
    )
    item = functools.reduce(operator.add, parts)
    with undecoded_text(conn):
        row = conn.execute(
            select(
                func.string_agg(item, aggregate_order_by(literal(","), page.c.person_id)),
                func.max(page.c.person_id),
                func.count(),
                # Whether a person of the page was stored without the compact stamps.
                func.bool_or(page.c.differing_hlc.is_(None)) if compact else literal(False),
            ).select_from(page.outerjoin(cards, cards.c.person_id == page.c.person_id))
        ).one()
    if row[3]:
        return items(conn, device, after, limit, compact)
    return Written.read(row[0], int(row[2]), row[1])
