"""The electoral roll (選挙人名簿) of an election: CSV import, and links to registered people.

An import is all or nothing: a roll with a bad row would leave voters out, who would then be
turned away at the desk, so any row error refuses the whole file and reports every error.

A roll entry is linked to a registered person (so the person's card finds the entry) by the
matching rule — exactly one live person whose verified name (``linkage.verified``) is, once
normalised, the entry's family and given name, with the same verified birth date and normalised
verified address, and no other entry of the election matching that person — or by an
administrator. Only verified attributes count: what a citizen typed on the citizen web or a
kiosk sent as a walk-in's fields never links anyone to a roll entry. Each link records what
proved it (``link_source``). The individual number is never used.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select, update

from kazasu_protocol.canonical import canonical_json
from linkage import fields, people
from linkage.canonical import new_ids, now_ms
from linkage.csvimport import open_rows
from linkage.db import WriterThread, bulk_load, bulk_update
from linkage.feed import Change, Encoded
from linkage.names import address_key, name_key
from linkage.problems import Problem
from linkage.tables import person_verifications, persons, voters
from linkage.voting.elections import election_days
from linkage.voting.voters import voter_changes

REQUIRED = ("roll_number", "family_name", "given_name", "birth_date", "sex", "address")
OPTIONAL = ("family_name_kana", "given_name_kana")
SEXES = {
    "male": "male",
    "female": "female",
    "other": "other",
    "unknown": "unknown",
    "男": "male",
    "女": "female",
}
MAX_ROWS = 500_000
MAX_ERRORS = 1000
# Entries whose feed changes are made and encoded at a time.
BATCH = 2000
# Links set per statement: one JSON parameter of a few megabytes.
LINK_BATCH = 20_000
# The field rule of each column (docs/protocol/events.md, "Field rules").
RULES = {
    "roll_number": "roll_number",
    "family_name": "name",
    "given_name": "name",
    "family_name_kana": "furigana",
    "given_name_kana": "furigana",
    "birth_date": "birth_date",
    "address": "address",
}


@dataclass
class RollReport:
    """How an import went: entries created and updated, and how linking went."""

    created: int = 0
    updated: int = 0
    linked: int = 0
    ambiguous: list[str] = field(default_factory=list)


def match_key(name: str, birth_date: str, address: str) -> tuple[str, str, str]:
    """What must be equal for a roll entry and a person to be linked automatically."""
    return name_key(name), birth_date, address_key(address)


def entry_key(entry: Any) -> tuple[str, str, str]:
    """The match key of a roll entry (a ``voters`` row)."""
    return match_key(entry.family_name + entry.given_name, entry.birth_date, entry.address)


def verified_key(row: Any) -> tuple[str, str, str] | None:
    """The match key of a ``person_verifications`` row; None if the source lacked a part."""
    parts = [row.name, row.birth_date, row.address]
    if not all(isinstance(p, str) and p.strip() for p in parts):
        return None
    return match_key(*(str(p) for p in parts))


def import_roll(
    conn: Connection, election_id: str, text: str | Iterable[str]
) -> tuple[RollReport, list[Encoded]]:
    """Import a roll CSV (its text, or its lines as read from a file) into an election; all
    rows or none (422 ``roll-rejected``)."""
    election_days(conn, election_id)  # 404 for an unknown election
    existing = {
        r.roll_number: r.voter_id
        for r in conn.execute(
            select(voters.c.roll_number, voters.c.voter_id).where(
                voters.c.election_id == election_id
            )
        )
    }
    report = RollReport()
    # A first roll of an election is linked as it is stored (no entry to update afterwards);
    # a newer one is matched once stored, with the entries it keeps.
    linker = None if existing else _Linker(conn)
    touched: list[str] = []
    errors: list[dict[str, Any]] = []
    batch: list[dict[str, str]] = []
    # The database stores one batch while this thread checks and builds the next.
    with WriterThread() as writer:
        try:
            for row in _checked_rows(text, errors):
                # Once a row is refused nothing more is stored (the transaction is undone),
                # but the rest of the file is still checked so that every error is reported.
                if errors:
                    continue
                batch.append(row)
                if len(batch) == BATCH:
                    touched += _store(writer, conn, election_id, batch, existing, report, linker)
                    batch = []
        except csv.Error as exc:
            raise Problem(422, "malformed-csv", "The file is not valid CSV", str(exc)) from exc
        if errors:
            raise Problem(
                422,
                "roll-rejected",
                "The roll has rows with errors; nothing was imported",
                f"{len(errors)} rows with errors"
                + (" (the first ones listed)" if len(errors) >= MAX_ERRORS else ""),
                errors=errors,
            )
        touched += _store(writer, conn, election_id, batch, existing, report, linker)
    if linker is None:
        report.linked, report.ambiguous = match_election(conn, election_id)
    else:
        report.linked, report.ambiguous = linker.settle(conn)
    return report, _encoded_voter_changes(conn, election_id, touched)


def _store(
    writer: WriterThread,
    conn: Connection,
    election_id: str,
    rows: list[dict[str, str]],
    existing: dict[str, str],
    report: RollReport,
    linker: _Linker | None,
) -> list[str]:
    """Store a batch of checked rows (given to ``writer``, not waited for): new entries in one
    statement, changed ones in another; their voter ids. With a ``linker``, new entries go in
    linked by the matching rule."""
    now = now_ms()
    fresh: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    touched: list[str] = []
    ids = iter(new_ids("v", len(rows)))
    for row in rows:
        values = {
            "family_name": row["family_name"],
            "given_name": row["given_name"],
            "family_name_kana": row.get("family_name_kana", ""),
            "given_name_kana": row.get("given_name_kana", ""),
            "birth_date": row["birth_date"],
            "sex": SEXES[row["sex"]],
            "address": row["address"],
            "updated_at_ms": now,
        }
        voter_id = existing.get(row["roll_number"])
        if voter_id is None:
            voter_id = next(ids)
            found = None if linker is None else linker.claim(voter_id, row)
            person_id, source = found or (None, None)
            fresh.append(
                {
                    "voter_id": voter_id,
                    "election_id": election_id,
                    "roll_number": row["roll_number"],
                    "person_id": person_id,
                    "link_method": "match" if found else None,
                    "link_source": source,
                    "created_at_ms": now,
                    **values,
                }
            )
            report.created += 1
        else:
            changed.append({"voter_id": voter_id, **values})
            report.updated += 1
        touched.append(voter_id)

    def store() -> None:
        bulk_load(conn, voters, fresh)
        bulk_update(conn, voters, "voter_id", changed)

    writer.submit(store)
    return touched


class _Linker:
    """The matching rule (``match_election``) applied to the entries of an election's first
    roll as they are stored.

    A person two entries match is linked to neither: the first claim is stored linked and
    undone by ``settle`` once a second one is seen, which is rare.
    """

    def __init__(self, conn: Connection) -> None:
        self.index = _person_index(conn)
        # Person id: the (voter id, roll number) of the entry linked to them.
        self.claims: dict[str, tuple[str, str]] = {}
        # Person id: roll numbers of the later entries that matched them too.
        self.contested: dict[str, list[str]] = {}
        self.ambiguous: list[str] = []

    def claim(self, voter_id: str, row: dict[str, str]) -> tuple[str, str] | None:
        """The (person id, verification source) to link a new entry to, or None."""
        key = match_key(row["family_name"] + row["given_name"], row["birth_date"], row["address"])
        found = self.index.get(key, [])
        if len(found) > 1:
            self.ambiguous.append(row["roll_number"])
            return None
        if not found:
            return None
        person_id, source = found[0]
        if person_id in self.claims:
            self.contested.setdefault(person_id, []).append(row["roll_number"])
            return None
        self.claims[person_id] = (voter_id, row["roll_number"])
        return person_id, source

    def settle(self, conn: Connection) -> tuple[int, list[str]]:
        """Unlink the entries whose person another entry matched too: (linked, ambiguous)."""
        undo: list[dict[str, Any]] = []
        for person_id, later in self.contested.items():
            voter_id, number = self.claims.pop(person_id)
            undo.append(
                {"voter_id": voter_id, "person_id": None, "link_method": None, "link_source": None}
            )
            self.ambiguous += [number, *later]
        bulk_update(conn, voters, "voter_id", undo)
        return len(self.claims), sorted(self.ambiguous)


def _encoded_voter_changes(
    conn: Connection, election_id: str, voter_ids: list[str]
) -> list[Encoded]:
    """``voter_changes``, encoded batch by batch: a roll's entries go to every site of the
    election, and each entry's payload text is shared by its sites' changes."""
    out: list[Encoded] = []
    for start in range(0, len(voter_ids), BATCH):
        texts: dict[str, bytes] = {}
        for c in voter_changes(conn, election_id, voter_ids[start : start + BATCH]):
            text = texts.get(c.entity_id) or texts.setdefault(
                c.entity_id, canonical_json(c.payload).encode()
            )
            out.append(Encoded(c.scope_key, c.entity, c.entity_id, c.op, text, c.person_id))
    return out


def _checked_rows(
    text: str | Iterable[str], errors: list[dict[str, Any]]
) -> Iterator[dict[str, str]]:
    """The rows of the roll without errors, as they are read; the errors of the others go
    into ``errors`` (those of the first ``MAX_ERRORS`` refused rows)."""
    reader = open_rows(text, REQUIRED)
    seen: set[str] = set()
    today = fields.local_today()
    for line, raw in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            raise Problem(413, "too-many-rows", f"At most {MAX_ROWS} rows per import")
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        problems = _row_errors(row, seen, today)
        if problems:
            if len(errors) < MAX_ERRORS:
                errors.append(
                    {"row": line, "roll_number": row.get("roll_number"), "errors": problems}
                )
            continue
        seen.add(row["roll_number"])
        yield row


def _row_errors(row: dict[str, str], seen: set[str], today: date) -> list[str]:
    errors = [f"{c} is empty" for c in REQUIRED if not row.get(c)]
    number = row.get("roll_number", "")
    if number in seen:
        errors.append("roll_number appears twice in this file")
    if len(number) > 64 or any(len(v) > 200 for v in row.values()):
        errors.append("a value is too long")
    errors += fields.column_errors(row, RULES, today)
    if row.get("sex") and row["sex"] not in SEXES:
        errors.append("sex must be male, female, other or unknown (男, 女)")
    return errors


def _person_index(
    conn: Connection, birth_date: str | None = None
) -> dict[tuple[str, str, str], list[tuple[str, str]]]:
    """Live people with verified attributes by match key, as (person id, verification source);
    only those verified as born on ``birth_date`` when it is given."""
    query = (
        select(person_verifications)
        .join(persons, persons.c.person_id == person_verifications.c.person_id)
        .where(persons.c.merged_into.is_(None))
    )
    if birth_date is not None:
        query = query.where(person_verifications.c.birth_date == birth_date)
    index: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for r in conn.execute(query):
        key = verified_key(r)
        if key is not None:
            index.setdefault(key, []).append((r.person_id, r.source))
    return index


def match_election(conn: Connection, election_id: str) -> tuple[int, list[str]]:
    """Link the election's unlinked entries by the matching rule: (linked, ambiguous numbers).

    Entries an administrator unlinked are left alone. A person already linked to an entry of
    the election is not linked to a second one.
    """
    index = _person_index(conn)
    taken: set[str] = set(
        conn.execute(
            select(voters.c.person_id).where(
                voters.c.election_id == election_id, voters.c.person_id.is_not(None)
            )
        ).scalars()
    )
    # The columns the rule reads, one entry at a time: a city's roll is 100,000 entries.
    entries = conn.execute(
        select(
            voters.c.voter_id,
            voters.c.roll_number,
            voters.c.family_name,
            voters.c.given_name,
            voters.c.birth_date,
            voters.c.address,
        ).where(
            voters.c.election_id == election_id,
            voters.c.person_id.is_(None),
            voters.c.link_method.is_(None),
        )
    )
    wanted: dict[tuple[str, str], list[tuple[str, str]]] = {}
    ambiguous: list[str] = []
    for e in entries:
        found = index.get(entry_key(e), [])
        if len(found) == 1 and found[0][0] not in taken:
            wanted.setdefault(found[0], []).append((e.voter_id, e.roll_number))
        elif len(found) > 1:
            ambiguous.append(e.roll_number)
    links: list[dict[str, Any]] = []
    now = now_ms()
    for (person_id, source), claimants in wanted.items():
        if len(claimants) > 1:
            ambiguous += [number for _, number in claimants]
            continue
        links.append(
            {
                "voter_id": claimants[0][0],
                "person_id": person_id,
                "link_method": "match",
                "link_source": source,
                "updated_at_ms": now,
            }
        )
    for start in range(0, len(links), LINK_BATCH):
        bulk_update(conn, voters, "voter_id", links[start : start + LINK_BATCH])
    return len(links), sorted(ambiguous)


def link(conn: Connection, election_id: str, voter_id: str, person_id: str | None) -> list[Change]:
    """An administrator links a roll entry to a person, or unlinks it (``None``) for good."""
    row = conn.execute(
        select(voters.c.voter_id).where(
            voters.c.voter_id == voter_id, voters.c.election_id == election_id
        )
    ).first()
    if row is None:
        raise Problem(404, "unknown-voter", "Unknown voter in this election", voter_id)
    target = None
    if person_id is not None:
        target = people.resolve(conn, person_id)
        if target is None:
            raise Problem(404, "unknown-person", "Unknown person", person_id)
        other = conn.execute(
            select(voters.c.voter_id).where(
                voters.c.election_id == election_id,
                voters.c.person_id == target,
                voters.c.voter_id != voter_id,
            )
        ).first()
        if other is not None:
            raise Problem(
                409,
                "person-linked-elsewhere",
                "The person is linked to another entry of this roll",
                other.voter_id,
            )
    conn.execute(
        update(voters)
        .where(voters.c.voter_id == voter_id)
        .values(
            person_id=target,
            link_method="admin" if target else "unlinked",
            link_source="admin" if target else None,
            updated_at_ms=now_ms(),
        )
    )
    return voter_changes(conn, election_id, [voter_id])


def match_person(conn: Connection, person_id: str) -> list[Change]:
    """Link the person to the roll entries their verified attributes now match, one per
    election, by the matching rule; the voter changes of each new link."""
    row = conn.execute(
        select(person_verifications).where(person_verifications.c.person_id == person_id)
    ).first()
    key = None if row is None else verified_key(row)
    if key is None:
        return []
    elections = sorted(
        {
            str(e.election_id)
            for e in conn.execute(
                select(voters).where(
                    voters.c.birth_date == key[1],
                    voters.c.person_id.is_(None),
                    voters.c.link_method.is_(None),
                )
            )
            if entry_key(e) == key
        }
    )
    out: list[Change] = []
    for election_id in elections:
        voter_id = voter_for_person(conn, election_id, person_id)
        if voter_id is not None:
            out += voter_changes(conn, election_id, [voter_id])
    return out


def voter_for_person(conn: Connection, election_id: str, person_id: str) -> str | None:
    """The roll entry of a person in an election: the one linked by a verified source, or one
    the matching rule links now from the person's verified attributes (a person may be
    verified after the roll was imported); None if there is none."""
    linked = conn.execute(
        select(voters.c.voter_id, voters.c.link_source).where(
            voters.c.election_id == election_id, voters.c.person_id == person_id
        )
    ).first()
    if linked is not None:
        return str(linked.voter_id) if linked.link_source is not None else None
    row = conn.execute(
        select(person_verifications).where(person_verifications.c.person_id == person_id)
    ).first()
    key = None if row is None else verified_key(row)
    if row is None or key is None:
        return None
    candidates = [
        e.voter_id
        for e in conn.execute(
            select(voters).where(
                voters.c.election_id == election_id,
                voters.c.birth_date == key[1],
                voters.c.person_id.is_(None),
                voters.c.link_method.is_(None),
            )
        )
        if entry_key(e) == key
    ]
    if len(candidates) != 1:
        return None
    # The rule also needs the person to be the only one with that key.
    if len(_person_index(conn, key[1]).get(key, [])) != 1:
        return None
    conn.execute(
        update(voters)
        .where(voters.c.voter_id == candidates[0])
        .values(
            person_id=person_id,
            link_method="match",
            link_source=row.source,
            updated_at_ms=now_ms(),
        )
    )
    return str(candidates[0])
