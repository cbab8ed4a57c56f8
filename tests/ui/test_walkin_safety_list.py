"""The walk-in form offers the safety list's two choices beside the other consents: to be listed
as safe, and to have one's shelter named there too; both are kept on the person and sent to
the platform with the registration."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from kiosk import outbox
from tests.ui.conftest import Scene
from tests.ui.test_walkin import open_wizard


def test_the_safety_list_choices_are_offered_and_registered(scene: Scene) -> None:
    wizard = open_wizard(scene)
    wizard.type_instead.click()
    form = wizard.representative
    form.fields["name"].setText("安否 一郎")  # type: ignore[attr-defined]
    form.fields["furigana"].setText("あんぴ いちろう")  # type: ignore[attr-defined]
    boxes = [form.fields[n] for n in ("consent_publish", "consent_publish_shelter")]
    assert all(isinstance(b, QCheckBox) and b.isVisibleTo(form) for b in boxes)
    for box in boxes:
        box.setChecked(True)  # type: ignore[attr-defined]
    wizard.register.click()
    scene.qtbot.waitUntil(lambda: wizard.result is not None)
    assert wizard.result is not None
    person = wizard.result.members[0]
    assert person.consent_publish and person.consent_publish_shelter
    with scene.kiosk.store.reading() as conn:
        [event] = [
            e
            for e in outbox.pending(conn, 100)
            if e.type == "person.registered" and e.payload["person_id"] == person.person_id
        ]
    assert event.payload["fields"]["consent_publish_shelter"] is True


def test_the_shelter_choice_is_labelled_in_japanese_and_english(scene: Scene) -> None:
    wizard = open_wizard(scene)
    form = wizard.representative
    scene.window.ctx.languages.switch("ja")
    scene.qtbot.waitUntil(
        lambda: form.label_text("consent_publish_shelter") == "安否情報に避難所名も公表してよい"
    )
    scene.window.ctx.languages.switch("en")
    scene.qtbot.waitUntil(
        lambda: (
            form.label_text("consent_publish_shelter") == "The safety list may also name my shelter"
        )
    )
