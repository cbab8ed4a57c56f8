"""Person and household upserts from the platform turned into their rows ahead of the
transaction that writes them (docs/decisions/kiosk-sync.md, "Speed").

Nothing here reads or writes the store, and nothing here loads it: provisioning runs
:func:`prepare` in a worker process of its own (sync/provisioner.py), so that the kiosk's
interpreter only writes the rows while a page is decoded and converted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from kazasu_protocol import household_item, person_item
from kiosk.errors import InvalidInput
from kiosk.feed_page import BadChange, Prepared, field_stamps
from kiosk.household_row import row_of as household_row_of
from kiosk.model import Household, Person, checked_compact, checked_fields
from kiosk.person_row import WALK_IN_PREFIX, row_of

# A person's fields that have a default, with it: a field a change leaves out has its default.
_DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(Person) if f.default is not dataclasses.MISSING
}


# The entities whose upserts are prepared.
PREPARED_ENTITIES = ("person", "household")
# How many changes ``prepare`` converts between two calls of its ``between``: about half a
# millisecond on a 2 GHz core (a compact person item takes about 20 µs here).
BETWEEN_EVERY = 25
# Each entity whose snapshot items may be compact, with the page's key that says they are
# and the protocol's reading of a compact item's stamps.
_COMPACT_ITEMS = {
    "person": ("person_items", person_item.field_stamps),
    "household": ("household_items", household_item.field_stamps),
}


def compact_entities(page: Mapping[str, Any]) -> frozenset[str]:
    """The entities whose items a snapshot page says are compact (``person_items``,
    ``household_items``: asked for by the client)."""
    return frozenset(
        entity
        for entity, (key, _) in _COMPACT_ITEMS.items()
        if page.get(key) == person_item.COMPACT
    )


def prepare(
    changes: Sequence[dict[str, Any]],
    compact: Collection[str] = (),
    between: Callable[[], object] | None = None,
) -> Prepared:
    """The person and household upserts among ``changes`` converted to their rows, ahead of
    the transaction that writes them. Every other change, and one that does not convert, is
    left out: applied in full, the latter raises the same BadChange it would have.
    ``compact``: the entities whose upserts are compact items (``compact_entities`` of a
    snapshot page), read as ``from_compact`` does. ``between`` is called before each
    ``BETWEEN_EVERY`` changes (the kiosk's process waits there while the counter serves
    someone)."""
    compact_people, compact_households = "person" in compact, "household" in compact
    prepared = Prepared([], [], [], [], [], [], [])
    # One text object per distinct stamp: a page's records share a few, and pickled once each.
    stamps: dict[str, str] = {}
    for index, change in enumerate(changes):
        if between is not None and not index % BETWEEN_EVERY:
            between()
        if not isinstance(change, dict) or change.get("op", "upsert") != "upsert":
            continue
        entity = change.get("entity")
        try:
            if entity == "person":
                row, latest, card_keys = _person_row(change["payload"], compact_people)
                position = len(prepared.rows)
                prepared.at.append(index)
                prepared.rows.append(row)
                prepared.latest.append(stamps.setdefault(latest, latest))
                prepared.card_keys.extend((position, key, row[0]) for key in card_keys)
            elif entity == "household":
                row, latest = _household_row(change["payload"], compact_households)
                prepared.household_at.append(index)
                prepared.households.append(row)
                prepared.household_latest.append(stamps.setdefault(latest, latest))
        except (KeyError, TypeError, ValueError, InvalidInput):
            continue
    return prepared


def person_from(
    person_id: str, household_id: str | None, fields: dict[str, Any]
) -> tuple[Person, dict[str, Any]]:
    """The person a change's fields make, and the JSON they were read from."""
    fields |= {
        "person_id": person_id,
        "household_id": household_id,
        "provisional": person_id.startswith(WALK_IN_PREFIX),
    }
    return Person.from_dict(fields), fields


def known_fields(record: type[Person] | type[Household], fields: Any) -> dict[str, Any]:
    """The fields this kiosk models; others (from newer kiosks or the platform) stay there."""
    if not isinstance(fields, dict):
        raise BadChange("fields is not an object")
    names = record.__dataclass_fields__
    if fields.keys() <= names.keys():
        return dict(fields)
    return {k: v for k, v in fields.items() if k in names}


def from_compact(change: dict[str, Any]) -> dict[str, Any]:
    """A compact person or household upsert (kazasu_protocol/person_item.py,
    household_item.py) as today's, with every field's stamp in ``field_hlc``; raises
    BadChange, saying why, for a malformed one."""
    payload = change.get("payload")
    entity = change.get("entity")
    if not isinstance(payload, dict) or entity not in _COMPACT_ITEMS:
        return change  # refused where it is applied, as any change without a payload
    try:
        stamps = _COMPACT_ITEMS[entity][1](payload)
    except ValueError as exc:
        raise BadChange(f"{entity} {payload.get(f'{entity}_id')!r}: {exc!s}") from exc
    today = {name: value for name, value in payload.items() if name != "hlc"}
    return change | {"payload": today | {"field_hlc": stamps}}


def _person_row(p: dict[str, Any], compact_item: bool) -> tuple[tuple[Any, ...], str, list[str]]:
    """A person upsert's row, its latest field stamp and its card keys."""
    person_id = str(p["person_id"])
    stamps = person_item.field_stamps(p) if compact_item else field_stamps(p)
    household_id = p.get("household_id")
    data = known_fields(Person, p.get("fields", {})) | {
        "person_id": person_id,
        "household_id": household_id,
        "provisional": person_id.startswith(WALK_IN_PREFIX),
    }
    # The checks of Person.from_dict, without making the Person: only its row is needed.
    converted, compact = checked_fields(Person, data)
    card_keys = [str(key) for key in p.get("card_keys", [])]
    return (
        row_of(_DEFAULTS | data | converted, compact),
        max(stamps.values(), default=""),
        card_keys,
    )


def _household_row(p: dict[str, Any], compact_item: bool) -> tuple[tuple[Any, ...], str]:
    """A household upsert's row and its latest field stamp."""
    if not isinstance(p, dict):
        raise TypeError("payload is not an object")
    household_id = str(p["household_id"])
    stamps = household_item.field_stamps(p) if compact_item else field_stamps(p)
    data = known_fields(Household, p.get("fields", {})) | {"household_id": household_id}
    # The checks and the stored JSON of Household.from_dict(...).to_compact_dict().
    return household_row_of(checked_compact(Household, data)), max(stamps.values(), default="")
