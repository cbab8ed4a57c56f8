"""The snapshot's household phase: the households with a member in a device's scope who
shares, each with its shareable members (those outside the scope too), in household-id order,
as full or compact items (kazasu_protocol/household_item.py)."""

from __future__ import annotations

import itertools
import operator
import time
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, Select, any_, case, func, literal, not_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from linkage import feed
from linkage.devices import Device
from linkage.snapshot.shared import (
    FIELD_HLC,
    Written,
    held_count,
    in_scope,
    json_text,
    quote,
    stamped_fields,
    stamped_fields_text,
)
from linkage.tables import household_members, households, person_scopes, persons

# When the device's scope holds at least this share of the platform's people a household page
# asks each household in turn (SQLite) or walks the households with their members
# (PostgreSQL, ``_walked_text``), and lets the database choose otherwise (``_dense``).
PROBE_SHARE = 0.4
# How long a process trusts its count of a scope's share, in seconds.
SHARE_COUNT_S = 60.0
_shares: dict[tuple[str, tuple[str, ...]], tuple[float, bool]] = {}


def _households_query(device: Device, sends: Callable[[Any], Any]) -> Select[Any]:
    # Counted once per snapshot, so the database may read it as one join of all members; a
    # page asks each household in turn (``_households_page``). Whether a member shares is
    # ``sends`` (the withheld people's index), not a join of every member's row.
    shared = (
        select(household_members.c.person_id)
        .where(
            household_members.c.household_id == households.c.household_id,
            sends(household_members.c.person_id),
            in_scope(device, household_members.c.person_id),
        )
        .exists()
    )
    return select(households.c.household_id).where(shared)


def _sends(conn: Connection) -> Callable[[Any], Any]:
    """Whether a person shares, as a condition on their id: no entry in
    ``ix_persons_withheld``, the partial index of the few who withheld.

    Every member has a ``persons`` row (a foreign key, enforced on both databases), so this is
    ``persons.shareable`` without a look-up of each member's row (a quarter of the household
    phase's time in PostgreSQL at 100,000 people). PostgreSQL reads those few into a hashed
    set once per statement (NOT EXISTS), SQLite into a set (NOT IN; for NOT EXISTS it looked
    each member's row up); when ``feed.many_withheld`` says they are many, each member is
    looked up in that index instead, as the pull does (``feed._page_for_scope``).
    """
    probe = feed.many_withheld(conn)
    if conn.dialect.name == "sqlite" and not probe:
        return _not_withheld()

    def sends(person_id: Any) -> Any:
        withheld = select(persons.c.person_id).where(
            persons.c.person_id == person_id, not_(persons.c.shareable)
        )
        # An OFFSET keeps PostgreSQL from making the EXISTS a hashed set.
        return ~(withheld.offset(0) if probe else withheld).exists()

    return sends


def _not_withheld() -> Callable[[Any], Any]:
    """``_sends`` for the few who withheld: not among them (NOT IN), read once per statement."""
    withheld = select(persons.c.person_id).where(not_(persons.c.shareable))
    return lambda person_id: person_id.not_in(withheld)


def _share_key(conn: Connection, device: Device) -> tuple[str, tuple[str, ...]]:
    return (conn.engine.url.render_as_string(), tuple(sorted(device.scope_keys)))


def _dense(conn: Connection, device: Device) -> bool:
    """Whether the device's scope holds ``PROBE_SHARE`` or more of the platform's people, as
    counted by this process within the last ``SHARE_COUNT_S`` seconds (here, or by the
    snapshot's first page: ``note_share``)."""
    key = _share_key(conn, device)
    known = _shares.get(key)
    if known is not None and time.monotonic() - known[0] < SHARE_COUNT_S:
        return known[1]
    row = conn.execute(select(held_count(device), everyone_count())).one()
    return note_share(conn, device, int(row[0]), int(row[1]))


def everyone_count() -> Any:
    """How many people the platform holds, as a scalar subquery."""
    return select(func.count()).select_from(persons).scalar_subquery()


def note_share(conn: Connection, device: Device, held: int, everyone: int) -> bool:
    """Keep, for ``_dense``, that the device's scope holds ``held`` of the platform's
    ``everyone`` people (counted just now); whether that makes it dense."""
    dense = held >= PROBE_SHARE * everyone > 0
    _shares[_share_key(conn, device)] = (time.monotonic(), dense)
    return dense


def _households_page(
    device: Device, after: str, limit: int, sends: Callable[[Any], Any], probe: bool
) -> Any:
    """The page's households: the first ``limit`` after ``after`` with a member the device may
    send, in household-id order, as a CTE; with ``probe``, each household asked in turn."""
    return _households_select(device, after, limit, sends, probe).cte("page")


