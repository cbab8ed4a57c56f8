"""Staff sign-in, the console's roster, counts, export and print, settings, kiosk mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QMessageBox

from kiosk import audit
from kiosk.model import ShelterStatus
from kiosk.roster import RosterFilter
from tests.ui.conftest import STAFF_CODE, Scene, cell, sign_in


def test_staff_sign_in_with_card_and_pin_opens_the_console(scene: Scene) -> None:
    sign_in(scene)
    assert scene.window.ctx.session is not None and scene.window.ctx.session.is_admin
    assert scene.window.status.staff.text() == "スタッフ：職員 一郎"
    with scene.kiosk.store.reading() as conn:
        assert "staff.sign_in" in [e.action for e in audit.entries(conn, 5)]


def test_a_wrong_pin_shows_the_tries_left(scene: Scene) -> None:
    signin = scene.window.signin
    scene.window.show_signin()
    scene.place("staff")
    scene.qtbot.waitUntil(lambda: signin.tries == 3)
    signin.pin.field.setText("9999")
    signin.pin.ok_key.click()
    scene.qtbot.waitUntil(lambda: signin.tries == 2)
    assert signin.message.text() == "暗証番号が違います。残り 2 回です。"
    assert signin.tries_label.text() == "暗証番号の残り回数：2"
    assert scene.window.stack.currentWidget() is signin


def test_at_one_try_left_the_pin_is_not_tried(scene: Scene) -> None:
    card = scene.cards["staff"]
    card.profile.auth_pin_tries_left = 1
    card.__init__(card.profile)  # type: ignore[misc]  # the card's counters as issued
    signin = scene.window.signin
    scene.window.show_signin()
    scene.place("staff")
    scene.qtbot.waitUntil(lambda: signin.tries == 1)
    assert "残り1回" in signin.tries_label.text()
    signin.pin.field.setText("1234")
    signin.pin.ok_key.click()
    assert "入力しません" in signin.message.text()
    assert scene.window.stack.currentWidget() is signin
    card.profile.auth_pin_tries_left = 3


def test_a_staff_code_works_only_where_allowed(scene: Scene) -> None:
    window = scene.window
    window.show_signin()
    assert not window.signin.code_box.isVisibleTo(window)
    window.ctx.use_settings(window.ctx.with_settings(staff_code_allowed=True))
    window.show_signin()
    assert window.signin.code_box.isVisibleTo(window)
    window.signin.staff_id.setText("t01")
    window.signin.code.setText(STAFF_CODE)
    window.signin.code_button.click()
    scene.qtbot.waitUntil(lambda: window.stack.currentWidget() is window.console)
    assert window.ctx.session is not None and window.ctx.session.method == "code"


def test_roster_search_as_you_type_and_filters(scene: Scene) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    # Typed through the input method, as a Japanese IME commits composed text.
    event = QInputMethodEvent()
    event.setCommitString("れん")
    QApplication.sendEvent(roster.search, event)
    scene.qtbot.waitUntil(lambda: [r.person.name for r in roster.page.rows] == ["佐藤 蓮"])
    assert cell(roster.table, 0, 3) == "在所"
    roster.search.clear()
    roster.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.PRESENT))
    scene.qtbot.waitUntil(lambda: roster.page.total == 1)


def test_check_out_and_move_from_the_console(scene: Scene) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.select_person("p-2")
    roster.check_out.click()
    scene.qtbot.waitUntil(lambda: not scene.kiosk.presence.where("p-2").present)  # type: ignore[union-attr]
    roster.select_person("p-1")
    roster.check_in.click()
    scene.qtbot.waitUntil(lambda: scene.kiosk.presence.where("p-1") is not None)
    scene.qtbot.waitUntil(lambda: roster.move_to.count() == 2)
    roster.move_to.setCurrentIndex(1)
    roster.select_person("p-1")
    roster.move_person.click()
    scene.qtbot.waitUntil(lambda: scene.kiosk.presence.where("p-1").shelter_id == "S2")  # type: ignore[union-attr]


def test_editing_a_person_and_a_household(scene: Scene) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.select_person("p-1")
    scene.qtbot.waitUntil(lambda: roster.extras is not None)
    dialog = roster.open_person_editor()
    assert dialog is not None
    form = dialog.form
    field = form.fields["allergies"]
    assert isinstance(field, QLineEdit)
    field.setText("そば")
    consent = form.fields["consent_relatives"]
    assert isinstance(consent, QCheckBox)
    consent.setChecked(True)
    form.multi["disabilities"]["hearing"].setChecked(True)
    dialog.buttons.accepted.emit()
    scene.qtbot.waitUntil(lambda: scene.kiosk.people.get("p-1").allergies == "そば")
    person = scene.kiosk.people.get("p-1")
    assert person.consent_relatives and [d.value for d in person.disabilities] == ["hearing"]
    scene.qtbot.waitUntil(lambda: roster.extras is not None)
    dialog = roster.open_household_editor()
    assert dialog is not None
    values = dialog.form.values()
    dialog.form.set_values(
        values
        | {"staying": "car", "car": {"plate": "品川 300 あ 12-34"}, "livable": False}
        | {"pets": [{"kind": "犬", "name": "ポチ", "count": 1, "notes": ""}]}
    )
    dialog.buttons.accepted.emit()
    scene.qtbot.waitUntil(lambda: scene.kiosk.people.household("h-1").staying.value == "car")
    household = scene.kiosk.people.household("h-1")
    assert household.car.plate == "品川 300 あ 12-34" and household.pets[0].name == "ポチ"
    assert household.livable is False


def test_a_bad_date_is_refused_in_the_form(scene: Scene) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.select_person("p-1")
    scene.qtbot.waitUntil(lambda: roster.extras is not None)
    dialog = roster.open_person_editor()
    assert dialog is not None
    birth = dialog.form.fields["birth_date"]
    assert isinstance(birth, QLineEdit)
    birth.setText("1980-13-40")
    dialog.buttons.accepted.emit()
    assert "1950-02-03" in dialog.error.text() and dialog.isVisible()


def test_export_csv_and_print_pdf(scene: Scene, tmp_path: Path) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.export_csv(tmp_path / "roster.csv")
    scene.qtbot.waitUntil(lambda: (tmp_path / "roster.csv").exists())
    scene.qtbot.waitUntil(lambda: "roster.csv" in roster.message.text())
    assert "佐藤 花子" in (tmp_path / "roster.csv").read_text(encoding="utf-8-sig")
    roster.print_pdf(tmp_path / "roster.pdf")
    scene.qtbot.waitUntil(lambda: "roster.pdf" in roster.message.text())
    assert (tmp_path / "roster.pdf").read_bytes().startswith(b"%PDF")


def test_counts_dashboard_shows_capacity_and_congestion(scene: Scene) -> None:
    sign_in(scene)
    console = scene.window.console
    console.tabs.setCurrentWidget(console.dashboard)
    scene.qtbot.waitUntil(lambda: console.dashboard.counts is not None)
    assert console.dashboard.values["present"].text() == "1"
    assert console.dashboard.values["capacity"].text() == "4"
    assert console.dashboard.congestion.text() == "空きあり"  # 1 of 4
    assert console.dashboard.chart.series[1][0] == "女"


def test_settings_change_the_language_for_every_screen(scene: Scene) -> None:
    sign_in(scene)
    tab = scene.window.console.settings
    assert tab.form_box.isEnabled()
    tab.language.setCurrentIndex(1)
    tab.save.click()
    scene.qtbot.waitUntil(lambda: scene.window.ctx.settings.language == "en")
    scene.qtbot.waitUntil(lambda: scene.window.console.tabs.tabText(0) == "Roster")
    assert scene.window.attract.title.text() == "Please hold your My Number Card over the reader"


def test_idle_time_out_signs_staff_out(scene: Scene) -> None:
    sign_in(scene)
    scene.window.idle.setInterval(50)
    scene.window.idle.start()
    scene.qtbot.waitUntil(lambda: scene.window.stack.currentWidget() is scene.window.attract)
    assert scene.window.ctx.session is None


def test_in_kiosk_mode_only_staff_can_quit(scene: Scene) -> None:
    window = scene.window
    window.apply_settings(window.ctx.with_settings(kiosk_mode=True))
    assert window.isFullScreen()
    assert not window.close()
    sign_in(scene)
    window.console.exit.click()
    box = window.console.quit_box
    assert box is not None and window.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert not window.isVisible()


def test_a_closed_shelter_is_explained_at_the_entrance(scene: Scene) -> None:
    scene.kiosk.shelters.set_status("t", "S1", ShelterStatus.CLOSED)
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: scene.window.stack.currentWidget() is scene.window.confirmation)
    assert "閉鎖中" in scene.window.confirmation.message.text()
