"""Render every screen in Japanese and English to PNG files: ``python -m devtools.screenshots DIR``.

Uses a throw-away demo store, the virtual reader and a throw-away local platform (so the settings
screen shows a kiosk that is enrolled and in sync), and drives the screens as a person would.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget

from cardio.virtualcard import VirtualMyNumberCard
from cardio.virtualcard.pki import make_ca
from cardio.virtualcard.profile import new_test_profile
from devtools import headless_demo as demo
from devtools.demo import (
    DemoCard,
    demo_cards,
    edit_elsewhere_first,
    enrol_once,
    open_demo,
    push_late,
)
from devtools.demo_platform import DemoPlatform
from devtools.screenshots_voting import capture_voting
from kazasu_protocol.jpki import card_key
from kiosk.app import Kiosk
from kiosk.counter import local_pass_text
from kiosk.model import Household, Person, Sex, Shelter
from kiosk.printout import receipt, roster_printout
from kiosk.questions import Question
from kiosk.roster import RosterService
from kiosk.staff import Role, Session, StaffService
from kiosk.status import Link
from kiosk.walkin import WalkIn, WalkInService
from ui.app import build, shutdown
from ui.boot import application
from ui.forms import FormDialog
from ui.printing import page_image, receipt_painter, roster_painter
from ui.screens.walkin import DUPLICATES_PAGE
from ui.window import MainWindow

SIZE = (1280, 800)


def _settle(window: MainWindow, ms: int = 400) -> None:
    """Let background tasks finish and the screens repaint."""
    for _ in range(50):
        loop = QEventLoop()
        QTimer.singleShot(ms // 4, loop.quit)
        loop.exec()
        if not window.ctx.tasks.pending:
            break
    loop = QEventLoop()
    QTimer.singleShot(ms // 4, loop.quit)
    loop.exec()


def _wait_sent(window: MainWindow) -> None:
    """Until the sync worker has sent every waiting event."""
    for _ in range(100):
        _settle(window)
        if window.ctx.sync.status().waiting == 0:
            return


def window_rows(kiosk: Kiosk) -> list[str]:
    """Ids of demo residents of S1 beyond those with demo cards."""
    rows = RosterService(kiosk.store).page("S1", limit=60).rows
    return [r.person.person_id for r in rows[8::2] if r.staying.value == "shelter"]


QUESTIONS = (
    Question(
        "diet", "person", "choice", "食事の配慮", "Dietary needs", ("なし", "おかゆ", "ハラール")
    ),
    Question("wheelchair", "person", "yesno", "車いすの利用", "Uses a wheelchair"),
    Question("rooms", "household", "number", "必要な区画数", "Spaces needed"),
)


def prepare_admin_data(kiosk: Kiosk, person_id: str) -> None:
    """Questions with answers for one resident, and a volunteer's account (disabled)."""
    for question in QUESTIONS:
        kiosk.questions.add("screenshots", question)
    kiosk.questions.answer("screenshots", person_id, "diet", "おかゆ")
    kiosk.questions.answer("screenshots", person_id, "wheelchair", True)
    staff = StaffService(kiosk.store)
    staff.add("screenshots", "v07", "ボランティア 花子", Role.STAFF, code="246810")
    staff.add("screenshots", "v08", "応援職員 次郎", Role.STAFF, code="135790")
    staff.set_active("screenshots", "v08", False)


