"""Resident-list import from the municipality's CSV, with a per-row error report.

Rows are keyed by the municipality's own reference (``external_ref``), so importing a newer
list updates the same people. A row with errors is skipped and reported; the others go in.

The list is read as a stream and stored in batches of ``BATCH`` rows: people new to the
platform (a first import, the bulk of any list) go in with one statement per table and batch,
so a city's list of 100,000 takes seconds and its memory does not grow with the file.

The list splits names into family and given parts (as municipal systems do); a person's
fields hold them the kiosk's way: ``name`` and ``furigana`` joined by a full-width space,
``sex`` as an ISO 5218 code.
"""

from __future__ import annotations

import csv
import itertools
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from linkage import consent, fields, household_lists, match_keys, people, verified
from linkage.canonical import canonical_json_bytes, new_ids, now_ms, platform_hlc
from linkage.csvimport import open_rows
from linkage.db import WriterThread, bulk_load, bulk_load_tuples, key_in
from linkage.feed import Change, Encoded, encode
from linkage.names import SEX_CODES, join_name
from linkage.problems import Problem
from linkage.scope import shelter_key
from linkage.tables import (
    consent_records,
    household_members,
    person_match_keys,
    person_scopes,
    person_verifications,
    persons,
    shelters,
)

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
# Rows stored per round of statements: large enough that a round trip is small next to its
# work, small enough that a batch's rows and parameters stay a few megabytes.
BATCH = 2000
# Households read back per statement once the list is in. Fewer, larger reads: a table just
# grown by the import has no statistics yet, and each read is then planned as a scan of the
# whole of ``persons`` (130 ms apiece for 2,000 households of a 100,000-row list).
HOUSEHOLD_BATCH = 25_000
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
    conn: Connection, municipality_id: str, text: str | Iterable[str], collector: str
) -> tuple[ImportReport, list[Encoded]]:
    """Import a resident list (its text, or its lines as read from a file); returns the report
    and the feed changes to append."""
    try:
        return _import(conn, municipality_id, text, collector)
    except csv.Error as exc:
        raise Problem(422, "malformed-csv", "The file is not valid CSV", str(exc)) from exc


def _import(
    conn: Connection, municipality_id: str, text: str | Iterable[str], collector: str
) -> tuple[ImportReport, list[Encoded]]:
    reader = open_rows(text, REQUIRED)
    known_shelters: set[str] = set(conn.execute(select(shelters.c.shelter_id)).scalars())
    consent.require_definition(conn, consent.KIOSK_SHARING)
    report = ImportReport()
    out: list[Encoded] = []
    seen: set[str] = set()
    households = _Households()
    hlc = platform_hlc()
    today = fields.local_today()
    # A municipality's first list finds nobody to update: its batches skip the look-up.
    holds_anyone = (
        conn.execute(
            select(persons.c.person_id).where(persons.c.municipality_id == municipality_id).limit(1)
        ).first()
        is not None
    )
    # The database stores one batch while this thread checks and builds the next.
    with WriterThread() as writer:
        batch: list[dict[str, str]] = []
        for line, raw in enumerate(reader, start=2):
            if line > MAX_ROWS + 1:
                raise Problem(413, "too-many-rows", f"At most {MAX_ROWS} rows per import")
            row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
            errors = _row_errors(row, known_shelters, seen, today)
            if errors:
                report.errors.append(
                    {"row": line, "external_ref": row.get("external_ref"), "errors": errors}
                )
                continue
            seen.add(row["external_ref"])
            batch.append(row)
            if len(batch) == BATCH:
                out += _apply_batch(
                    writer,
                    conn,
                    municipality_id,
                    batch,
                    hlc,
                    collector,
                    report,
                    households,
                    holds_anyone,
                )
                batch = []
        out += _apply_batch(
            writer, conn, municipality_id, batch, hlc, collector, report, households, holds_anyone
        )
    out += households.changes(conn)
    return report, out


def _apply_batch(
    writer: WriterThread,
    conn: Connection,
    municipality_id: str,
    rows: list[dict[str, str]],
    hlc: str,
    collector: str,
    report: ImportReport,
    households: _Households,
    holds_anyone: bool,
) -> list[Encoded]:
    """Store a batch of checked rows: people new to the platform in a few bulk statements
    (given to ``writer``, not waited for), people it already holds one by one (their fields
    merge with what kiosks wrote)."""
    if not rows:
        return []
    known: dict[str, str] = {}
    if holds_anyone:
        refs = [r["external_ref"] for r in rows]
        query = select(persons.c.external_ref, persons.c.person_id).where(
            persons.c.municipality_id == municipality_id,
            key_in(conn, persons.c.external_ref, refs),
        )
        known = writer.call(lambda: {r.external_ref: r.person_id for r in conn.execute(query)})
    out: list[Encoded] = []
    fresh: list[dict[str, str]] = []
    held: list[tuple[str, dict[str, str]]] = []
    for row in rows:
        pid = known.get(row["external_ref"])
        if pid is None:
            fresh.append(row)
            continue
        held.append((pid, row))
        if row.get("household_ref"):
            households.stored.add(_household_id(municipality_id, row))
    if held:
        out += writer.call(
            lambda: [
                encode(change)
                for pid, row in held
                for change in _update_row(conn, municipality_id, pid, row, collector, hlc)
            ]
        )
        report.updated += len(held)
    if fresh:
        new = _NewPeople(municipality_id, hlc, collector, households)
        ids = zip(new_ids("p", len(fresh)), new_ids("cr", len(fresh)), strict=True)
        for row, (pid, record_id) in zip(fresh, ids, strict=True):
            new.add(row, pid, record_id)
        writer.submit(lambda: new.store(conn))
        out += new.changes
        report.created += len(fresh)
    return out


