"""Screenshots of poll-worker mode (part of ``make screenshots``), in Japanese and English.

A throw-away local platform holds an election with two early-voting sites; the kiosk on screen
is enrolled at one of them, a second kiosk (no window) at the other. The platform is stopped
for a while so that both record a provisional vote for one voter, which becomes the incident
every kiosk of the election shows.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from devtools.demo_platform import DemoPlatform
from kiosk.app import Kiosk
from kiosk.settings import Settings
from kiosk.staff import Role, Session
from kiosk.status import Link
from kiosk.store import Store
from kiosk.voting.desk import VotingDesk
from kiosk.voting.results import OutageChoice
from ui.app import VIRTUAL_READER, PlatformLink, build, shutdown
from ui.screens.pollworker import CONFIRM, DECLARE, PROVISIONAL, RESULT, VOTER

ELECTION = "E-2026"
SIZE = (1280, 800)
RESIDENTS = (
    "external_ref,family_name,given_name,birth_date,address\n"
    "r1,佐藤,花子,1980-01-02,架空市本町1-2\n"
)
ROLL = (
    "roll_number,family_name,given_name,family_name_kana,given_name_kana,birth_date,sex,address\n"
    "101,佐藤,花子,サトウ,ハナコ,1980-01-02,female,架空市本町1-2\n"
    "102,佐藤,蓮,サトウ,レン,2001-05-06,male,架空市本町1-2\n"
    "103,鈴木,一,スズキ,ハジメ,1975-07-08,male,架空市緑町3\n"
    "104,田中,美咲,タナカ,ミサキ,1990-03-04,female,架空市北町5\n"
)
FIRST = Session("w1", "投票 一郎", Role.ADMIN, "code")


def _settle(ms: int = 300) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _until(done: Callable[[], bool], what: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"screenshots: gave up waiting for {what}")
        _settle(200)


def _platform(folder: Path) -> DemoPlatform:
    """The election on a new local platform: sites, residents, the roll, one declaration."""
    platform = DemoPlatform(folder)
    platform.admin("migrate")
    today = datetime.now(ZoneInfo("Asia/Tokyo")).date()
    days = [(today + timedelta(days=d)).isoformat() for d in (-1, 0, 1)]
    platform.admin(
        "election", ELECTION, "--name", "架空市長選挙", "--from", days[0], "--to", days[-1]
    )
    for site_id, name in (("PS-1", "市役所本庁舎"), ("PS-2", "北公民館")):
        platform.admin(
            "voting-site", site_id, "--election", ELECTION, "--name", name,
            "--outage", "provisional", "--no-pin", "--staff-code",
        )  # fmt: skip
    (folder / "residents.csv").write_text(RESIDENTS, encoding="utf-8")
    platform.admin("import-residents", "--municipality", "M-1", str(folder / "residents.csv"))
    (folder / "roll.csv").write_text(ROLL, encoding="utf-8")
    platform.admin("import-roll", "--election", ELECTION, str(folder / "roll.csv"))
    return platform


def _person_of(platform: DemoPlatform, roll_number: str) -> str:
    """The person a roll entry is linked to, from the platform's own ``voters`` command."""
    roll = json.loads(platform.admin("voters", ELECTION))
    return str(next(r for r in roll if r["roll_number"] == roll_number)["person_id"])


def _code(platform: DemoPlatform, site_id: str) -> str:
    made = platform.admin("enrolment-code", "--polling-site", site_id, "--label", site_id)
    return str(json.loads(made)["code"])


def _kiosk(folder: Path) -> Kiosk:
    kiosk = Kiosk.over(Store.create(folder, "screenshots", use_os_keystore=False))
    staff = kiosk.staff
    staff.add("screenshots", "w1", "投票 一郎", Role.ADMIN, code="111111")
    staff.add("screenshots", "w2", "投票 二郎", Role.STAFF, code="222222")
    kiosk.settings.save("screenshots", Settings(reader=VIRTUAL_READER))
    return kiosk


def _synced(link: PlatformLink) -> bool:
    status = link.status()
    return status.link is Link.ONLINE and status.waiting == 0 and status.provisioned


def _issue_offline(desk: VotingDesk, voter_query: str) -> None:
    [voter] = desk.search(voter_query)
    made = desk.declare(FIRST.actor, voter.voter_id, 6)
    worker = desk.confirm_by_code(FIRST, "w2", "222222")
    choice = desk.issue(FIRST, worker, voter.voter_id, made.declaration_id)
    assert isinstance(choice, OutageChoice)
    desk.record_provisional(
        FIRST, worker, voter.voter_id, made.declaration_id, choice.claim_id, "回線障害"
    )


