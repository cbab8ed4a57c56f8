"""「市民カードも登録」 on screen: after a My Number Card is linked at the counter, the resident's
city card shown to the camera is linked to them too, and then checks them in alone."""

from __future__ import annotations

from cardio.qr.cityid import CityCardFormat
from kiosk import citycards, outbox
from kiosk.counter import Confirmation, Counter
from tests.ui.conftest import Scene
from tests.ui.test_cardlink import enter_pin, stranger_on_the_roster
from ui.screens.cardlink import CardLinkDialog

CODE = "YAPPURU:282227:00012345"


def linked_dialog(scene: Scene) -> CardLinkDialog:
    with scene.kiosk.store.transaction() as tx:
        citycards.store_format(
            tx.conn, CityCardFormat("M-282227", "YAPPURU", "282227", "^[0-9]{8}$")
        )
    stranger_on_the_roster(scene)
    roster = scene.window.console.roster
    dialog = roster.open_card_link("p-3")
    scene.place("stranger")
    enter_pin(scene, dialog)
    assert not dialog.city_button.isVisible()
    dialog.confirm.click()
    scene.qtbot.waitUntil(lambda: dialog.linked is not None)
    return dialog


def test_after_the_card_link_the_city_card_from_the_camera_is_linked_and_checks_in(
    scene: Scene,
) -> None:
    dialog = linked_dialog(scene)
    assert dialog.city_button.isVisible()
    assert dialog.city_button.text() == "市民カードも登録"
    dialog.city_button.click()
    assert dialog.pages.currentIndex() == 2
    scene.window.code_read(CODE)  # as the camera hands it on
    scene.qtbot.waitUntil(lambda: dialog.city_linked is not None)
    assert dialog.message.text()
    with scene.kiosk.store.reading() as conn:
        event = outbox.pending(conn, 1000)[-1]
    assert event.type == "person.city_card_linked" and event.payload["person_id"] == "p-3"
    answer = Counter(scene.kiosk, "S1").show_code("self-service", CODE)
    assert isinstance(answer, Confirmation) and answer.person_id == "p-3"


def test_a_code_of_no_known_format_is_refused_on_the_dialog_and_nothing_is_linked(
    scene: Scene,
) -> None:
    dialog = linked_dialog(scene)
    dialog.city_button.click()
    dialog.city_code.setText("LIBRARY:1")
    dialog.city_submit.click()
    scene.qtbot.waitUntil(lambda: not dialog.busy and bool(dialog.message.text()))
    assert dialog.city_linked is None
    assert scene.kiosk.people.find("city:M-282227:00012345") is None
    # The kiosk's reason is shown after the translated sentence.
    assert dialog.message.text().endswith("基盤から受け取った形式の市民カードではありません")
