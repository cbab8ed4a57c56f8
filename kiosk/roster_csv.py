"""Roster export to CSV and resident-list import from CSV, with Japanese column names.

Export: UTF-8 with a BOM (so spreadsheet programs in Japan open it correctly), one row per
member. Import reads the same columns (UTF-8 or Shift_JIS/CP932), checks every row first and
writes nothing unless every row is good; errors name the line and the column.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.errors import InvalidInput
from kiosk.fields import ID_LIMITS, REASONS, TEXT_LIMITS, problem
from kiosk.model import Damage, Disability, Household, Person, Sex, Staying, Tenure
from kiosk.people import (
    add_household,
    add_person,
    local_today,
    new_household_id,
    new_walk_in_id,
)
from kiosk.person_row import WALK_IN_PREFIX
from kiosk.store import Store
from kiosk.timefmt import ERAS, era_date

# (column, person or household field). The person id column lets a platform-issued id through.
PERSON_COLUMNS: tuple[tuple[str, str], ...] = (
    ("個人ID", "person_id"),
    ("氏名", "name"),
    ("ふりがな", "furigana"),
    ("性別", "sex"),
    ("生年月日", "birth_date"),
    ("続柄", "relation"),
    ("住所", "address"),
    ("電話番号", "phone"),
    ("妊娠中", "pregnant"),
    ("授乳中", "nursing"),
    ("要介護", "care_required"),
    ("障害", "disabilities"),
    ("アレルギー", "allergies"),
    ("服薬", "medication"),
    ("親族への所在回答に同意", "consent_relatives"),
    ("安否情報の公開に同意", "consent_publish"),
    ("安否情報に避難所名の公開も同意", "consent_publish_shelter"),
)
HOUSEHOLD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("世帯番号", "household_id"),
    ("登録番号", "registration_no"),
    ("滞在場所", "staying"),
    ("住家の所有", "tenure"),
    ("住家被害", "damage"),
    ("断水", "water_out"),
    ("停電", "power_out"),
    ("ガス停止", "gas_out"),
    ("車種", "car.model"),
    ("ナンバー", "car.plate"),
    ("車の色", "car.colour"),
    ("駐車場所", "car.parked_at"),
    ("ペット", "pets"),
)
PRESENCE_COLUMN = "在所状況"
REQUIRED = ("氏名", "ふりがな")

SEX_LABELS = {Sex.MALE: "男", Sex.FEMALE: "女", Sex.NOT_APPLICABLE: "適用不能", Sex.UNKNOWN: ""}
SEX_INPUT = {
    "男": Sex.MALE,
    "男性": Sex.MALE,
    "女": Sex.FEMALE,
    "女性": Sex.FEMALE,
    "": Sex.UNKNOWN,
}
DISABILITY_LABELS = {
    Disability.PHYSICAL: "肢体",
    Disability.VISUAL: "視覚",
    Disability.HEARING: "聴覚",
    Disability.MENTAL: "精神",
    Disability.INTELLECTUAL: "知的",
    Disability.DEVELOPMENTAL: "発達",
}
STAYING_LABELS = {
    Staying.SHELTER: "避難所",
    Staying.HOME: "自宅",
    Staying.CAR: "車中",
    Staying.TENT: "テント",
    Staying.OTHER: "その他",
}
TENURE_LABELS = {Tenure.OWNED: "持家", Tenure.RENTED: "借家", Tenure.UNKNOWN: ""}
DAMAGE_LABELS = {
    Damage.UNKNOWN: "",
    Damage.NONE: "なし",
    Damage.DESTROYED: "全壊",
    Damage.HALF: "半壊",
    Damage.PARTIAL: "一部損壊",
    Damage.FLOOD_ABOVE_FLOOR: "床上浸水",
    Damage.FLOOD_BELOW_FLOOR: "床下浸水",
}
YES, NO = "はい", "いいえ"
TRUE_INPUT = {"はい", "○", "◯", "有", "あり", "1", "true", "yes", "y"}
FALSE_INPUT = {"いいえ", "×", "無", "なし", "0", "false", "no", "n", ""}
LIST_SEPARATOR = "、"


@dataclass(frozen=True)
class RowError:
    """One problem in an imported file, by line (1 = the header) and column."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass
