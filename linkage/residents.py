"""Resident-list import from the municipality's CSV, with a per-row error report.

Rows are keyed by the municipality's own reference (``external_ref``), so importing a newer
list updates the same people. A row with errors is skipped and reported; the others go in.

The list splits names into family and given parts (as municipal systems do); a person's
fields hold them the kiosk's way: ``name`` and ``furigana`` joined by a full-width space,
``sex`` as an ISO 5218 code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from linkage import consent, fields, people, verified
from linkage.canonical import new_id, platform_hlc
from linkage.csvimport import open_rows
from linkage.feed import Change
from linkage.names import SEX_CODES, join_name
from linkage.problems import Problem
from linkage.scope import shelter_key
from linkage.tables import persons, shelters

REQUIRED = ("external_ref", "family_name", "given_name", "birth_date")
OPTIONAL = (
    "family_name_kana",
    "given_name_kana",
    "sex",
    "address",
    "phone",
    "household_ref",
    "relation",
    "designated_shelter_id",
    "kiosk_consent",
)
COPIED_FIELDS = ("birth_date", "address", "phone")
YES, NO = frozenset({"yes", "y", "1", "true"}), frozenset({"", "no", "n", "0", "false"})
MAX_ROWS = 200_000
# The field rule of each column (docs/protocol/events.md, "Field rules").
RULES = {
    "external_ref": "external_ref",
    "family_name": "name",
    "given_name": "name",
    "family_name_kana": "furigana",
    "given_name_kana": "furigana",
    "birth_date": "birth_date",
    "address": "address",
    "phone": "phone",
    "household_ref": "household_ref",
    "relation": "relation",
    "designated_shelter_id": "shelter_id",
}


@dataclass
class ImportReport:
    """How an import went: counts and, per rejected row, why."""

    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def import_residents(
    conn: Connection, municipality_id: str, text: str, collector: str
) -> tuple[ImportReport, list[Change]]:
    """Import a resident list; returns the report and the feed changes to append."""
    try:
        return _import(conn, municipality_id, text, collector)
    except csv.Error as exc:
        raise Problem(422, "malformed-csv", "The file is not valid CSV", str(exc)) from exc


def _import(
    conn: Connection, municipality_id: str, text: str, collector: str
) -> tuple[ImportReport, list[Change]]:
    reader = open_rows(text, REQUIRED)
    known_shelters: set[str] = set(conn.execute(select(shelters.c.shelter_id)).scalars())
    report = ImportReport()
    out: list[Change] = []
    seen: set[str] = set()
    hlc = platform_hlc()
    for line, raw in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            raise Problem(413, "too-many-rows", f"At most {MAX_ROWS} rows per import")
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        errors = _row_errors(row, known_shelters, seen)
        if errors:
            report.errors.append(
                {"row": line, "external_ref": row.get("external_ref"), "errors": errors}
            )
            continue
        seen.add(row["external_ref"])
        created, changes = _apply_row(conn, municipality_id, row, hlc, collector)
        report.created += created
        report.updated += not created
        out += changes
    return report, out


def _row_errors(row: dict[str, str], known_shelters: set[str], seen: set[str]) -> list[str]:
    errors = [f"{c} is empty" for c in REQUIRED if not row.get(c)]
    ref = row.get("external_ref", "")
    if ref in seen:
        errors.append("external_ref appears twice in this file")
    if len(ref) > 64 or any(len(v) > 200 for v in row.values()):
        errors.append("a value is too long")
    errors += fields.column_errors(row, RULES)
    if not errors and len(join_name(row["family_name"], row["given_name"])) > 100:
        errors.append(f"family_name and given_name {fields.REASONS['too_long']}")
    if row.get("sex", "") and row["sex"].lower() not in SEX_CODES:
        errors.append("sex must be male, female, other, unknown or an ISO 5218 code (0, 1, 2, 9)")
    shelter = row.get("designated_shelter_id", "")
    if shelter and shelter not in known_shelters and not fields.id_problem("shelter_id", shelter):
        errors.append(f"designated_shelter_id {shelter} is not a known shelter")
    if row.get("kiosk_consent", "").lower() not in YES | NO:
        errors.append("kiosk_consent must be yes or no")
    return errors


def person_fields(row: dict[str, str]) -> dict[str, str]:
    """A checked row's person fields in the kiosk's vocabulary.

    Optional values (``furigana``, ``sex`` …) only when the row gives them, so a newer list
    without them keeps what is known.
    """
    fields = {"name": join_name(row["family_name"], row["given_name"])}
    furigana = join_name(row.get("family_name_kana", ""), row.get("given_name_kana", ""))
    if furigana:
        fields["furigana"] = furigana
    if row.get("sex"):
        fields["sex"] = SEX_CODES[row["sex"].lower()]
    fields |= {k: row[k] for k in COPIED_FIELDS if row.get(k)}
    return fields


def _apply_row(
    conn: Connection, municipality_id: str, row: dict[str, str], hlc: str, collector: str
) -> tuple[bool, list[Change]]:
    fields = person_fields(row)
    existing = conn.execute(
        select(persons.c.person_id).where(
            persons.c.municipality_id == municipality_id,
            persons.c.external_ref == row["external_ref"],
        )
    ).first()
    created = existing is None
    if existing is None:
        pid = new_id("p")
        people.create_person(
            conn,
            pid,
            "resident",
            {"furigana": ""} | fields,  # a kiosk's person has furigana, empty if unknown
            hlc,
            municipality_id=municipality_id,
            external_ref=row["external_ref"],
        )
    else:
        pid = people.resolve(conn, existing.person_id) or existing.person_id
        record = people.load_record(conn, pid)
        record.merge(fields, hlc)
        people.save_record(conn, "person", pid, record, None)
    # The resident register is an administrator's source: what it says is verified (a list
    # without the optional address keeps the one verified before).
    earlier = verified.of_person(conn, pid)
    address = fields.get("address") or (earlier.address if earlier else None)
    verified.record(
        conn,
        pid,
        fields["name"],
        fields["birth_date"],
        address,
        verified.RESIDENT_REGISTER,
        collector,
    )
    out: list[Change] = []
    if row.get("household_ref"):
        hid = f"h-{municipality_id}-{row['household_ref']}"
        people.add_member(conn, hid, pid, row.get("relation") or "member")
    if row.get("designated_shelter_id"):
        people.add_scope(conn, pid, shelter_key(row["designated_shelter_id"]))
    wants = row.get("kiosk_consent", "").lower() in YES
    state = consent.current_state(conn, pid, consent.KIOSK_SHARING)
    if wants and (state is None or state.state != "given"):
        _, changes = consent.record(conn, pid, consent.KIOSK_SHARING, "given", "import", collector)
        out += changes
    elif not created:
        out += people.person_changes(conn, pid)
    if row.get("household_ref"):
        out += people.household_changes(conn, f"h-{municipality_id}-{row['household_ref']}")
    return created, out
