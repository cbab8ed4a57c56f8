"""The paper fallback: 避難者名簿 (the shelter roster) and 受付票 (the walk-in receipt) as
documents, built without Qt so that the screens and ``kazasu-kiosk print-roster`` print the same.

The roster follows the layout of municipal 避難者名簿: one person per row, grouped by household,
with care needs as short marks. The content is decided here, pages included; ui/printing.py
only draws it. Both documents are in Japanese, as the forms they stand in for.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from kiosk.model import Disability, Person, Sex, Staying
from kiosk.people import PeopleService
from kiosk.roster import RosterRow, RosterService
from kiosk.shelters import ShelterService
from kiosk.store import Store
from kiosk.timefmt import wareki
from kiosk.walkin import WalkIn

ROWS_PER_PAGE = 16
"""Rows on one A4 landscape page: with 10 pt text each row has room for two lines."""

COLUMNS = (
    "世帯",
    "氏名",
    "ふりがな",
    "性別",
    "年齢",
    "住所",
    "要配慮",
    "入所日時",
    "状態",
    "備考",
)
WITHHELD = "開示禁止"
"""The mark on a DV-protected person: staff need them on the roster, nobody else may learn of it."""

_SEX = {Sex.MALE: "男", Sex.FEMALE: "女", Sex.UNKNOWN: "不明", Sex.NOT_APPLICABLE: "—"}
_DISABILITY = {
    Disability.PHYSICAL: "肢体",
    Disability.VISUAL: "視覚",
    Disability.HEARING: "聴覚",
    Disability.MENTAL: "精神",
    Disability.INTELLECTUAL: "知的",
    Disability.DEVELOPMENTAL: "発達",
}
_STAYING = {
    Staying.HOME: "在宅避難",
    Staying.CAR: "車中泊",
    Staying.TENT: "テント",
    Staying.OTHER: "所外避難",
}


def printed_at_text(moment: datetime) -> str:
    """When a document was printed, in both calendars: 令和8年12月5日 14:30（2026-12-05）."""
    return f"{wareki(moment.date())} {moment:%H:%M}（{moment:%Y-%m-%d}）"


def care_marks(person: Person) -> str:
    """A person's care needs as the short marks of the 要配慮 column."""
    marks = []
    if person.care_required:
        marks.append("要介護")
    if person.pregnant:
        marks.append("妊婦")
    if person.nursing:
        marks.append("授乳")
    marks += [f"障({_DISABILITY[d]})" for d in person.disabilities]
    if person.allergies:
        marks.append("アレルギー")
    if person.medication:
        marks.append("服薬")
    return " ".join(marks)


@dataclass(frozen=True)
class RosterLine:
    """One person's row. ``household`` is the group's number, on its first row only."""

    household: str
    name: str
    furigana: str
    sex: str
    age: str
    address: str
    care: str
    since: str
    state: str
    note: str
    withheld: bool
    first_of_household: bool

    def cells(self) -> tuple[str, ...]:
        """The cells in the order of ``COLUMNS``."""
        return (
            self.household,
            self.name,
            self.furigana,
            self.sex,
            self.age,
            self.address,
            self.care,
            self.since,
            self.state,
            self.note,
        )