def _households_select(
    device: Device, after: str, limit: int, sends: Callable[[Any], Any], probe: bool
) -> Select[Any]:
    """``_households_page`` as a statement of its own."""
    # With ``probe`` (``OFFSET 0``, which keeps PostgreSQL from turning the EXISTS into a
    # join) the page walks the households from the last one sent and stops at its limit.
    # Without it PostgreSQL chose, for pages of 5,000, a hash join of every member and scope
    # of the city on every page: for a scope of all 100,000 people that took 2.7 times the
    # probe's time, for a scope of a tenth of them less than half (docs/platform.md,
    # "Snapshot, households, second round"). The answer is the same either way.
    shares = select(household_members.c.person_id).where(
        household_members.c.household_id == households.c.household_id,
        sends(household_members.c.person_id),
        in_scope(device, household_members.c.person_id),
    )
    if probe:
        shares = shares.offset(0)
    return (
        select(
            households.c.household_id,
            households.c.fields,
            households.c.field_hlc,
            households.c.record_hlc,
            households.c.differing_hlc,
            households.c.members_json,
        )
        .where(shares.exists(), households.c.household_id > after)
        .order_by(households.c.household_id)
        .limit(limit)
    )


def _listed(page: Any, after: str, sends: Callable[[Any], Any]) -> Any:
    """The shareable members of the page's range of households, those outside the device's
    scope too: the range of the members' key up to the page's last household, not a scan of
    every household's members."""
    return select(
        household_members.c.household_id,
        household_members.c.person_id,
        household_members.c.relation,
    ).where(
        sends(household_members.c.person_id),
        household_members.c.household_id > after,
        household_members.c.household_id <= select(func.max(page.c.household_id)).scalar_subquery(),
    )


def items(
    conn: Connection, device: Device, after: str, limit: int, compact: bool = False
) -> list[dict[str, Any]]:
    """Up to ``limit`` households of the device's scope after ``after``, as items: each with
    its shareable members in person-id order, those outside the scope too, as the feed's
    household upserts (``linkage.people.households_changes``) list them; ``compact``: as
    compact items (kazasu_protocol/household_item.py), their stamps from the compact stamps
    stored beside ``field_hlc`` or, for a household stored without them, from ``field_hlc``.

    The members are the households' stored lists (``households.members_json``); a page with a
    household stored without one is built from the member rows (``_listed_items``).
    """
    sends = _sends(conn)
    page = _households_page(device, after, limit, sends, _dense(conn, device))
    # (household id, fields, field stamps, record stamp, differing stamps, members list):
    # the page's columns.
    rows: Sequence[Any] = conn.execute(select(page).order_by(page.c.household_id)).all()
    if any(members is None for *_, members in rows):
        return _listed_items(conn, page, after, sends, compact)
    # Stored canonical JSON, spliced in: reading and listing each member was about half of
    # the phase's time on SQLite.
    return [
        _item(
            hid,
            stamped_fields(fields, field_hlc, hlc, differing, compact),
            orjson.Fragment(members),
        )
        for hid, fields, field_hlc, hlc, differing, members in rows
    ]


def joined_text(
    conn: Connection, device: Device, after: str, limit: int, compact: bool = False
) -> list[dict[str, Any]] | Written:
    """``items`` as ``text`` writes them, for SQLite: each household's item written here
    around its stored texts, the page's items joined, as ``people.joined_text`` writes the
    people. A page with a household stored without its members list or, for ``compact``, its
    compact stamps is built by ``items``."""
    stamps = (
        (households.c.record_hlc, households.c.differing_hlc)
        if compact
        else (households.c.field_hlc,)
    )
    page = _households_select(device, after, limit, _sends(conn), _dense(conn, device))
    rows: Sequence[Any] = conn.execute(
        page.with_only_columns(
            households.c.household_id, households.c.members_json, households.c.fields, *stamps
        )
    ).all()
    if any(row[1] is None or row[-1] is None for row in rows):
        return items(conn, device, after, limit, compact)
    if compact:
        written = [
            f'{{"entity":"household","entity_id":{q},"payload":{{'
            f"{'' if differing == '{}' else FIELD_HLC + differing + ','}"
            f'"fields":{fields},"hlc":{"null" if hlc is None else quote(hlc)},'
            f'"household_id":{q},"members":{members}}}}}'
            for hid, members, fields, hlc, differing in rows
            for q in (quote(hid),)
        ]
    else:
        written = [
            f'{{"entity":"household","entity_id":{q},"payload":{{"field_hlc":{field_hlc},'
            f'"fields":{fields},"household_id":{q},"members":{members}}}}}'
            for hid, members, fields, field_hlc in rows
            for q in (quote(hid),)
        ]
    return Written(",".join(written).encode(), len(rows), rows[-1][0] if rows else "")


