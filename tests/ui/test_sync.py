"""The screens and the sync worker against a real platform process: the status bar, the
provisioning progress, enrolment from the settings screen, and local writes sent at once."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import sync.engine
from kiosk.app import Kiosk
from kiosk.model import Person, Shelter
from kiosk.settings import Settings, SettingsService
from kiosk.staff import Role, StaffService
from kiosk.status import Link, SyncStatus
from kiosk.store import Store
from sync.engine import SyncEngine
from tests.integration.platform_server import PlatformServer, free_port, running_platform
from tests.tooling.faultproxy import FaultProxy
from tests.ui.conftest import ADMIN, PASSPHRASE, STAFF_CODE, cell
from ui.app import VIRTUAL_READER, build, shutdown
from ui.boot import application
from ui.window import MainWindow

# Short rounds and back-off so a test sees the worker retry within seconds.
FAST = {"sync_interval_s": 1.0, "sync_backoff": (0.2, 0.5)}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlatformServer]:
    """One platform process for this file's tests, with shelter S1."""
    with running_platform(tmp_path_factory.mktemp("platform")) as server:
        server.shelter("S1", "第一小学校")
        yield server


@pytest.fixture
def kiosks(tmp_path: Path, qtbot: QtBot) -> Iterator[list[tuple[Kiosk, MainWindow | None]]]:
    """Kiosks made by a test, closed (with their windows) afterwards."""
    application()
    made: list[tuple[Kiosk, MainWindow | None]] = []
    yield made
    for kiosk, window in made:
        if window is not None:
            shutdown(window)
        kiosk.close()


def new_kiosk(folder: Path, wall: Callable[[], float] = time.time) -> Kiosk:
    """An unenrolled kiosk for shelter S1 with an administrator who signs in with a code."""
    kiosk = Kiosk.over(Store.create(folder, PASSPHRASE, wall=wall, use_os_keystore=False))
    kiosk.shelters.add(ADMIN, Shelter("S1", "第一小学校"))
    StaffService(kiosk.store).add(ADMIN, "t01", "職員 一郎", Role.ADMIN, code=STAFF_CODE)
    SettingsService(kiosk.store).save(
        ADMIN, Settings(shelter_id="S1", reader=VIRTUAL_READER, staff_code_allowed=True)
    )
    return kiosk


def enrol(kiosk: Kiosk, url: str, code: str) -> None:
    """Enrol the way `kazasu-kiosk enrol` does, before the screens start."""
    engine = SyncEngine(kiosk.store)
    engine.enrol(url, code, "test kiosk")
    engine.close()


def open_window(qtbot: QtBot, kiosk: Kiosk, **sync: object) -> MainWindow:
    """The kiosk's window on screen."""
    window = build(kiosk, **sync)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def open_settings(window: MainWindow, kiosk: Kiosk) -> None:
    """Sign the administrator in and show the settings and status tab."""
    window.open_console(StaffService(kiosk.store).sign_in_code("t01", STAFF_CODE, True))
    window.console.tabs.setCurrentWidget(window.console.settings)


def test_the_status_bar_says_offline_with_a_retry_countdown_then_online_when_the_link_returns(
    platform: PlatformServer,
    tmp_path: Path,
    qtbot: QtBot,
    kiosks: list[tuple[Kiosk, MainWindow | None]],
) -> None:
    kiosk = new_kiosk(tmp_path / "kiosk")
    with FaultProxy(platform.url) as proxy:
        enrol(kiosk, proxy.url, platform.enrolment_code("S1"))
        kiosk.people.register(ADMIN, Person("", "佐藤 花子", "さとう はなこ"))
        proxy.partition()
        window = open_window(qtbot, kiosk, **FAST)
        kiosks.append((kiosk, window))
        strip = window.status
        qtbot.waitUntil(lambda: strip.network.text().startswith("○ オフライン（"), timeout=10000)
        assert "秒後に再試行" in strip.network.text()
        assert strip.waiting.text() == "未送信：1 件"
        proxy.partition(down=False)
        qtbot.waitUntil(lambda: strip.network.text() == "● オンライン", timeout=15000)
        qtbot.waitUntil(lambda: strip.waiting.text() == "未送信：0 件", timeout=10000)
    open_settings(window, kiosk)
    assert window.console.settings.enrolled.text() == "登録済み"
    assert window.console.settings.last_success.text() != "なし"