@dataclass(frozen=True)
class RosterPrintout:
    """避難者名簿 of one shelter, split into pages."""

    shelter_id: str
    shelter_name: str
    printed_at: str
    people: int
    households: int
    withheld: int
    pages: tuple[tuple[RosterLine, ...], ...]

    @property
    def title(self) -> str:
        """The heading every page carries."""
        return "避難者名簿"

    def to_json(self) -> str:
        """The document as JSON, for a renderer in another process."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> RosterPrintout:
        """The document ``to_json`` wrote."""
        data: dict[str, Any] = json.loads(text)
        pages = tuple(tuple(RosterLine(**line) for line in page) for page in data.pop("pages"))
        return cls(**data, pages=pages)


def _local(stamped: str | None) -> str:
    if not stamped:
        return ""
    moment = datetime.fromisoformat(stamped.replace("Z", "+00:00")).astimezone()
    return f"{moment:%m/%d %H:%M}"


def _state(row: RosterRow, names: dict[str, str]) -> str:
    if row.present_here:
        return "在所"
    if row.present_elsewhere is not None:
        return f"移動({names.get(row.present_elsewhere, row.present_elsewhere)})"
    return _STAYING.get(row.staying, "外出")


def _line(row: RosterRow, number: str, first: bool, day: date, names: dict[str, str]) -> RosterLine:
    person = row.person
    age = person.age_on(day)
    notes = [person.relation] if person.relation else []
    if person.provisional:
        notes.append("仮登録")
    if person.dv_protected:
        notes.insert(0, f"【{WITHHELD}】")
    return RosterLine(
        household=number if first else "",
        name=person.name,
        furigana=person.furigana,
        sex=_SEX[person.sex],
        age="" if age is None else str(age),
        # Where a protected person lives is what must not get out: kept off the paper.
        address=f"（{WITHHELD}）" if person.dv_protected else person.address,
        care=care_marks(person),
        since=_local(row.since),
        state=_state(row, names),
        note=" ".join(notes),
        withheld=person.dv_protected,
        first_of_household=first,
    )


def _paginate(groups: list[list[RosterLine]]) -> tuple[tuple[RosterLine, ...], ...]:
    """Pages of at most ``ROWS_PER_PAGE``, a household kept on one page when it fits on one."""
    pages: list[list[RosterLine]] = [[]]
    for group in groups:
        room = ROWS_PER_PAGE - len(pages[-1])
        if len(group) > room and len(group) <= ROWS_PER_PAGE and pages[-1]:
            pages.append([])
        for line in group:
            if len(pages[-1]) == ROWS_PER_PAGE:
                pages.append([])
            pages[-1].append(line)
    return tuple(tuple(page) for page in pages)


def roster_printout(store: Store, shelter_id: str, actor: str) -> RosterPrintout:
    """The shelter's 避難者名簿 as of now: everyone registered with it or present in it.

    Households in registration order, each with its representative first; people present
    without a household of this shelter come last, one group each. Printing is audited: the
    paper carries personal data out of the store.
    """
    shelters = ShelterService(store)
    shelter = shelters.get(shelter_id)
    names = {s.shelter_id: s.name for s in shelters.all()}
    roster = RosterService(store)
    rows = roster.page(shelter_id, limit=roster.page(shelter_id, limit=0).total).rows
    people = PeopleService(store)
    moment = store.now().astimezone()
    by_household: dict[str, list[RosterRow]] = {}
    alone: list[RosterRow] = []
    for row in rows:
        if row.person.household_id is None:
            alone.append(row)
        else:
            by_household.setdefault(row.person.household_id, []).append(row)
    households = {h: people.household(h) for h in by_household}

    def order(household_id: str) -> tuple[str, str, str]:
        h = households[household_id]
        registered = h.registered_on.isoformat() if h.registered_on else "9999"
        return (registered, h.registration_no, household_id)

    groups: list[list[RosterLine]] = []
    for household_id in sorted(by_household, key=order):
        representative = households[household_id].representative_id
        members = sorted(
            by_household[household_id],
            key=lambda r: (r.person.person_id != representative, r.person.furigana),
        )
        number = str(len(groups) + 1)
        groups.append(
            [_line(r, number, i == 0, moment.date(), names) for i, r in enumerate(members)]
        )
    for row in sorted(alone, key=lambda r: r.person.furigana):
        groups.append([_line(row, str(len(groups) + 1), True, moment.date(), names)])
    withheld = sum(r.person.dv_protected for r in rows)
    with store.transaction() as tx:
        tx.audit(actor, "roster.print", shelter_id, rows=len(rows), withheld=withheld)
    return RosterPrintout(
        shelter_id,
        shelter.name,
        printed_at_text(moment),
        len(rows),
        len(groups),
        withheld,
        _paginate(groups),
    )


@dataclass(frozen=True)
class ReceiptMember:
    """One registered member on the receipt."""

    name: str
    furigana: str
    age: str
    care: str


@dataclass(frozen=True)
class Receipt:
    """受付票: what a walk-in household takes away, with the pass code to show next time."""

    shelter_name: str
    printed_at: str
    household_id: str
    members: tuple[ReceiptMember, ...]
    pass_text: str

    @property
    def title(self) -> str:
        """The receipt's heading."""
        return "避難所 受付票"


def receipt(walk_in: WalkIn, shelter_name: str, pass_text: str, moment: datetime) -> Receipt:
    """The receipt of a walk-in registration printed at ``moment`` (local time)."""
    members = []
    for person in walk_in.members:
        age = person.age_on(moment.date())
        members.append(
            ReceiptMember(
                person.name,
                person.furigana,
                "" if age is None else f"{age}歳",
                care_marks(person),
            )
        )
    return Receipt(
        shelter_name,
        printed_at_text(moment),
        walk_in.household.household_id,
        tuple(members),
        pass_text,
    )
