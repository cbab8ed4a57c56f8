"""A compact snapshot page's person and household upserts decoded, checked and turned into their
rows by msgspec (docs/decisions/kiosk-sync.md, "Provisioning, sixth round").

The provisioning worker's longest work was decoding a page into dicts (orjson) and then checking
each record's fields in Python (``feed_prepare.prepare``). Here typed structs do both in C: a
text field must be text, a flag a flag, a code one of its codes, and a record's stored JSON is
the struct written back without its defaults. This is a fast path only: the structs accept a
subset of what ``feed_prepare.prepare`` accepts, and they give the same rows for it. A page
with anything else — another entity, another value type, an unknown code, a stamp that is
not text, an item of today's form — is not taken here at all (:func:`decoded` or
:func:`prepared` returns None), and the worker prepares it as before, so which records
are prepared, which are refused and with what message is exactly what it was.

One difference, in key order only: a person's stored JSON here has its fields in name order,
where the full path keeps the order the item gave them in. The platform writes a record's
fields in name order (its canonical JSON), so the text is the same for every item it sends.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

import msgspec
import orjson

from kazasu_protocol import household_item, person_item
from kiosk.feed_page import Prepared
from kiosk.normalize import search_key
from kiosk.person_row import WALK_IN_PREFIX

# Every struct here is made with gc=False: none is ever part of a reference cycle, and the
# collector then does not walk a page's thousands of them.
Sex = Literal["0", "1", "2", "9"]
Disability = Literal["physical", "visual", "hearing", "mental", "intellectual", "developmental"]
Tenure = Literal["", "owned", "rented"]
Damage = Literal[
    "", "none", "destroyed", "half", "partial", "flood_above_floor", "flood_below_floor"
]
Staying = Literal["shelter", "home", "car", "tent", "other"]


class PersonFields(
    msgspec.Struct, gc=False, forbid_unknown_fields=True, kw_only=True, omit_defaults=True
):
    """A person's fields (kiosk.model.Person) as JSON values, in name order; written back
    without the ones that are their defaults, as ``model.compact_json`` leaves them out."""

    address: str = ""
    allergies: str = ""
    # Checked as a date (and the row's column made) in Python: the full path reads it with
    # date.fromisoformat, which takes forms a JSON schema does not name.
    birth_date: str | None = None
    care_required: bool = False
    consent_publish: bool = False
    consent_publish_shelter: bool = False
    consent_relatives: bool = False
    disabilities: list[Disability] = []
    dv_protected: bool = False
    furigana: str
    household_id: str | None = None
    medication: str = ""
    name: str
    nursing: bool = False
    person_id: str
    phone: str = ""
    pregnant: bool = False
    provisional: bool = False
    relation: str = ""
    sex: Sex = "0"


class PersonPayload(msgspec.Struct, gc=False, forbid_unknown_fields=True, kw_only=True):
    """A compact person item's payload (kazasu_protocol/person_item.py)."""

    person_id: str
    kind: str | None = None
    fields: PersonFields
    hlc: str | None
    household_id: str | None = None
    field_hlc: dict[str, str | None] = {}
    card_keys: list[str] = []


class PersonUpsert(
    msgspec.Struct, gc=False, forbid_unknown_fields=True, tag_field="entity", tag="person"
):
    """A person upsert among a page's items."""

    payload: PersonPayload
    entity_id: str | None = None
    op: Literal["upsert"] = "upsert"


class Car(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    """kiosk.model.Car as JSON: written whole, as ``dataclasses.asdict`` writes it."""

    model: str = ""
    plate: str = ""
    colour: str = ""
    parked_at: str = ""


class Pet(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    """kiosk.model.Pet as JSON: written whole, as ``dataclasses.asdict`` writes it."""

    kind: str
    name: str = ""
    # A number orjson reads as an int (the full path's decoder; past 64 bits it reads a float).
    count: Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)] = 1
    notes: str = ""


class HouseholdFields(
    msgspec.Struct, gc=False, forbid_unknown_fields=True, kw_only=True, omit_defaults=True
):
    """A household's fields (kiosk.model.Household) as JSON values, in the model's order;
    written back without the ones that are their defaults, as ``to_compact_dict`` writes
    them."""

    household_id: str
    shelter_id: str | None = None
    registration_no: str = ""
    # Written as the full path converts it: ISO form, and "" as no date.
    registered_on: str | None = None
    representative_id: str | None = None
    phone: str = ""
    address: str = ""
    tenure: Tenure = ""
    damage: Damage = ""
    water_out: bool = False
    power_out: bool = False
    gas_out: bool = False
    livable: bool | None = None
    staying: Staying = "shelter"
    # UNSET (never written) stands for the default car; JSON null is not a car.
    car: Car | msgspec.UnsetType = msgspec.UNSET
    pets: list[Pet] = []


