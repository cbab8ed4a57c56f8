"""Duplicate suspicion at the walk-in form: a possible match is shown before anything is saved,
and staff either check that person in or register a different person (audited)."""

from __future__ import annotations

from datetime import date

from kiosk import audit
from kiosk.model import Household, Person
from tests.ui.conftest import ADMIN, Scene
from tests.ui.test_walkin import open_wizard
from ui.screens.walkin import WalkInWizard

BORN = "1948-07-01"


def _known(scene: Scene) -> Person:
    scene.kiosk.people.register_household(
        ADMIN, Household("h-yamada", shelter_id="S2", address="南区1-2-3")
    )
    person = Person(
        "p-yamada",
        "山田 太郎",
        "やまだ たろう",
        birth_date=date(1948, 7, 1),
        household_id="h-yamada",
    )
    scene.kiosk.people.register(ADMIN, person, "import")
    scene.kiosk.people.update_household(ADMIN, "h-yamada", representative_id="p-yamada")
    return scene.kiosk.people.get("p-yamada")


def _type_and_register(scene: Scene) -> WalkInWizard:
    wizard = open_wizard(scene)
    wizard.type_instead.click()
    form = wizard.representative
    form.set_values(
        {"name": "山田　太郎", "furigana": "ヤマダ タロウ", "sex": "0", "birth_date": BORN}
    )
    wizard.register.click()
    scene.qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3)
    return wizard


def test_a_possible_match_is_shown_with_its_household_and_shelter_before_saving(
    scene: Scene,
) -> None:
    _known(scene)
    wizard = _type_and_register(scene)
    (shown,) = [wizard.dup_list.item(i).text() for i in range(wizard.dup_list.count())]
    assert "山田 太郎（やまだ たろう）" in shown and "昭和23年7月1日" in shown
    assert "山田 太郎" in shown.split("\n")[2] and "市民センター" in shown
    assert wizard.result is None
    assert len(scene.kiosk.people.search("やまだ")) == 1


def test_same_person_checks_the_match_in_and_registers_nobody(scene: Scene) -> None:
    known = _known(scene)
    wizard = _type_and_register(scene)
    assert not wizard.same_person.isEnabled()  # a match must be chosen first
    wizard.dup_list.setCurrentRow(0)
    wizard.same_person.click()
    scene.qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 0)
    now = scene.kiosk.presence.where(known.person_id)
    assert now is not None and (now.shelter_id, now.present) == ("S1", True)
    assert len(scene.kiosk.people.search("やまだ")) == 1


def test_a_different_person_is_registered_and_the_judgement_audited(scene: Scene) -> None:
    known = _known(scene)
    wizard = _type_and_register(scene)
    wizard.different_person.click()
    scene.qtbot.waitUntil(lambda: wizard.result is not None)
    assert len(scene.kiosk.people.search("やまだ")) == 2
    with scene.kiosk.store.reading() as conn:
        judged = [e for e in audit.entries(conn) if e.action == "person.not_duplicate"]
    assert [e.detail["of"] for e in judged] == [[known.person_id]]
    assert judged[0].actor.startswith("staff:")
