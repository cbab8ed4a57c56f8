"""The snapshot's compact household items (docs/protocol/sync.md, "Snapshot"): written when a
kiosk asks, on both databases and whichever way a page is read, as
docs/protocol/household-item-vectors.json has them, from the stored compact stamps or, for a
household stored without them, from ``field_hlc``; today's items for a kiosk that does not
ask."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import Connection, insert, update

from kazasu_protocol.canonical import canonical_json
from linkage import unit
from linkage.canonical import canonical_json_bytes
from linkage.devices import Device
from linkage.people import stamp_columns
from linkage.scope import Scope
from linkage.snapshot import households as snapshot_households
from linkage.snapshot.shared import Written
from linkage.tables import household_members, households, person_scopes, persons
from tests.linkage.kiosk_double import Kiosk, Platform

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/household-item-vectors.json").read_text(
        encoding="utf-8"
    )
)["compact"]


def _person(pid: str) -> dict[str, Any]:
    return {
        "person_id": pid,
        "kind": "resident",
        "household_id": None,
        "fields": "{}",
        "field_hlc": "{}",
        "shareable": True,
        "created_at_ms": 0,
        "updated_at_ms": 0,
    }


@pytest.fixture(params=["dense", "sparse"])
def scope(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Whether the kiosk's scope counts as holding most of the platform's people: a page is
    then read by walking the households (``households._walked_text`` on PostgreSQL), else as
    the database chooses; the same items either way."""
    dense: str = request.param
    monkeypatch.setattr(snapshot_households, "_dense", lambda conn, device: dense == "dense")
    return dense


def _seed(platform: Platform, compact_stamps: str, lists: bool = True) -> Kiosk:
    """A kiosk of S-001 and a household for each vector (``h-<index>``), with one member of
    that shelter; ``compact_stamps``: stored for "every" household, "some" or "none";
    ``lists``: the members lists stored."""
    platform.shelter("S-001")
    with platform.engine.begin() as conn:
        conn.execute(insert(persons), [_person(f"p-{i}") for i in range(len(VECTORS))])
        conn.execute(
            insert(person_scopes),
            [{"person_id": f"p-{i}", "scope_key": "shelter:S-001"} for i in range(len(VECTORS))],
        )
        conn.execute(
            insert(households),
            [
                {
                    "household_id": f"h-{i}",
                    "fields": canonical_json(v["fields"]),
                    "field_hlc": canonical_json(v["stamps"]),
                    "members_json": (
                        canonical_json([{"person_id": f"p-{i}", "relation": "head"}])
                        if lists
                        else None
                    ),
                    "created_at_ms": 0,
                    "updated_at_ms": 0,
                }
                | (
                    stamp_columns(v["fields"], v["stamps"])
                    if compact_stamps == "every" or (compact_stamps == "some" and i % 2)
                    else {}
                )
                for i, v in enumerate(VECTORS)
            ],
        )
        conn.execute(
            insert(household_members),
            [
                {"household_id": f"h-{i}", "person_id": f"p-{i}", "relation": "head"}
                for i in range(len(VECTORS))
            ],
        )
    return platform.kiosk("S-001")


def _pages(platform: Platform, kiosk: Kiosk, **params: Any) -> tuple[list[Any], list[Any]]:
    """Every page of the snapshot (the bodies), and the household payloads of them all."""
    bodies: list[Any] = []
    token: str | None = None
    while True:
        asked = params | ({"page_token": token} if token else {})
        page = platform.client.get("/v1/sync/snapshot", params=asked, headers=kiosk.headers)
        assert page.status_code == 200, page.text
        body = orjson.loads(page.content)
        assert page.content == canonical_json(body).encode()
        bodies.append(body)
        token = body["next_page_token"]
        if token is None:
            break
    found = [i["payload"] for b in bodies for i in b["items"] if i["entity"] == "household"]
    return bodies, found


def _expected(i: int, vector: dict[str, Any]) -> dict[str, Any]:
    expected = {
        "household_id": f"h-{i}",
        "fields": vector["fields"],
        "hlc": vector["hlc"],
        "members": [{"person_id": f"p-{i}", "relation": "head"}],
    }
    if vector["field_hlc"]:
        expected["field_hlc"] = vector["field_hlc"]
    return expected


