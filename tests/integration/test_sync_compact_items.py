"""Compact person and household items (docs/protocol/sync.md, "Snapshot") read by the kiosk: a
page that says its person or household items are compact is read back into today's field
stamps, in the worker process and in the kiosk's, so the store ends as from today's items; a
field stamp that differs from the record's is the one merged against a local unsent edit; a
malformed compact item refuses the page and writes nothing; the kiosk asks a platform that
knows them, and gets them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import orjson
import pytest

from kiosk.app import Kiosk
from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied, BadChange
from kiosk.feed_prepare import from_compact
from kiosk.model import Household, Person
from kiosk.store import Store
from sync.provisioner import (
    PageReader,
    PreparedPage,
    decode_here,
    prepared_here,
    prepared_in_full,
)
from tests.integration.builders import compact_item, people
from tests.integration.conftest import KIOSK_PASSPHRASE, KioskMaker

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/person-item-vectors.json").read_text(
        encoding="utf-8"
    )
)["compact"]
HOUSEHOLD_VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/household-item-vectors.json").read_text(
        encoding="utf-8"
    )
)["compact"]
OLD = "000001700000000000:00000:platform"
NEW = "000009700000000000:00000:platform"
FIELDS = {"name": "架空 太郎", "furigana": "かくう たろう", "phone": "090-0000-0000"}


def compact_household_item(
    household_id: str, fields: dict[str, Any], **stamps: Any
) -> dict[str, Any]:
    """A compact household item; ``stamps`` are its ``hlc`` and ``field_hlc`` (left out:
    none)."""
    payload: dict[str, Any] = {"household_id": household_id, "fields": fields, "members": []}
    return {"entity": "household", "payload": payload | stamps}


def compact_stamps(vector: dict[str, Any]) -> dict[str, Any]:
    """A vector's compact stamps as an item carries them: ``field_hlc`` only when not empty."""
    stamps = {"hlc": vector["hlc"]}
    if vector["field_hlc"]:
        stamps["field_hlc"] = vector["field_hlc"]
    return stamps


def page(
    items: list[dict[str, Any]], compact: bool = True, households: bool = False
) -> dict[str, Any]:
    """A page; ``compact``: it says its person items are compact, ``households``: its
    household items."""
    body: dict[str, Any] = {"protocol": 1, "snapshot_position": 7, "items": items}
    if compact:
        body["person_items"] = "compact"
    if households:
        body["household_items"] = "compact"
    return body | {"next_page_token": None}


def in_worker(body: dict[str, Any]) -> PreparedPage:
    with PageReader() as reader:
        return reader.prepared(reader.decode(orjson.dumps(body)))


def in_process(body: dict[str, Any]) -> PreparedPage:
    """As the kiosk's process reads a page msgspec does not take."""
    return prepared_in_full(orjson.loads(orjson.dumps(body)))


def before_the_worker(body: dict[str, Any]) -> PreparedPage:
    """As a page is read in the kiosk's process before the worker has started."""
    return prepared_here(decode_here(orjson.dumps(body)))


READERS = pytest.mark.parametrize(
    "read",
    [in_worker, in_process, before_the_worker],
    ids=["worker", "in-process", "before-the-worker"],
)
Reader = Callable[[dict[str, Any]], PreparedPage]


def apply(kiosk: Kiosk, prepared: PreparedPage) -> Applied:
    applied = Applied()
    with kiosk.store.transaction() as tx:
        count = len(prepared.items)
        apply_page(tx, prepared.changes(0, count), applied, prepared.prepared)
    return applied


@pytest.fixture
def kiosk(tmp_path: Path) -> Kiosk:
    return Kiosk.over(Store.create(tmp_path / "k", KIOSK_PASSPHRASE, use_os_keystore=False))


@pytest.fixture
def other(tmp_path: Path) -> Kiosk:
    return Kiosk.over(Store.create(tmp_path / "o", KIOSK_PASSPHRASE, use_os_keystore=False))


def persons(kiosk: Kiosk) -> list[tuple[Any, ...]]:
    with kiosk.store.reading() as conn:
        return [tuple(r) for r in conn.execute("SELECT * FROM persons ORDER BY 1").fetchall()]