def _household_id(municipality_id: str, row: dict[str, str]) -> str:
    return f"h-{municipality_id}-{row['household_ref']}"


class _Households:
    """The households a list names, and what tells kiosks about each once the whole list is in:
    each household once, as it stands with all its members, however many rows named it.

    A household this import created and gave only new people holds nothing but what the list
    said, so its change is written from the list (``people.households_changes`` shape: empty
    fields, its shareable members by person id, one change per scope holding one of them).
    Any other (it existed before, or a person the platform held joined it) is read back.
    """

    def __init__(self) -> None:
        self.named: set[str] = set()
        # Named by a row of a person the platform already held: read back.
        self.stored: set[str] = set()
        # Created by this import (``people.ensure_households``, on the writer's thread).
        self.created: set[str] = set()
        # (household, person, relation, scope or None) of each new member who shares: one
        # flat list, a few megabytes for a city, rather than a dictionary per household.
        self.shared: list[tuple[str, str, str, str | None]] = []

    def add_member(
        self, hid: str, pid: str, relation: str, shared: bool, scope: str | None
    ) -> None:
        """Note a new person joining ``hid``; ``scope`` is the scope that holds them, if any."""
        self.named.add(hid)
        if shared:
            self.shared.append((hid, pid, relation, scope))

    def changes(self, conn: Connection) -> list[Encoded]:
        """The household changes to append once every batch is stored."""
        out: list[Encoded] = []
        from_list = self.created - self.stored
        self.shared.sort()
        for hid, group in itertools.groupby(self.shared, key=operator.itemgetter(0)):
            if hid not in from_list:
                continue
            members = list(group)
            payload = {
                "household_id": hid,
                "fields": {},
                "field_hlc": {},
                "members": [{"person_id": p, "relation": rel} for _, p, rel, _ in members],
            }
            keys = sorted({scope for *_, scope in members if scope is not None})
            out += (encode(Change(k, "household", hid, "upsert", payload, None)) for k in keys)
        read_back = sorted((self.named | self.stored) - from_list)
        for first in range(0, len(read_back), HOUSEHOLD_BATCH):
            chunk = read_back[first : first + HOUSEHOLD_BATCH]
            out += map(encode, people.households_changes(conn, chunk))
        return out


# The columns each table's rows are built with, in that order.
PERSON_COLUMNS = (
    "person_id",
    "kind",
    "municipality_id",
    "external_ref",
    "household_id",
    "fields",
    "field_hlc",
    "record_hlc",
    "differing_hlc",
    "shareable",
    "created_at_ms",
    "updated_at_ms",
)
VERIFICATION_COLUMNS = (
    "person_id",
    "name",
    "birth_date",
    "address",
    "source",
    "actor",
    "verified_at_ms",
)
MEMBER_COLUMNS = ("household_id", "person_id", "relation")
SCOPE_COLUMNS = ("person_id", "scope_key")
MATCH_KEY_COLUMNS = ("person_id", "name_key", "birth_date", "address_key")


