"""What the snapshot's phases share: the scope condition, JSON quoting in SQL, a run of items
the database wrote as text, and a record's fields with their stamps, today's or compact
(kazasu_protocol/person_item.py, household_item.py), in Python and as SQL text."""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Text, case, cast, func, select

from kazasu_protocol import person_item
from linkage.devices import Device
from linkage.tables import person_scopes

# A text as a JSON string, as orjson and ``canonical_json`` write it: non-ASCII as it is, the
# control characters as their short escapes or ``\\u00XX``. For ids, words and stamps.
quote: Callable[[str], str] = encode_basestring
# An item's ``field_hlc`` key, as the items written here around stored texts start it.
FIELD_HLC = '"field_hlc":'


class Written(NamedTuple):
    """``size`` items as the database wrote them: their canonical JSON texts in UTF-8,
    comma-separated, in order; ``last`` is the last one's entity id."""

    text: bytes
    size: int
    last: str

    @classmethod
    def read(cls, text: bytes | str | None, size: int, last: bytes | str | None) -> Written:
        """From the database's values (a page's text and last id, null for no item), read
        undecoded (``feed.undecoded_text``) or, on a connection of another encoding, decoded."""
        if isinstance(text, str):
            text = text.encode()
        if isinstance(last, bytes):
            last = last.decode()
        return cls(text or b"", size, last or "")


def in_scope(device: Device, person_id: Any, after: str | None = "") -> Any:
    """Whether the person ``person_id`` is in the device's scope, as a condition.

    EXISTS keeps the walk in person-id order on the primary key. ``after`` bounds the scope's
    index range too: without it a page's merge with that index read it from the scope's first
    person, so each page read every person of the pages before it. None: no bound, for a count
    over the whole scope, where it is a comparison for each of its people.
    """
    bound = () if after is None else (person_scopes.c.person_id > after,)
    return (
        select(person_scopes.c.person_id)
        .where(
            person_scopes.c.person_id == person_id,
            person_scopes.c.scope_key.in_(sorted(device.scope_keys)),
            *bound,
        )
        .exists()
    )


def held_count(device: Device) -> Any:
    """How many people the device's scope holds, as a scalar subquery: from the scope's index
    alone; a person held by two of its keys counted once."""
    held = select(person_scopes.c.person_id).where(
        person_scopes.c.scope_key.in_(sorted(device.scope_keys))
    )
    if len(device.scope_keys) > 1:
        # The key is (person, scope key): with one key each person's row is one row.
        held = held.distinct()
    return select(func.count()).select_from(held.subquery()).scalar_subquery()


def json_text(column: Any) -> Any:
    """``column`` as JSON quotes it (PostgreSQL)."""
    return cast(func.to_json(column), Text)


def stamped_fields(
    fields: str,
    field_hlc: str,
    record_hlc: str | None,
    differing_hlc: str | None,
    compact: bool,
) -> dict[str, Any]:
    """An item's ``fields`` with its stamps, from a person's or household's stored columns:
    today's ``field_hlc``, or with ``compact`` the compact item's ``hlc`` and (when some
    differ) ``field_hlc``, from the compact stamps stored beside ``field_hlc`` or, for a row
    stored without them, from ``field_hlc`` by the protocol's rule."""
    # Stored canonical JSON, spliced into the answer (``canonical_json_bytes``): parsing and
    # writing them again was most of a snapshot page's time.
    stamped: dict[str, Any] = {"fields": orjson.Fragment(fields)}
    if not compact:
        stamped["field_hlc"] = orjson.Fragment(field_hlc)
        return stamped
    differing: Any
    if differing_hlc is None:
        record_hlc, differing = person_item.compact_stamps(
            orjson.loads(fields), orjson.loads(field_hlc)
        )
    else:
        # "{}" is no differing stamp.
        differing = orjson.Fragment(differing_hlc) if differing_hlc != "{}" else None
    stamped["hlc"] = record_hlc
    if differing:
        stamped["field_hlc"] = differing
    return stamped


def stamped_fields_text(
    fields: Any, field_hlc: Any, record_hlc: Any, differing_hlc: Any, compact: bool
) -> Any:
    """``stamped_fields`` as SQL text: the item's keys ``field_hlc``, ``fields`` (and with
    ``compact`` ``hlc``) with their values, in canonical (sorted) order, comma-separated. Null
    for a compact item of a row stored without the compact stamps, which its caller builds
    with ``stamped_fields`` instead."""
    if not compact:
        return FIELD_HLC + field_hlc + ',"fields":' + fields
    return (
        case((differing_hlc == "{}", ""), else_=FIELD_HLC + differing_hlc + ",")
        + '"fields":'
        + fields
        + ',"hlc":'
        + func.coalesce(json_text(record_hlc), "null")
    )
