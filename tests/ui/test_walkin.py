"""Walk-in registration: the card's basic items fill the form; members, needs, consents; a pass."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QLineEdit

from cardio.mynumber.applications import CARD_INFO_AID
from cardio.virtualcard import Faults
from kazasu_protocol.jpki import card_key
from kiosk.counter import local_pass_text
from tests.ui.conftest import Scene, sign_in
from ui.forms import PersonForm
from ui.screens.walkin import WalkInWizard


def open_wizard(scene: Scene) -> WalkInWizard:
    sign_in(scene)
    console = scene.window.console
    console.tabs.setCurrentWidget(console.walkin)
    return console.walkin


def text(form: PersonForm, name: str) -> str:
    field = form.fields[name]
    assert isinstance(field, QLineEdit)
    return field.text()


def test_card_and_pin_fill_the_form_and_register_a_household(scene: Scene, tmp_path: Path) -> None:
    wizard = open_wizard(scene)
    card = scene.place("stranger")
    scene.window.card_arrived()  # the card was placed after the tab opened
    scene.qtbot.waitUntil(lambda: wizard.tries == 3)
    wizard.pin.field.setText("1234")
    wizard.pin.ok_key.click()
    scene.qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 1)
    form = wizard.representative
    assert (text(form, "name"), text(form, "birth_date")) == ("未登録 太郎", "1990-09-09")
    assert text(form, "address") == "架空市緑町3"
    assert card.individual_number_selections == 0
    form.fields["furigana"].setText("みとうろく たろう")  # type: ignore[attr-defined]
    consent = form.fields["consent_relatives"]
    assert isinstance(consent, QCheckBox)
    consent.setChecked(True)
    dialog = wizard.open_member_form()
    member = dialog.form
    member.fields["name"].setText("未登録 陽菜")  # type: ignore[attr-defined]
    member.fields["furigana"].setText("みとうろく ひな")  # type: ignore[attr-defined]
    member.fields["care_required"].setChecked(True)  # type: ignore[attr-defined]
    dialog.buttons.accepted.emit()
    assert wizard.others.count() == 1
    wizard.register.click()
    scene.qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2)
    assert wizard.result is not None
    first, second = wizard.result.members
    assert wizard.qr.text == local_pass_text(first.person_id)
    assert first.consent_relatives and second.care_required
    key = card_key(scene.cards["stranger"].profile.auth_certificate)
    assert scene.kiosk.people.find(key) == first
    assert scene.kiosk.presence.where(second.person_id).present  # type: ignore[union-attr]
    wizard.print_pass_pdf(tmp_path / "pass.pdf")
    assert (tmp_path / "pass.pdf").read_bytes().startswith(b"%PDF")


def test_the_wizard_refuses_the_pin_at_one_try_left(scene: Scene) -> None:
    card = scene.cards["stranger"]
    next(iter(card.applications[CARD_INFO_AID].pins.values())).tries_left = 1
    wizard = open_wizard(scene)
    scene.place("stranger")
    scene.window.card_arrived()
    scene.qtbot.waitUntil(lambda: wizard.tries == 1)
    wizard.pin.field.setText("1234")
    wizard.pin.ok_key.click()
    assert "入力しません" in wizard.message.text()
    assert card.pin_tries_left(CARD_INFO_AID) == 1
    next(iter(card.applications[CARD_INFO_AID].pins.values())).tries_left = 3


def test_a_card_pulled_away_during_the_read_says_so(scene: Scene) -> None:
    wizard = open_wizard(scene)
    card = scene.place("stranger")
    scene.qtbot.waitUntil(lambda: wizard.tries == 3)
    card.faults = Faults(remove_after=4)  # leaves the field after the card key is read
    wizard.pin.field.setText("1234")
    wizard.pin.ok_key.click()
    scene.qtbot.waitUntil(lambda: "途中で離れました" in wizard.message.text())
    assert wizard.pages.currentIndex() == 0
    card.faults = Faults()


def test_details_can_be_typed_without_a_card(scene: Scene) -> None:
    wizard = open_wizard(scene)
    wizard.type_instead.click()
    form = wizard.representative
    form.fields["name"].setText("手入力 次郎")  # type: ignore[attr-defined]
    form.fields["furigana"].setText("てにゅうりょく じろう")  # type: ignore[attr-defined]
    wizard.staying.setCurrentIndex(2)  # in a car
    wizard.register.click()
    scene.qtbot.waitUntil(lambda: wizard.result is not None)
    assert wizard.result is not None
    assert wizard.result.household.staying.value == "car"
    person = wizard.result.members[0]
    assert scene.kiosk.presence.where(person.person_id) is None  # outside: not checked in
