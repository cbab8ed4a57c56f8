"""Poll-worker mode on screen, with a real platform process behind a cuttable network link:
find the voter (search, card tap, declaration QR), declare at the desk, a second worker's code
or card, the ballot issued; the hard block for a voter who voted elsewhere; a provisional vote
while the link is down."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pytestqt.qtbot import QtBot

from cardio.qr.signed import DeclarationClaims, QRSigner
from cardio.virtualcard import CardProfile, VirtualMyNumberCard
from cardio.virtualcard.pki import Issued as IssuedCa
from cardio.virtualcard.reader import VirtualReader
from kazasu_protocol.jpki import card_key
from kiosk import outbox
from kiosk.app import Kiosk
from kiosk.counter import stored_keys
from kiosk.model import Person, Shelter
from kiosk.settings import Settings, SettingsService, save_trust_anchors_pem
from kiosk.staff import Role, StaffService
from kiosk.store import Store
from sync.engine import SyncEngine
from tests.integration.platform_server import PlatformServer, running_platform
from tests.integration.polling import ELECTION, FIRST, election, poll_kiosk, voters
from tests.linkage.polling_place import today
from tests.tooling.faultproxy import FaultProxy
from tests.ui.conftest import PASSPHRASE
from ui.app import VIRTUAL_READER, build, shutdown
from ui.boot import application
from ui.screens.pollworker import (
    CONFIRM,
    DECLARE,
    FIND,
    PROVISIONAL,
    RESULT,
    VOTER,
    PollWorkerTab,
)
from ui.window import MainWindow

SITES = {"PS-1": "市役所本庁舎", "PS-2": "北公民館"}


@dataclass
class Desk:
    """A polling-site kiosk on screen, its platform and its network link."""

    window: MainWindow
    kiosk: Kiosk
    platform: PlatformServer
    proxy: FaultProxy
    reader: VirtualReader
    cards: dict[str, VirtualMyNumberCard]
    qtbot: QtBot
    folder: Path

    @property
    def tab(self) -> PollWorkerTab:
        return self.window.console.pollworker

    def page(self, index: int) -> None:
        self.qtbot.waitUntil(lambda: self.tab.pages.currentIndex() == index, timeout=20000)

    def search_and_open(self, query: str) -> None:
        self.tab.find_page.query.setText(query)
        self.tab.find_page.search_button.click()
        self.qtbot.waitUntil(lambda: self.tab.find_page.result_list.count() == 1)
        self.tab.find_page.result_list.itemClicked.emit(self.tab.find_page.result_list.item(0))
        self.page(VOTER)

    def confirm_with_code(self) -> None:
        self.tab.voter_page.issue_button.click()
        self.page(CONFIRM)
        self.tab.confirm_page.staff_id.setText("w2")
        self.tab.confirm_page.code.setText("222222")
        self.tab.confirm_page.code_button.click()


def register_hanako_with_her_card(platform: PlatformServer, folder: Path, card_key: str) -> str:
    """佐藤 花子 registered at a shelter kiosk with her card; returns her person id."""
    platform.shelter("S1")
    shelter = Kiosk.over(Store.create(folder, PASSPHRASE, use_os_keystore=False))
    shelter.shelters.add("setup", Shelter("S1", "避難所"))
    hanako = shelter.people.register(
        "setup",
        Person.from_dict(
            {
                "person_id": "",
                "name": "佐藤 花子",
                "furigana": "さとう はなこ",
                "birth_date": "1980-01-02",
                "address": "架空市本町1-2",
            }
        ),
    )
    shelter.people.link_identifier("setup", hanako.person_id, card_key)
    engine = SyncEngine(shelter.store)
    engine.enrol(platform.url, platform.enrolment_code("S1"), "shelter")
    engine.run_once()
    engine.close()
    shelter.close()
    return hanako.person_id


def link_voter(platform: PlatformServer, roll_number: str, person_id: str) -> None:
    """The election office links a roll entry to a registered person."""
    voter_id = voters(platform)[roll_number]["voter_id"]
    body = {"person_id": person_id}
    platform.admin("PUT", f"/elections/{ELECTION}/voters/{voter_id}/link", json=body)


@pytest.fixture
def desk(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    tmp_path: Path,
    ca: IssuedCa,
    profiles: dict[str, CardProfile],
) -> Iterator[Desk]:
    """The kiosk at PS-1 (provisional outage procedure; site settings from the test's param)."""
    application()
    settings = {"outage_procedure": "provisional"} | getattr(request, "param", {})
    hanako_key = card_key(profiles["hanako"].auth_certificate)
    with running_platform(tmp_path / "platform") as platform, FaultProxy(platform.url) as proxy:
        hanako = register_hanako_with_her_card(platform, tmp_path / "shelter", hanako_key)
        election(platform, SITES, residents=False, **settings)
        link_voter(platform, "1", hanako)
        poll = poll_kiosk(tmp_path / "desk", platform, "PS-1", proxy.url)
        poll.claims.close()
        poll.engine.close()
        store = poll.store
        staff = StaffService(store)
        # The console's first worker signs in with a card of their own; the second confirms
        # with a code or with the card registered to their account.
        staff.add("setup", "w9", "職員 一郎", Role.ADMIN, card_of(profiles["staff"]))
        staff.add("setup", "w8", "未登録 太郎", Role.STAFF, card_of(profiles["stranger"]))
        save_trust_anchors_pem(
            store, "setup", ca.certificate.public_bytes(serialization.Encoding.PEM)
        )
        SettingsService(store).save("setup", Settings(reader=VIRTUAL_READER))
        kiosk = Kiosk.over(store)
        window = build(kiosk, sync_interval_s=1.0, sync_backoff=(0.2, 0.5))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        reader = window.ctx.card.device
        assert isinstance(reader, VirtualReader)
        cards = {name: VirtualMyNumberCard(p) for name, p in profiles.items()}
        scene = Desk(window, kiosk, platform, proxy, reader, cards, qtbot, tmp_path)
        # The sync worker and the camera start once the attract screen has been painted.
        qtbot.waitUntil(lambda: window._painted)
        window.open_console(staff.sign_in_code("w1", "111111", True))
        qtbot.waitUntil(lambda: scene.tab.site is not None, timeout=20000)
        yield scene
        shutdown(window)
        kiosk.close()


def card_of(profile: CardProfile) -> str:
    return card_key(profile.auth_certificate)


def outbox_types(kiosk: Kiosk) -> list[str]:
    with kiosk.store.reading() as conn:
        return [e.type for e in outbox.pending(conn, 1000)]


def test_a_polling_site_kiosk_opens_on_the_early_voting_desk(desk: Desk) -> None:
    console = desk.window.console
    assert console.tabs.currentWidget() is desk.tab
    assert not console.tabs.isTabVisible(console.tabs.indexOf(console.roster))
    assert "市役所本庁舎" in desk.tab.header.text()
    assert desk.tab.pages.currentIndex() == FIND


def test_search_declare_at_the_desk_and_issue_after_a_second_workers_code(desk: Desk) -> None:
    tab = desk.tab
    desk.search_and_open("さとう れん")
    assert tab.voter_page.values["name"].text() == "佐藤\u3000蓮"
    voter = tab.voter_page
    assert voter.block_panel.isVisible() and not voter.issue_button.isVisible()  # no declaration
    tab.voter_page.declare_button.click()
    desk.page(DECLARE)
    tab.declare_page.save_declaration.click()
    assert "事由" in desk.tab.message.text()  # a reason must be chosen
    tab.declare_page.reason_buttons[2].click()  # illness, injury, …
    tab.declare_page.save_declaration.click()
    desk.page(VOTER)
    desk.qtbot.waitUntil(lambda: tab.voter_page.issue_button.isVisible())
    assert "疾病" in tab.voter_page.values["reason"].text()
    desk.confirm_with_code()
    desk.page(RESULT)
    assert "投票済みとして記録" in tab.result_page.result_label.text()
    ren = voters(desk.platform)["2"]
    assert (ren["status"], ren["voted_site_id"]) == ("voted", "PS-1")


def test_the_second_worker_cannot_be_the_first(desk: Desk) -> None:
    tab = desk.tab
    desk.platform.admin(
        "POST",
        f"/elections/{ELECTION}/declarations",
        json={
            "person_id": voters(desk.platform)["1"]["person_id"],
            "vote_date": today().isoformat(),
            "reason": 2,
        },
    )
    desk.window.ctx.sync.wake()
    desk.qtbot.waitUntil(lambda: _has_declaration(desk), timeout=20000)
    desk.search_and_open("さとう はなこ")
    tab.voter_page.issue_button.click()
    desk.page(CONFIRM)
    tab.confirm_page.staff_id.setText("w1")
    tab.confirm_page.code.setText("111111")
    tab.confirm_page.code_button.click()
    desk.qtbot.waitUntil(lambda: "別の人" in tab.message.text())
    assert tab.pages.currentIndex() == CONFIRM
    assert voters(desk.platform)["1"]["status"] == "not_voted"


def _has_declaration(desk: Desk) -> bool:
    with desk.kiosk.store.reading() as conn:
        return bool(conn.execute("SELECT count(*) FROM declarations").fetchone()[0])


def test_a_card_tap_finds_the_voter_and_a_second_workers_card_confirms(desk: Desk) -> None:
    tab = desk.tab
    desk.platform.admin(
        "POST",
        f"/elections/{ELECTION}/declarations",
        json={
            "person_id": voters(desk.platform)["1"]["person_id"],
            "vote_date": today().isoformat(),
            "reason": 1,
        },
    )
    desk.window.ctx.sync.wake()
    desk.qtbot.waitUntil(lambda: _has_declaration(desk), timeout=20000)
    card = desk.cards["hanako"]
    desk.reader.insert(card)
    desk.page(VOTER)
    desk.reader.remove()
    assert tab.voter_page.values["name"].text() == "佐藤\u3000花子"
    assert "オンライン" in tab.voter_page.values["declaration"].text()
    tab.voter_page.issue_button.click()
    desk.page(CONFIRM)
    desk.reader.insert(desk.cards["stranger"])  # the second poll worker's own card
    desk.qtbot.waitUntil(lambda: tab.worker_tries == 3)
    tab.confirm_page.worker_card.pin.field.setText("1234")
    tab.confirm_page.worker_card.pin.ok_key.click()
    desk.page(RESULT)
    desk.reader.remove()
    assert "投票済みとして記録" in tab.result_page.result_label.text()
    assert card.individual_number_selections == 0
    assert voters(desk.platform)["1"]["status"] == "voted"


@pytest.mark.parametrize("desk", [{"pin_required": True}], indirect=True)
def test_where_the_site_requires_it_the_voter_proves_the_card_with_the_pin(desk: Desk) -> None:
    tab = desk.tab
    card = desk.cards["hanako"]
    desk.reader.insert(card)
    desk.qtbot.waitUntil(lambda: tab.voter_tries == 3)
    assert tab.pages.currentIndex() == FIND and tab.find_page.voter_card.pin.isVisible()
    tab.find_page.voter_card.pin.field.setText("9999")
    tab.find_page.voter_card.pin.ok_key.click()
    desk.qtbot.waitUntil(lambda: tab.voter_tries == 2)
    assert "暗証番号" in tab.message.text() and tab.pages.currentIndex() == FIND
    tab.find_page.voter_card.pin.field.setText("1234")
    tab.find_page.voter_card.pin.ok_key.click()
    desk.page(VOTER)
    desk.reader.remove()
    assert tab.voter_page.values["name"].text() == "佐藤\u3000花子"
    assert card.individual_number_selections == 0


def test_a_voter_who_voted_at_another_site_is_a_hard_block_that_says_where(desk: Desk) -> None:
    north = poll_kiosk(desk.folder / "north", desk.platform, "PS-2", desk.platform.url)
    try:
        [ren] = north.desk.search("さとうれん")
        made = north.desk.declare("staff:w1", ren.voter_id, 1)
        north.desk.issue(FIRST, north.second(), ren.voter_id, made.declaration_id)
    finally:
        north.close()
    tab = desk.tab
    desk.window.ctx.sync.wake()
    desk.qtbot.waitUntil(lambda: _roll_says_voted(desk, ren.voter_id), timeout=20000)
    desk.search_and_open("さとうれん")
    assert tab.voter_page.block_panel.isVisible()
    text = tab.voter_page.block_label.text()
    assert "投票済み" in text and "北公民館" in text and "交付しないでください" in text
    voter = tab.voter_page
    assert not voter.issue_button.isVisible() and not voter.declare_button.isVisible()


def _roll_says_voted(desk: Desk, voter_id: str) -> bool:
    with desk.kiosk.store.reading() as conn:
        row = conn.execute("SELECT data FROM voters WHERE voter_id = ?", (voter_id,)).fetchone()
    return bool(json.loads(row[0])["status"] == "voted")


def test_while_the_link_is_down_the_site_records_a_flagged_provisional_vote(desk: Desk) -> None:
    tab = desk.tab
    desk.search_and_open("すずき")
    tab.voter_page.declare_button.click()
    desk.page(DECLARE)
    tab.declare_page.reason_buttons[5].click()
    tab.declare_page.save_declaration.click()
    desk.page(VOTER)
    desk.qtbot.waitUntil(lambda: tab.voter_page.issue_button.isVisible())
    desk.proxy.partition()
    desk.confirm_with_code()
    desk.page(PROVISIONAL)
    assert tab.provisional_page.provisional_reason.text()
    tab.provisional_page.record_provisional.click()
    desk.page(RESULT)
    assert "仮投票" in tab.result_page.result_label.text()
    assert "ballot.provisional" in outbox_types(desk.kiosk)
    desk.proxy.partition(False)
    desk.window.ctx.sync.wake()
    desk.qtbot.waitUntil(
        lambda: voters(desk.platform)["3"]["voted_kind"] == "provisional", timeout=30000
    )


def test_a_forged_declaration_code_is_refused_with_its_reason(desk: Desk) -> None:
    [held] = json.loads(stored_keys(desk.kiosk.store).to_json())["keys"]
    forger = QRSigner(held["kid"], held["issuer"], Ed25519PrivateKey.generate())
    now = int(time.time())
    forged = forger.sign("p-1", DeclarationClaims(ELECTION, today(), 1), now - 60, now + 3600)
    desk.window.code_read(forged)
    desk.qtbot.waitUntil(lambda: "正規のものではありません" in desk.tab.message.text())
    assert desk.tab.pages.currentIndex() == FIND
