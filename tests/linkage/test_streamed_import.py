"""A resident list or an electoral roll longer than one batch, read from its file as it is
stored, goes in as a short one does.

Residents: a row with errors, even the last of the file, is reported and left out, and the
others go in; each person and each household reaches the kiosks once, the household with all
its members. Roll: a row with errors anywhere refuses the whole file and nothing is stored.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Table, func, select

from linkage import feed, people, residents, unit
from linkage.csvimport import csv_file_lines
from linkage.feed import Encoded
from linkage.problems import Problem
from linkage.tables import changes, persons, voters
from linkage.voting import roll
from tests.linkage.kiosk_double import Platform
from tests.linkage.polling_place import ROLL_HEADER, election

HEADER = (
    "external_ref,family_name,given_name,birth_date,household_ref,relation,"
    "designated_shelter_id,kiosk_consent\n"
)
# More rows than one batch holds, so that the list is stored in more than one round.
ROWS = residents.BATCH + 7


def _resident_list(path: Path, count: int, bad_row: int | None = None) -> Path:
    """``count`` residents in households of three at shelter S-001, all consenting; the
    person on file row ``bad_row`` (the header is row 1) has a birth date that is no date."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(count):
            born = "1970-13-01" if n + 2 == bad_row else f"19{50 + n % 50}-01-02"
            out.write(f"R{n:05},山田,太郎{n},{born},H{n // 3:05},member,S-001,yes\n")
    return path


def _import_residents(platform: Platform, path: Path) -> residents.ImportReport:
    with csv_file_lines(path) as lines:
        return unit.write(
            platform.engine, lambda c: residents.import_residents(c, "M-001", lines, "test")
        )


def _count(platform: Platform, table: Table) -> int:
    query = select(func.count()).select_from(table)
    count: int = unit.read(platform.engine, lambda c: c.execute(query).scalar_one())
    return count


def test_a_bad_last_row_of_a_long_list_is_reported_and_the_other_rows_go_in(
    platform: Platform, tmp_path: Path
) -> None:
    platform.shelter("S-001")
    path = _resident_list(tmp_path / "residents.csv", ROWS, bad_row=ROWS + 1)
    report = _import_residents(platform, path)
    assert (report.created, report.updated) == (ROWS - 1, 0)
    assert report.errors == [
        {
            "row": ROWS + 1,
            "external_ref": f"R{ROWS - 1:05}",
            "errors": ["birth_date is not YYYY-MM-DD"],
        }
    ]
    refs: set[str] = set(
        unit.read(
            platform.engine, lambda c: c.execute(select(persons.c.external_ref)).scalars().all()
        )
    )
    assert refs == {f"R{n:05}" for n in range(ROWS - 1)}


def test_kiosks_receive_each_imported_person_and_household_once(
    platform: Platform, tmp_path: Path
) -> None:
    platform.shelter("S-001")
    _import_residents(platform, _resident_list(tmp_path / "residents.csv", ROWS))
    changes, _ = platform.kiosk("S-001").pull_all(limit=1000)
    sent = Counter((c["entity"], c["entity_id"]) for c in changes)
    assert sum(1 for entity, _ in sent if entity == "person") == ROWS
    households = [c["payload"] for c in changes if c["entity"] == "household"]
    assert len(households) == (ROWS + 2) // 3
    assert all(count == 1 for count in sent.values())
    # The household split by the batch boundary has all three of its members.
    split = next(
        h for h in households if h["household_id"] == f"h-M-001-H{residents.BATCH // 3:05}"
    )
    assert len(split["members"]) == 3


def test_a_list_of_known_and_new_people_updates_the_known_and_creates_the_new(
    platform: Platform, tmp_path: Path
) -> None:
    platform.shelter("S-001")
    _import_residents(platform, _resident_list(tmp_path / "first.csv", 3))
    newer = tmp_path / "newer.csv"
    newer.write_text(
        HEADER
        + "".join(f"R{n:05},山田,次郎{n},1970-01-02,H00000,member,S-001,yes\n" for n in range(5)),
        encoding="utf-8",
    )
    report = _import_residents(platform, newer)
    assert (report.created, report.updated, report.errors) == (2, 3, [])
    kiosk = platform.kiosk("S-001")
    people = {
        c["payload"]["fields"]["name"] for c in kiosk.pull_all()[0] if c["entity"] == "person"
    }
    assert {f"山田\u3000次郎{n}" for n in range(5)} <= people


