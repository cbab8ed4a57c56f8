"""A municipality's shelters from and to the open data lists it already publishes.

The Digital Agency's recommended open data sets (推奨データセット) include two lists of the same
shape: 指定緊急避難場所一覧 (emergency evacuation sites, with one column per disaster type) and
指定避難所一覧 (designated shelters, with the capacity 想定収容人数 and who they are for,
対象となる避難者の範囲, which names welfare shelters, 福祉避難所). Both are read, by their
column names, in UTF-8 or Shift_JIS:

    共通ID (else NO)    the shelter's id here: ``{municipality}-{共通ID}``
    施設・場所名         name;  施設・場所名_カナ  kana
    所在地_連結表記      address;  緯度 / 経度  location
    想定収容人数         capacity (指定避難所一覧 only)
    対象となる避難者の範囲  福祉 or 要配慮 in it makes the shelter ``welfare``
    災害種別_洪水 …      a mark (○, 1, ◎, 有) means it serves that disaster; a list with
                         these columns and no capacity is 指定緊急避難場所一覧: ``emergency``
    種別                 not in the standard lists: the kind in words (指定避難所, 福祉避難所,
                         指定緊急避難場所, その他), which wins where given; export writes it so
                         that an exported list loads back as it was

An import is all or nothing: every row is checked first and any error refuses the file with
each row's errors and changes nothing. Existing shelters keep whether they are open. Export
writes 指定避難所一覧's columns (UTF-8 with a byte-order mark, CRLF) for a municipality.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from linkage import places
from linkage.csvimport import open_rows
from linkage.feed import Change
from linkage.fields import ID_PATTERN, text_problem
from linkage.municipalities import require_municipality
from linkage.problems import Problem
from linkage.tables import shelters

HAZARDS = (
    "洪水",
    "崖崩れ、土石流及び地滑り",
    "高潮",
    "地震",
    "津波",
    "大規模な火事",
    "内水氾濫",
    "火山現象",
)
MARKS = frozenset({"○", "〇", "◯", "◎", "1", "有", "可", "true", "TRUE"})
REQUIRED = ("施設・場所名", "緯度", "経度")
EXPORT_COLUMNS = (
    "NO",
    "共通ID",
    "施設・場所名",
    "施設・場所名_カナ",
    "所在地_連結表記",
    "緯度",
    "経度",
    "想定収容人数",
    "対象となる避難者の範囲",
    *(f"災害種別_{h}" for h in HAZARDS),
    "種別",
)
MAX_SHELTER_ID = 48
KIND_WORDS = {
    "指定避難所": "designated",
    "福祉避難所": "welfare",
    "指定緊急避難場所": "emergency",
    "その他": "other",
}


@dataclass(frozen=True)
class Row:
    """One shelter as read from a list."""

    shelter_id: str
    name: str
    kana: str
    address: str
    latitude: float
    longitude: float
    capacity: int | None
    kind: str
    hazards: tuple[str, ...]


def _cell(record: dict[str, str | None], column: str) -> str:
    return (record.get(column) or "").strip()


def parse(text: str, municipality_id: str) -> tuple[list[Row], list[str]]:
    """The rows of a list, and every error found (row numbers count the header as row 1)."""
    reader = open_rows(text, REQUIRED)
    columns = {h.strip() for h in reader.fieldnames or []}
    emergency_list = "想定収容人数" not in columns and any(
        f"災害種別_{h}" in columns for h in HAZARDS
    )
    rows: list[Row] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(reader, start=2):
        record = {(k or "").strip(): v for k, v in raw.items()}
        problems: list[str] = []
        ref = _cell(record, "共通ID") or _cell(record, "NO")
        shelter_id = f"{municipality_id}-{ref}"
        if not ref or not ID_PATTERN.fullmatch(shelter_id) or len(shelter_id) > MAX_SHELTER_ID:
            problems.append(f"共通ID/NO {ref!r} cannot make a shelter id")
        elif shelter_id in seen:
            problems.append(f"共通ID/NO {ref!r} appears twice")
        name = _cell(record, "施設・場所名")
        reason = text_problem("shelter_name", name)
        if reason is not None:
            problems.append(f"施設・場所名 is refused ({reason})")
        for column, field in (
            ("施設・場所名_カナ", "shelter_name"),
            ("所在地_連結表記", "address"),
        ):
            value = _cell(record, column)
            reason = text_problem(field, value) if value else None
            if reason is not None:
                problems.append(f"{column} is refused ({reason})")
        latitude = _number(record, "緯度", -90, 90, problems)
        longitude = _number(record, "経度", -180, 180, problems)
        capacity = None
        if _cell(record, "想定収容人数"):
            try:
                capacity = int(_cell(record, "想定収容人数").replace(",", ""))
                if capacity < 0:
                    raise ValueError
            except ValueError:
                problems.append(f"想定収容人数 {_cell(record, '想定収容人数')!r} is not a count")
        who = _cell(record, "対象となる避難者の範囲")
        word = _cell(record, "種別")
        if word in KIND_WORDS:
            kind = KIND_WORDS[word]
        elif word:
            problems.append(f"種別 {word!r} is not one of {', '.join(KIND_WORDS)}")
            kind = "other"
        elif "福祉" in who or "要配慮" in who or "福祉避難所" in name:
            kind = "welfare"
        elif emergency_list:
            kind = "emergency"
        else:
            kind = "designated"
        hazards = tuple(h for h in HAZARDS if _cell(record, f"災害種別_{h}") in MARKS)
        if problems:
            errors += [f"row {number}: {p}" for p in problems]
            continue
        seen.add(shelter_id)
        rows.append(
            Row(
                shelter_id,
                name,
                _cell(record, "施設・場所名_カナ"),
                _cell(record, "所在地_連結表記"),
                latitude,
                longitude,
                capacity,
                kind,
                hazards,
            )
        )
    return rows, errors


def _number(
    record: dict[str, str | None], column: str, low: float, high: float, problems: list[str]
) -> float:
    text = _cell(record, column)
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{column} {text!r} is not a number")
        return 0.0
    if not low <= value <= high:
        problems.append(f"{column} {text} is out of range")
    return value


def import_shelters(
    conn: Connection, municipality_id: str, text: str
) -> tuple[dict[str, int], list[Change]]:
    """Create or update the municipality's shelters from a list; 422 with every row's errors,
    and nothing changed, when any row is wrong."""
    require_municipality(conn, municipality_id)
    rows, errors = parse(text, municipality_id)
    if errors:
        raise Problem(
            422,
            "invalid-rows",
            "The list has rows that cannot be imported",
            "; ".join(errors),
            errors=errors,
        )
    if not rows:
        raise Problem(422, "empty-list", "The list has no shelters")
    known: set[str] = set(
        conn.execute(
            select(shelters.c.shelter_id).where(
                shelters.c.shelter_id.in_([r.shelter_id for r in rows])
            )
        ).scalars()
    )
    out: list[Change] = []
    for r in rows:
        out += places.upsert_shelter(
            conn,
            r.shelter_id,
            municipality_id,
            r.name,
            r.capacity,
            (r.latitude, r.longitude),
            r.kind,
        )
        conn.execute(
            update(shelters)
            .where(shelters.c.shelter_id == r.shelter_id)
            .values(
                name_kana=r.kana or None,
                address=r.address or None,
                hazards=json.dumps(list(r.hazards), ensure_ascii=False),
            )
        )
    created = sum(1 for r in rows if r.shelter_id not in known)
    return {"created": created, "updated": len(rows) - created}, out


def export_shelters(conn: Connection, municipality_id: str, unknown_status: int = 422) -> bytes:
    """The municipality's shelters (event sites excluded) as 指定避難所一覧's columns; an
    unknown municipality is refused with ``unknown_status``."""
    require_municipality(conn, municipality_id, unknown_status)
    found = conn.execute(
        select(shelters)
        .where(
            shelters.c.municipality_id == municipality_id,
            places.serves_shelter_purpose(),
        )
        .order_by(shelters.c.shelter_id)
    ).all()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    prefix = f"{municipality_id}-"
    for number, s in enumerate(found, start=1):
        hazards = set(json.loads(s.hazards)) if s.hazards else set()
        writer.writerow(
            [
                number,
                s.shelter_id.removeprefix(prefix),
                s.name,
                s.name_kana or "",
                s.address or "",
                "" if s.latitude is None else s.latitude,
                "" if s.longitude is None else s.longitude,
                "" if s.capacity is None else s.capacity,
                "福祉避難所（要配慮者）" if s.kind == "welfare" else "",
                *("○" if h in hazards else "" for h in HAZARDS),
                next(w for w, k in KIND_WORDS.items() if k == s.kind),
            ]
        )
    return b"\xef\xbb\xbf" + text.getvalue().encode()
