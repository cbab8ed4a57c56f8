"""The console's mapping of a kiosk's own shelters onto the platform's, after enrolment."""

from __future__ import annotations

from kiosk import audit, outbox, shelters
from kiosk.model import Shelter
from tests.ui.conftest import Scene, cell, sign_in


def enrol_for(scene: Scene, *platform: str) -> None:
    """What sync records at enrolment and applies when the platform's shelters arrive."""
    with scene.kiosk.store.transaction() as tx:
        shelters.record_platform_scope(tx, list(platform))
        for shelter_id in platform:
            shelters.store_definition(tx.conn, Shelter(shelter_id, f"本部 {shelter_id}"))


def test_the_mapping_tab_is_hidden_while_every_shelter_is_the_platforms(scene: Scene) -> None:
    sign_in(scene)
    console = scene.window.console
    scene.qtbot.waitUntil(lambda: console.mapping.loaded)
    assert not console.tabs.isTabVisible(console.tabs.indexOf(console.mapping))


def test_staff_map_a_local_shelter_onto_a_platform_shelter_after_confirming(
    scene: Scene,
) -> None:
    enrol_for(scene, "S-1", "S-9")
    sign_in(scene)
    console, tab = scene.window.console, scene.window.console.mapping
    scene.qtbot.waitUntil(lambda: console.tabs.isTabVisible(console.tabs.indexOf(tab)))
    console.tabs.setCurrentWidget(tab)
    scene.qtbot.waitUntil(lambda: tab.table.rowCount() == 2)
    assert [cell(tab.table, r, 0) for r in range(2)] == ["S1", "S2"]
    assert [tab.choices[0].itemData(i) for i in range(tab.choices[0].count())] == ["S-1", "S-9"]
    tab.table.selectRow(0)
    tab.choices[0].setCurrentIndex(0)
    tab.map_button.click()
    # Nothing happens before the confirmation, which names both shelters.
    assert tab.confirm.isVisibleTo(tab) and "S1" in tab.question.text()
    assert "S-1" in tab.question.text()
    assert [s.shelter_id for s in scene.kiosk.shelters.unmapped()] == ["S1", "S2"]
    tab.confirm.click()
    scene.qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    assert cell(tab.table, 0, 0) == "S2"
    where = scene.kiosk.presence.where("p-2")
    assert where is not None and where.shelter_id == "S-1"
    # The desk served the local shelter; it now serves the platform shelter.
    assert scene.window.ctx.shelter_id == "S-1"
    with scene.kiosk.store.reading() as conn:
        assert outbox.verify(conn) == outbox.waiting(conn)
        newest = audit.entries(conn)[0]
    assert (newest.actor, newest.action, newest.target) == ("staff:t01", "shelter.map", "S1")
    assert "S-1" in tab.message.text()


def test_the_mapping_screen_speaks_japanese_and_english(scene: Scene) -> None:
    enrol_for(scene, "S-1")
    sign_in(scene)
    console, tab = scene.window.console, scene.window.console.mapping
    scene.qtbot.waitUntil(lambda: tab.table.rowCount() == 2)
    index = console.tabs.indexOf(tab)
    scene.window.ctx.languages.switch("ja")
    scene.qtbot.waitUntil(lambda: tab.title.text() == "この端末の避難所")
    assert console.tabs.tabText(index) == "この端末の避難所"
    assert tab.map_button.text() == "選んだ避難所を対応付ける…"
    scene.window.ctx.languages.switch("en")
    scene.qtbot.waitUntil(lambda: tab.title.text() == "Local shelters")
    assert console.tabs.tabText(index) == "Local shelters"
    assert tab.map_button.text() == "Map the selected shelter…"