class ImportReport:
    """What an import did: the people added, or the errors that stopped it."""

    persons: int = 0
    households: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file was imported (every row was good)."""
        return not self.errors


def export_csv(store: Store, shelter_id: str, path: Path, actor: str) -> int:
    """Write every member of the shelter's households and everyone present; returns rows."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT p.data, h.data, r.state FROM persons p"
            " LEFT JOIN households h USING (household_id)"
            " LEFT JOIN presence r ON r.person_id = p.person_id"
            " WHERE h.shelter_id = ? OR (r.shelter_id = ? AND r.state = 'in')"
            " ORDER BY p.household_id, p.person_id",
            (shelter_id, shelter_id),
        ).fetchall()
    header = [c for c, _ in HOUSEHOLD_COLUMNS] + [c for c, _ in PERSON_COLUMNS] + [PRESENCE_COLUMN]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for person_json, household_json, state in rows:
        person = Person.from_dict(json.loads(person_json))
        household = Household.from_dict(json.loads(household_json)) if household_json else None
        writer.writerow(
            [_household_cell(household, f) for _, f in HOUSEHOLD_COLUMNS]
            + [_person_cell(person, f) for _, f in PERSON_COLUMNS]
            + [{"in": "在所", "out": "退所"}.get(state or "", "")]
        )
    try:
        path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(
            "cannot write {path}: {strerror}", path=path, strerror=exc.strerror
        ) from exc
    with store.transaction() as tx:
        tx.audit(actor, "roster.export", shelter_id, rows=len(rows))
    return len(rows)


def import_csv(store: Store, path: Path, shelter_id: str, actor: str) -> ImportReport:
    """Import a resident list; all rows or none."""
    report = ImportReport()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            "cannot read {path}: {strerror}", path=path, strerror=exc.strerror
        ) from exc
    text = _decode(raw, report)
    if text is None:
        return report
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        # A cell over the csv module's limit (131,072 characters), a NUL byte in old Pythons.
        report.errors.append(RowError(reader.line_num, "*", f"not readable as CSV: {exc}"))
        return report
    header = [h.strip() for h in (rows[0] if rows else [])]
    known = {c for c, _ in PERSON_COLUMNS + HOUSEHOLD_COLUMNS} | {PRESENCE_COLUMN}
    for column in header:
        if column not in known:
            report.errors.append(RowError(1, column, "unknown column"))
    for column in REQUIRED:
        if column not in header:
            report.errors.append(RowError(1, column, "required column is missing"))
    if report.errors:
        return report
    households: dict[str, Household] = {}
    persons: list[Person] = []
    lines: list[int] = []
    today = local_today(store.now())
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            message = f"has {len(cells)} cells, the header has {len(header)}"
            report.errors.append(RowError(number, "*", message))
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=True))
        parsed = _parse_row(number, row, shelter_id, households, report, today)
        if parsed is not None:
            persons.append(parsed)
            lines.append(number)
    _check_ids(store, persons, lines, report)
    if report.errors:
        return report
    with store.transaction() as tx:
        for household in households.values():
            add_household(tx, household)
        for person in persons:
            add_person(tx, person, "import")
        tx.audit(actor, "roster.import", shelter_id, file=path.name, persons=len(persons))
    report.persons, report.households = len(persons), len(households)
    return report


def _check_ids(store: Store, persons: list[Person], lines: list[int], report: ImportReport) -> None:
    """A person id given in the file must be new, here and within the file."""
    seen: set[str] = set()
    with store.reading() as conn:
        for person, line in zip(persons, lines, strict=True):
            taken = conn.execute(
                "SELECT 1 FROM persons WHERE person_id = ?", (person.person_id,)
            ).fetchone()
            if taken is not None or person.person_id in seen:
                report.errors.append(RowError(line, "個人ID", "this person is already registered"))
            seen.add(person.person_id)


def _decode(raw: bytes, report: ImportReport) -> str | None:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    report.errors.append(RowError(0, "*", "the file is neither UTF-8 nor Shift_JIS (CP932)"))
    return None


def _parse_row(
    line: int,
    row: dict[str, str],
    shelter_id: str,
    households: dict[str, Household],
    report: ImportReport,
    today: date,
) -> Person | None:
    errors_before = len(report.errors)

    def field_value(column: str, name: str, parse: Callable[[str], Any]) -> Any:
        try:
            value = parse(row.get(column, ""))
        except ValueError as exc:
            report.errors.append(RowError(line, column, str(exc)))
            return None
        reason = _rule_problem(name, value, today)
        if reason is not None:
            report.errors.append(RowError(line, column, f"{name} {REASONS[reason]}"))
            return None
        return value

    for column in REQUIRED:
        if not row.get(column):
            report.errors.append(RowError(line, column, "must not be empty"))
    person_fields: dict[str, Any] = {}
    # An empty cell means "not given": the field keeps its default.
    for column, name in PERSON_COLUMNS:
        if row.get(column):
            person_fields[name] = field_value(column, name, _PERSON_PARSERS.get(name, str))
    key = row.get("世帯番号", "")
    household = households.get(key) if key else None
    if household is None:
        household_fields: dict[str, Any] = {}
        car: dict[str, str] = {}
        for column, name in HOUSEHOLD_COLUMNS:
            if not row.get(column) or name == "household_id":
                continue
            value = field_value(column, name, _HOUSEHOLD_PARSERS.get(name, str))
            if name.startswith("car."):
                car[name[4:]] = value
            else:
                household_fields[name] = value
        if len(report.errors) > errors_before:
            return None
        household = Household.from_dict(
            household_fields
            | {"household_id": new_household_id(), "shelter_id": shelter_id}
            | ({"car": car} if car else {})
        )
        households[key or household.household_id] = household
    if len(report.errors) > errors_before:
        return None
    person_id = person_fields.get("person_id") or new_walk_in_id()
    return Person.from_dict(
        person_fields
        | {
            "person_id": person_id,
            "household_id": household.household_id,
            "provisional": person_id.startswith(WALK_IN_PREFIX),
        }
    )