class _NewPeople:
    """A batch of people the platform does not hold yet, as the rows of each table.

    What ``people.create_person``, ``verified.record``, ``people.add_member``,
    ``people.add_scope``, ``consent.record`` and ``match_keys.index`` do row by row, built here
    without the database and stored (``store``) as one statement per table: none of these
    people has a household membership, scope, verification or consent yet.
    """

    def __init__(
        self, municipality_id: str, hlc: str, collector: str, households: _Households
    ) -> None:
        self.municipality_id = municipality_id
        self.household_ids: set[str] = set()
        self.all_households = households
        self.hlc = hlc
        self.collector = collector
        self.now = now_ms()
        self.persons: list[tuple[Any, ...]] = []
        self.verifications: list[tuple[Any, ...]] = []
        self.members: list[tuple[Any, ...]] = []
        # Each household's new members who share: its stored list if this batch creates it.
        self.shared_members: dict[str, list[tuple[str, str]]] = {}
        self.scopes: list[tuple[Any, ...]] = []
        self.consents: list[dict[str, Any]] = []
        self.match_keys: list[tuple[Any, ...]] = []
        self.changes: list[Encoded] = []

    def add(self, row: dict[str, str], pid: str, record_id: str) -> None:
        """Build the rows of one checked list row: a new person ``pid``, and ``record_id`` the
        id of their consent record if they consent."""
        now, hlc = self.now, self.hlc
        fields: dict[str, Any] = {"furigana": ""} | person_fields(row)
        people.check_fields(fields)
        hid = _household_id(self.municipality_id, row) if row.get("household_ref") else None
        shared = row.get("kiosk_consent", "").lower() in YES
        stamps = dict.fromkeys(fields, hlc)
        compact = people.stamp_columns(fields, stamps)
        self.persons.append(
            (
                pid,
                "resident",
                self.municipality_id,
                row["external_ref"],
                hid,
                canonical_json_bytes(fields).decode(),
                canonical_json_bytes(stamps).decode(),
                compact["record_hlc"],
                compact["differing_hlc"],
                shared,
                now,
                now,
            )
        )
        self.verifications.append(
            (
                pid,
                fields["name"],
                fields["birth_date"],
                fields.get("address") or None,
                verified.RESIDENT_REGISTER,
                self.collector,
                now,
            )
        )
        key = match_keys.match_key(fields)
        if key is not None:
            self.match_keys.append((pid, key.name, key.birth_date, key.address))
        shelter = row.get("designated_shelter_id")
        scope = shelter_key(shelter) if shelter else None
        if scope is not None:
            self.scopes.append((pid, scope))
        if hid is not None:
            relation = row.get("relation") or "member"
            self.household_ids.add(hid)
            self.members.append((hid, pid, relation))
            if shared:
                self.shared_members.setdefault(hid, []).append((pid, relation))
            self.all_households.add_member(hid, pid, relation, shared, scope)
        if shared:
            self.consents.append(
                consent.new_record(
                    pid,
                    consent.KIOSK_SHARING,
                    "given",
                    "import",
                    self.collector,
                    now,
                    record_id=record_id,
                )
            )
            if scope is not None:
                payload = people.new_person_payload(pid, "resident", fields, hid, hlc)
                self.changes.append(encode(Change(scope, "person", pid, "upsert", payload, pid)))

    def store(self, conn: Connection) -> None:
        """Insert the batch: each person's row before the rows that refer to it."""
        # A household this batch creates has only this batch's members: its list is written
        # with it. Those stored before get theirs anew after the members' rows (below).
        lists = {hid: household_lists.listed(m) for hid, m in self.shared_members.items()}
        created = people.ensure_households(conn, self.household_ids, lists)
        self.all_households.created.update(created)
        for table, columns, rows in (
            (persons, PERSON_COLUMNS, self.persons),
            (person_verifications, VERIFICATION_COLUMNS, self.verifications),
            (household_members, MEMBER_COLUMNS, self.members),
            (person_scopes, SCOPE_COLUMNS, self.scopes),
            (person_match_keys, MATCH_KEY_COLUMNS, self.match_keys),
        ):
            if rows:
                bulk_load_tuples(conn, table, columns, rows)
        # After the members and their persons rows: the lists name those who share.
        household_lists.keep(conn, self.household_ids - set(created))
        bulk_load(conn, consent_records, self.consents)


def _row_errors(
    row: dict[str, str], known_shelters: set[str], seen: set[str], today: date
) -> list[str]:
    errors = [f"{c} is empty" for c in REQUIRED if not row.get(c)]
    ref = row.get("external_ref", "")
    if ref in seen:
        errors.append("external_ref appears twice in this file")
    if len(ref) > 64 or any(len(v) > 200 for v in row.values()):
        errors.append("a value is too long")
    errors += fields.column_errors(row, RULES, today)
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


def _update_row(
    conn: Connection,
    municipality_id: str,
    existing: str,
    row: dict[str, str],
    collector: str,
    hlc: str,
) -> list[Change]:
    """Update a person the platform holds from a checked row; returns the changes to append."""
    fields = person_fields(row)
    pid = people.resolve(conn, existing) or existing
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
    if row.get("household_ref"):
        hid = _household_id(municipality_id, row)
        people.add_member(conn, hid, pid, row.get("relation") or "member")
    if row.get("designated_shelter_id"):
        people.add_scope(conn, pid, shelter_key(row["designated_shelter_id"]))
    wants = row.get("kiosk_consent", "").lower() in YES
    state = consent.current_state(conn, pid, consent.KIOSK_SHARING)
    if wants and (state is None or state.state != "given"):
        _, changes = consent.record(conn, pid, consent.KIOSK_SHARING, "given", "import", collector)
        # The household goes out once the whole list is in (``_import``).
        return [c for c in changes if c.entity != "household"]
    return people.person_changes(conn, pid)
