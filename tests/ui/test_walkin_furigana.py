"""Walk-in furigana: the card's name comes with a suggested reading that staff check and edit."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from cardio.virtualcard import VirtualMyNumberCard
from cardio.virtualcard.pki import Issued
from cardio.virtualcard.profile import new_test_profile
from tests.ui.conftest import Scene, sign_in
from ui.forms import PersonForm
from ui.screens.walkin import WalkInWizard


def open_wizard(scene: Scene) -> WalkInWizard:
    sign_in(scene)
    console = scene.window.console
    console.tabs.setCurrentWidget(console.walkin)
    wizard = console.walkin
    assert isinstance(wizard, WalkInWizard)
    return wizard


def field(form: PersonForm, name: str) -> QLineEdit:
    widget = form.fields[name]
    assert isinstance(widget, QLineEdit)
    return widget


def read_card(scene: Scene, wizard: WalkInWizard) -> PersonForm:
    scene.window.card_arrived()
    scene.qtbot.waitUntil(lambda: wizard.tries == 3)
    wizard.pin.field.setText("1234")
    wizard.pin.ok_key.click()
    scene.qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 1)
    return wizard.representative


def test_tapping_a_card_fills_the_furigana_with_a_marked_suggestion_staff_can_edit(
    scene: Scene,
) -> None:
    wizard = open_wizard(scene)
    scene.place("stranger")
    form = read_card(scene, wizard)
    assert field(form, "name").text() == "未登録 太郎"
    assert field(form, "furigana").text() == "みとうろく たろう"
    assert form.showing_suggestion()
    assert not form.suggestion_hint.isHidden()
    assert form.suggestion_hint.text() == "読みの候補です。確認してください"
    assert field(form, "furigana").property("suggested") is True
    field(form, "furigana").setText("みとうろく たろ")  # the person says it differently
    assert not form.showing_suggestion()
    assert form.suggestion_hint.isHidden()
    wizard.register.click()
    scene.qtbot.waitUntil(lambda: wizard.result is not None)
    assert wizard.result is not None
    stored = scene.kiosk.people.get(wizard.result.members[0].person_id)
    assert stored.furigana == "みとうろく たろ"


def test_a_card_with_a_latin_name_leaves_the_furigana_empty_and_says_so(
    scene: Scene, ca: Issued
) -> None:
    card = VirtualMyNumberCard(
        new_test_profile(ca, "foreign", "SMITH JOHN", "架空市緑町5", "19880808", "1")
    )
    wizard = open_wizard(scene)
    scene.reader.insert(card)
    form = read_card(scene, wizard)
    assert field(form, "name").text() == "SMITH JOHN"
    assert field(form, "furigana").text() == ""
    assert not form.suggestion_hint.isHidden()
    assert "候補がありません" in form.suggestion_hint.text()
    field(form, "furigana").setText("スミス ジョン")
    assert form.suggestion_hint.isHidden()


def test_a_typed_name_gets_a_suggestion_on_request(scene: Scene) -> None:
    wizard = open_wizard(scene)
    wizard.type_instead.click()
    form = wizard.representative
    assert field(form, "furigana").text() == ""
    assert form.suggestion_hint.isHidden()
    field(form, "name").setText("山﨑\u3000美咲")
    form.suggest.click()
    scene.qtbot.waitUntil(lambda: field(form, "furigana").text() == "やまざき\u3000みさき")
    assert form.showing_suggestion()
    wizard.register.click()
    scene.qtbot.waitUntil(lambda: wizard.result is not None)
    assert wizard.result is not None
    assert wizard.result.members[0].furigana == "やまざき\u3000みさき"


def test_a_member_added_by_hand_gets_a_suggestion_too(scene: Scene) -> None:
    wizard = open_wizard(scene)
    wizard.type_instead.click()
    dialog = wizard.open_member_form()
    member = dialog.form
    assert isinstance(member, PersonForm)
    field(member, "name").setText("渡辺\u3000陽菜")
    member.suggest.click()
    scene.qtbot.waitUntil(lambda: field(member, "furigana").text() == "わたなべ\u3000はるな")
    dialog.buttons.accepted.emit()
    assert wizard.members[0].furigana == "わたなべ\u3000はるな"


def test_a_new_registration_forgets_the_last_suggestion(scene: Scene) -> None:
    wizard = open_wizard(scene)
    scene.place("stranger")
    form = read_card(scene, wizard)
    assert form.showing_suggestion()
    wizard.restart()
    assert field(form, "furigana").text() == ""
    assert not form.showing_suggestion()
    assert form.suggestion_hint.isHidden()
