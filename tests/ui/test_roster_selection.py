"""The roster's selection, detail pane and action buttons always name the same visible person."""

from __future__ import annotations

from kiosk.roster import RosterFilter
from tests.ui.conftest import Scene, sign_in


def highlighted(scene: Scene) -> list[str]:
    """The person ids of the rows highlighted in the roster table."""
    roster = scene.window.console.roster
    rows = roster.table.selectionModel().selectedRows()
    return [roster.page.rows[index.row()].person.person_id for index in rows]


def test_filtering_away_the_selected_person_clears_the_selection(scene: Scene) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.select_person("p-1")
    scene.qtbot.waitUntil(lambda: roster.extras is not None)
    assert "佐藤 花子" in roster.detail.text()
    # 佐藤 花子 is not here: the 在所 filter hides her and shows only 佐藤 蓮.
    roster.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.PRESENT))
    scene.qtbot.waitUntil(lambda: [r.person.person_id for r in roster.page.rows] == ["p-2"])
    assert highlighted(scene) == []
    assert roster.selected is None and roster.extras is None
    assert "佐藤 花子" not in roster.detail.text()
    assert not roster.check_in.isEnabled()
    assert not roster.check_out.isEnabled()
    assert not roster.move_person.isEnabled()
    roster.check_in.click()
    scene.qtbot.wait(200)
    assert scene.kiosk.presence.where("p-1") is None


def test_a_selected_person_still_shown_stays_selected_after_filtering(scene: Scene) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.select_person("p-2")
    scene.qtbot.waitUntil(lambda: roster.extras is not None)
    roster.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.PRESENT))
    scene.qtbot.waitUntil(lambda: [r.person.person_id for r in roster.page.rows] == ["p-2"])
    assert highlighted(scene) == ["p-2"]
    assert roster.selected is not None and roster.selected.person.person_id == "p-2"
    assert "佐藤 蓮" in roster.detail.text()
    assert roster.check_out.isEnabled()


def test_the_highlighted_row_is_always_the_person_in_the_detail(scene: Scene) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.select_person("p-1")
    scene.qtbot.waitUntil(lambda: roster.extras is not None)
    roster.search.setText("れん")
    scene.qtbot.waitUntil(lambda: [r.person.person_id for r in roster.page.rows] == ["p-2"])
    selected = roster.selected.person.person_id if roster.selected else None
    assert highlighted(scene) == ([] if selected is None else [selected])
    roster.search.clear()
    scene.qtbot.waitUntil(lambda: roster.page.total == 2 and len(roster.page.rows) == 2)
    selected = roster.selected.person.person_id if roster.selected else None
    assert highlighted(scene) == ([] if selected is None else [selected])
