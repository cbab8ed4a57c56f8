"""A compact snapshot page decoded and prepared by msgspec (kiosk/snapshot_page.py) gives the
head and the rows that orjson and ``feed_prepare.prepare`` give, or is not taken at all (then
the worker prepares it as before): what is prepared, refused and written stays the same. Its
household items are today's or, when the page says so, compact."""

from __future__ import annotations

import dataclasses
import json
import typing
from enum import StrEnum
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest

from kiosk import model, snapshot_page
from kiosk.feed_prepare import compact_entities, prepare
from sync.provisioner import _is_prepared
from tests.kiosk.builders import platform_household_fields

STAMP = "000001796509825486:00006:kiosk-01a24854-7770-7246-9435-d8a9330f6b73"
LATER = "000001796509825999:00001:kiosk-01a24854-7770-7246-9435-d8a9330f6b73"
VECTORS = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/person-item-vectors.json").read_text(
        encoding="utf-8"
    )
)
HOUSEHOLD_VECTORS = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/household-item-vectors.json").read_text(
        encoding="utf-8"
    )
)


def person(i: int, payload: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A compact person item as the platform writes it: every field, in name order."""
    every = {
        "address": f"架空市本町{i}丁目",
        "allergies": "",
        "birth_date": None,
        "care_required": False,
        "consent_publish": False,
        "consent_publish_shelter": False,
        "consent_relatives": True,
        "disabilities": [],
        "dv_protected": False,
        "furigana": f"かくう たろう{i}",
        "household_id": f"h-{i // 2}",
        "medication": "",
        "name": f"架空 太郎{i}",
        "nursing": False,
        "person_id": f"p-{i:04d}",
        "phone": f"090-0000-{i:04d}",
        "pregnant": False,
        "provisional": False,
        "relation": "子",
        "sex": "0",
    } | fields
    body = {
        "card_keys": [],
        "fields": dict(sorted(every.items())),
        "hlc": STAMP,
        "household_id": f"h-{i // 2}",
        "kind": "import",
        "person_id": f"p-{i:04d}",
    } | (payload or {})
    return {"entity": "person", "entity_id": f"p-{i:04d}", "payload": body}


def household(i: int, **fields: Any) -> dict[str, Any]:
    """A household item as the platform writes it: every field, each stamped."""
    every = platform_household_fields(f"h-{i}", **fields)
    payload = {
        "field_hlc": dict.fromkeys(every, STAMP) | {"phone": LATER},
        "fields": every,
        "household_id": f"h-{i}",
        "members": [{"person_id": f"p-{2 * i:04d}", "relation": "member"}],
    }
    return {"entity": "household", "entity_id": f"h-{i}", "payload": payload}


def compact_household(
    i: int, payload: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    """A compact household item as the platform writes it: every field, the phone's stamp
    differing from the record's."""
    item = household(i, **fields)
    del item["payload"]["field_hlc"]
    item["payload"] |= {"hlc": STAMP, "field_hlc": {"phone": LATER}} | (payload or {})
    return item


def page(items: list[Any], **head: Any) -> bytes:
    """A page's body (json: it writes numbers past 64 bits, as a platform may)."""
    whole = {"items": items, "next_page_token": "t", "person_items": "compact", "protocol": 1}
    whole |= {"snapshot_position": 7, "total_items": 9000} | head
    return json.dumps(whole, ensure_ascii=False, separators=(",", ":")).encode()


def as_before(body: bytes) -> tuple[Any, tuple[Any, ...]]:
    """The worker's head and rows for ``body`` before this path: orjson, then prepare."""
    decoded = orjson.loads(body)
    items = decoded["items"]
    head = decoded | {"items": [None if _is_prepared(i) else i for i in items]}
    return head, tuple(prepare(items, compact_entities(decoded)))


def fast(body: bytes) -> tuple[Any, tuple[Any, ...] | None] | None:
    """The head and rows of the fast path, which decodes a page whole or in parts alike."""
    found = snapshot_page.decoded(body)
    assert snapshot_page.decoded(body, lambda: None) == found
    if found is None:
        return None
    ready = snapshot_page.prepared(found[1])
    return found[0], None if ready is None else tuple(ready)


def assert_taken_as_before(body: bytes) -> None:
    found = fast(body)
    assert found is not None and found[1] is not None
    assert found == as_before(body)


def assert_same_or_not_taken(body: bytes) -> None:
    """Either not taken (then prepared as before, by the same code) or exactly as before."""
    found = fast(body)
    if found is None:
        return
    head, rows = as_before(body)
    assert found[0] == head
    assert found[1] is None or found[1] == rows


def test_a_page_of_people_and_households_gives_the_rows_prepare_gives() -> None:
    items = [person(i) for i in range(40)] + [household(i) for i in range(20)]
    items[3]["payload"]["card_keys"] = ["jpki:a", "jpki:b"]
    items[5]["payload"]["field_hlc"] = {"phone": LATER, "address": None}
    items[6]["payload"]["hlc"] = None
    items[7]["payload"]["field_hlc"] = {"name": LATER}
    assert_taken_as_before(page(items))


def test_a_page_is_prepared_in_parts_with_a_call_before_each_and_the_same_rows() -> None:
    # The provisioning worker waits for the counter there.
    count = 2 * snapshot_page.BETWEEN_EVERY + 1
    body = page([person(i) for i in range(count)])
    found = snapshot_page.decoded(body)
    assert found is not None
    made: list[int] = []
    ready = snapshot_page.prepared(found[1], lambda: made.append(1))
    assert made == [1, 1, 1]
    assert ready is not None and tuple(ready) == as_before(body)[1]


def test_a_page_is_decoded_in_parts_with_a_call_before_each_and_the_same_items() -> None:
    # The kiosk's process waits for the counter there, before its worker has started.
    count = 2 * snapshot_page.BETWEEN_EVERY + 1
    items = [person(i) for i in range(count)] + [household(1)]
    made: list[int] = []
    found = snapshot_page.decoded(page(items), lambda: made.append(1))
    assert made == [1, 1, 1]
    assert found == snapshot_page.decoded(page(items))
    assert found is not None and len(found[1]) == count + 1


def test_a_person_with_every_kind_of_field_gives_the_rows_prepare_gives() -> None:
    item = person(
        1,
        {"card_keys": ["jpki:x"], "household_id": None},
        name="ｶｸｳ　花子",
        furigana="カクウ ハナコ",
        sex="2",
        birth_date="19500401",
        disabilities=["visual", "hearing", "visual"],
        pregnant=True,
        nursing=True,
        care_required=True,
        dv_protected=True,
        allergies="卵",
        medication='薬\n"朝"\\夜\u2028\x7f\x00',
        consent_publish=True,
        consent_publish_shelter=True,
        consent_relatives=False,
        relation="",
        phone="",
    )
    walk_in = person(2, {"person_id": "w-0002"}, provisional=False, person_id="w-0002")
    assert_taken_as_before(page([item, walk_in]))


def test_a_household_with_every_kind_of_field_gives_the_rows_prepare_gives() -> None:
    every = household(
        1,
        shelter_id="S1",
        registration_no="12",
        registered_on="20240101",
        representative_id="p-0002",
        phone="03",
        address="中央区",
        tenure="rented",
        damage="half",
        water_out=True,
        power_out=True,
        gas_out=True,
        livable=False,
        staying="car",
        car={"colour": "白", "model": "", "parked_at": "B", "plate": "品川"},
        pets=[{"kind": "犬", "count": 2}, {"kind": "猫", "name": "たま", "notes": "老"}],
    )
    plain = household(2, registered_on="", livable=True, pets=[{"kind": "鳥", "count": -1}])
    assert_taken_as_before(page([every, plain]))


ODD_PEOPLE: list[dict[str, Any]] = [
    {"birth_date": ""},
    {"birth_date": "1950-13-01"},
    {"birth_date": 19500401},
    {"sex": "7"},
    {"sex": 1},
    {"disabilities": ["flying"]},
    {"disabilities": "visual"},
    {"disabilities": {"visual": 1}},
    {"pregnant": "no"},
    {"pregnant": 1},
    {"furigana": 7},
    {"phone": None},
    {"shoe_size": 27},
    {"household_id": 5},
    {"person_id": 5},
]


@pytest.mark.parametrize(
    "fields", ODD_PEOPLE, ids=[next(iter(f)) + "-" + str(i) for i, f in enumerate(ODD_PEOPLE)]
)
def test_odd_person_values_are_prepared_as_before_or_not_taken(fields: dict[str, Any]) -> None:
    assert_same_or_not_taken(page([person(1), person(2, **fields)]))


ODD_PAYLOADS: list[dict[str, Any]] = [
    {"card_keys": [7]},
    {"card_keys": "jpki:x"},
    {"household_id": 5},
    {"person_id": 5},
    {"hlc": 5},
    {"field_hlc": {"name": 5}},
    {"field_hlc": []},
    {"field_hlc": {"name": None, "furigana": None, "person_id": None}},
    {"field_hlc": {"name": LATER, "furigana": LATER, "person_id": LATER}},
    {"fields": []},
    {"extra": 1},
]


@pytest.mark.parametrize("payload", ODD_PAYLOADS, ids=[str(i) for i in range(len(ODD_PAYLOADS))])
def test_odd_person_payloads_are_prepared_as_before_or_not_taken(payload: dict[str, Any]) -> None:
    assert_same_or_not_taken(page([person(1), person(2, payload)]))


ODD_HOUSEHOLDS: list[dict[str, Any]] = [
    {"registered_on": "2024-02-30"},
    {"tenure": "borrowed"},
    {"damage": None},
    {"staying": ""},
    {"car": None},
    {"car": {"model": "x", "wheels": 4}},
    {"car": {"model": 5}},
    {"pets": [{"kind": "犬", "count": 1.5}]},
    {"pets": [{"kind": "犬", "count": 18446744073709551616}]},
    {"pets": [{"kind": "犬", "count": True}]},
    {"pets": [{"name": "たま"}]},
    {"pets": "犬"},
    {"livable": "yes"},
    {"shelter_id": 5},
    {"water_out": 0},
    {"colour": "red"},
]


@pytest.mark.parametrize("fields", ODD_HOUSEHOLDS, ids=[str(i) for i in range(len(ODD_HOUSEHOLDS))])
def test_odd_household_values_are_prepared_as_before_or_not_taken(fields: dict[str, Any]) -> None:
    assert_same_or_not_taken(page([household(1), household(2, **fields)]))


def test_a_page_of_people_and_compact_households_gives_the_rows_prepare_gives() -> None:
    items = [person(i) for i in range(20)] + [compact_household(i) for i in range(20)]
    items[20]["payload"]["hlc"] = None
    items[21]["payload"]["field_hlc"] = {}
    items[22]["payload"]["field_hlc"] = {"phone": None, "address": LATER}
    items[23]["payload"] |= {"hlc": LATER, "field_hlc": {"pets": STAMP}}
    del items[24]["payload"]["field_hlc"]
    body = page(items, household_items="compact")
    assert_taken_as_before(body)
    rows = fast(body)
    assert rows is not None and rows[1] is not None
    # Each household's latest stamp, as read back: the later of the record's and the phone's.
    assert rows[1][6][:5] == [LATER, STAMP, LATER, LATER, STAMP]


@pytest.mark.parametrize(
    "vector", HOUSEHOLD_VECTORS["compact"], ids=[v["name"] for v in HOUSEHOLD_VECTORS["compact"]]
)
def test_a_compact_household_vector_gives_the_rows_prepare_gives(vector: dict[str, Any]) -> None:
    payload = {"fields": vector["fields"], "hlc": vector["hlc"], "field_hlc": vector["field_hlc"]}
    item = compact_household(1, payload)
    assert_same_or_not_taken(page([person(1), item], household_items="compact"))
    found = fast(page([person(1), item], household_items="compact"))
    if "household_id" in vector["fields"] and "household_id" not in vector["field_hlc"]:
        # Taken, with the latest of the stamps the vector reads back into.
        assert found is not None and found[1] is not None
        assert found[1][6] == [max(vector["stamps"].values())]


ODD_COMPACT_HOUSEHOLDS: list[dict[str, Any]] = [
    {"hlc": 5},
    {"field_hlc": {"phone": 5}},
    {"field_hlc": []},
    {"field_hlc": {"household_id": None}},
    {"field_hlc": {"household_id": LATER}},
    {"fields": []},
    {"extra": 1},
]


@pytest.mark.parametrize(
    "payload", ODD_COMPACT_HOUSEHOLDS, ids=[str(i) for i in range(len(ODD_COMPACT_HOUSEHOLDS))]
)
def test_odd_compact_household_payloads_are_prepared_as_before_or_not_taken(
    payload: dict[str, Any],
) -> None:
    items = [compact_household(1), compact_household(2, payload)]
    assert_same_or_not_taken(page(items, household_items="compact"))


@pytest.mark.parametrize(
    "vector", HOUSEHOLD_VECTORS["refused"], ids=[v["name"] for v in HOUSEHOLD_VECTORS["refused"]]
)
def test_a_malformed_compact_household_item_is_not_taken(vector: dict[str, Any]) -> None:
    item = {"entity": "household", "entity_id": "h-0001", "payload": vector["payload"]}
    assert fast(page([compact_household(1), item], household_items="compact")) is None


def test_household_items_not_of_the_form_the_page_says_are_not_taken() -> None:
    assert fast(page([household(1)], household_items="compact")) is None
    assert fast(page([compact_household(1)])) is None
    assert fast(page([compact_household(1)], household_items="today")) is None


@pytest.mark.parametrize("vector", VECTORS["refused"], ids=[v["name"] for v in VECTORS["refused"]])
def test_a_malformed_compact_item_is_not_taken(vector: dict[str, Any]) -> None:
    item = {
        "entity": "person",
        "entity_id": "p-1",
        "payload": {"person_id": "p-1"} | vector["payload"],
    }
    assert fast(page([person(1), item])) is None


@pytest.mark.parametrize(
    "body",
    [
        page([person(1)], person_items="today"),
        page([person(1), {"entity": "shelter", "entity_id": "S1", "payload": {}}]),
        page([person(1) | {"op": "delete"}]),
        page([person(1) | {"extra": 1}]),
        page([person(1)], extra=[1e300]).replace(b"1e+300", b"1e400"),
        page([person(1, relation="x")]).replace(b'"x"', b"1e400"),
        b"not json",
        b'{"error": "gone"}',
    ],
    ids=[
        "today's-items",
        "another-entity",
        "removal",
        "unknown-key",
        "huge-number-in-head",
        "huge-number-in-item",
        "not-json",
        "no-items",
    ],
)
def test_other_pages_are_not_taken(body: bytes) -> None:
    assert fast(body) is None


@pytest.mark.parametrize(
    "body",
    [
        page([person(1), {"entity": "shelter", "payload": {}}]),
        page({"entity": "person"}),  # type: ignore[arg-type]
        page("items"),  # type: ignore[arg-type]
        page([]),
        page([person(1)], person_items="full"),
        b"[]",
    ],
    ids=["another-entity", "items-an-object", "items-text", "no-items", "today's-items", "a-list"],
)
def test_the_kiosk_reads_the_head_of_exactly_the_pages_whose_outline_the_worker_takes(
    body: bytes,
) -> None:
    # The kiosk waits for the worker's head of any other page: were they to disagree, it
    # would wait for a head that never comes, or take one meant for the next page.
    outline, head = snapshot_page.outline(body), snapshot_page.head_of(body)
    assert (outline is None) == (head is None)
    if head is not None:
        assert head[0] == orjson.loads(body) | {"items": [None] * len(orjson.loads(body)["items"])}


def test_the_head_reads_numbers_as_orjson_does() -> None:
    body = page([person(1)], total_items=18446744073709551616, snapshot_position=-0)
    assert_taken_as_before(body)


@pytest.mark.parametrize(
    ("struct", "record"),
    [
        (snapshot_page.PersonFields, model.Person),
        (snapshot_page.HouseholdFields, model.Household),
        (snapshot_page.Car, model.Car),
        (snapshot_page.Pet, model.Pet),
    ],
)
def test_the_structs_name_the_models_fields_with_their_defaults(
    struct: type[msgspec.Struct], record: type[Any]
) -> None:
    """A field or default changed in the model and not here would make the fast path keep
    what the full path refuses, or store other JSON."""
    declared = {f.name: f for f in dataclasses.fields(record)}
    assert {f.name for f in msgspec.structs.fields(struct)} == declared.keys()
    for field in msgspec.structs.fields(struct):
        expected = _default_of(declared[field.name])
        if expected is None:
            assert field.required, field.name
        elif field.default is msgspec.UNSET:  # the car: absent stands for the default one
            assert expected[0] == model.Car(), field.name
        else:
            given = field.default_factory() if field.default is msgspec.NODEFAULT else field.default
            assert orjson.loads(orjson.dumps(given)) == orjson.loads(
                orjson.dumps(expected[0], default=dataclasses.asdict)
            ), field.name


def _default_of(field: dataclasses.Field[Any]) -> tuple[Any] | None:
    """A dataclass field's default (in a tuple, as it may be None), or None for none."""
    if field.default is not dataclasses.MISSING:
        return (field.default,)
    if field.default_factory is not dataclasses.MISSING:
        return (field.default_factory(),)
    return None


@pytest.mark.parametrize(
    ("codes", "enum"),
    [
        (snapshot_page.Sex, model.Sex),
        (snapshot_page.Disability, model.Disability),
        (snapshot_page.Tenure, model.Tenure),
        (snapshot_page.Damage, model.Damage),
        (snapshot_page.Staying, model.Staying),
    ],
)
def test_the_structs_take_exactly_the_models_codes(codes: Any, enum: type[StrEnum]) -> None:
    assert set(typing.get_args(codes)) == {member.value for member in enum}
