"""Each household's members who share, kept as its snapshot item lists them.

``households.members_json`` holds a household's ``members`` list as the snapshot sends it:
the members whose ``persons.shareable`` is true, in person-id order, canonical JSON. It
depends on who is a member and on who shares, so every writer of ``household_members`` or of
``persons.shareable`` calls ``keep`` (or ``keep_for_people``) after its writes, in the same
transaction. A snapshot then splices the stored text in rather than building it from the
member rows on every page (docs/platform.md, "Snapshot, fourth round").
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Collection, Iterable

from sqlalchemy import Connection, bindparam, select, update

from linkage.canonical import canonical_json_bytes
from linkage.db import key_in
from linkage.tables import household_members, households, persons

# Households computed and written back at a time.
BATCH = 5_000


def members_json(conn: Connection, household_ids: Collection[str]) -> dict[str, str]:
    """What ``households.members_json`` holds for these households, from their member rows
    (``[]`` for one without a member who shares)."""
    ids = sorted(set(household_ids))
    out = dict.fromkeys(ids, "[]")
    if not ids:
        return out
    rows = conn.execute(
        select(
            household_members.c.household_id,
            household_members.c.person_id,
            household_members.c.relation,
        )
        .join(persons, persons.c.person_id == household_members.c.person_id)
        .where(key_in(conn, household_members.c.household_id, ids), persons.c.shareable.is_(True))
        .order_by(household_members.c.household_id, household_members.c.person_id)
    )
    for hid, group in itertools.groupby(rows, key=operator.itemgetter(0)):
        out[hid] = listed((str(pid), str(rel)) for _, pid, rel in group)
    return out


def listed(members: Iterable[tuple[str, str]]) -> str:
    """The stored list of a household whose members who share are these (person id,
    relation) pairs."""
    ordered = sorted(members)
    return canonical_json_bytes([{"person_id": p, "relation": r} for p, r in ordered]).decode()


def keep(conn: Connection, household_ids: Collection[str]) -> None:
    """Write ``households.members_json`` of these households anew from their member rows."""
    ids = sorted(set(household_ids))
    statement = (
        update(households)
        .where(households.c.household_id == bindparam("hid"))
        .values(members_json=bindparam("members"))
    )
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        # The households' rows locked first, in id order: a concurrent writer of the same
        # household's members commits before these are read, or it would write back a list
        # that misses this writer's change (PostgreSQL reads committed rows; SQLite has one
        # writer at a time and no row locks).
        conn.execute(
            select(households.c.household_id)
            .where(key_in(conn, households.c.household_id, batch))
            .order_by(households.c.household_id)
            .with_for_update()
        ).all()
        lists = members_json(conn, batch)
        conn.execute(statement, [{"hid": hid, "members": text} for hid, text in lists.items()])


def keep_for_people(conn: Connection, person_ids: Collection[str]) -> None:
    """``keep`` for the households these people are members of."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    homes: list[str] = list(
        conn.execute(
            select(household_members.c.household_id)
            .where(key_in(conn, household_members.c.person_id, ids))
            .distinct()
        ).scalars()
    )
    keep(conn, homes)