def _item(hid: str, stamped: dict[str, Any], members: Any) -> dict[str, Any]:
    """A household's item: its id, its fields with their stamps (``stamped_fields``) and its
    members (their stored list, or a list of them)."""
    payload = {"household_id": hid, **stamped, "members": members}
    return {"entity": "household", "entity_id": hid, "payload": payload}


def _listed_items(
    conn: Connection, page: Any, after: str, sends: Callable[[Any], Any], compact: bool
) -> list[dict[str, Any]]:
    """``items`` from the member rows of the page's range of households."""
    listed = _listed(page, after, sends).subquery()
    # One statement for the page's households and their members, a row per member: a
    # statement per household was one round trip per 2.2 residents of a city.
    household = (
        page.c.household_id,
        page.c.fields,
        page.c.field_hlc,
        page.c.record_hlc,
        page.c.differing_hlc,
    )
    rows = conn.execute(
        select(*household)
        .add_columns(listed.c.person_id, listed.c.relation)
        # Inner: a household is on the page for a shareable member, so it has a row.
        .select_from(page.join(listed, listed.c.household_id == page.c.household_id))
        .order_by(page.c.household_id, listed.c.person_id)
    )
    return [
        _item(
            hid,
            stamped_fields(fields, field_hlc, hlc, differing, compact),
            [{"person_id": pid, "relation": rel} for *_, pid, rel in group],
        )
        for (hid, fields, field_hlc, hlc, differing), group in itertools.groupby(
            rows, key=operator.itemgetter(0, 1, 2, 3, 4)
        )
    ]


def text(
    conn: Connection, device: Device, after: str, limit: int, compact: bool = False
) -> list[dict[str, Any]] | Written:
    """``items`` as PostgreSQL writes them: the same canonical JSON text, in one value,
    as ``people.text`` writes the people; for a scope of many of the platform's people by
    ``_walked_text``. The members are the stored lists (``households.members_json``); a page
    with a household stored without one is written from the member rows. The compact items'
    stamps are the stored compact stamps (``households.record_hlc``, ``differing_hlc``); a
    page with a household stored without those is built by ``items`` instead."""
    # The per-household probe's cost estimate puts a page of 5,000 past ``jit_above_cost``,
    # and compiling it took about 19 ms a page, longer than running it without. For the rest
    # of the page's transaction: its statements are all short.
    conn.exec_driver_sql("SET LOCAL jit = off")
    sends = _sends(conn)
    write = _walked_text if _dense(conn, device) else _chosen_text
    written = write(conn, device, after, limit, sends, True, compact)
    if written is None:
        written = write(conn, device, after, limit, sends, False, compact)
    if written is None:
        # A compact item of a household stored without its compact stamps.
        return items(conn, device, after, limit, compact)
    return written


def _chosen_text(
    conn: Connection,
    device: Device,
    after: str,
    limit: int,
    sends: Callable[[Any], Any],
    stored: bool,
    compact: bool,
) -> Written | None:
    """``text`` with the page's households as the database chooses them; with ``stored``,
    their members from ``households.members_json``; None when an item is null (a household
    stored without its members list, or, for ``compact``, its compact stamps)."""
    page = _households_page(device, after, limit, sends, False)
    source: Any = page
    if stored:
        members = page.c.members_json
    else:
        listed = _listed(page, after, sends).subquery()
        grouped = (
            select(
                listed.c.household_id,
                _members_text(listed.c.person_id, listed.c.relation).label("members"),
            )
            .group_by(listed.c.household_id)
            .subquery()
        )
        members = grouped.c.members
        # Inner: a household is on the page for a shareable member, so it has members.
        source = page.join(grouped, grouped.c.household_id == page.c.household_id)
    stamped = stamped_fields_text(
        page.c.fields, page.c.field_hlc, page.c.record_hlc, page.c.differing_hlc, compact
    )
    item = _household_text(page.c.household_id, stamped, members)
    return _written(conn, select(page.c.household_id, item.label("item")).select_from(source))


def _written(conn: Connection, page: Select[Any]) -> Written | None:
    """The items of ``page`` (household id, item) in one value; None when an item is null."""
    rows = page.subquery()
    with feed.undecoded_text(conn):
        row = conn.execute(
            select(
                func.string_agg(rows.c.item, aggregate_order_by(literal(","), rows.c.household_id)),
                func.max(rows.c.household_id),
                func.count(),
                func.bool_or(rows.c.item.is_(None)),
            )
        ).one()
    if row[3]:
        return None
    return Written.read(row[0], int(row[2]), row[1])


def _members_text(person_id: Any, relation: Any) -> Any:
    """A household's members as its item's JSON list, in person-id order (an aggregate of its
    member rows), as ``household_lists.members_json`` writes it."""
    # ``||`` rather than ``concat``, which writes each argument through its type's output
    # function: a tenth of the household phase's server time. None of these is ever null.
    member = '{"person_id":' + json_text(person_id) + ',"relation":' + json_text(relation) + "}"
    return "[" + func.string_agg(member, aggregate_order_by(literal(","), person_id)) + "]"