class Member(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    """A household's member as the item lists them (not kept by the kiosk from here)."""

    person_id: str
    relation: str


class HouseholdPayload(msgspec.Struct, gc=False, forbid_unknown_fields=True, kw_only=True):
    """A household item's payload: every field stamped."""

    household_id: str
    fields: HouseholdFields
    field_hlc: dict[str, str] = {}
    members: list[Member] = []


class CompactHouseholdPayload(msgspec.Struct, gc=False, forbid_unknown_fields=True, kw_only=True):
    """A compact household item's payload (kazasu_protocol/household_item.py)."""

    household_id: str
    fields: HouseholdFields
    hlc: str | None
    field_hlc: dict[str, str | None] = {}
    members: list[Member] = []


class HouseholdUpsert(
    msgspec.Struct, gc=False, forbid_unknown_fields=True, tag_field="entity", tag="household"
):
    """A household upsert among a page's items."""

    payload: HouseholdPayload
    entity_id: str | None = None
    op: Literal["upsert"] = "upsert"


class CompactHouseholdUpsert(
    msgspec.Struct, gc=False, forbid_unknown_fields=True, tag_field="entity", tag="household"
):
    """A compact household upsert among the items of a page that says they are compact."""

    payload: CompactHouseholdPayload
    entity_id: str | None = None
    op: Literal["upsert"] = "upsert"


_PAGE = msgspec.json.Decoder(dict[str, msgspec.Raw])
# A page's items as a list, each left undecoded: how many there are.
_OUTLINE = msgspec.json.Decoder(list[msgspec.Raw])
_ENCODE = msgspec.json.Encoder()
_NO_CAR = Car()
# How many items ``prepared`` converts between two calls of its ``between``: about half a
# millisecond of the worker's time.
BETWEEN_EVERY = 100


Items = list[PersonUpsert | HouseholdUpsert | CompactHouseholdUpsert]
# A page's items by whether it says its household items are compact (its person items are).
_ITEMS: dict[bool, msgspec.json.Decoder[Items]] = {
    False: msgspec.json.Decoder(list[PersonUpsert | HouseholdUpsert]),
    True: msgspec.json.Decoder(list[PersonUpsert | CompactHouseholdUpsert]),
}


class _NotHere(Exception):
    """A record this fast path does not take: the page is prepared as before."""


def outline(body: bytes) -> tuple[dict[str, Any], msgspec.Raw] | None:
    """A snapshot page that says its person items are compact, its items a list: its other
    keys and its items still undecoded (``items_of``). Only the page's outline is read, in a
    sixth of the time its items take. None for any other page, or a body that is not JSON."""
    try:
        page = _PAGE.decode(body)
        items_raw = page.get("items")
        # A list (JSON checked already), so that ``head_of`` counts its items without fail: the
        # kiosk and the worker must agree on which pages are taken here.
        if items_raw is None or bytes(memoryview(items_raw)[:1]) != b"[":
            return None
        # The rest as orjson reads it (the full path's decoder): it reads a number past 64 bits
        # as a float, and refuses one past a float's range.
        rest = {key: orjson.loads(memoryview(raw)) for key, raw in page.items() if key != "items"}
    except (msgspec.MsgspecError, orjson.JSONDecodeError):
        return None
    if rest.get("person_items") != person_item.COMPACT:
        return None
    return rest, items_raw


def head_of(body: bytes) -> tuple[dict[str, Any], msgspec.Raw] | None:
    """A page ``outline`` takes: its head (the page with each item None), read without its
    items so that the next page can be asked for sooner, and its items still undecoded."""
    found = _outlined(body)
    return None if found is None else (found[0], found[1])


def _outlined(body: bytes) -> tuple[dict[str, Any], msgspec.Raw, list[msgspec.Raw]] | None:
    """``head_of``, and the page's items each still undecoded."""
    found = outline(body)
    if found is None:
        return None
    rest, items_raw = found
    each = _OUTLINE.decode(items_raw)
    return rest | {"items": [None] * len(each)}, items_raw, each


def items_of(head: dict[str, Any], items_raw: msgspec.Raw) -> Items | None:
    """The items of a page ``outline`` read, if they are person and household upserts only,
    its household items compact or today's as the page says; None if one of them is anything
    else: another entity or op, a value of another type, an unknown code, an item not of the
    form the page says."""
    try:
        return _items_decoder(head).decode(items_raw)
    except msgspec.MsgspecError:
        return None


def _items_decoder(head: dict[str, Any]) -> msgspec.json.Decoder[Items]:
    """The decoder of a page's items, by whether its head says its household items are
    compact."""
    return _ITEMS[head.get("household_items") == household_item.COMPACT]


def decoded(
    body: bytes, between: Callable[[], object] | None = None
) -> tuple[dict[str, Any], Items] | None:
    """A snapshot page of person and household upserts only, its person items compact and its
    household items compact or today's as it says: its head (``head_of``) and its items
    (``items_of``). None for any other page.

    With ``between``, the items are decoded ``BETWEEN_EVERY`` at a time, and ``between`` is
    called before each part: the kiosk's process decodes the pages it reads itself this way,
    for one call decoding a whole page would hold its interpreter for about 15 ms (the worker
    decodes a page whole: it holds no one's)."""
    found = _outlined(body)
    if found is None:
        return None
    head, items_raw, each = found
    items = items_of(head, items_raw) if between is None else _in_parts(head, each, between)
    return None if items is None else (head, items)


def _in_parts(
    head: dict[str, Any], each: list[msgspec.Raw], between: Callable[[], object]
) -> Items | None:
    """``items_of``, a part at a time: the parts are the page's items as written."""
    decoder = _items_decoder(head)
    items: Items = []
    try:
        for start in range(0, len(each), BETWEEN_EVERY):
            between()
            items += decoder.decode(b"[" + b",".join(each[start : start + BETWEEN_EVERY]) + b"]")
    except msgspec.MsgspecError:
        return None
    return items


def prepared(items: Items, between: Callable[[], object] | None = None) -> Prepared | None:
    """The rows of ``decoded``'s items, as ``feed_prepare.prepare`` makes them; None if one
    of them is not taken here (a date to read, the stamps of an item whose every field has
    its own), for ``feed_prepare.prepare`` to make them all. ``between`` is called before
    each ``BETWEEN_EVERY`` items (the provisioning worker waits there while the counter
    serves someone)."""
    try:
        return _prepare(items, between)
    except (_NotHere, ValueError):
        return None


def _prepare(items: Items, between: Callable[[], object] | None) -> Prepared:
    prepared = Prepared([], [], [], [], [], [], [])
    at, rows, latest_of, card_keys = prepared.at, prepared.rows, prepared.latest, prepared.card_keys
    household_at, households = prepared.household_at, prepared.households
    household_latest = prepared.household_latest
    # One text object per distinct stamp, as feed_prepare.prepare keeps them.
    stamps: dict[str, str] = {}
    for index, item in enumerate(items):
        if between is not None and not index % BETWEEN_EVERY:
            between()
        if isinstance(item, PersonUpsert):
            row, latest, keys = _person_row(item.payload)
            if keys:
                position = len(rows)
                card_keys.extend((position, key, row[0]) for key in keys)
            at.append(index)
            rows.append(row)
            latest_of.append(stamps.setdefault(latest, latest))
        else:
            row, latest = _household_row(item.payload)
            household_at.append(index)
            households.append(row)
            household_latest.append(stamps.setdefault(latest, latest))
    return prepared


def _person_row(p: PersonPayload) -> tuple[tuple[Any, ...], str, list[str]]:
    """A person's row, its latest field stamp and its card keys."""
    fields = p.fields
    person_id = p.person_id
    # The item's own ids win over its fields', as in the full path.
    fields.person_id = person_id
    fields.household_id = p.household_id
    fields.provisional = person_id.startswith(WALK_IN_PREFIX)
    birth_date = fields.birth_date
    if birth_date:
        birth_date = date.fromisoformat(birth_date).isoformat()  # ValueError: not taken here
    row = (
        person_id,
        p.household_id,
        search_key(fields.name),
        search_key(fields.furigana),
        birth_date or None,
        fields.sex,
        int(fields.dv_protected),
        int(fields.provisional),
        _ENCODE.encode(fields).decode(),
    )
    return row, _latest_person_stamp(p), p.card_keys


def _latest_person_stamp(p: PersonPayload) -> str:
    """The latest of the stamps ``person_item.field_stamps`` reads from the item."""
    if not p.field_hlc:
        return p.hlc or ""  # most items: one stamp for every field
    differing = [stamp for stamp in p.field_hlc.values() if stamp is not None]
    if p.hlc is not None:
        # ``hlc`` stamps every field ``field_hlc`` does not name; the fields always hold a
        # name, a furigana and an id, so unless all three are named, some field has it.
        if {"name", "furigana", "person_id"} <= p.field_hlc.keys():
            raise _NotHere  # which fields the item gave is not known here
        differing.append(p.hlc)
    return max(differing, default="")


def _household_row(p: HouseholdPayload | CompactHouseholdPayload) -> tuple[tuple[Any, ...], str]:
    """A household's row and its latest field stamp."""
    fields = p.fields
    fields.household_id = p.household_id
    if fields.registered_on is not None:
        # The full path stores the date as it converts it, and "" as no date (the default).
        on = fields.registered_on
        fields.registered_on = date.fromisoformat(on).isoformat() if on else None
    if fields.car == _NO_CAR:
        fields.car = msgspec.UNSET
    row = (fields.household_id, fields.shelter_id, _ENCODE.encode(fields).decode())
    if isinstance(p, CompactHouseholdPayload):
        return row, _latest_household_stamp(p)
    return row, max(p.field_hlc.values(), default="")


def _latest_household_stamp(p: CompactHouseholdPayload) -> str:
    """The latest of the stamps ``household_item.field_stamps`` reads from the item."""
    if not p.field_hlc:
        return p.hlc or ""  # most items: one stamp for every field
    differing = [stamp for stamp in p.field_hlc.values() if stamp is not None]
    if p.hlc is not None:
        # ``hlc`` stamps every field ``field_hlc`` does not name; the fields always hold the
        # household's id, so unless it is named, some field has it.
        if "household_id" in p.field_hlc:
            raise _NotHere  # which fields the item gave is not known here
        differing.append(p.hlc)
    return max(differing, default="")
