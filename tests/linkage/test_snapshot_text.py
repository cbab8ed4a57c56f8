"""A snapshot page written as text around the stored texts (PostgreSQL's ``text``, SQLite's
``joined_text``) is byte for byte what the items built in Python write, today's items and
compact ones, on both databases: ids, words and stamps quoted as orjson quotes them (quotes,
backslashes, control characters, non-ASCII), card keys, a person without a household, a
stamp the protocol leaves null."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, insert

from kazasu_protocol.canonical import canonical_json
from linkage import unit
from linkage.canonical import canonical_json_bytes
from linkage.devices import Device
from linkage.people import stamp_columns
from linkage.scope import Scope
from linkage.snapshot import households as snapshot_households
from linkage.snapshot import people as snapshot_people
from linkage.snapshot.shared import Written
from linkage.tables import card_links, household_members, households, person_scopes, persons

# Characters each quoting must write as orjson does; the ids are written into the items.
ODD = ['"', "\\", "\n", "\t", "\x01", "\x1f", "\x7f", "é", "避難", "\u2028", "😀", "/"]
FIELDS: list[dict[str, Any]] = [
    {"name": "山田 太郎", "note": 'a "quoted" \\ line\nbreak'},
    {"name": "Ann", "phone": "090"},
    {},
]
STAMPS = ["000000000000000100:00000:k-1", "000000000000000200:00001:k\u00e9"]


def _stamps(fields: dict[str, Any], i: int) -> dict[str, str]:
    # Some fields stamped alike (a record stamp), some differing (``field_hlc`` kept).
    return {key: STAMPS[(i + n) % 2 if i % 2 else 0] for n, key in enumerate(sorted(fields))}


def _seed(engine: Engine) -> None:
    people: list[dict[str, Any]] = []
    homes: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    for i, odd in enumerate(ODD):
        fields = FIELDS[i % len(FIELDS)]
        stamps = _stamps(fields, i)
        pid, hid = f"p-{i:02d}{odd}", f"h-{i:02d}{odd}"
        people.append(
            {
                "person_id": pid,
                "kind": "resident" if i % 2 else f"kind{odd}",
                "household_id": None if i % 3 == 2 else hid,
                "fields": canonical_json(fields),
                "field_hlc": canonical_json(stamps),
                **stamp_columns(fields, stamps),
                "shareable": True,
                "created_at_ms": 0,
                "updated_at_ms": 0,
            }
        )
        if i % 3 != 2:
            listed = [{"person_id": pid, "relation": f"self{odd}"}]
            homes.append(
                {
                    "household_id": hid,
                    "fields": canonical_json(fields),
                    "field_hlc": canonical_json(stamps),
                    **stamp_columns(fields, stamps),
                    "members_json": canonical_json(listed),
                    "created_at_ms": 0,
                    "updated_at_ms": 0,
                }
            )
            members.append({"household_id": hid, **listed[0]})
    with engine.begin() as conn:
        conn.execute(insert(persons), people)
        conn.execute(
            insert(person_scopes),
            [{"person_id": p["person_id"], "scope_key": "shelter:S-001"} for p in people],
        )
        conn.execute(insert(households), homes)
        conn.execute(insert(household_members), members)
        conn.execute(
            insert(card_links),
            [
                {
                    "card_key": f"jpki:{n}{ODD[n]}",
                    "person_id": people[i]["person_id"],
                    "assurance": "low",
                    "source": "t",
                    "created_at_ms": 0,
                }
                for n, i in enumerate((0, 0, 4))
            ],
        )


Page = Callable[[Connection, Device, str, int, bool], Any]


def _written(engine: Engine, entity: str) -> tuple[Page, Page]:
    """The entity's page as text on this database, and as Python items."""
    module: Any = snapshot_people if entity == "person" else snapshot_households
    text = module.text if engine.dialect.name == "postgresql" else module.joined_text
    return text, module.items


@pytest.mark.parametrize("entity", ["person", "household"])
@pytest.mark.parametrize("compact", [False, True])
def test_a_page_written_as_text_is_the_items_written_in_python(
    engine: Engine, entity: str, compact: bool
) -> None:
    _seed(engine)
    device = Device("d-1", Scope(shelters=["S-001"]))
    text, items = _written(engine, entity)
    expected = len(ODD) if entity == "person" else sum(1 for i in range(len(ODD)) if i % 3 != 2)
    for limit in (1, 3, 100):
        after, served = "", 0
        while True:

            def both(conn: Connection, a: str = after, n: int = limit) -> tuple[Any, Any]:
                written = text(conn, device, a, n, compact)
                # The page's text came undecoded; the connection's text is decoded again.
                assert conn.exec_driver_sql("SELECT CAST('é' AS TEXT)").scalar_one() == "é"
                return written, items(conn, device, a, n, compact)

            written, built = unit.read(engine, both)
            assert isinstance(written, Written)
            assert b"[" + written.text + b"]" == canonical_json_bytes(built)
            assert written.size == len(built)
            if not built:
                break
            assert written.last == built[-1]["entity_id"]
            after, served = written.last, served + written.size
        assert served == expected


@pytest.mark.parametrize("entity", ["person", "household"])
def test_a_page_is_the_same_text_whatever_the_connection_s_encoding(
    engine: Engine, entity: str
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL's connections have an encoding to choose")
    fields, stamps = {"name": "山田 花子"}, {"name": STAMPS[0]}
    with engine.begin() as conn:
        conn.execute(
            insert(persons),
            {
                "person_id": "p-1",
                "kind": "resident",
                "household_id": "h-1",
                "fields": canonical_json(fields),
                "field_hlc": canonical_json(stamps),
                **stamp_columns(fields, stamps),
                "shareable": True,
                "created_at_ms": 0,
                "updated_at_ms": 0,
            },
        )
        conn.execute(insert(person_scopes), {"person_id": "p-1", "scope_key": "shelter:S-001"})
        conn.execute(
            insert(households),
            {
                "household_id": "h-1",
                "fields": canonical_json(fields),
                "field_hlc": canonical_json(stamps),
                **stamp_columns(fields, stamps),
                "members_json": '[{"person_id":"p-1","relation":"本人"}]',
                "created_at_ms": 0,
                "updated_at_ms": 0,
            },
        )
        member = {"household_id": "h-1", "person_id": "p-1", "relation": "本人"}
        conn.execute(insert(household_members), member)
    device = Device("d-1", Scope(shelters=["S-001"]))
    text, items = _written(engine, entity)

    def both(conn: Connection) -> tuple[Any, Any]:
        conn.exec_driver_sql("SET LOCAL client_encoding = 'EUC_JP'")
        return text(conn, device, "", 10, True), items(conn, device, "", 10, True)

    written, built = unit.read(engine, both)
    assert written == Written(canonical_json_bytes(built)[1:-1], 1, f"{entity[0]}-1")
    assert "山田".encode() in written.text
