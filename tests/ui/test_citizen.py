"""Citizen self check-in: tap a card or show a code, see the result, back to the start."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from cardio.qr.scene import Placement, compose_frame, qr_matrix, render_code, write_video
from cardio.qr.signed import PassClaims
from cardio.virtualcard import Faults
from kiosk import audit
from tests.ui.conftest import NOW, Scene


def fail_once(monkeypatch: pytest.MonkeyPatch, counter: object, name: str) -> None:
    """The counter's ``name`` fails with a store error the first time it is called."""
    method = getattr(counter, name)
    failures = [OSError("disk I/O error")]

    def once(*args: object) -> object:
        if failures:
            raise failures.pop()
        return method(*args)

    monkeypatch.setattr(counter, name, once)


def shown(scene: Scene) -> bool:
    return scene.window.stack.currentWidget() is scene.window.confirmation


def test_attract_screen_asks_for_a_card_or_a_code(scene: Scene) -> None:
    attract = scene.window.attract
    assert "マイナンバーカード" in attract.title.text()
    assert attract.subtitle.text() == "QRコードをかざしてください"
    scene.qtbot.waitUntil(lambda: "準備完了" in scene.window.status.reader.text())


def test_a_tap_checks_in_and_names_the_household_present(scene: Scene) -> None:
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: shown(scene))
    confirmation = scene.window.confirmation
    assert confirmation.name.text() == "佐藤 花子"
    assert confirmation.action.text() == "ようこそ。受付しました。"
    assert confirmation.household.text() == "ご家族（この避難所）：佐藤 蓮"
    assert scene.kiosk.presence.where("p-1").present  # type: ignore[union-attr]


def test_a_second_tap_during_the_confirmation_repeats_it(scene: Scene) -> None:
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: shown(scene))
    scene.lift()
    painted = scene.window.confirmation.answer
    scene.place("hanako")  # "to be sure"
    scene.qtbot.waitUntil(lambda: scene.window.confirmation.answer is not painted)
    confirmation = scene.window.confirmation
    assert confirmation.action.text() == "ようこそ。受付しました。"
    assert confirmation.message.text() == "受付済みです（記録は変わっていません）。"
    assert not confirmation.leave.isVisible()
    assert scene.kiosk.presence.where("p-1").present  # type: ignore[union-attr]
    with scene.kiosk.store.reading() as conn:
        assert "presence.check_out" not in [e.action for e in audit.entries(conn, 50)]


def test_checking_out_at_the_entrance_takes_a_second_step(scene: Scene) -> None:
    scene.kiosk.presence.check_in("test", "p-1", "S1")
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: shown(scene))
    confirmation = scene.window.confirmation
    assert confirmation.action.text() == "すでに受付済みです。"
    assert confirmation.leave.isVisible() and confirmation.leave.text() == "外出する"
    assert scene.kiosk.presence.where("p-1").present  # type: ignore[union-attr]
    scene.lift()
    confirmation.leave.click()
    scene.qtbot.waitUntil(lambda: not scene.kiosk.presence.where("p-1").present)  # type: ignore[union-attr]
    scene.qtbot.waitUntil(
        lambda: confirmation.action.text() == "外出を受け付けました。お気をつけて。"
    )
    assert not confirmation.leave.isVisible()
    scene.qtbot.waitUntil(
        lambda: scene.window.stack.currentWidget() is scene.window.attract, timeout=5000
    )


def test_an_unknown_card_is_sent_to_the_staff_desk(scene: Scene) -> None:
    scene.place("stranger")
    scene.qtbot.waitUntil(lambda: shown(scene))
    assert "スタッフ受付" in scene.window.confirmation.message.text()
    assert scene.window.confirmation.panel.objectName() == "confirmError"


def test_a_card_pulled_away_mid_read_asks_to_try_again(scene: Scene) -> None:
    scene.cards["hanako"].faults = Faults(remove_after=1)
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: shown(scene))
    assert "もう一度かざしてください" in scene.window.confirmation.message.text()
    assert scene.kiosk.presence.where("p-1") is None


def test_a_signed_pass_read_by_the_camera_checks_in(scene: Scene, tmp_path: Path) -> None:
    text = scene.signer.sign("p-1", PassClaims("h-1", "S1"), NOW - 60, NOW + 3600)
    code = render_code(qr_matrix(text), 6)
    rng = np.random.default_rng(1)
    frames = [compose_frame(code if i >= 3 else None, Placement(), rng) for i in range(15)]
    video = write_video(tmp_path / "pass.avi", frames, 10)
    scene.window.ctx.camera.start(str(video))
    scene.qtbot.waitUntil(lambda: shown(scene), timeout=10000)
    assert scene.window.confirmation.name.text() == "佐藤 花子"