def capture(out: Path) -> list[Path]:
    """Write the PNG files into ``out`` and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KAZASU_PASSPHRASE", "screenshots")
    application()
    with tempfile.TemporaryDirectory() as tmp:
        kiosk, cards, platform, window = _start(Path(tmp))
        walk_in = _walk_in_with_conflict(window, kiosk, platform, Path(tmp))
        session = Session(
            "demo-admin", "職員 一郎", window.ctx.kiosk.staff.members()[0].role, "card"
        )
        tour = _Tour(window, kiosk, cards, session, walk_in.members[0].person_id)
        written = _grab_screens(tour, out)
        written += _shelter_mapping(window, kiosk, session, out)
        written += printouts(kiosk, walk_in, out)
        written += _staff_call(window, session, out)
        written += _resident_languages(window, tour.tap, out)
        window.sign_out()
        _settle(window)
        shutdown(window)
        kiosk.close()
        platform.stop()
    return written


def _start(tmp: Path) -> tuple[Kiosk, list[DemoCard], DemoPlatform, MainWindow]:
    """The demo kiosk with people present, enrolled with a local platform, its window shown
    once it is online and in sync."""
    kiosk = open_demo(tmp / "data")
    cards, _ = demo_cards(kiosk, tmp / "cards")
    # People already present, so that the roster and the counts have something to show.
    for row in window_rows(kiosk):
        kiosk.presence.check_in("screenshots", row, "S1")
    platform = DemoPlatform(tmp / "platform")
    platform.prepare(demo.SHELTERS)
    platform.start()
    enrol_once(kiosk, platform)
    window = build(kiosk)
    window.resize(*SIZE)
    window.show()
    for _ in range(100):
        _settle(window)
        sync = window.status.sync
        if sync is not None and sync.link is Link.ONLINE and sync.waiting == 0:
            break
    return kiosk, cards, platform, window


def _walk_in_with_conflict(
    window: MainWindow, kiosk: Kiosk, platform: DemoPlatform, tmp: Path
) -> WalkIn:
    """A walk-in with a field edited on a second kiosk and, later, here: the platform keeps this
    kiosk's edit and sends the conflict back. She also answers the administrator's questions."""
    walk_in = WalkInService(kiosk.store).register(
        "screenshots",
        Household("", shelter_id="S1"),
        [Person("", "高橋 美咲", "たかはし みさき", Sex.FEMALE, date(1984, 5, 6))],
    )
    first = walk_in.members[0].person_id
    kiosk.presence.check_in("screenshots", first, "S1")
    _wait_sent(window)
    second, _ = edit_elsewhere_first(platform, tmp / "second", [first], allergies="卵")
    prepare_admin_data(kiosk, first)
    kiosk.people.update("screenshots", first, allergies="そば", phone="090-0000-1111")
    _wait_sent(window)
    push_late(second)
    for _ in range(100):
        window.ctx.sync.wake()
        _settle(window)
        if kiosk.people.conflicts(first):
            break
    return walk_in


class _Tour:
    """Brings each screen up as a person would: taps cards, opens the console's tabs, fills the
    walk-in wizard, opens the dialogs."""

    def __init__(
        self, window: MainWindow, kiosk: Kiosk, cards: list[DemoCard], session: Session, first: str
    ) -> None:
        self.window = window
        self.kiosk = kiosk
        self.cards = cards
        self.session = session
        self.first = first
        self.reader = window.ctx.card.device
        # Someone nobody registered, whose card fills the form and suggests the furigana.
        self.newcomer = VirtualMyNumberCard(
            new_test_profile(make_ca(), "newcomer", "山﨑 美咲", "架空市緑町3-4", "19900909", "2")
        )
        # The walk-in's own card, linked at the counter from her roster entry.
        self.misaki = VirtualMyNumberCard(
            new_test_profile(make_ca(), "misaki", "高橋 美咲", "架空市本町2-3", "19840506", "2")
        )
        self.linking: list[QWidget] = []
        self.editor: list[FormDialog] = []

    def screens(self) -> list[tuple[str, Callable[[], None]]]:
        """Each screen's name and how it is brought up, in the order the documentation shows
        them."""
        return [
            ("attract", self.window.show_attract),
            ("tap", self.tap),
            ("tap-again", self.tap_again),
            ("check-out-asked", self.check_out_asked),
            ("unknown-card", self.unknown),
            ("staff-sign-in", self.window.show_signin),
            ("roster", self.console(0)),
            ("counts", self.console(1)),
            ("walk-in-card", self.console(2)),
            ("walk-in-household", self.walkin_household),
            ("walk-in-suggested-furigana", self.walkin_suggestion),
            ("walk-in-possible-duplicate", self.walkin_duplicate),
            ("settings", self.console(3)),
            ("conflicts", self.console(4)),
            ("questions", self.console(5)),
            ("staff-accounts", self.console(6)),
            ("person-questions", self.person_editor),
            ("card-link", self.card_link),
        ]

    def targets(self) -> dict[str, Callable[[], QWidget]]:
        """The screens shown in a dialog, and how to get the dialog to grab."""
        return {"person-questions": self.editor_bottom, "card-link": self.card_link_dialog}

    def tap_again(self) -> None:
        """The first demo card taps the reader."""
        self.reader.insert(self.cards[0].card)  # type: ignore[union-attr]
        _settle(self.window, 800)
        self.reader.remove()  # type: ignore[union-attr]

    def tap(self) -> None:
        """A fresh counter and the person out: the first tap of the day, whatever came before."""
        holder = self.kiosk.people.find(card_key(self.cards[0].card.profile.auth_certificate))
        where = self.kiosk.presence.where(holder.person_id) if holder else None
        if holder is not None and where is not None and where.present:
            self.kiosk.presence.check_out("screenshots", holder.person_id, where.shelter_id)
        self.window.ctx.use_settings(self.window.ctx.settings)
        self.tap_again()

    def check_out_asked(self) -> None:
        """Checked in earlier (outside the repeat window): the check-out is a second step."""
        self.window.ctx.use_settings(self.window.ctx.settings)
        self.tap_again()

    def unknown(self) -> None:
        """A card nobody on this kiosk holds."""
        self.reader.insert(self.cards[-1].card)  # type: ignore[union-attr]
        _settle(self.window, 800)
        self.reader.remove()  # type: ignore[union-attr]

    def console(self, tab: int) -> Callable[[], None]:
        """Opens the console on a tab (the roster with the walk-in selected)."""

        def show() -> None:
            self.window.open_console(self.session)
            self.window.console.tabs.setCurrentIndex(tab)
            if tab == 0:
                _settle(self.window)
                self.window.console.roster.select_person(self.first)

        return show

    def walkin_household(self) -> None:
        """The walk-in wizard typed by hand."""
        self.console(2)()
        self.window.console.walkin.type_instead.click()

    def walkin_suggestion(self) -> None:
        """The newcomer's card read into the walk-in wizard, its furigana suggested."""
        self.console(2)()
        wizard = self.window.console.walkin
        self.reader.insert(self.newcomer)  # type: ignore[union-attr]
        self.window.card_arrived()
        _settle(self.window)
        wizard.pin.field.setText(self.newcomer.profile.card_info_pin)
        wizard.pin.ok_key.click()
        for _ in range(100):
            _settle(self.window, 100)
            if wizard.representative.showing_suggestion():
                break
        self.reader.remove()  # type: ignore[union-attr]

    def walkin_duplicate(self) -> None:
        """The walk-in registered above comes again, typed by hand: a possible match."""
        self.walkin_household()
        wizard = self.window.console.walkin
        wizard.representative.set_values(
            {
                "name": "高橋　美咲",
                "furigana": "タカハシ ミサキ",
                "sex": "2",
                "birth_date": "1984-05-06",
            }
        )
        wizard.register.click()
        for _ in range(100):
            _settle(self.window, 100)
            if wizard.pages.currentIndex() == DUPLICATES_PAGE:
                break

    def card_link(self) -> None:
        """The walk-in's own card linked from her roster entry, up to the confirmation."""
        self.console(0)()
        _settle(self.window)
        dialog = self.window.console.roster.open_card_link(self.first)
        dialog.resize(900, 700)
        self.reader.insert(self.misaki)  # type: ignore[union-attr]
        self.window.card_arrived()
        _settle(self.window)
        dialog.card_box.pin.field.setText(self.misaki.profile.card_info_pin)
        dialog.card_box.pin.ok_key.click()
        for _ in range(100):
            _settle(self.window, 100)
            if dialog.pages.currentIndex() == 1 and not dialog.busy:
                break
        self.reader.remove()  # type: ignore[union-attr]
        self.linking[:] = [dialog]

    def card_link_dialog(self) -> QWidget:
        """The card link dialog to grab, closed once grabbed."""
        dialog = self.linking.pop()
        QTimer.singleShot(0, dialog.close)
        return dialog

    def person_editor(self) -> None:
        """The selected person's editor."""
        self.console(0)()
        _settle(self.window)
        dialog = self.window.console.roster.open_person_editor()
        assert dialog is not None
        dialog.resize(900, 800)
        self.editor[:] = [dialog]

    def editor_bottom(self) -> QWidget:
        """The editor scrolled to its questions, closed once grabbed."""
        dialog = self.editor.pop()
        scroll = dialog.findChild(QScrollArea)
        assert scroll is not None
        scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
        _settle(self.window, 100)
        QTimer.singleShot(0, dialog.reject)
        return dialog