def households(kiosk: Kiosk) -> list[tuple[Any, ...]]:
    with kiosk.store.reading() as conn:
        return [tuple(r) for r in conn.execute("SELECT * FROM households ORDER BY 1").fetchall()]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_a_compact_item_reads_back_as_its_records_stamps(vector: dict[str, Any]) -> None:
    today = from_compact(compact_item("p-1", vector["fields"], **compact_stamps(vector)))["payload"]
    assert today["field_hlc"] == vector["stamps"]
    assert "hlc" not in today


@READERS
def test_a_compact_page_is_stored_as_the_same_page_of_todays_items(
    kiosk: Kiosk, other: Kiosk, read: Reader
) -> None:
    compact, today = [], []
    for i, vector in enumerate(VECTORS):
        fields = {"name": f"架空 {i}", "furigana": ""} | vector["fields"]
        compact.append(compact_item(f"p-{i}", fields, **compact_stamps(vector)))
        today.append(compact_item(f"p-{i}", fields, field_hlc=vector["stamps"]))
    prepared = read(page(compact))
    assert prepared.prepared.at == list(range(len(VECTORS)))
    assert prepared.prepared.latest == [max(v["stamps"].values(), default="") for v in VECTORS]
    assert apply(kiosk, prepared) == apply(other, read(page(today, compact=False)))
    assert persons(kiosk) == persons(other)


@READERS
@pytest.mark.parametrize(
    ("record", "phone", "kept"),
    [(NEW, OLD, "080-1111-2222"), (OLD, NEW, "090-0000-0000")],
    ids=["the-differing-stamp-is-older", "the-differing-stamp-is-newer"],
)
def test_a_differing_stamp_is_the_one_merged_against_a_local_unsent_edit(
    kiosk: Kiosk, read: Reader, record: str, phone: str, kept: str
) -> None:
    person = kiosk.people.register("staff", Person("", "山田 太郎", "やまだ たろう"))
    kiosk.people.update("staff", person.person_id, name="山田 三郎", phone="080-1111-2222")
    item = compact_item(person.person_id, FIELDS, hlc=record, field_hlc={"phone": phone})
    apply(kiosk, read(page([item])))
    held = kiosk.people.get(person.person_id)
    # The name has the record's stamp; only the phone has its own.
    assert held.name == ("架空 太郎" if record == NEW else "山田 三郎")
    assert held.phone == kept


@READERS
@pytest.mark.parametrize(
    ("stamps", "reason"),
    [
        ({}, "without hlc"),
        ({"field_hlc": dict.fromkeys(FIELDS, OLD)}, "without hlc"),
        ({"hlc": 1700000000000}, "hlc is not a stamp"),
        ({"hlc": OLD, "field_hlc": {"phone": 7}}, "field_hlc is not an object of stamps"),
    ],
    ids=["no-hlc", "todays-item", "hlc-not-text", "differing-stamp-not-text"],
)
def test_a_malformed_compact_item_refuses_the_page_and_writes_nothing(
    kiosk: Kiosk, read: Reader, stamps: dict[str, Any], reason: str
) -> None:
    items = [compact_item("p-1", FIELDS, hlc=OLD), compact_item("p-2", FIELDS, **stamps)]
    prepared = read(page(items))
    with pytest.raises(BadChange, match=f"person 'p-2': .*{reason}"):
        apply(kiosk, prepared)
    assert persons(kiosk) == []


class CompactReader(PageReader):
    """A page reader that notes whether each page it read (in the worker or, before it has
    started, here) said its people are compact."""

    said: ClassVar[list[Any]] = []

    def decode_once_started(self, body: bytes) -> Any:
        head = super().decode_once_started(body)
        CompactReader.said.append((head.get("person_items"), head.get("household_items")))
        return head


def test_a_kiosk_asks_for_compact_person_and_household_items_and_the_platform_sends_them(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, 300, "a")
    for i in range(120):
        household = a.people.register_household("staff", Household("", phone=f"03-{i:04d}"))
        a.people.register(
            "staff", Person("", f"世帯 {i}", "せたい", household_id=household.household_id)
        )
    a.people.update_household("staff", household.household_id, address="北区")
    sync_a.run_once()
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 100)
    monkeypatch.setattr("sync.engine.WORKER_FROM_ITEMS", 0)
    monkeypatch.setattr("sync.engine.PageReader", CompactReader)
    there, sync_there = make_kiosk("there")
    sync_there.run_once()
    assert sync_there.provisioned()
    assert CompactReader.said and set(CompactReader.said) == {("compact", "compact")}
    assert len(persons(there)) == 420
    assert households(there) == households(a)