def test_a_check_in_is_sent_at_once_not_at_the_next_timed_round(
    platform: PlatformServer,
    tmp_path: Path,
    qtbot: QtBot,
    kiosks: list[tuple[Kiosk, MainWindow | None]],
) -> None:
    kiosk = new_kiosk(tmp_path / "kiosk")
    enrol(kiosk, platform.url, platform.enrolment_code("S1"))
    window = open_window(qtbot, kiosk, sync_interval_s=600.0)
    kiosks.append((kiosk, window))
    statuses: list[SyncStatus] = []
    window.ctx.sync.changed.connect(statuses.append)
    qtbot.waitUntil(lambda: bool(statuses) and statuses[-1].link is Link.ONLINE, timeout=15000)
    rounds = sum(1 for s in statuses if s.link is Link.ONLINE)

    def check_in() -> None:
        person = kiosk.people.register(ADMIN, Person("", "鈴木 一郎", "すずき いちろう"))
        kiosk.presence.check_in(ADMIN, person.person_id, "S1")

    window.ctx.tasks.run(check_in, lambda _: None)
    qtbot.waitUntil(
        lambda: (
            sum(1 for s in statuses if s.link is Link.ONLINE) > rounds and statuses[-1].waiting == 0
        ),
        timeout=10000,
    )


