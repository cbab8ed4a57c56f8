"""Fixtures for the screens: offscreen Qt, a real store, virtual cards on the virtual reader."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from cardio.qr.signed import KeySet, QRSigner
from cardio.virtualcard import CardProfile, VirtualMyNumberCard
from cardio.virtualcard.pki import Issued, make_ca
from cardio.virtualcard.profile import new_test_profile
from cardio.virtualcard.reader import VirtualReader
from kazasu_protocol.jpki import card_key
from kiosk.app import Kiosk
from kiosk.counter import save_keys
from kiosk.model import Household, Person, Sex, Shelter
from kiosk.settings import Settings, SettingsService, save_trust_anchors_pem
from kiosk.staff import Role, StaffService
from kiosk.store import Store
from tests.catalogues import compile_stale
from ui.app import VIRTUAL_READER, build, shutdown
from ui.boot import application
from ui.window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery"
ADMIN = "setup:test"
STAFF_CODE = "246810"
NOW = int(time.time())


@pytest.fixture(scope="session", autouse=True)
def translations() -> None:
    """Compile the translations when the compiled catalogues are older than their sources."""
    compile_stale()


@pytest.fixture(autouse=True)
def no_window_left() -> Iterator[None]:
    """After each test, every window it left is deleted: a window that outlives its test
    (nothing runs the deletions queued for it outside an event loop) is restyled and
    translated again with every later test's, which grew each test by seconds."""
    yield
    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session")
def ca() -> Issued:
    return make_ca()


@pytest.fixture(scope="session")
def profiles(ca: Issued) -> dict[str, CardProfile]:
    """Cards of a resident, a staff member and someone nobody registered."""
    return {
        "hanako": new_test_profile(ca, "hanako", "佐藤 花子", "架空市本町1-2", "19800102", "2"),
        "staff": new_test_profile(ca, "staff", "職員 一郎", "架空市役所", "19750505", "1"),
        "stranger": new_test_profile(ca, "stranger", "未登録 太郎", "架空市緑町3", "19900909", "1"),
    }


@dataclass
class Scene:
    """A kiosk on screen with its store, reader and cards."""

    window: MainWindow
    kiosk: Kiosk
    reader: VirtualReader
    cards: dict[str, VirtualMyNumberCard]
    signer: QRSigner
    qtbot: QtBot

    def place(self, name: str) -> VirtualMyNumberCard:
        """Put a card on the reader."""
        card = self.cards[name]
        self.reader.insert(card)
        return card

    def lift(self) -> None:
        """Take the card off the reader."""
        self.reader.remove()


@pytest.fixture
def scene(
    qtbot: QtBot, tmp_path: Path, ca: Issued, profiles: dict[str, CardProfile]
) -> Iterator[Scene]:
    application()
    kiosk = Kiosk.over(Store.create(tmp_path / "data", PASSPHRASE, use_os_keystore=False))
    kiosk.shelters.add(ADMIN, Shelter("S1", "第一小学校", capacity=4))
    kiosk.shelters.add(ADMIN, Shelter("S2", "市民センター", capacity=50))
    household = kiosk.people.register_household(ADMIN, Household("h-1", shelter_id="S1"))
    for pid, name, kana in (
        ("p-1", "佐藤 花子", "さとう はなこ"),
        ("p-2", "佐藤 蓮", "さとう れん"),
    ):
        kiosk.people.register(ADMIN, Person(pid, name, kana, Sex.FEMALE, None, "h-1"), "import")
    kiosk.people.link_identifier(ADMIN, "p-1", card_key(profiles["hanako"].auth_certificate))
    kiosk.presence.check_in(ADMIN, "p-2", "S1")
    staff_key = card_key(profiles["staff"].auth_certificate)
    StaffService(kiosk.store).add(ADMIN, "t01", "職員 一郎", Role.ADMIN, staff_key, STAFF_CODE)
    save_trust_anchors_pem(
        kiosk.store, ADMIN, ca.certificate.public_bytes(serialization.Encoding.PEM)
    )
    signer = QRSigner("pf-test", "https://platform.test", Ed25519PrivateKey.generate())
    save_keys(kiosk.store, ADMIN, KeySet([signer.trusted_key(NOW - 86400)]))
    SettingsService(kiosk.store).save(
        ADMIN, Settings(shelter_id="S1", reader=VIRTUAL_READER, confirmation_s=3)
    )
    assert household.household_id == "h-1"
    window = build(kiosk)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    reader = window.ctx.card.device
    assert isinstance(reader, VirtualReader)
    cards = {name: VirtualMyNumberCard(p) for name, p in profiles.items()}
    yield Scene(window, kiosk, reader, cards, signer, qtbot)
    window.ctx.settings = window.ctx.with_settings(kiosk_mode=False)
    shutdown(window)
    kiosk.close()


def sign_in(scene: Scene) -> None:
    """Sign the staff member in with card and PIN and wait for the console."""
    window = scene.window
    window.show_signin()
    scene.place("staff")
    scene.qtbot.waitUntil(lambda: window.signin.tries == 3)
    window.signin.pin.field.setText("1234")
    window.signin.pin.ok_key.click()
    scene.qtbot.waitUntil(lambda: window.stack.currentWidget() is window.console)
    scene.lift()


def cell(table: QTableWidget, row: int, column: int) -> str:
    """The text of a table's cell; a test that reads a cell the screen left empty fails here."""
    item = table.item(row, column)
    assert item is not None, f"no item at row {row}, column {column}"
    return item.text()
