"""Quitting, sign-in forms and status messages staff can trust."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from cardio.qr.camera_status import CameraStatus, StatusChange
from kiosk import audit
from kiosk.staff import Role, StaffService
from tests.ui.conftest import ADMIN, STAFF_CODE, Scene, sign_in
from ui.app import build, shutdown


def test_quit_is_away_from_sign_out_and_asks_first(scene: Scene) -> None:
    window = scene.window
    sign_in(scene)
    console = window.console
    assert console.exit.isVisible() and console.exit.text() == "Kazasu を終了"
    quit_at = console.exit.mapTo(console, QPoint(0, 0))
    sign_out_at = console.sign_out.mapTo(console, QPoint(0, 0))
    # Not beside サインアウト: a hurried tap on one must not land on the other.
    assert abs(quit_at.y() - sign_out_at.y()) > 300
    console.exit.click()
    scene.qtbot.waitUntil(lambda: console.quit_box is not None and console.quit_box.isVisible())
    assert window.isVisible()
    box = console.quit_box
    assert box is not None
    box.button(QMessageBox.StandardButton.No).click()
    assert window.isVisible() and window.ctx.session is not None
    console.exit.click()
    scene.qtbot.waitUntil(lambda: console.quit_box is not None and console.quit_box.isVisible())
    console.quit_box.button(QMessageBox.StandardButton.Yes).click()  # type: ignore[union-attr]
    scene.qtbot.waitUntil(lambda: not window.isVisible())


def test_only_an_administrator_may_quit(scene: Scene) -> None:
    StaffService(scene.kiosk.store).add(ADMIN, "t02", "職員 二郎", Role.STAFF, None, "135790")
    window = scene.window
    window.ctx.use_settings(window.ctx.with_settings(staff_code_allowed=True))
    window.show_signin()
    window.signin.staff_id.setText("t02")
    window.signin.code.setText("135790")
    window.signin.code_button.click()
    scene.qtbot.waitUntil(lambda: window.stack.currentWidget() is window.console)
    assert not window.console.exit.isVisible()


def test_the_staff_code_form_submits_on_enter(scene: Scene) -> None:
    window = scene.window
    window.ctx.use_settings(window.ctx.with_settings(staff_code_allowed=True))
    window.show_signin()
    window.signin.staff_id.setText("t01")
    window.signin.code.setText(STAFF_CODE)
    scene.qtbot.keyClick(window.signin.code, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    scene.qtbot.waitUntil(lambda: window.stack.currentWidget() is window.console)


def test_a_wrong_staff_pin_is_audited(scene: Scene) -> None:
    signin = scene.window.signin
    scene.window.show_signin()
    scene.place("staff")
    scene.qtbot.waitUntil(lambda: signin.tries == 3)
    signin.pin.field.setText("9999")
    signin.pin.ok_key.click()
    scene.qtbot.waitUntil(lambda: signin.tries == 2)

    def failures() -> list[audit.AuditEntry]:
        with scene.kiosk.store.reading() as conn:
            return [e for e in audit.entries(conn, 20) if e.action == "staff.sign_in_failed"]

    scene.qtbot.waitUntil(lambda: len(failures()) == 1)
    entry = failures()[0]
    assert entry.target == "card" and "wrong PIN" in str(entry.detail)


def test_success_messages_are_not_shown_as_warnings(scene: Scene, tmp_path: Path) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.export_csv(tmp_path / "roster.csv")
    scene.qtbot.waitUntil(lambda: "出力しました" in roster.message.text())
    assert roster.message.objectName() == "success"
    roster.export_csv(tmp_path / "missing" / "roster.csv")
    scene.qtbot.waitUntil(lambda: "出力しました" not in roster.message.text())
    assert roster.message.objectName() == "warning"
    settings = scene.window.console.settings
    settings.submit()
    scene.qtbot.waitUntil(lambda: settings.message.text() != "")
    assert settings.message.objectName() == "success"


def test_a_window_shut_down_and_deleted_hears_nothing_more(scene: Scene) -> None:
    """The camera's thread reports its last status as it stops, and background results arrive,
    when the window may be gone."""
    window = build(scene.kiosk)
    window.show()
    camera = window.ctx.camera
    with scene.qtbot.captureExceptions() as raised:
        window.refresh_status()  # results on their way as it shuts down
        shutdown(window)
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        camera.status_changed.emit(StatusChange(CameraStatus.STOPPED, "stopped"))
        QApplication.processEvents()
    assert raised == []