def capture_voting(out: Path) -> list[Path]:
    """Write the poll-worker screens into ``out`` and return their paths."""
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        platform = _platform(root / "platform")
        platform.start()
        hanako = _person_of(platform, "101")
        platform.admin(
            "declare", hanako, "--election", ELECTION, "--reason", "1",
            "--date", datetime.now(ZoneInfo("Asia/Tokyo")).date().isoformat(),
        )  # fmt: skip
        north_kiosk = _kiosk(root / "north")
        north = PlatformLink(north_kiosk.store, "north", 1.0, (0.2, 0.5))
        north.enrol(platform.url, _code(platform, "PS-2"), "")
        kiosk = _kiosk(root / "desk")
        window = build(kiosk, sync_interval_s=1.0, sync_backoff=(0.2, 0.5))
        window.resize(*SIZE)
        window.show()
        painted: list[bool] = []
        window.after_first_paint(lambda: painted.append(True))
        _until(lambda: bool(painted), "the first paint")
        window.ctx.sync.enrol(platform.url, _code(platform, "PS-1"), "")
        link = window.ctx.sync
        assert isinstance(link, PlatformLink)
        _until(lambda: _synced(link) and _synced(north), "both kiosks to sync")
        north_desk = north.voting_desk()
        assert north_desk is not None
        # 鈴木 一 voted at the other site.
        [suzuki] = north_desk.search("すずき")
        made = north_desk.declare(FIRST.actor, suzuki.voter_id, 2)
        worker = north_desk.confirm_by_code(FIRST, "w2", "222222")
        north_desk.issue(FIRST, worker, suzuki.voter_id, made.declaration_id)
        window.open_console(kiosk.staff.sign_in_code("w1", "111111", True))
        tab = window.console.pollworker
        _until(lambda: tab.site is not None, "the polling site on screen")

        def shoot(name: str) -> None:
            for language in ("ja", "en"):
                window.ctx.languages.switch(language)
                _settle(400)
                path = out / f"{name}-{language}.png"
                window.grab().save(str(path))
                written.append(path)
            window.ctx.languages.switch("ja")

        def page(index: int) -> None:
            _until(lambda: tab.pages.currentIndex() == index, f"page {index}")
            _settle()

        # The network goes down: 田中 美咲 is given a provisional vote here and at the other site.
        platform.stop()
        tab.find_page.query.setText("たなか")
        tab.search()
        _until(lambda: tab.find_page.result_list.count() == 1, "the search")
        tab.open_voter(tab.results[0].voter_id)
        page(VOTER)
        tab.voter_page.declare_button.click()
        page(DECLARE)
        tab.declare_page.reason_buttons[5].click()
        tab.declare_page.save_declaration.click()
        _until(lambda: tab.voter_page.issue_button.isVisible(), "the declaration")
        tab.voter_page.issue_button.click()
        page(CONFIRM)
        tab.confirm_page.staff_id.setText("w2")
        tab.confirm_page.code.setText("222222")
        tab.confirm_page.code_button.click()
        page(PROVISIONAL)
        shoot("poll-worker-outage")
        tab.provisional_page.record_provisional.click()
        page(RESULT)
        shoot("poll-worker-provisional")
        _issue_offline(north_desk, "たなか")
        platform.start()
        desk = link.voting_desk()
        assert desk is not None

        def incident_here() -> bool:
            north.wake()
            link.wake()
            return bool(desk.incidents())

        _until(incident_here, "the double issue to reach the kiosk", 120)

        tab.next_voter()
        tab.find_page.query.setText("さとう")
        tab.search()
        _until(lambda: tab.find_page.result_list.count() == 2, "the search")
        shoot("poll-worker-find")
        tab.open_voter(tab.results[0].voter_id)
        page(VOTER)
        shoot("poll-worker-voter")
        tab.voter_page.issue_button.click()
        page(CONFIRM)
        shoot("poll-worker-confirm")
        tab.confirm_page.staff_id.setText("w2")
        tab.confirm_page.code.setText("222222")
        tab.confirm_page.code_button.click()
        page(RESULT)
        shoot("poll-worker-issued")
        tab.open_voter(tab.results[1].voter_id)
        page(VOTER)
        tab.voter_page.declare_button.click()
        page(DECLARE)
        tab.declare_page.reason_buttons[1].click()
        shoot("poll-worker-declare")
        tab.next_voter()
        tab.find_page.query.setText("すずき")
        tab.search()
        _until(lambda: tab.find_page.result_list.count() == 1, "the search")
        tab.open_voter(tab.results[0].voter_id)
        page(VOTER)
        shoot("poll-worker-voted-elsewhere")
        window.sign_out()
        _settle()
        north.stop()
        shutdown(window)
        kiosk.close()
        north_kiosk.close()
        platform.stop()
    return written