def _rule_problem(name: str, value: Any, today: date) -> str | None:
    """Why a parsed cell breaks its field's rule (docs/protocol/events.md), or None."""
    if name == "pets":
        return next((r for p in value if (r := problem("pet.kind", p["kind"]))), None)
    if name in TEXT_LIMITS or name in ID_LIMITS or name == "birth_date":
        return problem(name, value, today)
    return None


def _yes_no(text: str) -> bool:
    value = unicodedata.normalize("NFKC", text).strip().lower()
    if value in TRUE_INPUT:
        return True
    if value in FALSE_INPUT:
        return False
    raise ValueError(f"{text!r} is not はい/いいえ")


def _sex(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).strip()
    if value in SEX_INPUT:
        return SEX_INPUT[value].value
    if value in {s.value for s in Sex}:
        return value
    raise ValueError(f"{text!r} is not a sex (男, 女, or an ISO 5218 code)")


# An era by name or initial (kiosk/timefmt.py), then year (元 for the first), month and day.
_ERA_NAMES = "|".join([e.name for e in ERAS] + [e.initial for e in ERAS])
_WAREKI = re.compile(rf"^({_ERA_NAMES})\s*(元|\d+)[年.](\d+)[月.](\d+)日?$")


def _birth_date(text: str) -> str | None:
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    try:
        match = _WAREKI.match(value)
        if match:
            era, year, month, day = match.groups()
            number = 1 if year == "元" else int(year)
            parsed = era_date(era, number, int(month), int(day))
        else:
            parts = re.split(r"[-/.年月日]", value.rstrip("日"))
            parsed = date(*(int(p) for p in parts))
    except (ValueError, TypeError):
        raise ValueError(f"{text!r} is not a date (e.g. 1950-02-03 or 昭和25年2月3日)") from None
    return parsed.isoformat()


def _labelled(labels: dict[Any, str]) -> Callable[[str], str]:
    """A parser that accepts a Japanese label or the stored code."""
    reverse: dict[str, str] = {label: key.value for key, label in labels.items()}

    def parse(text: str) -> str:
        value = unicodedata.normalize("NFKC", text).strip()
        if value in reverse:
            return reverse[value]
        if value in {k.value for k in labels}:
            return value
        raise ValueError(f"{text!r} is not one of {', '.join(v for v in labels.values() if v)}")

    return parse


def _disabilities(text: str) -> list[str]:
    parse = _labelled(DISABILITY_LABELS)
    return [parse(part) for part in re.split(r"[、,・]", text) if part.strip()]


def _pets(text: str) -> list[dict[str, Any]]:
    return [{"kind": part.strip()} for part in re.split(r"[、,]", text) if part.strip()]


_PERSON_PARSERS: dict[str, Callable[[str], Any]] = {
    "sex": _sex,
    "birth_date": _birth_date,
    "disabilities": _disabilities,
    **{
        name: _yes_no
        for name in (
            "pregnant",
            "nursing",
            "care_required",
            "consent_relatives",
            "consent_publish",
            "consent_publish_shelter",
        )
    },
}
_HOUSEHOLD_PARSERS: dict[str, Callable[[str], Any]] = {
    "staying": _labelled(STAYING_LABELS),
    "tenure": _labelled(TENURE_LABELS),
    "damage": _labelled(DAMAGE_LABELS),
    "pets": _pets,
    **{name: _yes_no for name in ("water_out", "power_out", "gas_out")},
}


_HOUSEHOLD_LABELS: dict[str, dict[Any, str]] = {
    "staying": STAYING_LABELS,
    "tenure": TENURE_LABELS,
    "damage": DAMAGE_LABELS,
}


def _person_cell(person: Person, name: str) -> str:
    value = getattr(person, name)
    if name == "sex":
        return SEX_LABELS[person.sex]
    if name == "disabilities":
        return LIST_SEPARATOR.join(DISABILITY_LABELS[d] for d in value)
    return _plain(value)


def _household_cell(household: Household | None, name: str) -> str:
    if household is None:
        return ""
    if name.startswith("car."):
        return str(getattr(household.car, name[4:]))
    value = getattr(household, name)
    labels = _HOUSEHOLD_LABELS.get(name)
    if labels is not None:
        return labels[value]
    if name == "pets":
        return LIST_SEPARATOR.join(p.kind for p in value)
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)
