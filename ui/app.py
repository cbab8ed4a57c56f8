"""Start the kiosk's screens over a data folder: ``python -m ui.app --data DIR``."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from PySide6.QtCore import QDir, QLockFile
from PySide6.QtWidgets import QApplication

from cardio.mynumber import TrustAnchors
from kiosk.app import Kiosk
from kiosk.settings import Settings, SettingsService, trust_anchors_pem
from kiosk.status import SyncStatus
from kiosk.store import Store
from ui.context import Context
from ui.devices import CameraBridge, CardBridge, CardDevice
from ui.i18n import Languages
from ui.tasks import TaskManager
from ui.window import MainWindow

VIRTUAL_READER = "virtual"


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication of the process."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv or ["kazasu"])
    app.setApplicationName("Kazasu")
    return app


def load_anchors(kiosk: Kiosk) -> TrustAnchors | None:
    """The configured card trust anchors, if any."""
    pem = trust_anchors_pem(kiosk.store)
    return None if pem is None else TrustAnchors(tuple(x509.load_pem_x509_certificates(pem)))


def default_device(settings: Settings, report: Callable[..., None]) -> CardDevice:
    """The PC/SC device thread, or the virtual reader when the settings ask for it."""
    if settings.reader == VIRTUAL_READER:
        from cardio.virtualcard.reader import VirtualReader

        return VirtualReader(report)
    from cardio.pcsc.device import DeviceThread

    return DeviceThread(report, reader=settings.reader or None)


def build(
    kiosk: Kiosk,
    device: Callable[[Settings, Callable[..., None]], CardDevice] = default_device,
    sync_status: Callable[[], SyncStatus] | None = None,
) -> MainWindow:
    """The main window over ``kiosk`` with its reader started (and camera, if one is set)."""
    settings = SettingsService(kiosk.store).load()
    card = CardBridge()
    camera = CameraBridge()
    ctx = Context(
        kiosk,
        settings,
        TaskManager(),
        card,
        camera,
        Languages(),
        load_anchors(kiosk),
        sync_status,
    )
    window = MainWindow(ctx)
    card.attach(device(settings, card.report))
    if settings.camera:
        camera.start(int(settings.camera) if settings.camera.isdigit() else settings.camera)
    return window


def shutdown(window: MainWindow) -> None:
    """Stop the devices and the background worker."""
    window.ctx.card.stop()
    window.ctx.camera.stop()
    window.ctx.tasks.shutdown()


def single_instance(data: Path) -> QLockFile | None:
    """A lock held while this data folder's kiosk runs; None if another instance holds it."""
    digest = hashlib.sha256(str(data.resolve()).encode()).hexdigest()[:16]
    lock = QLockFile(os.path.join(QDir.tempPath(), f"kazasu-{digest}.lock"))
    lock.setStaleLockTime(0)
    return lock if lock.tryLock(100) else None


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk until its window closes."""
    parser = argparse.ArgumentParser(prog="kazasu-screens", description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("KAZASU_DATA", ".")))
    args = parser.parse_args(argv)
    app = application(sys.argv[:1])
    lock = single_instance(args.data)
    if lock is None:
        print("Kazasu is already running for this data folder.", file=sys.stderr)
        return 1
    kiosk = Kiosk.over(Store.open(args.data))
    window = build(kiosk)
    window.show()
    code = app.exec()
    shutdown(window)
    kiosk.close()
    lock.unlock()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