def _grab_screens(tour: _Tour, out: Path) -> list[Path]:
    """Every screen of the tour in Japanese and English."""
    window = tour.window
    targets = tour.targets()
    written = []
    for language in ("ja", "en"):
        window.ctx.languages.switch(language)
        for name, show in tour.screens():
            window.sign_out()
            show()
            _settle(window)
            path = out / f"{name}-{language}.png"
            grab: QWidget = targets[name]() if name in targets else window
            grab.grab().save(str(path))
            written.append(path)
    return written


def _shelter_mapping(window: MainWindow, kiosk: Kiosk, session: Session, out: Path) -> list[Path]:
    """The console's mapping of a shelter the kiosk defined itself (as one that started offline
    would have) onto a platform shelter, at its confirmation step."""
    kiosk.shelters.add("screenshots", Shelter("L1", "北町公民館（仮設）", capacity=40))
    written = []
    for language in ("ja", "en"):
        window.ctx.languages.switch(language)
        window.sign_out()
        window.open_console(session)
        _settle(window)
        window.console.tabs.setCurrentWidget(window.console.mapping)
        _settle(window)
        window.console.mapping.ask()
        _settle(window)
        path = out / f"shelter-mapping-{language}.png"
        window.grab().save(str(path))
        written.append(path)
    return written