def _household_text(household_id: Any, stamped: Any, members: Any) -> Any:
    """A household's item as JSON text: keys in canonical (sorted) order; ``stamped`` its
    fields and their stamps (``stamped_fields_text``), ``members`` the JSON list of its
    members."""
    quoted_id = json_text(household_id)
    # ``||`` as in ``_members_text``; the columns are not null; a null members list (one not
    # stored) or null compact stamps make the item null, and ``_written`` tells.
    return (
        '{"entity":"household","entity_id":'
        + quoted_id
        + ',"payload":{'
        + stamped
        + ',"household_id":'
        + quoted_id
        + ',"members":'
        + members
        + "}}"
    )


def _walked_text(
    conn: Connection,
    device: Device,
    after: str,
    limit: int,
    sends: Callable[[Any], Any],
    stored: bool,
    compact: bool,
) -> Written | None:
    """``text`` for a scope of many of the platform's people: one walk of the
    households and their members from ``after``, in the members' key order; with
    ``stored``, the members lists from ``households.members_json`` (None when an item is
    null, as ``_chosen_text`` says).

    Each household's members who share are grouped as they come (households and members
    merged on the household id, the members' key read as one range rather than descended
    into for each household), and the household is kept when one of them is in the scope:
    one look-up of the scope's index for the group's ids together (``= ANY``), which stops
    at the first found. The walk stops at the page's limit. Asking each household first and
    reading the range's members again took about a tenth more of the server's time at 100,000
    people (docs/platform.md, "Snapshot, households, third round"). Writing the members' text
    from their rows was about a quarter of the walk's time ("Snapshot, fourth round").
    """
    group_ids = func.array_agg(household_members.c.person_id)
    in_scope = (
        select(person_scopes.c.person_id)
        .where(
            person_scopes.c.person_id == any_(group_ids),
            person_scopes.c.scope_key.in_(sorted(device.scope_keys)),
        )
        .exists()
    )
    members = (
        households.c.members_json
        if stored
        else _members_text(household_members.c.person_id, household_members.c.relation)
    )
    stamped = stamped_fields_text(
        households.c.fields,
        households.c.field_hlc,
        households.c.record_hlc,
        households.c.differing_hlc,
        compact,
    )
    page = (
        select(
            households.c.household_id,
            _household_text(households.c.household_id, stamped, members).label("item"),
        )
        .select_from(
            households.join(
                household_members,
                household_members.c.household_id == households.c.household_id,
            )
        )
        # Both sides bounded, so that each is read as a range from ``after``.
        .where(
            households.c.household_id > after,
            household_members.c.household_id > after,
            sends(household_members.c.person_id),
        )
        # ``fields``, the stamps and ``members_json`` depend on the household's key.
        .group_by(households.c.household_id)
        .having(in_scope)
        .order_by(households.c.household_id)
        .limit(limit)
    )
    return _written(conn, page)


def count_query(conn: Connection, device: Device, held: Any, everyone: Any) -> Any:
    """How many households a snapshot of the device's scope holds, for its first page's count,
    as a scalar subquery; ``held`` and ``everyone`` are the counts of the scope's people
    (``shared.held_count``) and of the platform's (``everyone_count``) in the same statement.

    When the scope holds every person of the platform, every member is in it (each member has
    a ``persons`` row: a foreign key), and the households are those with a member who shares,
    without a look-up of each member in the scope: a third of the time (17 ms of the server at
    100,000 people, 45 for the look-ups). Otherwise, on PostgreSQL, the distinct households of
    the members who share and are in the scope (every member's household has a row: a foreign
    key): asking each household whether it has such a member took half as long again (68 ms
    against 45). SQLite asks each household (30 ms; 43 for the distinct members').
    """
    member = household_members.c.person_id
    postgresql = conn.dialect.name == "postgresql"
    # On PostgreSQL too the few who withheld as one hashed set (NOT IN), which it does not
    # probe when it is empty; for NOT EXISTS it hashed every member's id (2 ms).
    sends = _not_withheld() if postgresql and not feed.many_withheld(conn) else _sends(conn)
    if postgresql:
        scoped = in_scope(device, member, after=None)
        some = select(household_members.c.household_id).where(sends(member), scoped).distinct()
    else:
        some = _households_query(device, sends)
    every = select(household_members.c.household_id).where(sends(member)).distinct()
    # Only the branch taken is run: each subquery is the statement's, run when first read.
    return case(
        (held == everyone, _counted(every)),
        else_=_counted(some),
    )


def _counted(query: Select[Any]) -> Any:
    return select(func.count()).select_from(query.subquery()).scalar_subquery()