def test_a_household_reaches_kiosks_as_the_database_holds_it(
    platform: Platform, tmp_path: Path
) -> None:
    platform.shelter("S-001")
    platform.shelter("S-002")
    _import_residents(platform, _resident_list(tmp_path / "first.csv", 2))
    newer = tmp_path / "newer.csv"
    newer.write_text(
        HEADER
        # Joins a household of the first list, held by the platform.
        + "R00010,山田,花子,1971-01-02,H00000,spouse,S-001,yes\n"
        # A new household: members at two shelters, one of them not sharing, one at none.
        + "R00011,佐藤,一郎,1960-01-02,H00100,head,S-001,yes\n"
        + "R00012,佐藤,二郎,1962-01-02,H00100,,S-002,yes\n"
        + "R00013,佐藤,三郎,1964-01-02,H00100,child,S-002,no\n"
        + "R00014,佐藤,四郎,1966-01-02,H00100,child,,yes\n"
        # A new household none of whose members shares: kiosks hear nothing of it.
        + "R00015,鈴木,一郎,1960-01-02,H00200,head,S-001,no\n",
        encoding="utf-8",
    )
    before = unit.read(platform.engine, feed.head)
    _import_residents(platform, newer)
    sent = unit.read(
        platform.engine,
        lambda c: c.execute(
            select(changes.c.scope_key, changes.c.entity_id, changes.c.payload)
            .where(changes.c.position > before, changes.c.entity == "household")
            .order_by(changes.c.entity_id, changes.c.scope_key)
        ).all(),
    )
    ids = ["h-M-001-H00000", "h-M-001-H00100", "h-M-001-H00200"]
    held = unit.read(platform.engine, lambda c: people.households_changes(c, ids))
    assert [(r.scope_key, r.entity_id, json.loads(r.payload)) for r in sent] == [
        (c.scope_key, c.entity_id, c.payload) for c in held
    ]
    assert [r.scope_key for r in sent if r.entity_id == "h-M-001-H00100"] == [
        "shelter:S-001",
        "shelter:S-002",
    ]
    members = json.loads(next(r.payload for r in sent if r.entity_id == "h-M-001-H00000"))
    assert len(members["members"]) == 3


def _roll(path: Path, count: int, bad_row: int | None = None) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(ROLL_HEADER + "\n")
        for n in range(1, count + 1):
            sex = "unknown-sex" if n + 1 == bad_row else "female"
            out.write(f"{n:06d},投票,花子{n},トウヒョウ,ハナコ,1980-01-02,{sex},中央区1-{n}\n")
    return path


def _import_roll(platform: Platform, path: Path) -> roll.RollReport:
    with csv_file_lines(path) as lines:
        return unit.write(platform.engine, lambda c: roll.import_roll(c, "E-2026", lines))


def test_a_bad_last_row_of_a_long_roll_stores_nothing_and_is_reported(
    platform: Platform, tmp_path: Path
) -> None:
    election(platform)
    count = roll.BATCH + 7
    with pytest.raises(Problem) as refused:
        _import_roll(platform, _roll(tmp_path / "roll.csv", count, bad_row=count + 1))
    assert refused.value.kind == "roll-rejected"
    assert refused.value.extra["errors"] == [
        {
            "row": count + 1,
            "roll_number": f"{count:06d}",
            "errors": ["sex must be male, female, other or unknown (男, 女)"],
        }
    ]
    assert _count(platform, voters) == 0
    report = _import_roll(platform, _roll(tmp_path / "good.csv", count))
    assert (report.created, _count(platform, voters)) == (count, count)


def test_a_bulk_of_changes_takes_the_next_positions_in_order_without_gaps(
    platform: Platform, tmp_path: Path
) -> None:
    platform.shelter("S-001")
    _import_residents(platform, _resident_list(tmp_path / "residents.csv", 3))
    before = unit.read(platform.engine, feed.head)
    bulk = [
        Encoded("shelter:S-001", "household", f"h-{n}", "upsert", f'{{"n":{n}}}'.encode(), None)
        for n in range(feed.STREAMED)
    ]
    unit.write(platform.engine, lambda c: (None, bulk))
    stored = unit.read(
        platform.engine,
        lambda c: c.execute(
            select(changes.c.position, changes.c.payload)
            .where(changes.c.position > before)
            .order_by(changes.c.position)
        ).all(),
    )
    assert [r.position for r in stored] == list(range(before + 1, before + feed.STREAMED + 1))
    assert [r.payload for r in stored] == [f'{{"n":{n}}}' for n in range(feed.STREAMED)]
    assert unit.read(platform.engine, feed.head) == before + feed.STREAMED
