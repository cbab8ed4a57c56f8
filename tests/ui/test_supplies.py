"""The console's supplies tab: the shelter's stock and requests beside the day's need the
roster suggests, saved by staff as an event for HQ; a refused entry stores nothing."""

from __future__ import annotations

from kiosk import outbox
from tests.ui.conftest import Scene, cell, sign_in
from ui.screens.supplies import SuppliesTab


def _open(scene: Scene) -> SuppliesTab:
    sign_in(scene)
    console = scene.window.console
    tab = console.supplies
    assert console.tabs.isTabVisible(console.tabs.indexOf(tab))
    console.tabs.setCurrentWidget(tab)
    scene.qtbot.waitUntil(lambda: len(tab.supplies) == 7)
    return tab


def test_staff_see_the_suggestion_and_save_stock_and_requests(scene: Scene) -> None:
    tab = _open(scene)
    # One person (p-2) is present at S1: 3 l of water, 3 meals, a blanket.
    assert [cell(tab.table, r, 3) for r in range(3)] == ["3", "3", "1"]
    tab.stock["water"].setValue(120)
    tab.requested["water"].setValue(30)
    tab.requested["blankets"].setValue(10)
    tab.save_button.click()
    scene.qtbot.waitUntil(lambda: tab.changed is not None)
    assert tab.changed == ["water", "blankets"]
    assert tab.message.text() == "保存しました：飲料水（L）、毛布（枚）"
    figures = {s.item: (s.stock, s.requested) for s in scene.kiosk.supplies.of_shelter("S1")}
    assert figures["water"] == (120, 30) and figures["blankets"] == (0, 10)
    with scene.kiosk.store.reading() as conn:
        [event] = [e for e in outbox.pending(conn, 100) if e.type == "shelter.supplies_set"]
    assert event.payload["staff"] == "staff:t01" and set(event.payload["items"]) == {
        "water",
        "blankets",
    }
    # Saving again without a change sends nothing.
    scene.qtbot.waitUntil(lambda: tab.stock["water"].value() == 120)
    tab.save_button.click()
    scene.qtbot.waitUntil(lambda: tab.changed == [])
    assert tab.message.text() == "変更はありません。"


def test_a_refused_entry_says_why_and_stores_nothing(scene: Scene) -> None:
    tab = _open(scene)
    # The desk was pointed at a shelter this kiosk does not know.
    scene.window.ctx.settings = scene.window.ctx.with_settings(shelter_id="S9")
    tab.stock["water"].setValue(5)
    tab.save_button.click()
    scene.qtbot.waitUntil(lambda: tab.error is not None)
    assert tab.warning.isVisibleTo(tab) and "S9" in tab.warning.text()
    assert all(s.stock == 0 for s in scene.kiosk.supplies.of_shelter("S1"))


def test_the_supplies_tab_speaks_japanese_and_english(scene: Scene) -> None:
    tab = _open(scene)
    console = scene.window.console
    scene.window.ctx.languages.switch("ja")
    scene.qtbot.waitUntil(lambda: tab.title.text() == "物資")
    assert console.tabs.tabText(console.tabs.indexOf(tab)) == "物資"
    assert cell(tab.table, 0, 0) == "飲料水（L）"
    assert tab.save_button.text() == "物資を保存"
    scene.window.ctx.languages.switch("en")
    scene.qtbot.waitUntil(lambda: tab.title.text() == "Supplies")
    assert cell(tab.table, 0, 0) == "Drinking water (litres)"
