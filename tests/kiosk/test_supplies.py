"""The shelter's supplies at the kiosk: a day's need suggested from the people present by the
rule HQ uses, staff's entry recorded all or nothing as one ``shelter.supplies_set`` event of
the items that changed, and HQ's later entries taken from the feed item by item."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kazasu_protocol import supplies as rule
from kiosk import audit, outbox
from kiosk.app import Kiosk
from kiosk.errors import InvalidInput, Refused
from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied
from kiosk.model import Shelter
from kiosk.shelters import store_definition
from tests.kiosk.builders import STAFF, add_person


def _present(kiosk: Kiosk, name: str, shelter_id: str = "S1", **fields: Any) -> None:
    person = add_person(kiosk, name, "かな", **fields)
    kiosk.presence.check_in(STAFF, person.person_id, shelter_id)


def _figures(kiosk: Kiosk, shelter_id: str = "S1") -> dict[str, tuple[int, int, int]]:
    return {
        s.item: (s.stock, s.requested, s.suggested) for s in kiosk.supplies.of_shelter(shelter_id)
    }


def _supply_events(kiosk: Kiosk) -> list[outbox.Event]:
    with kiosk.store.reading() as conn:
        return [e for e in outbox.pending(conn, 1000) if e.type == "shelter.supplies_set"]


def test_the_need_is_suggested_from_the_people_present_by_the_protocols_rule(
    kiosk: Kiosk,
) -> None:
    _present(kiosk, "乳児 花子", birth_date="2026-01-10")
    _present(kiosk, "対応 太郎", allergies="小麦")
    _present(kiosk, "介護 次郎", care_required=True)
    _present(kiosk, "別所 三郎", shelter_id="S2")  # at the other shelter
    add_person(kiosk, "未着 四郎", "かな")  # registered, never checked in
    figures = _figures(kiosk)
    assert [item for item in figures] == list(rule.ITEMS)
    assert {k: v[2] for k, v in figures.items()} == {
        "water": 9,
        "food": 9,
        "blankets": 3,
        "diapers": 8,
        "formula": 1,
        "allergen_free_meals": 3,
        "adult_diapers": 6,
    }
    # The same people through the shared rule give the platform's figures.
    people: list[dict[str, object]] = [
        {"birth_date": "2026-01-10"},
        {"allergies": "小麦"},
        {"care_required": True},
    ]
    assert rule.suggested(people, date(2026, 11, 26)) == {k: v[2] for k, v in figures.items()}


def test_an_entry_records_and_sends_only_the_items_that_changed(kiosk: Kiosk) -> None:
    changed = kiosk.supplies.save(STAFF, "S1", {"water": (120, 30), "blankets": (40, 0)})
    assert changed == ["water", "blankets"]
    again = kiosk.supplies.save(STAFF, "S1", {"water": (120, 30), "blankets": (35, 10)})
    assert again == ["blankets"]
    assert kiosk.supplies.save(STAFF, "S1", {"water": (120, 30)}) == []
    first, second = _supply_events(kiosk)
    assert first.payload == {
        "shelter_id": "S1",
        "staff": STAFF,
        "items": {
            "water": {"stock": 120, "requested": 30},
            "blankets": {"stock": 40, "requested": 0},
        },
    }
    assert second.payload["items"] == {"blankets": {"stock": 35, "requested": 10}}
    assert _figures(kiosk)["blankets"][:2] == (35, 10)
    with kiosk.store.reading() as conn:
        actions = [e.action for e in audit.entries(conn)]
    assert actions.count("supplies.set") == 2


@pytest.mark.parametrize(
    ("wanted", "named"),
    [
        ({"water": (120, 30), "food": (-1, 0)}, "food"),
        ({"water": (120, 30), "sake": (1, 0)}, "sake"),
        ({"water": (10_000_001, 0)}, "water"),
    ],
)
def test_one_wrong_value_refuses_the_entry_and_stores_nothing(
    kiosk: Kiosk, wanted: dict[str, tuple[int, int]], named: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        kiosk.supplies.save(STAFF, "S1", wanted)
    assert named in str(refused.value)
    assert _figures(kiosk)["water"][:2] == (0, 0) and _supply_events(kiosk) == []


def test_an_event_site_keeps_no_supplies(kiosk: Kiosk) -> None:
    with kiosk.store.transaction() as tx:
        store_definition(tx.conn, Shelter("E1", "夏祭り", kind="event"))
    with pytest.raises(Refused):
        kiosk.supplies.save(STAFF, "E1", {"water": (1, 0)})
    with pytest.raises(Refused):
        kiosk.supplies.save(STAFF, "S9", {"water": (1, 0)})


def _from_platform(kiosk: Kiosk, items: dict[str, tuple[int, int, str]]) -> None:
    payload = {
        "shelter_id": "S1",
        "items": {k: {"stock": s, "requested": r, "hlc": h} for k, (s, r, h) in items.items()},
    }
    with kiosk.store.transaction() as tx:
        apply_page(tx, [{"entity": "supplies", "payload": payload}], Applied())


def test_the_later_entry_of_each_item_is_kept_from_the_feed(kiosk: Kiosk) -> None:
    kiosk.supplies.save(STAFF, "S1", {"water": (120, 30), "food": (60, 0)})
    [mine] = _supply_events(kiosk)
    earlier = "000000000000000001:00000:platform"
    later = "9" * 18 + ":00000:platform"
    # HQ's water is older than this kiosk's entry; its food and diapers are newer.
    _from_platform(
        kiosk, {"water": (5, 5, earlier), "food": (90, 30, later), "diapers": (16, 8, later)}
    )
    figures = _figures(kiosk)
    assert figures["water"][:2] == (120, 30)
    assert figures["food"][:2] == (90, 30) and figures["diapers"][:2] == (16, 8)
    # This kiosk's own entry sent back changes nothing; an item of a newer platform is left.
    _from_platform(kiosk, {"water": (120, 30, mine.hlc)})
    _from_platform(kiosk, {"sandbags": (3, 0, later)})
    assert _figures(kiosk)["water"][:2] == (120, 30)