def test_the_provisioning_bar_moves_page_by_page_and_disappears_when_done(
    platform: PlatformServer,
    tmp_path: Path,
    qtbot: QtBot,
    kiosks: list[tuple[Kiosk, MainWindow | None]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registrar = new_kiosk(tmp_path / "registrar")
    kiosks.append((registrar, None))
    enrol(registrar, platform.url, platform.enrolment_code("S1"))
    for i in range(40):
        person = registrar.people.register(ADMIN, Person("", f"住民 {i}", f"じゅうみん {i}"))
        registrar.presence.check_in(ADMIN, person.person_id, "S1")
    engine = SyncEngine(registrar.store)
    engine.run_once()
    engine.close()
    # Small snapshot pages, so the first download takes several steps to watch.
    monkeypatch.setattr(sync.engine, "SNAPSHOT_PAGE", 10)
    kiosk = new_kiosk(tmp_path / "kiosk")
    window = open_window(qtbot, kiosk, **FAST)
    kiosks.append((kiosk, window))
    open_settings(window, kiosk)
    settings = window.console.settings
    seen: list[tuple[int, bool, str]] = []

    def record(status: SyncStatus) -> None:
        if status.provisioning_done:
            seen.append(
                (
                    status.provisioning_done,
                    window.status.provisioning.isVisible(),
                    settings.provisioned.text(),
                )
            )

    window.ctx.sync.changed.connect(record)
    settings.platform_url.setText(platform.url)
    settings.code.setText(platform.enrolment_code("S1"))
    settings.enrol_button.click()
    qtbot.waitUntil(lambda: settings.provisioned.text() == "完了", timeout=20000)
    done = [d for d, _, _ in seen]
    assert len(done) >= 8 and done == sorted(done) and done[0] == 10
    # Shown on every page but the last, after which the download is complete.
    assert all(visible for _, visible, _ in seen[:-1]) and not seen[-1][1]
    # The platform says how many items the snapshot holds, so the count reads "of N".
    total = done[-1]
    assert [text for _, _, text in seen[:2]] == [f"{total} 件中 10 件", f"{total} 件中 20 件"]
    assert seen[-1][2] == "完了"
    assert settings.provisioning.value() == settings.provisioning.maximum() > 0
    # The file's platform also holds what earlier tests checked in at S1.
    assert len(kiosk.presence.present("S1")) >= 40


def test_an_administrator_enrols_the_kiosk_from_the_settings_screen(
    platform: PlatformServer,
    tmp_path: Path,
    qtbot: QtBot,
    kiosks: list[tuple[Kiosk, MainWindow | None]],
) -> None:
    kiosk = new_kiosk(tmp_path / "kiosk")
    window = open_window(qtbot, kiosk, **FAST)
    kiosks.append((kiosk, window))
    open_settings(window, kiosk)
    settings = window.console.settings
    qtbot.waitUntil(lambda: settings.enrolled.text() == "プラットフォーム未登録")
    assert window.status.network.text() == "○ オフライン"
    settings.platform_url.setText(platform.url)
    settings.code.setText(platform.enrolment_code("S1"))
    settings.enrol_button.click()
    qtbot.waitUntil(lambda: settings.enrolled.text() == "登録済み", timeout=10000)
    assert settings.enrol_message.text() == "登録しました。この端末はプラットフォームと同期します。"
    assert not settings.enrol_box.isEnabled()
    qtbot.waitUntil(lambda: window.status.network.text() == "● オンライン", timeout=15000)
    qtbot.waitUntil(lambda: settings.provisioned.text() == "完了", timeout=10000)


@pytest.mark.parametrize(
    ("url", "code", "japanese", "english"),
    [
        (
            "platform",
            "abc",
            "プラットフォームのアドレスは https:// で始めてください"
            "（http:// は試験用ネットワークのみ）。",
            "The platform address must begin with https:// (http:// only on a test network).",
        ),
        (
            "wrong code",
            "not-a-code",
            "登録コードが違うか、使用済みか、期限切れです。"
            "プラットフォームの管理者に新しいコードを依頼してください。",
            "The enrolment code is wrong, already used or expired. "
            "Ask the platform's administrator for a new code.",
        ),
        (
            "nobody listens",
            "abc",
            "プラットフォームが応答しません。"
            "アドレスとネットワークを確認して、もう一度お試しください。",
            "The platform did not answer. Check the address and the network, then try again.",
        ),
    ],
    ids=["not-an-address", "wrong-code", "unreachable"],
)
def test_a_failed_enrolment_says_plainly_why_and_the_kiosk_stays_unenrolled(
    platform: PlatformServer,
    tmp_path: Path,
    qtbot: QtBot,
    kiosks: list[tuple[Kiosk, MainWindow | None]],
    url: str,
    code: str,
    japanese: str,
    english: str,
) -> None:
    address = {
        "platform": "platform.example",
        "wrong code": platform.url,
        "nobody listens": f"http://127.0.0.1:{free_port()}",
    }[url]
    kiosk = new_kiosk(tmp_path / "kiosk")
    window = open_window(qtbot, kiosk, **FAST)
    kiosks.append((kiosk, window))
    open_settings(window, kiosk)
    settings = window.console.settings
    settings.platform_url.setText(address)
    settings.code.setText(code)
    settings.enrol_button.click()
    qtbot.waitUntil(lambda: settings.enrol_message.text() == japanese, timeout=15000)
    assert settings.enrol_box.isEnabled()
    window.ctx.languages.switch("en")
    qtbot.waitUntil(lambda: settings.enrol_message.text() == english)
    assert SyncEngine(kiosk.store).enrolled() is None
    assert window.status.network.text() == "○ Offline"


def test_a_field_conflict_decided_by_the_platform_is_shown_to_staff(
    platform: PlatformServer,
    tmp_path: Path,
    qtbot: QtBot,
    kiosks: list[tuple[Kiosk, MainWindow | None]],
) -> None:
    here = new_kiosk(tmp_path / "here")
    enrol(here, platform.url, platform.enrolment_code("S1"))
    window = open_window(qtbot, here, **FAST)
    kiosks.append((here, window))
    person = here.people.register(ADMIN, Person("", "佐藤 花子", "さとう はなこ"))
    here.presence.check_in(ADMIN, person.person_id, "S1")
    qtbot.waitUntil(lambda: window.ctx.sync.status().waiting == 0, timeout=15000)
    elsewhere = new_kiosk(tmp_path / "elsewhere")
    kiosks.append((elsewhere, None))
    enrol(elsewhere, platform.url, platform.enrolment_code("S1"))
    other = SyncEngine(elsewhere.store)
    while elsewhere.people.find(person.person_id) is None:
        other.run_once()
    # Edited there first, offline; then here, sent at once; the earlier edit arrives late.
    elsewhere.people.update("staff:elsewhere", person.person_id, allergies="卵")
    window.ctx.tasks.run(
        lambda: here.people.update(ADMIN, person.person_id, allergies="そば"), lambda _: None
    )
    qtbot.waitUntil(
        lambda: (
            here.people.get(person.person_id).allergies == "そば"
            and window.ctx.sync.status().waiting == 0
        ),
        timeout=15000,
    )
    other.run_once()
    other.close()
    qtbot.waitUntil(lambda: here.people.conflicts(person.person_id) != [], timeout=15000)

    window.open_console(StaffService(here.store).sign_in_code("t01", STAFF_CODE, True))
    console = window.console
    console.tabs.setCurrentWidget(console.conflicts)
    qtbot.waitUntil(lambda: console.conflicts.loaded and console.conflicts.rows != [])
    row = [cell(console.conflicts.table, 0, c) for c in range(6)]
    assert row[:3] == ["佐藤 花子", "アレルギー", "そば"] and row[4] == "卵"
    assert here.people.get(person.person_id).allergies == "そば"


def test_the_console_warns_in_japanese_and_english_while_the_clock_is_more_than_a_minute_off(
    platform: PlatformServer,
    tmp_path: Path,
    qtbot: QtBot,
    kiosks: list[tuple[Kiosk, MainWindow | None]],
) -> None:
    slow = new_kiosk(tmp_path / "slow", wall=lambda: time.time() - 3 * 24 * 3600 - 5 * 60)
    enrol(slow, platform.url, platform.enrolment_code("S1"))
    window = open_window(qtbot, slow, **FAST)
    kiosks.append((slow, window))
    open_settings(window, slow)
    warning = window.console.clock_warning
    qtbot.waitUntil(warning.isVisible, timeout=10000)
    assert warning.text() == (
        "⚠ この端末の時計はプラットフォームより3日0時間遅れています。"
        "記録にはプラットフォームの時刻を使っています。時計を合わせてください。"
    )
    window.ctx.languages.switch("en")
    english = "⚠ This kiosk's clock is 3 d 0 h behind the platform's."
    qtbot.waitUntil(lambda: warning.text().startswith(english))
    window.console.tabs.setCurrentWidget(window.console.roster)
    assert warning.isVisible()


def test_the_console_shows_no_clock_warning_within_a_minute(
    platform: PlatformServer,
    tmp_path: Path,
    qtbot: QtBot,
    kiosks: list[tuple[Kiosk, MainWindow | None]],
) -> None:
    close = new_kiosk(tmp_path / "close", wall=lambda: time.time() + 30)
    enrol(close, platform.url, platform.enrolment_code("S1"))
    window = open_window(qtbot, close, **FAST)
    kiosks.append((close, window))
    qtbot.waitUntil(lambda: window.status.network.text() == "● オンライン", timeout=15000)
    open_settings(window, close)
    sync = window.console.sync
    assert sync is not None and sync.clock_offset_ms is not None
    assert -31_000 < sync.clock_offset_ms < -29_000
    assert not window.console.clock_warning.isVisible()


def test_a_revoked_kiosk_stops_retrying_and_the_console_says_so_in_japanese_and_english(
    platform: PlatformServer,
    tmp_path: Path,
    qtbot: QtBot,
    kiosks: list[tuple[Kiosk, MainWindow | None]],
) -> None:
    kiosk = new_kiosk(tmp_path / "kiosk")
    enrol(kiosk, platform.url, platform.enrolment_code("S1"))
    window = open_window(qtbot, kiosk, **FAST)
    kiosks.append((kiosk, window))
    statuses: list[SyncStatus] = []
    window.ctx.sync.changed.connect(statuses.append)
    strip = window.status
    qtbot.waitUntil(lambda: strip.network.text() == "● オンライン", timeout=15000)
    platform.admin("POST", f"/devices/{kiosk.store.device_id}/revoke")
    kiosk.people.register(ADMIN, Person("", "佐藤 花子", "さとう はなこ"))  # wakes the worker
    qtbot.waitUntil(
        lambda: strip.network.text() == "⛔ プラットフォームが登録を取り消し", timeout=15000
    )
    rounds = len(statuses)
    qtbot.wait(2000)  # four back-offs' worth of FAST: no round may follow
    assert len(statuses) == rounds and statuses[-1].link is Link.REVOKED
    assert strip.waiting.text() == "未送信：1 件"  # the kiosk keeps what it recorded
    open_settings(window, kiosk)
    settings = window.console.settings
    assert settings.network.text().startswith(
        "停止：プラットフォームがこの端末の登録を取り消しました。同期はもう行いません。"
    )
    window.ctx.languages.switch("en")
    qtbot.waitUntil(lambda: strip.network.text() == "⛔ Revoked by the platform")
    assert settings.network.text().startswith(
        "Stopped for good: the platform revoked this kiosk. It no longer syncs"
    )
