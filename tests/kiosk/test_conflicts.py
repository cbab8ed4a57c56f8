"""Sync conflicts as staff review them: the person concerned, the kept and the lost value."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kiosk.app import Kiosk
from kiosk.conflicts import review
from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied
from kiosk.model import Person
from tests.kiosk.builders import STAFF, add_household

KEPT_HLC = "000001767225600000:00000:platform"  # 2026-01-01 00:00 UTC
LOST_HLC = "000001767225000000:00003:kiosk-2"


def receive_conflict(kiosk: Kiosk, conflict_id: int, entity: str, entity_id: str,
                     field: str, kept: Any, lost: Any) -> None:  # fmt: skip
    """Apply the platform's conflict record as the sync engine does."""
    with kiosk.store.transaction() as tx:
        payload = {
            "conflict_id": conflict_id, "entity": entity, "entity_id": entity_id, "field": field,
            "kept_value": kept, "kept_hlc": KEPT_HLC, "lost_value": lost, "lost_hlc": LOST_HLC,
        }  # fmt: skip
        apply_page(tx, [{"entity": "conflict", "payload": payload}], Applied())


def test_a_persons_review_holds_their_conflicts_and_their_households(kiosk: Kiosk) -> None:
    household = add_household(kiosk)
    hanako = kiosk.people.register(
        STAFF, Person("p-1", "佐藤 花子", "さとう はなこ", household_id=household.household_id)
    )
    kiosk.people.update_household(STAFF, household.household_id, representative_id="p-1")
    other = kiosk.people.register(STAFF, Person("p-2", "鈴木 一郎", "すずき いちろう"))
    receive_conflict(kiosk, 1, "person", hanako.person_id, "allergies", "そば", "卵")
    receive_conflict(kiosk, 2, "household", household.household_id, "staying", "car", "shelter")
    receive_conflict(kiosk, 3, "person", other.person_id, "phone", "090", "080")

    mine = review(kiosk.store, "p-1")
    assert [(r.conflict.conflict_id, r.name) for r in mine] == [(2, "佐藤 花子"), (1, "佐藤 花子")]
    first = mine[1]
    assert (first.conflict.kept_value, first.conflict.lost_value) == ("そば", "卵")
    assert first.kept_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert first.lost_at is not None and first.lost_at < first.kept_at
    everyone = review(kiosk.store)
    assert [(r.person_id, r.name) for r in everyone] == [
        ("p-2", "鈴木 一郎"),
        ("p-1", "佐藤 花子"),
        ("p-1", "佐藤 花子"),
    ]


def test_a_conflict_about_someone_no_longer_held_is_still_listed(kiosk: Kiosk) -> None:
    receive_conflict(kiosk, 9, "person", "p-gone", "phone", "1", "2")
    (row,) = review(kiosk.store)
    assert (row.person_id, row.name) == (None, "p-gone")
