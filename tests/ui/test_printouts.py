"""The printouts staff fall back on when power or network fails: 避難者名簿 and 受付票, readable
on A4 (every text at 9 pt or more), in Japanese, dated, numbered by page."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QComboBox, QLineEdit

from kiosk.app import Kiosk
from kiosk.model import Household, Person, Sex, Shelter
from kiosk.store import Store
from tests.ui.conftest import ADMIN, PASSPHRASE, ROOT, Scene, sign_in
from tests.ui.pdftext import page_texts, spans

MIN_POINTS = 9.0


def test_the_roster_printout_is_readable_japanese_and_dated(scene: Scene, tmp_path: Path) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    pdf = tmp_path / "roster.pdf"
    roster.print_pdf(pdf)
    scene.qtbot.waitUntil(lambda: "roster.pdf" in roster.message.text())
    drawn = spans(pdf)
    assert drawn, "the printout has no text"
    small = [s for s in drawn if s.points < MIN_POINTS]
    assert not small, f"text under {MIN_POINTS} pt: {small[:3]}"
    text = "\n".join(page_texts(pdf))
    assert "避難者名簿" in text and "第一小学校" in text
    assert "令和" in text and "1/1" in text


def test_the_walk_in_receipt_is_readable_japanese_and_dated(scene: Scene, tmp_path: Path) -> None:
    sign_in(scene)
    wizard = scene.window.console.walkin
    walk_in = scene.window.ctx.kiosk.walkin.register(
        "t01",
        Household(""),
        [
            Person("", "山田 一郎", "やまだ いちろう", Sex.MALE, date(1950, 4, 1)),
            Person("", "山田 花", "やまだ はな", Sex.FEMALE, date(2020, 6, 1), care_required=True),
        ],
        check_in_at="S1",
    )
    wizard._registered(walk_in)
    pdf = tmp_path / "receipt.pdf"
    wizard.print_pass_pdf(pdf)
    small = [s for s in spans(pdf) if s.points < MIN_POINTS]
    assert not small, f"text under {MIN_POINTS} pt: {small[:3]}"
    text = page_texts(pdf)[0]
    assert "受付票" in text and "第一小学校" in text and "令和" in text
    assert "山田 一郎" in text and "山田 花" in text


def test_print_roster_from_the_command_line_numbers_pages_and_groups_households(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    with Store.create(data, PASSPHRASE, use_os_keystore=False) as store:
        kiosk = Kiosk.over(store)
        kiosk.shelters.add(ADMIN, Shelter("S1", "第一小学校", capacity=100))
        for h in range(12):
            kiosk.people.register_household(
                ADMIN, Household(f"h-{h:02}", shelter_id="S1", registered_on=date(2026, 11, 1 + h))
            )
            for m in range(3):
                kiosk.people.register(
                    ADMIN,
                    Person(f"p-{h:02}-{m}", f"世帯{h:02} 員{m}", f"せたい{h:02} いん{m}",
                           birth_date=date(1980, 1, 1), household_id=f"h-{h:02}"),
                    "import",
                )  # fmt: skip
    pdf = tmp_path / "名簿.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(data), "print-roster",
         "--shelter", "S1", "--pdf", str(pdf)],
        capture_output=True, text=True, cwd=ROOT, stdin=subprocess.DEVNULL,
        env=os.environ | {"KAZASU_PASSPHRASE": PASSPHRASE, "KAZASU_ACTOR": "staff:cli"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"file": str(pdf), "pages": 3, "people": 36}
    small = [s for s in spans(pdf) if s.points < MIN_POINTS]
    assert not small, f"text under {MIN_POINTS} pt: {small[:3]}"
    sizes = {(round(p.mediabox.width), round(p.mediabox.height)) for p in PdfReader(pdf).pages}
    assert sizes == {(842, 595)}  # A4 landscape, in points
    pages = page_texts(pdf)
    assert [f"{n}/3" in text for n, text in enumerate(pages, start=1)] == [True] * 3
    assert all("避難者名簿" in text and "令和" in text for text in pages)
    # Qt draws bold names twice where the font has no bold face: each name once, in order.
    names = list(dict.fromkeys(re.findall(r"世帯\d\d 員\d", "".join(pages))))
    assert names == sorted(names) and len(names) == 36


def test_print_roster_of_an_unknown_shelter_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store.create(data, PASSPHRASE, use_os_keystore=False).close()
    pdf = tmp_path / "roster.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(data), "print-roster",
         "--shelter", "S9", "--pdf", str(pdf)],
        capture_output=True, text=True, cwd=ROOT, stdin=subprocess.DEVNULL,
        env=os.environ | {"KAZASU_PASSPHRASE": PASSPHRASE},
    )  # fmt: skip
    assert done.returncode == 1 and "S9" in done.stderr and not pdf.exists()


def test_the_print_button_opens_the_print_dialog(scene: Scene) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    assert roster.print.text() == "印刷" and roster.save_pdf.text() == "PDFに保存"
    roster.print.click()
    scene.qtbot.waitUntil(lambda: roster.print_dialog is not None)
    dialog = roster.print_dialog
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    layout = dialog.printer().pageLayout()
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    dialog.reject()
    assert not dialog.isVisible()


def test_accepting_the_print_dialog_prints_every_page_readably(
    scene: Scene, tmp_path: Path
) -> None:
    sign_in(scene)
    roster = scene.window.console.roster
    scene.qtbot.waitUntil(lambda: roster.page.total == 2)
    roster.print.click()
    scene.qtbot.waitUntil(lambda: roster.print_dialog is not None)
    dialog = roster.print_dialog
    assert dialog is not None
    # Choose Qt's "Print to File (PDF)" (never a real printer), in Qt's own Japanese, and type
    # its file name.
    printers = dialog.findChild(QComboBox, "printers")
    assert isinstance(printers, QComboBox)
    to_file = printers.findText("PDF ファイルに出力")
    assert to_file >= 0
    printers.setCurrentIndex(to_file)
    pdf = tmp_path / "printed.pdf"
    file_name = dialog.findChild(QLineEdit, "filename")
    assert isinstance(file_name, QLineEdit)
    file_name.setText(str(pdf))
    dialog.accept()
    assert dialog.printer().outputFormat() == QPrinter.OutputFormat.PdfFormat
    small = [s for s in spans(pdf) if s.points < MIN_POINTS]
    assert not small, f"text under {MIN_POINTS} pt: {small[:3]}"
    assert "避難者名簿" in page_texts(pdf)[0] and "1/1" in page_texts(pdf)[0]


def test_the_receipt_has_print_and_save_buttons(scene: Scene) -> None:
    sign_in(scene)
    wizard = scene.window.console.walkin
    walk_in = scene.window.ctx.kiosk.walkin.register(
        "t01", Household(""), [Person("", "山田 一郎", "やまだ いちろう")], check_in_at="S1"
    )
    wizard._registered(walk_in)
    assert wizard.print_pass.text() == "受付票を印刷" and wizard.save_pass.text() == "PDFに保存"
    wizard.print_pass.click()
    dialog = wizard.print_dialog
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    assert dialog.printer().pageLayout().orientation() == QPageLayout.Orientation.Portrait
    dialog.reject()