def printouts(kiosk: Kiosk, walk_in: WalkIn, out: Path) -> list[Path]:
    """The first page of the 避難者名簿 and the 受付票, drawn by the code that draws the paper
    (Japanese only: they are the municipal forms)."""
    roster = roster_printout(kiosk.store, "S1", "screenshots")
    shelter = kiosk.shelters.get("S1").name
    moment = kiosk.store.now().astimezone()
    ticket = receipt(walk_in, shelter, local_pass_text(walk_in.members[0].person_id), moment)
    pages = [
        ("printout-roster", page_image(roster_painter(roster), 0, landscape=True, dpi=110)),
        ("printout-receipt", page_image(receipt_painter(ticket), 0, landscape=False, dpi=110)),
    ]
    written = []
    for name, image in pages:
        path = out / f"{name}-ja.png"
        image.save(str(path))
        written.append(path)
    return written


def _resident_languages(window: MainWindow, tap: Callable[[], None], out: Path) -> list[Path]:
    """The entrance and a tap's confirmation in two of the residents' languages (Korean, and
    Vietnamese for its diacritics), chosen on the entrance as a resident would."""
    written = []
    for language in ("ko", "vi"):
        window.ctx.languages.switch("ja")
        window.sign_out()
        window.choose_language(language)
        _settle(window)
        for name, show in (("attract", None), ("tap", tap)):
            if show is not None:
                show()
            _settle(window)
            path = out / f"{name}-{language}.png"
            window.grab().save(str(path))
            written.append(path)
        window.show_attract()
    return written


def _staff_call(window: MainWindow, session: Session, out: Path) -> list[Path]:
    """Someone without a card calls staff: the entrance's answer, then the console's banner."""
    written = []
    for language in ("ja", "en"):
        window.ctx.languages.switch(language)
        window.sign_out()
        window.attract.call_staff.click()
        _settle(window)
        for name, grab in (("staff-called", window.show_attract), ("staff-call-console", None)):
            if grab is None:
                window.open_console(session)
            else:
                grab()
            _settle(window)
            path = out / f"{name}-{language}.png"
            window.grab().save(str(path))
            written.append(path)
        window.console.answer_call.click()
        _settle(window)
    return written


def main(argv: list[str] | None = None) -> int:
    """Render the screenshots into the folder given (default docs/screenshots)."""
    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0] if args else "docs/screenshots")
    for path in capture(out):
        print(path)
    for path in capture_voting(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