def test_offline_check_ins_wait_in_the_outbox_and_the_status_bar_says_so(scene: Scene) -> None:
    status = scene.window.status
    scene.qtbot.waitUntil(lambda: status.sync is not None)
    assert status.network.text() == "○ オフライン"
    before = status.sync.waiting  # type: ignore[union-attr]
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: shown(scene))
    scene.qtbot.waitUntil(lambda: status.sync.waiting == before + 1)  # type: ignore[union-attr]
    assert status.waiting.text() == f"未送信：{before + 1} 件"


def test_the_citizen_can_switch_to_english_and_back(scene: Scene) -> None:
    attract = scene.window.attract
    attract.languages["en"].click()
    scene.qtbot.waitUntil(lambda: "My Number Card" in attract.title.text())
    assert attract.languages["en"].isChecked() and not attract.languages["ja"].isChecked()
    assert scene.window.status.network.text() == "○ Offline"
    attract.languages["ja"].click()
    scene.qtbot.waitUntil(lambda: "マイナンバーカード" in attract.title.text())


def test_the_counter_is_held_from_the_reader_s_own_report_of_a_card_under_one_hold(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Begun on the reader's thread, before the screens' thread hears of the card; the window
    # serves the card under that hold rather than one of its own, and it ends when painted.
    foreground = scene.kiosk.store.foreground
    foreground.after_s = 0.0
    foreground.hold_max_s = 3600.0
    begun_on: list[str] = []
    begin = foreground.begin

    def recorded() -> Callable[[], None]:
        begun_on.append(threading.current_thread().name)
        return begin()

    monkeypatch.setattr(foreground, "begin", recorded)
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: shown(scene))
    scene.qtbot.waitUntil(lambda: not foreground.busy())
    assert begun_on and begun_on[0] != threading.main_thread().name
    assert threading.main_thread().name not in begun_on


def test_a_card_read_goes_to_the_counter_without_waiting_for_the_screens_thread(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From the card's thread straight to the database thread: while a provisioning runs, the
    # screens' thread waits for the interpreter like any other, and the tap should not wait
    # for it between the card's reading and the counter.
    counter = scene.window.ctx.counter
    tapped = threading.Event()
    tap = counter.tap

    def recorded(actor: str, card_key: str) -> object:
        tapped.set()
        return tap(actor, card_key)

    monkeypatch.setattr(counter, "tap", recorded)
    # Connected after the window's own slot: the screens' thread stays here, handling nothing
    # else, until the counter has the card or ten seconds have passed.
    reached: list[bool] = []
    scene.window.ctx.card.card_arrived.connect(lambda: reached.append(tapped.wait(10)))
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: shown(scene), timeout=20_000)
    assert reached == [True]
    assert scene.window.confirmation.name.text() == "佐藤 花子"


def test_a_counter_that_fails_on_a_tap_says_so_and_takes_the_next_card(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    fail_once(monkeypatch, scene.window.ctx.counter, "tap")
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: shown(scene))
    assert not scene.window.tapping
    assert scene.window.confirmation.message.text() == (
        "この端末で処理を完了できませんでした。スタッフにお尋ねください。"
    )
    assert scene.kiosk.presence.where("p-1") is None
    assert "disk I/O error" in caplog.text
    scene.lift()
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: scene.window.confirmation.name.text() == "佐藤 花子")
    assert scene.kiosk.presence.where("p-1").present  # type: ignore[union-attr]


def test_a_counter_that_fails_on_a_shown_code_says_so_and_takes_the_next_one(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_once(monkeypatch, scene.window.ctx.counter, "show_code")
    text = scene.signer.sign("p-1", PassClaims("h-1", "S1"), NOW - 60, NOW + 3600)
    scene.window.code_read(text)
    scene.qtbot.waitUntil(lambda: shown(scene))
    assert not scene.window.tapping
    assert scene.window.confirmation.message.text() == (
        "この端末で処理を完了できませんでした。スタッフにお尋ねください。"
    )
    scene.window.code_read(text)
    scene.qtbot.waitUntil(lambda: scene.window.confirmation.name.text() == "佐藤 花子")
    assert scene.kiosk.presence.where("p-1").present  # type: ignore[union-attr]


def test_the_counter_is_busy_from_a_card_arriving_until_its_confirmation_is_painted(
    scene: Scene,
) -> None:
    # Busy: the kiosk's background work (a provisioning) waits meanwhile.
    foreground = scene.kiosk.store.foreground
    foreground.after_s = 0.0
    foreground.hold_max_s = 3600.0
    busy_on_arrival: list[bool] = []
    # Connected after the window's own slot, so this sees what the window made of the card.
    scene.window.ctx.card.card_arrived.connect(lambda: busy_on_arrival.append(foreground.busy()))
    assert not foreground.busy()
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: shown(scene))
    scene.qtbot.waitUntil(lambda: not foreground.busy())
    assert busy_on_arrival == [True]