@pytest.mark.parametrize("vector", HOUSEHOLD_VECTORS, ids=[v["name"] for v in HOUSEHOLD_VECTORS])
def test_a_compact_household_item_reads_back_as_its_records_stamps(vector: dict[str, Any]) -> None:
    item = compact_household_item("h-1", vector["fields"], **compact_stamps(vector))
    today = from_compact(item)["payload"]
    assert today["field_hlc"] == vector["stamps"]
    assert "hlc" not in today


@READERS
@pytest.mark.parametrize("people_compact", [True, False], ids=["people-compact", "people-today"])
def test_a_page_of_compact_households_is_stored_as_the_same_page_of_todays_items(
    kiosk: Kiosk, other: Kiosk, read: Reader, people_compact: bool
) -> None:
    compact, today = [], []
    for i, vector in enumerate(HOUSEHOLD_VECTORS):
        hid = f"h-{i}"
        compact.append(compact_household_item(hid, vector["fields"], **compact_stamps(vector)))
        today.append(compact_household_item(hid, vector["fields"], field_hlc=vector["stamps"]))
    # A person of each form too, as the page says.
    person = compact_item("p-1", FIELDS, hlc=OLD, field_hlc={"phone": NEW})
    old_person = compact_item("p-1", FIELDS, field_hlc=dict.fromkeys(FIELDS, OLD) | {"phone": NEW})
    first = person if people_compact else old_person
    prepared = read(page([first, *compact], compact=people_compact, households=True))
    assert prepared.prepared.household_at == list(range(1, len(HOUSEHOLD_VECTORS) + 1))
    assert prepared.prepared.household_latest == [
        max(v["stamps"].values(), default="") for v in HOUSEHOLD_VECTORS
    ]
    as_today = read(page([old_person, *today], compact=False))
    assert apply(kiosk, prepared) == apply(other, as_today)
    assert households(kiosk) == households(other)
    assert persons(kiosk) == persons(other)


@READERS
@pytest.mark.parametrize(
    ("record", "phone", "kept"),
    [(NEW, OLD, "080-1111-2222"), (OLD, NEW, "03-0000-0000")],
    ids=["the-differing-stamp-is-older", "the-differing-stamp-is-newer"],
)
def test_a_differing_household_stamp_is_the_one_merged_against_a_local_unsent_edit(
    kiosk: Kiosk, read: Reader, record: str, phone: str, kept: str
) -> None:
    household = kiosk.people.register_household("staff", Household(""))
    hid = household.household_id
    kiosk.people.update_household("staff", hid, address="南区", phone="080-1111-2222")
    fields = {"household_id": hid, "address": "北区", "phone": "03-0000-0000"}
    item = compact_household_item(hid, fields, hlc=record, field_hlc={"phone": phone})
    apply(kiosk, read(page([item], households=True)))
    held = kiosk.people.household(hid)
    # The address has the record's stamp; only the phone has its own.
    assert held.address == ("北区" if record == NEW else "南区")
    assert held.phone == kept


@READERS
@pytest.mark.parametrize(
    ("stamps", "reason"),
    [
        ({}, "without hlc"),
        ({"field_hlc": {"phone": OLD, "household_id": OLD}}, "without hlc"),
        ({"hlc": 1700000000000}, "hlc is not a stamp"),
        ({"hlc": OLD, "field_hlc": {"phone": 7}}, "field_hlc is not an object of stamps"),
    ],
    ids=["no-hlc", "todays-item", "hlc-not-text", "differing-stamp-not-text"],
)
def test_a_malformed_compact_household_item_refuses_the_page_and_writes_nothing(
    kiosk: Kiosk, read: Reader, stamps: dict[str, Any], reason: str
) -> None:
    fields = {"household_id": "h-2", "phone": "03"}
    items = [
        compact_item("p-1", FIELDS, hlc=OLD),
        compact_household_item("h-1", fields | {"household_id": "h-1"}, hlc=OLD),
        compact_household_item("h-2", fields, **stamps),
    ]
    prepared = read(page(items, households=True))
    with pytest.raises(BadChange, match=f"household 'h-2': .*{reason}"):
        apply(kiosk, prepared)
    assert persons(kiosk) == []
    assert households(kiosk) == []
