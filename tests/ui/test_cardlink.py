"""「カードを登録」 on screen: an unknown card tapped at the roster, or a person chosen in it, is
linked after the card's PIN and staff's choice among the residents its items match."""

from __future__ import annotations

from datetime import date

from kazasu_protocol.jpki import card_key
from kiosk import outbox
from kiosk.model import Person
from tests.ui.conftest import Scene, sign_in
from ui.screens.cardlink import CardLinkDialog


def stranger_on_the_roster(scene: Scene) -> None:
    """The stranger's card belongs to a resident imported here, not yet linked; the kiosk is
    enrolled (its device id is the platform's) but the platform is out of reach."""
    scene.kiosk.people.register(
        "setup",
        Person("p-3", "未登録 太郎", "みとうろく たろう", birth_date=date(1990, 9, 9),
               address="架空市緑町3"),
        "import",
    )  # fmt: skip
    scene.kiosk.store.readdress("d-ui-1")
    sign_in(scene)
    scene.lift()


def enter_pin(scene: Scene, dialog: CardLinkDialog) -> None:
    scene.qtbot.waitUntil(lambda: dialog.tries == 3)
    dialog.card_box.pin.field.setText("1234")
    dialog.card_box.pin.ok_key.click()
    scene.qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1 and not dialog.busy)


def test_an_unknown_card_tapped_at_the_roster_is_linked_to_the_resident_it_matches(
    scene: Scene,
) -> None:
    stranger_on_the_roster(scene)
    roster = scene.window.console.roster
    scene.place("stranger")
    scene.qtbot.waitUntil(lambda: roster.link_unknown.isVisible())
    assert "not linked" in roster.message.text() or "登録されていません" in roster.message.text()
    roster.link_unknown.click()
    dialog = roster.card_dialog
    assert dialog is not None and dialog.isVisible()
    enter_pin(scene, dialog)
    assert [c.person.person_id for c in dialog.candidates] == ["p-3"]
    assert dialog.candidates[0].full and dialog.confirm.isEnabled()
    assert dialog.list.item(0).sizeHint().height() >= 80
    dialog.confirm.click()
    scene.qtbot.waitUntil(lambda: dialog.linked is not None)
    key = card_key(scene.cards["stranger"].profile.auth_certificate)
    found = scene.kiosk.people.find(key)
    assert found is not None and found.person_id == "p-3"
    with scene.kiosk.store.reading() as conn:
        event = outbox.pending(conn, 1000)[-1]
    assert event.type == "person.card_linked" and event.payload["items"]["name"] == "未登録 太郎"
    assert dialog.linked is not None and dialog.linked.via == "kiosk-nonce"
    assert dialog._pin == ""


def test_a_person_whose_name_is_not_the_cards_cannot_be_chosen(scene: Scene) -> None:
    stranger_on_the_roster(scene)
    roster = scene.window.console.roster
    dialog = roster.open_card_link("p-2")
    scene.place("stranger")
    enter_pin(scene, dialog)
    assert [c.person.person_id for c in dialog.candidates] == ["p-3"]
    assert dialog.list.selectedItems() == [] and not dialog.confirm.isEnabled()
    assert dialog.message.text()
    with scene.kiosk.store.reading() as conn:
        linked = conn.execute("SELECT count(*) FROM identifiers WHERE person_id = 'p-2'")
        assert linked.fetchone()[0] == 0
