"""Sync conflicts for staff: from a person's detail and in the console's list."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTableWidget

from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied
from tests.ui.conftest import Scene, cell, sign_in

KEPT_HLC = "000001767225600000:00000:platform"
LOST_HLC = "000001767225000000:00003:kiosk-2"


def receive_conflict(scene: Scene, conflict_id: int, entity: str, entity_id: str,
                     field: str, kept: Any, lost: Any) -> None:  # fmt: skip
    """The platform's decision on two edits of one field, applied as the sync engine does."""
    with scene.kiosk.store.transaction() as tx:
        payload = {
            "conflict_id": conflict_id, "entity": entity, "entity_id": entity_id, "field": field,
            "kept_value": kept, "kept_hlc": KEPT_HLC, "lost_value": lost, "lost_hlc": LOST_HLC,
        }  # fmt: skip
        apply_page(tx, [{"entity": "conflict", "payload": payload}], Applied())


def cells(table: QTableWidget, row: int) -> list[str]:
    return [cell(table, row, c) for c in range(table.columnCount())]


def test_a_persons_conflicts_are_shown_from_their_detail(scene: Scene) -> None:
    receive_conflict(scene, 1, "person", "p-1", "allergies", "そば", "卵")
    receive_conflict(scene, 2, "household", "h-1", "staying", "car", "shelter")
    receive_conflict(scene, 3, "person", "p-2", "sex", "1", "2")
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.select_person("p-1")
    scene.qtbot.waitUntil(lambda: roster.extras is not None)
    assert roster.show_conflicts.isEnabled()
    assert roster.show_conflicts.text() == "同期の競合（2件）"
    assert "2 件が、他所での後の変更に置き換えられました" in roster.detail.text()
    dialog = roster.open_conflicts()
    assert dialog is not None
    view = dialog.view
    scene.qtbot.waitUntil(lambda: view.loaded)
    assert view.title.text() == "佐藤 花子 さんの同期の競合"
    household, allergies = cells(view.table, 0), cells(view.table, 1)
    assert household[:3] == ["佐藤 花子", "世帯：避難場所", "車中泊"]
    assert household[4] == "避難所"
    assert allergies[:3] == ["佐藤 花子", "アレルギー", "そば"]
    assert allergies[4] == "卵"
    assert allergies[3] > allergies[5]  # kept after lost, both as local date and time
    dialog.reject()


def test_the_console_lists_everyones_conflicts(scene: Scene) -> None:
    receive_conflict(scene, 1, "person", "p-1", "allergies", "そば", "卵")
    receive_conflict(scene, 3, "person", "p-2", "sex", "1", "2")
    sign_in(scene)
    console = scene.window.console
    console.tabs.setCurrentWidget(console.conflicts)
    scene.qtbot.waitUntil(lambda: console.conflicts.loaded)
    assert console.tabs.tabText(console.tabs.currentIndex()) == "同期の競合"
    assert cells(console.conflicts.table, 0)[:5] == [
        "佐藤 蓮",
        "性別",
        "男",
        cells(console.conflicts.table, 0)[3],
        "女",
    ]
    assert cells(console.conflicts.table, 1)[:3] == ["佐藤 花子", "アレルギー", "そば"]


def test_a_person_without_conflicts_has_nothing_to_open(scene: Scene) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.select_person("p-2")
    scene.qtbot.waitUntil(lambda: roster.extras is not None)
    assert not roster.show_conflicts.isEnabled()
    console = scene.window.console
    console.tabs.setCurrentWidget(console.conflicts)
    scene.qtbot.waitUntil(lambda: console.conflicts.loaded)
    assert cell(console.conflicts.table, 0, 0) == "競合はありません"
