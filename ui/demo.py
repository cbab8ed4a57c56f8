"""Demo mode for ``make run``: made-up shelters and residents, virtual cards, a developer window.

The data folder is seeded by kiosk/demo.py. Virtual My Number Cards for a few residents and a
staff member are issued by a test CA and kept beside it (``<data>-cards/``), with the CA as the
kiosk's trust anchor and a QR signing key standing in for the platform's. The developer window
places and lifts those cards on the virtual reader, in-process, and shows residents' signed passes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cardio.mynumber import card_key_of
from cardio.qr.signed import KeySet, PassClaims, QRSigner
from cardio.virtualcard import CardProfile, Faults, VirtualMyNumberCard
from cardio.virtualcard.pki import make_ca
from cardio.virtualcard.profile import new_test_profile
from cardio.virtualcard.reader import VirtualReader
from kiosk import demo
from kiosk.app import Kiosk
from kiosk.counter import save_keys
from kiosk.keys import passphrase_from_env
from kiosk.roster import RosterService
from kiosk.settings import Settings, SettingsService, save_trust_anchors_pem
from kiosk.staff import Role, StaffService
from kiosk.store import Store
from ui.app import VIRTUAL_READER, application, build, shutdown, single_instance
from ui.window import MainWindow

ISSUER = "https://platform.demo.invalid"
RESIDENT_CARDS = 6
STAFF_CODE = "123456"


@dataclass
class DemoCard:
    """A virtual card and whose it is."""

    label: str
    card: VirtualMyNumberCard


def open_demo(data: Path) -> Kiosk:
    """Open the demo store, creating and seeding it on first use."""
    if (data / "kiosk.db").exists():
        return Kiosk.over(Store.open(data))
    secret = passphrase_from_env() or "demo-passphrase"
    kiosk = Kiosk.over(Store.create(data, secret))
    demo.seed(kiosk, households=40)
    settings = SettingsService(kiosk.store)
    settings.save(
        demo.ACTOR,
        Settings(shelter_id="S1", reader=VIRTUAL_READER, staff_code_allowed=True),
    )
    return kiosk


def demo_cards(kiosk: Kiosk, folder: Path) -> tuple[list[DemoCard], QRSigner]:
    """The demo's cards and pass signer, issued and registered on first use."""
    signer_file = folder / "qr-signer.pem"
    if not signer_file.exists():
        _issue(kiosk, folder)
    key = serialization.load_pem_private_key(signer_file.read_bytes(), None)
    assert isinstance(key, Ed25519PrivateKey)
    cards = [
        DemoCard(p.stem, VirtualMyNumberCard(CardProfile.load(p)))
        for p in sorted(folder.glob("*.card.json"))
    ]
    return cards, QRSigner("demo-1", ISSUER, key)


def _issue(kiosk: Kiosk, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    ca = make_ca(label="Kazasu DEMO JPKI")
    pem = ca.certificate.public_bytes(serialization.Encoding.PEM)
    save_trust_anchors_pem(kiosk.store, demo.ACTOR, pem)
    rows = RosterService(kiosk.store).page("S1", limit=RESIDENT_CARDS).rows
    for n, row in enumerate(rows):
        person = row.person
        birth = person.birth_date.strftime("%Y%m%d") if person.birth_date else "19800101"
        profile = new_test_profile(
            ca, person.person_id, person.name, person.address, birth, person.sex.value
        )
        kiosk.people.link_identifier(
            demo.ACTOR, person.person_id, card_key_of(profile.auth_certificate)
        )
        profile.save(folder / f"{n:02d} {person.name}.card.json")
    staff = new_test_profile(ca, "staff", "職員 一郎", "架空市役所", "19750505", "1")
    StaffService(kiosk.store).add(
        demo.ACTOR,
        "demo-admin",
        "職員 一郎",
        Role.ADMIN,
        card_key=card_key_of(staff.auth_certificate),
        code=STAFF_CODE,
    )
    staff.save(folder / "90 staff 職員 一郎.card.json")
    unknown = new_test_profile(ca, "unknown", "未登録 花子", "架空市本町1-1", "19900909", "2")
    unknown.save(folder / "99 unknown 未登録 花子.card.json")
    key = Ed25519PrivateKey.generate()
    signer = QRSigner("demo-1", ISSUER, key)
    save_keys(kiosk.store, demo.ACTOR, KeySet([signer.trusted_key(int(time.time()) - 86400)]))
    (folder / "qr-signer.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


class DeveloperWindow(QWidget):
    """Places demo cards on the virtual reader and shows residents' passes to the kiosk."""

    TAP_MS = 1500

    def __init__(self, window: MainWindow, cards: list[DemoCard], signer: QRSigner) -> None:
        super().__init__()
        self.setWindowTitle("Kazasu developer")
        self.window_ = window
        self.cards = cards
        self.signer = signer
        reader = window.ctx.card.device
        assert isinstance(reader, VirtualReader)
        self.reader = reader
        self.list = QListWidget()
        self.list.addItems([c.label for c in cards])
        self.list.setCurrentRow(0)
        self.pull = QCheckBox("Pull the card away mid-read")
        buttons = {
            "Tap": self.tap,
            "Place": self.place,
            "Lift": self.reader.remove,
            "Show signed pass": self.show_pass,
        }
        row = QHBoxLayout()
        for text, slot in buttons.items():
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.pull)
        layout.addLayout(row)

    def _card(self) -> DemoCard:
        return self.cards[max(self.list.currentRow(), 0)]

    def place(self) -> None:
        """Put the chosen card on the reader and leave it there (for PIN flows)."""
        card = self._card().card
        card.faults = Faults(remove_after=2 if self.pull.isChecked() else None)
        self.reader.insert(card)

    def tap(self) -> None:
        """Place the chosen card and lift it a moment later, as at the entrance."""
        self.place()
        QTimer.singleShot(self.TAP_MS, self.reader.remove)

    def show_pass(self) -> None:
        """Show the chosen resident's platform pass, as the camera would read it."""
        profile = self._card().card.profile
        now = int(time.time())
        text = self.signer.sign(profile.label, PassClaims("demo", "S1"), now - 60, now + 86400)
        self.window_.code_read(text)


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk in demo mode with the developer window."""
    parser = argparse.ArgumentParser(prog="kazasu-demo", description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("KAZASU_PASSPHRASE", "demo-passphrase")
    app = application(sys.argv[:1])
    lock = single_instance(args.data)
    if lock is None:
        print("Kazasu is already running for this data folder.", file=sys.stderr)
        return 1
    kiosk = open_demo(args.data)
    cards, signer = demo_cards(kiosk, args.data.with_name(args.data.name + "-cards"))
    window = build(kiosk)
    window.resize(1280, 800)
    window.show()
    developer = DeveloperWindow(window, cards, signer)
    developer.show()
    code = app.exec()
    shutdown(window)
    kiosk.close()
    lock.unlock()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