@pytest.mark.parametrize("stored", ["every", "some", "none"])
@pytest.mark.parametrize("lists", [True, False], ids=["lists", "no-lists"])
@pytest.mark.parametrize("limit", [1, 3, 1000])
def test_a_kiosk_that_asks_gets_compact_household_items_as_the_vectors_have_them(
    platform: Platform, scope: str, stored: str, lists: bool, limit: int
) -> None:
    kiosk = _seed(platform, stored, lists)
    bodies, found = _pages(platform, kiosk, household_items="compact", limit=limit)
    assert {b.get("household_items") for b in bodies} == {"compact"}
    assert not any("person_items" in b for b in bodies)
    assert found == [_expected(i, v) for i, v in enumerate(VECTORS)]
    # The person items are today's: only what was asked for is compact.
    people = [i["payload"] for b in bodies for i in b["items"] if i["entity"] == "person"]
    assert people and all("field_hlc" in p and "hlc" not in p for p in people)


def test_a_kiosk_that_does_not_ask_gets_todays_household_items(
    platform: Platform, scope: str
) -> None:
    kiosk = _seed(platform, "every")
    for params in ({}, {"household_items": "something-newer"}, {"person_items": "compact"}):
        bodies, found = _pages(platform, kiosk, **params)
        assert not any("household_items" in b for b in bodies)
        assert [h["field_hlc"] for h in found] == [v["stamps"] for v in VECTORS]
        assert not any("hlc" in h for h in found)


def test_both_kinds_of_item_compact_when_a_kiosk_asks_for_both(
    platform: Platform, scope: str
) -> None:
    kiosk = _seed(platform, "some")
    bodies, found = _pages(
        platform, kiosk, person_items="compact", household_items="compact", limit=4
    )
    assert {(b["person_items"], b["household_items"]) for b in bodies} == {("compact", "compact")}
    assert found == [_expected(i, v) for i, v in enumerate(VECTORS)]
    people = [i["payload"] for b in bodies for i in b["items"] if i["entity"] == "person"]
    assert [p["hlc"] for p in people] == [None] * len(VECTORS)


def test_compact_stamps_stored_later_change_nothing_a_kiosk_sees(platform: Platform) -> None:
    kiosk = _seed(platform, "none")
    _, computed = _pages(platform, kiosk, household_items="compact")
    with platform.engine.begin() as conn:
        for i, vector in enumerate(VECTORS):
            conn.execute(
                update(households)
                .where(households.c.household_id == f"h-{i}")
                .values(**stamp_columns(vector["fields"], vector["stamps"]))
            )
    assert _pages(platform, kiosk, household_items="compact")[1] == computed


@pytest.mark.parametrize("stored", ["every", "some"])
def test_the_compact_items_are_written_as_text_unless_a_household_lacks_its_stamps(
    platform: Platform, scope: str, stored: str
) -> None:
    _seed(platform, stored)
    device = Device("d-1", Scope(shelters=["S-001"]))
    # PostgreSQL writes the text itself; SQLite's page is written around the stored texts.
    text = (
        snapshot_households.text
        if platform.engine.dialect.name == "postgresql"
        else snapshot_households.joined_text
    )

    def both(conn: Connection) -> tuple[Any, list[dict[str, Any]]]:
        written = text(conn, device, "", 100, True)
        return written, snapshot_households.items(conn, device, "", 100, True)

    written, items = unit.read(platform.engine, both)
    assert orjson.loads(canonical_json_bytes(items)) == [
        {"entity": "household", "entity_id": f"h-{i}", "payload": _expected(i, v)}
        for i, v in enumerate(VECTORS)
    ]
    if stored == "every":
        assert isinstance(written, Written)
        assert b"[" + written.text + b"]" == canonical_json_bytes(items)
    else:
        assert isinstance(written, list)  # built by ``items``
        assert canonical_json_bytes(written) == canonical_json_bytes(items)
