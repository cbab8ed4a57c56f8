"""避難者名簿 as a document: households together in registration order, each representative
first, ages on the day printed, care needs as marks, DV-protected people marked and their
address kept off the paper, pages that never split a household that fits on one."""

from __future__ import annotations

from datetime import date, datetime

from kiosk import audit
from kiosk.app import Kiosk
from kiosk.model import Disability, Household, Person, Sex
from kiosk.printout import (
    ROWS_PER_PAGE,
    WITHHELD,
    RosterPrintout,
    care_marks,
    printed_at_text,
    roster_printout,
)
from tests.kiosk.builders import STAFF


def _household(kiosk: Kiosk, hid: str, day: date, names: list[tuple[str, str]]) -> None:
    kiosk.people.register_household(
        STAFF, Household(hid, shelter_id="S1", registered_on=day, representative_id=f"{hid}-2")
    )
    for i, (name, kana) in enumerate(names, start=1):
        kiosk.people.register(STAFF, Person(f"{hid}-{i}", name, kana, household_id=hid), "import")


def test_the_date_is_printed_in_the_era_calendar_and_the_western_one() -> None:
    assert printed_at_text(datetime(2026, 12, 5, 14, 30)) == "令和8年12月5日 14:30（2026-12-05）"


def test_care_needs_are_short_marks() -> None:
    person = Person(
        "p", "a", "a", care_required=True, nursing=True, disabilities=(Disability.VISUAL,),
        allergies="卵", medication="インスリン",
    )  # fmt: skip
    assert care_marks(person) == "要介護 授乳 障(視覚) アレルギー 服薬"


def test_households_are_grouped_in_registration_order_representative_first(
    kiosk: Kiosk,
) -> None:
    _household(
        kiosk,
        "h-b",
        date(2026, 11, 2),
        [("鈴木 一", "すずき はじめ"), ("鈴木 二郎", "すずき じろう")],
    )
    _household(
        kiosk, "h-a", date(2026, 11, 1), [("青木 明", "あおき あきら"), ("青木 次", "あおき つぐ")]
    )
    kiosk.people.register(STAFF, Person("lone", "単独 者", "たんどく もの"), "import")
    kiosk.presence.check_in(STAFF, "lone", "S1")
    doc = roster_printout(kiosk.store, "S1", STAFF)
    lines = [line for page in doc.pages for line in page]
    assert [line.name for line in lines] == [
        "青木 次",
        "青木 明",
        "鈴木 二郎",
        "鈴木 一",
        "単独 者",
    ]
    assert [line.household for line in lines] == ["1", "", "2", "", "3"]
    assert (doc.people, doc.households, doc.shelter_name) == (5, 3, "第一小学校")
    assert lines[-1].state == "在所" and lines[0].state == "外出"


def test_a_protected_person_is_printed_marked_without_the_address(kiosk: Kiosk) -> None:
    kiosk.people.register_household(STAFF, Household("h-1", shelter_id="S1"))
    kiosk.people.register(
        STAFF,
        Person("p-1", "保護 花子", "ほご はなこ", Sex.FEMALE, date(1990, 11, 26),
               household_id="h-1", address="架空市本町1", dv_protected=True),
        "import",
    )  # fmt: skip
    doc = roster_printout(kiosk.store, "S1", STAFF)
    (line,) = doc.pages[0]
    assert line.withheld and WITHHELD in line.note and "架空市" not in line.address
    assert line.age == str(
        36 if kiosk.store.now().astimezone().date() >= date(2026, 11, 26) else 35
    )
    assert doc.withheld == 1
    assert RosterPrintout.from_json(doc.to_json()) == doc


def test_pages_keep_a_household_together_and_printing_is_audited(kiosk: Kiosk) -> None:
    _household(
        kiosk,
        "h-1",
        date(2026, 11, 1),
        [(f"一 {i}", f"いち {i:02}") for i in range(ROWS_PER_PAGE - 2)],
    )
    _household(kiosk, "h-2", date(2026, 11, 2), [(f"二 {i}", f"に {i:02}") for i in range(4)])
    doc = roster_printout(kiosk.store, "S1", STAFF)
    assert [len(page) for page in doc.pages] == [ROWS_PER_PAGE - 2, 4]
    assert doc.pages[1][0].household == "2"
    with kiosk.store.reading() as conn:
        (entry,) = [e for e in audit.entries(conn) if e.action == "roster.print"]
    assert entry.actor == STAFF and entry.target == "S1"
