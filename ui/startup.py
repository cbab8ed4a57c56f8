"""Before the screens exist: open the data folder, asking for the administrator passphrase when
this computer's key store does not hold the key, and say plainly why the kiosk cannot start.

The kiosk usually starts with no console (Start menu, logon), so every reason not to start is
shown in a dialog and written to the log, never only printed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from kiosk.errors import KioskError, NoPassphrase, StoreDamaged, WrongPassphrase, error_text
from kiosk.keys import PassphraseSource, passphrase_from_env
from kiosk.store import Store
from ui.i18n import StartupLanguage, tr

log = logging.getLogger(__name__)
TITLE = "Kazasu"
CONTEXT = "Startup"


def _given(secret: str | None) -> PassphraseSource:
    return lambda: secret


def ask_passphrase(prompt: str, parent: QWidget | None = None) -> str | None:
    """The administrator passphrase typed into a masked field; None if cancelled."""
    text, ok = QInputDialog.getText(parent, TITLE, prompt, QLineEdit.EchoMode.Password)
    return text if ok and text else None


def at_once(work: Callable[[], Store]) -> Store:
    """Open the store on this thread."""
    return work()


def open_store(
    data: Path,
    parent: QWidget | None = None,
    behind: Callable[[Callable[[], Store]], Store] = at_once,
) -> Store | None:
    """The store of ``data``, or None after telling the person why it cannot be opened.

    The key comes from the OS key store; failing that from ``KAZASU_PASSPHRASE`` or, after a wrong
    one, from the administrator typing the passphrase (key recovery on a new account or after the
    key store was cleared). Cancelling the prompt ends the start and changes nothing. ``behind``
    runs the opening itself (key, check, migrations), e.g. off the GUI thread while the start-up
    progress stays painted; the dialogs are always shown on this thread.
    """
    secret = passphrase_from_env()
    with StartupLanguage():
        while True:
            try:
                return behind(partial(Store.open, data, _given(secret)))
            except (NoPassphrase, WrongPassphrase) as exc:
                log.warning("store key: %s", exc)
                if isinstance(exc, WrongPassphrase):
                    prompt = tr(CONTEXT, "The passphrase is not correct. Enter it again.")
                else:
                    prompt = tr(
                        CONTEXT,
                        "This computer's key store does not hold the key of the kiosk's data.\n"
                        "Enter the administrator passphrase to open it.",
                    )
                secret = ask_passphrase(prompt, parent)
                if secret is None:
                    log.info("start cancelled at the passphrase prompt")
                    return None
            except StoreDamaged as exc:
                log.error("the store in %s is damaged: %s", data, exc)
                show_damaged(data, exc, parent)
                return None
            except KioskError as exc:
                log.error("cannot open the store in %s: %s", data, exc)
                QMessageBox.critical(
                    parent,
                    TITLE,
                    tr(CONTEXT, "The kiosk's data in {folder} could not be opened.").format(
                        folder=data
                    )
                    + "\n\n"
                    + error_text(exc)
                    + "\n\n"
                    + tr(CONTEXT, "See the installation guide: first start, key recovery."),
                )
                return None


def show_damaged(data: Path, exc: StoreDamaged, parent: QWidget | None = None) -> None:
    """The staff screen for a damaged store: what happened and what to do, in that order."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(TITLE)
    box.setText(tr(CONTEXT, "The kiosk's data is damaged."))
    steps = [
        tr(
            CONTEXT,
            "Nothing has been changed or deleted. Do not set up the kiosk again: its data and "
            "its enrolment can be brought back.",
        ),
        tr(
            CONTEXT,
            "Ask the administrator to restore the latest backup (the USB stick) with\n"
            "kazasu-kiosk restore <backup file>\nand start Kazasu again.",
        ),
        tr(CONTEXT, "Until then, keep a paper roster of arrivals and departures."),
    ]
    box.setInformativeText("\n\n".join(steps))
    box.setDetailedText(f"{data}\n{exc}")
    box.exec()


def already_running(data: Path, parent: QWidget | None = None) -> None:
    """Tell the person that this data folder's kiosk is open already."""
    log.warning("another instance holds %s", data)
    with StartupLanguage():
        QMessageBox.information(
            parent, TITLE, tr(CONTEXT, "Kazasu is already running on this computer.")
        )
