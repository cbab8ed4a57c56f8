"""Supplies entered at a shelter's kiosk (``shelter.supplies_set``): stored as HQ's form stores
them, refused whole when one value is wrong, the later entry of an item winning between HQ and
kiosks whatever order they arrive in, and sent back to the shelter's kiosks."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from linkage import supplies, unit
from linkage.canonical import now_ms
from linkage.feed import Change
from linkage.tables import incidents, web_audit
from tests.linkage.kiosk_double import ADMIN, Platform

HOUR_MS = 3_600_000


def _kept(platform: Platform, shelter_id: str) -> dict[str, tuple[int, int]]:
    rows = unit.read(platform.engine, lambda c: supplies.of_shelter(c, shelter_id, date.today()))
    return {s.item: (s.stock, s.requested) for s in rows if s.stock or s.requested}


def _entry(**items: tuple[int, int]) -> dict[str, Any]:
    return {
        "shelter_id": "S-001",
        "staff": "staff:t01",
        "items": {k: {"stock": s, "requested": r} for k, (s, r) in items.items()},
    }


def _supplies_changes(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c["payload"]["items"] for c in changes if c["entity"] == "supplies"]


def test_a_kiosk_entry_is_stored_audited_and_sent_to_the_shelters_other_kiosks(
    platform: Platform,
) -> None:
    store_room = platform.kiosk("S-001")
    desk = platform.kiosk("S-001")
    _, cursor = desk.pull_all()
    store_room.event("shelter.supplies_set", _entry(water=(120, 30), blankets=(40, 0)))
    assert store_room.push().json()["acked_seq"] == 1
    assert _kept(platform, "S-001") == {"water": (120, 30), "blankets": (40, 0)}
    [sent] = _supplies_changes(desk.pull_all(after=cursor)[0])
    assert {k: (v["stock"], v["requested"]) for k, v in sent.items()} == {
        "water": (120, 30),
        "blankets": (40, 0),
    }
    audit = unit.read(
        platform.engine,
        lambda c: c.execute(select(web_audit).where(web_audit.c.action == "kiosk-supplies")).one(),
    )
    assert audit.actor == store_room.device_id and audit.subject == "S-001"
    assert '"staff":"staff:t01"' in audit.detail


def test_a_kiosk_enrolled_later_receives_the_supplies_in_its_snapshot(platform: Platform) -> None:
    first = platform.kiosk("S-001")
    first.event("shelter.supplies_set", _entry(water=(120, 30)))
    assert first.push().json()["acked_seq"] == 1
    late = platform.kiosk("S-001")
    r = platform.client.get("/v1/sync/snapshot", headers=late.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    [item] = [i for i in body["items"] if i["entity"] == "supplies"]
    assert item["entity_id"] == "S-001" and item["payload"]["items"]["water"]["stock"] == 120
    assert body["total_items"] == len(body["items"])


def test_one_wrong_quantity_refuses_the_whole_entry(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    for payload, reason in (
        (_entry(water=(120, 30), food=(-3, 0)), "items.food.stock is not between 0"),
        (_entry(water=(120, 30), sake=(1, 0)), "unknown supply item 'sake'"),
        (_entry(water=(1.5, 0)), "items.water.stock is not a whole number"),  # type: ignore[arg-type]
        ({**_entry(), "items": {"water": {"stock": 1}}}, "does not hold exactly"),
        (_entry(), "items is not a non-empty object"),
    ):
        kiosk.outbox.clear()
        kiosk.seq, kiosk.head = 0, "0" * 64
        kiosk.event("shelter.supplies_set", payload)
        [outcome] = kiosk.push().json()["results"]
        assert outcome["status"] == "invalid" and reason in outcome["reason"], outcome
    assert _kept(platform, "S-001") == {}


def test_the_later_entry_of_an_item_wins_between_hq_and_the_kiosk(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    # Counted at the kiosk an hour ago, pushed only after HQ entered water and food now.
    kiosk.event("shelter.supplies_set", _entry(water=(50, 10), diapers=(16, 8)),
                hlc_ms=now_ms() - HOUR_MS)  # fmt: skip

    def hq_entry(c: Connection) -> tuple[None, list[Change]]:
        supplies.set_supply(c, "S-001", "water", 200, 0, "p-hq")
        supplies.set_supply(c, "S-001", "food", 90, 30, "p-hq")
        return None, []

    unit.write(platform.engine, hq_entry)
    assert kiosk.push().json()["acked_seq"] == 1
    # HQ's water is later; the kiosk's diapers were never entered at HQ.
    assert _kept(platform, "S-001") == {"water": (200, 0), "food": (90, 30), "diapers": (16, 8)}
    # A kiosk stamp a day ahead counts as now: it wins over HQ's earlier entry.
    kiosk.event("shelter.supplies_set", _entry(food=(60, 0)), hlc_ms=now_ms() + 24 * HOUR_MS)
    assert kiosk.push().json()["acked_seq"] == 2
    assert _kept(platform, "S-001")["food"] == (60, 0)
    # The kiosk that lost water is sent what is kept.
    assert _supplies_changes(kiosk.pull_all()[0])[-1]["water"]["stock"] == 200


def test_a_kiosk_enters_supplies_only_for_its_own_shelters_and_never_for_an_event(
    platform: Platform,
) -> None:
    platform.shelter("S-002")
    kiosk = platform.kiosk("S-001")
    kiosk.event("shelter.supplies_set", {**_entry(water=(1, 0)), "shelter_id": "S-002"})
    r = kiosk.push()
    assert r.status_code == 403 and r.json()["type"] == "/problems/outside-scope"
    kiosk.outbox.clear()
    kiosk.seq, kiosk.head = 0, "0" * 64
    # The site became an event before the kiosk's entry arrived: nothing is stored.
    r = platform.client.put(
        "/v1/admin/shelters/S-001",
        json={"municipality_id": "M-001", "name": "Shelter", "capacity": 300, "kind": "event"},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    kiosk.event("shelter.supplies_set", _entry(water=(1, 0)))
    assert kiosk.push().json()["acked_seq"] == 1
    assert _kept(platform, "S-001") == {}
    kinds: list[str] = unit.read(
        platform.engine, lambda c: list(c.execute(select(incidents.c.kind)).scalars())
    )
    assert "supplies-not-a-shelter" in kinds
