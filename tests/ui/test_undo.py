"""Staff undo the last check-in or check-out from the console."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from kiosk import audit
from tests.ui.conftest import Scene, sign_in


def test_staff_undo_the_last_tap_from_the_roster(scene: Scene) -> None:
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: scene.window.stack.currentWidget() is scene.window.confirmation)
    scene.lift()
    assert scene.kiosk.presence.where("p-1").present  # type: ignore[union-attr]
    sign_in(scene)
    roster = scene.window.console.roster
    roster.undo.click()
    scene.qtbot.waitUntil(lambda: roster.undo_box is not None and roster.undo_box.isVisible())
    box = roster.undo_box
    assert box is not None
    assert "佐藤 花子" in box.text() and "入所" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    scene.qtbot.waitUntil(lambda: not scene.kiosk.presence.where("p-1").present)  # type: ignore[union-attr]
    scene.qtbot.waitUntil(lambda: "取り消しました" in roster.message.text())
    with scene.kiosk.store.reading() as conn:
        entry = audit.entries(conn, 1)[0]
    assert (entry.action, entry.target) == ("presence.undo", "p-1")
    assert entry.actor == scene.window.ctx.actor


def test_with_nothing_to_undo_the_roster_says_so(scene: Scene) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    # The fixture's own check-in was undone already: nothing is left to undo.
    scene.kiosk.presence.check_in("test", "p-1", "S1")
    last = roster.undo_service.last()
    assert last is not None
    roster.undo_service.undo("test", last.seq)
    roster.undo.click()
    scene.qtbot.waitUntil(lambda: roster.message.text() == "取り消せる受付はありません。")
    assert roster.undo_box is None or not roster.undo_box.isVisible()
