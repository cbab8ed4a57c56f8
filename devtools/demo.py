"""Demo mode for ``make run``: a local platform, made-up shelters and residents, virtual cards,
and a developer window.

The data folder is seeded by devtools/headless_demo.py. A platform on SQLite runs in
``<data>/platform`` as a child process for as long as the window is open; the demo shelters are
created on it and the kiosk is enrolled with a one-time code on the first run. Virtual My Number
Cards for a few residents and a staff member are issued by a test CA and kept beside the data
(``<data>-cards/``), with the CA as the kiosk's trust anchor and a QR signing key standing in for
the platform's. The developer window places and lifts those cards: through pcscd and the vpcd driver
when both are there (pcscd is started if it is not running), on the in-process virtual reader
otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cardio.device import CardDevice
from cardio.pcsc.device import DeviceThread
from cardio.qr.signed import KeySet, PassClaims, QRSigner
from cardio.virtualcard import CardProfile, Faults, VirtualMyNumberCard
from cardio.virtualcard.pki import make_ca
from cardio.virtualcard.profile import new_test_profile
from cardio.virtualcard.reader import VirtualReader
from cardio.virtualcard.vpcd import VpcdCard
from devtools import headless_demo as demo
from devtools.demo_platform import DemoPlatform
from kazasu_protocol.jpki import card_key
from kiosk.app import Kiosk
from kiosk.counter import save_keys
from kiosk.keys import passphrase_from_env
from kiosk.settings import Settings, save_trust_anchors_pem
from kiosk.staff import Role
from kiosk.store import Store
from sync.engine import SyncEngine
from sync.errors import Transient
from ui.app import VIRTUAL_READER, build, shutdown
from ui.boot import application, freeze_start_up_heap, single_instance
from ui.display import display_problem
from ui.window import MainWindow

ISSUER = "https://platform.demo.invalid"
RESIDENT_CARDS = 6
STAFF_CODE = "123456"
VPCD_READER = "Virtual PCD 00 00"
"""The reader pcscd shows for vpcd's first slot."""
VPCD_CONFIG = Path("/etc/reader.conf.d/vpcd")


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
    kiosk.settings.save(
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
    rows = kiosk.roster.page("S1", limit=RESIDENT_CARDS).rows
    for n, row in enumerate(rows):
        person = row.person
        birth = person.birth_date.strftime("%Y%m%d") if person.birth_date else "19800101"
        profile = new_test_profile(
            ca, person.person_id, person.name, person.address, birth, person.sex.value
        )
        kiosk.people.link_identifier(
            demo.ACTOR, person.person_id, card_key(profile.auth_certificate)
        )
        profile.save(folder / f"{n:02d} {person.name}.card.json")
    staff = new_test_profile(ca, "staff", "職員 一郎", "架空市役所", "19750505", "1")
    kiosk.staff.add(
        demo.ACTOR,
        "demo-admin",
        "職員 一郎",
        Role.ADMIN,
        card_key=card_key(staff.auth_certificate),
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


class CardSlot(Protocol):
    """Where the developer window puts a card: a reader as the kiosk sees it."""

    def insert(self, card: VirtualMyNumberCard) -> None:
        """Put ``card`` on the reader."""

    def remove(self) -> None:
        """Take the card off."""


class VpcdSlot:
    """Cards connect to vpcd's socket, so pcscd and pyscard see them in a real reader."""

    def __init__(self) -> None:
        self.current: VpcdCard | None = None

    def insert(self, card: VirtualMyNumberCard) -> None:
        """Connect ``card`` to vpcd (taking off any card already there)."""
        self.remove()
        self.current = VpcdCard(card)
        self.current.insert()

    def remove(self) -> None:
        """Disconnect the card: pcscd sees it leave."""
        if self.current is not None:
            self.current.remove()
            self.current = None


class DeveloperWindow(QWidget):
    """Places demo cards on the reader and shows residents' passes to the kiosk."""

    TAP_MS = 1500

    def __init__(
        self, window: MainWindow, cards: list[DemoCard], signer: QRSigner, slot: CardSlot
    ) -> None:
        super().__init__()
        self.setWindowTitle(
            "Kazasu developer — "
            + ("cards through pcscd/vpcd" if isinstance(slot, VpcdSlot) else "in-process reader")
        )
        self.window_ = window
        self.cards = cards
        self.signer = signer
        self.reader = slot
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
        for text, action in buttons.items():
            button = QPushButton(text)
            button.clicked.connect(action)
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


def pcscd_binary() -> str | None:
    """Where pcscd is installed (it lives in sbin, often outside a user's PATH)."""
    return shutil.which("pcscd") or shutil.which("pcscd", path="/usr/sbin:/sbin")


def vpcd_available() -> bool:
    """Whether pcscd and the vpcd driver are installed."""
    return VPCD_CONFIG.exists() and pcscd_binary() is not None


def vpcd_listed() -> bool:
    """Whether a running pcscd lists the vpcd reader."""
    from cardio.card_errors import CardError
    from cardio.pcsc import PcscContext

    try:
        with PcscContext() as context:
            return VPCD_READER in context.readers()
    except CardError:
        return False


def start_pcscd() -> subprocess.Popen[bytes] | None:
    """Start pcscd in the foreground unless one already lists the vpcd reader.

    Returns the process this demo started (to stop at exit), or None.
    """
    if vpcd_listed():
        return None
    binary = pcscd_binary()
    assert binary is not None
    process = subprocess.Popen(
        [binary, "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 10
    while not vpcd_listed():
        if process.poll() is not None or time.monotonic() > deadline:
            process.terminate()
            raise RuntimeError("pcscd started but the vpcd reader did not appear")
        time.sleep(0.1)
    return process


def enrol_once(kiosk: Kiosk, platform: DemoPlatform) -> None:
    """Enrol the kiosk with the demo platform on the first run, waiting for it to listen."""
    engine = SyncEngine(kiosk.store)
    try:
        if engine.enrolled() is not None:
            return
        code = platform.enrolment_code([s.shelter_id for s in demo.SHELTERS], "demo kiosk")
        deadline = time.monotonic() + 30
        while True:
            try:
                engine.enrol(platform.url, code, "demo kiosk")
                return
            except Transient:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        engine.close()


def edit_elsewhere_first(
    platform: DemoPlatform, folder: Path, candidates: list[str], **fields: object
) -> tuple[SyncEngine, str]:
    """A second kiosk, enrolled and provisioned, that edits a person offline and keeps the edit.

    The person is the first of ``candidates`` the platform shared with it (consents and scope
    decide). Pushed after the demo kiosk's own later edit of the same field (``push_late``), the
    edit loses: the platform records a field conflict that both kiosks then show.
    """
    other = Kiosk.over(Store.create(folder, "second kiosk passphrase", use_os_keystore=False))
    engine = SyncEngine(other.store)
    code = platform.enrolment_code([s.shelter_id for s in demo.SHELTERS], "second kiosk")
    engine.enrol(platform.url, code, "second kiosk")
    while not engine.provisioned():
        engine.run_once()
    person_id = next(p for p in candidates if other.people.find(p) is not None)
    other.people.update("staff:second", person_id, **fields)
    return engine, person_id


def push_late(engine: SyncEngine) -> None:
    """Send the second kiosk's edit now, and close it."""
    engine.run_once()
    engine.close()
    engine.store.close()


def save_screenshot(windows: list[QWidget], path: Path) -> None:
    """Save the windows side by side in one PNG."""
    shots = [w.grab() for w in windows]
    width = sum(p.width() for p in shots)
    height = max(p.height() for p in shots)
    canvas = QPixmap(width, height)
    canvas.fill()
    painter = QPainter(canvas)
    left = 0
    for shot in shots:
        painter.drawPixmap(left, 0, shot)
        left += shot.width()
    painter.end()
    canvas.save(str(path))


def quit_on_signals(app: QApplication) -> list[int]:
    """End the event loop on Ctrl-C or SIGTERM, so the platform and pcscd started are stopped.

    Python runs signal handlers only between bytecodes, never inside Qt's loop: a timer lets it
    look every 200 ms. Without this SIGTERM killed the demo and left its children running.
    Returns the signals received, for a stop that comes before the loop runs.
    """
    received: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        received.append(signum)
        app.quit()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)
    return received


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk in demo mode with its local platform and the developer window."""
    parser = argparse.ArgumentParser(prog="kazasu-demo", description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument(
        "--in-process-cards", action="store_true", help="do not use pcscd/vpcd even if present"
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        help="save the windows to this PNG after --seconds and quit (for checks without a person)",
    )
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args(argv)
    os.environ.setdefault("KAZASU_PASSPHRASE", "demo-passphrase")
    problem = display_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    app = application(sys.argv[:1])
    stopped = quit_on_signals(app)
    lock = single_instance(args.data)
    if lock is None:
        print("Kazasu is already running for this data folder.", file=sys.stderr)
        return 1
    kiosk = open_demo(args.data)
    cards, signer = demo_cards(kiosk, args.data.with_name(args.data.name + "-cards"))
    platform = DemoPlatform(args.data / "platform")
    platform.prepare(demo.SHELTERS)
    platform.start()
    pcscd: subprocess.Popen[bytes] | None = None
    try:
        enrol_once(kiosk, platform)
        slot: CardSlot
        device: Callable[[Settings, Callable[..., None]], CardDevice]
        if not args.in_process_cards and vpcd_available():
            pcscd = start_pcscd()
            slot = VpcdSlot()

            def device(settings: Settings, report: Callable[..., None]) -> CardDevice:
                return DeviceThread(report, reader=VPCD_READER)

            window = build(kiosk, device)
        else:
            window = build(kiosk)
            reader = window.ctx.card.device
            assert isinstance(reader, VirtualReader)
            slot = reader
        # As the program's start does (ui/boot.py).
        window.after_first_paint(freeze_start_up_heap)
        window.resize(1280, 800)
        window.show()
        developer = DeveloperWindow(window, cards, signer, slot)
        developer.show()
        print(f"Demo platform: {platform.url} (data in {platform.folder})")
        print(developer.windowTitle())
        print(f"Staff sign-in: staff card + PIN 1234, or staff id demo-admin + code {STAFF_CODE}")
        if args.screenshot is not None:
            developer.tap()

            def shoot() -> None:
                save_screenshot([window, developer], args.screenshot)
                app.quit()

            QTimer.singleShot(int(args.seconds * 1000), shoot)
        code = 0 if stopped else app.exec()
        slot.remove()
        shutdown(window)
    finally:
        kiosk.close()
        platform.stop()
        if pcscd is not None:
            pcscd.terminate()
            pcscd.wait(10)
        lock.unlock()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
