"""One kiosk switched between shelter and event use by the platform (the site's kind in the
feed), with no re-enrolment and no restart: the entrance and the console speak of the event,
and what only a shelter has (supplies, staying outside, care needs, the shelter consents) goes,
and comes back when the site is a shelter again."""

from __future__ import annotations

from typing import Any

from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied
from tests.ui.conftest import Scene, sign_in
from ui.forms import SHELTER_ONLY
from ui.window import STATUS_REFRESH_MS


def _platform_makes(scene: Scene, kind: str) -> None:
    # What sync applies when an administrator changes the site's kind at the platform.
    change: dict[str, Any] = {
        "entity": "shelter",
        "payload": {
            "shelter_id": "S1",
            "municipality_id": "M-1",
            "name": "第一小学校",
            "kind": kind,
            "capacity": 4,
            "location": None,
            "open": True,
        },
    }
    with scene.kiosk.store.transaction() as tx:
        apply_page(tx, [change], Applied())


def test_a_site_switched_to_event_use_changes_the_running_kiosk(scene: Scene) -> None:
    window = scene.window
    scene.qtbot.waitUntil(lambda: "避難所" in window.attract.shelter.text())
    _platform_makes(scene, "event")
    # Within one status refresh, without restarting or enrolling again.
    scene.qtbot.waitUntil(lambda: window.ctx.event_site, timeout=STATUS_REFRESH_MS * 2)
    assert "会場" in window.attract.shelter.text()
    assert "避難所" not in window.attract.shelter.text()

    sign_in(scene)
    console = window.console
    tabs = console.tabs
    assert not tabs.isTabVisible(tabs.indexOf(console.supplies))
    assert tabs.isTabVisible(tabs.indexOf(console.walkin))
    assert "イベント会場 S1" in console.who.text()
    assert not console.dashboard.outside_box.isVisibleTo(console.dashboard)

    tabs.setCurrentWidget(console.walkin)
    wizard = console.walkin
    wizard.type_instead.click()
    form = wizard.representative
    assert not wizard.staying.isVisibleTo(wizard)
    assert not any(form.fields[n].isVisibleTo(form) for n in SHELTER_ONLY)
    assert form.fields["dv_protected"].isVisibleTo(form)  # protection matters anywhere
    form.fields["name"].setText("行事 一郎")  # type: ignore[attr-defined]
    form.fields["furigana"].setText("ぎょうじ いちろう")  # type: ignore[attr-defined]
    wizard.register.click()
    scene.qtbot.waitUntil(lambda: wizard.result is not None)
    assert wizard.result is not None
    attendee = wizard.result.members[0]
    where = scene.kiosk.presence.where(attendee.person_id)
    assert where is not None and where.shelter_id == "S1"  # attending the event

    _platform_makes(scene, "designated")
    scene.qtbot.waitUntil(lambda: not window.ctx.event_site, timeout=STATUS_REFRESH_MS * 2)
    assert tabs.isTabVisible(tabs.indexOf(console.supplies))
    assert "避難所 S1" in console.who.text()
    assert all(form.fields[n].isVisibleTo(form) for n in SHELTER_ONLY)
    assert not wizard.staying.isHidden()


def test_the_event_texts_are_japanese_and_english(scene: Scene) -> None:
    window = scene.window
    _platform_makes(scene, "event")
    window.refresh_site()
    scene.qtbot.waitUntil(lambda: window.ctx.event_site)
    window.ctx.languages.switch("en")
    scene.qtbot.waitUntil(lambda: window.attract.shelter.text() == "第一小学校 — event entrance")
    sign_in(scene)
    assert window.console.who.text().endswith("— event site S1")
