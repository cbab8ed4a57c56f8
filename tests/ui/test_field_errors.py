"""A field rule's refusal is shown in the screen's language, naming the field and the reason."""

from __future__ import annotations

from tests.ui.conftest import Scene
from tests.ui.test_walkin import open_wizard


def test_a_too_long_name_is_refused_in_japanese_then_english(scene: Scene) -> None:
    wizard = open_wizard(scene)
    wizard.type_instead.click()
    wizard.representative.set_values({"name": "長" * 201, "furigana": "ながい", "sex": "0"})
    wizard.register.click()
    scene.qtbot.waitUntil(lambda: bool(wizard.message.text()))
    assert "氏名" in wizard.message.text() and "長すぎ" in wizard.message.text()
    assert "is too long" not in wizard.message.text()
    scene.window.ctx.languages.switch("en")
    wizard.message.clear()
    wizard.register.click()
    scene.qtbot.waitUntil(lambda: bool(wizard.message.text()))
    assert "Name" in wizard.message.text() and "too long" in wizard.message.text()
    assert len(scene.kiosk.people.search("長")) == 0
