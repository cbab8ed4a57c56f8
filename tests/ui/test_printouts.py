"""The printouts staff fall back on when power or network fails: 避難者名簿 and 受付票, readable
on A4 (every text at 9 pt or more), in Japanese, dated, numbered by page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.model import Household, Person, Sex
from tests.ui.conftest import Scene, sign_in
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
    walk_in = scene.window.ctx.walkin.register(
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
