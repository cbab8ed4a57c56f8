"""The initial snapshot for a new kiosk: current state of its scope, in resumable pages.

The first page fixes a snapshot position (the feed head at that moment). Every page token
carries it with the phase and the last key served, so a kiosk that loses its connection asks
again with the same token. When the last page is done the kiosk pulls the feed from the
snapshot position; changes made while it paged arrive again there and, being whole-state
upserts applied in order, leave it with the newest state.
"""

from __future__ import annotations

import functools
import itertools
import json
import operator
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection, Select, Text, any_, case, cast, func, literal, not_, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from kazasu_protocol import b64url, person_item
from linkage import city_cards, feed, keys, supplies
from linkage.devices import Device
from linkage.places import shelter_payload
from linkage.problems import Problem
from linkage.questions import municipalities_of, question_payload
from linkage.tables import (
    card_links,
    city_card_formats,
    household_members,
    households,
    person_scopes,
    persons,
    presence,
    questions,
    shelter_supplies,
    shelters,
)
from linkage.voting import snapshot as voting_snapshot

REVOKED_KEYS = "revoked_key"
# When the device's scope holds at least this share of the platform's people a household page
# asks each household in turn (SQLite) or walks the households with their members
# (PostgreSQL, ``_walked_text``), and lets the database choose otherwise (``_dense``).
PROBE_SHARE = 0.4
# PostgreSQL's memory for a person page's sorts and intermediate rows (``people_text``).
PAGE_WORK_MEM = "32MB"
# How long a process trusts its count of a scope's share, in seconds.
SHARE_COUNT_S = 60.0
_shares: dict[tuple[str, tuple[str, ...]], tuple[float, bool]] = {}
# Definitions first: a kiosk knows its shelters before it learns who is in them.
PHASES = (
    "shelter",
    "supplies",
    "question",
    "city_card_format",
    "person",
    "city_card",
    "household",
    "presence",
    *voting_snapshot.PHASES,
    REVOKED_KEYS,
)


# An item of a page: a dictionary, or a run of items the database wrote as JSON text.
Item = dict[str, Any] | orjson.Fragment


class Written(NamedTuple):
    """``size`` items as the database wrote them: their canonical JSON texts, comma-separated,
    in order; ``last`` is the last one's entity id."""

    text: str
    size: int
    last: str


@dataclass(frozen=True)
class Token:
    """Where a snapshot stands: its position, the phase, the last key served, and how many
    items the whole snapshot holds (counted once, on the first page)."""

    position: int
    phase: str
    after: str
    total: int

    def encode(self) -> str:
        """The opaque page token."""
        fields = [1, self.position, self.phase, self.after, self.total]
        raw = json.dumps(fields, separators=(",", ":"))
        return b64url.encode(raw.encode())

    @classmethod
    def decode(cls, text: str) -> Token:
        """Read a page token; malformed tokens are a 400."""
        try:
            raw = b64url.decode(text)
            version, position, phase, after, total = json.loads(raw)
            if version != 1 or not isinstance(position, int) or position < 0:
                raise ValueError("bad token")
            if not isinstance(total, int) or total < 0:
                raise ValueError("bad token")
            if phase not in PHASES or not isinstance(after, str):
                raise ValueError("bad token")
        except (ValueError, TypeError, UnicodeDecodeError) as exc:
            raise Problem(400, "invalid-page-token", "Malformed snapshot page token") from exc
        return cls(position, phase, after, total)


def page(
    conn: Connection, device: Device, token: str | None, limit: int, compact: bool = False
) -> tuple[int, list[Item], str | None, int]:
    """One snapshot page: (snapshot position, items, next page token or None when done, the
    number of items in the whole snapshot, for the kiosk's progress bar). ``compact``: the
    person items in the compact form (kazasu_protocol/person_item.py), which the kiosk asked for.

    An item may be an ``orjson.Fragment`` holding several items' JSON, comma-separated:
    written into a list by ``canonical_json_bytes``, they are that many items of it.
    """
    if token:
        state = Token.decode(token)
    else:
        state = Token(feed.head(conn), PHASES[0], "", _count(conn, device))
    items: list[Item] = []
    served = 0
    phase, after = state.phase, state.after
    while True:
        wanted = limit - served
        batch = _read(conn, device, phase, after, wanted, compact)
        if isinstance(batch, Written):
            count, last = batch.size, batch.last
            if count:
                items.append(orjson.Fragment(batch.text))
        else:
            count, last = len(batch), str(batch[-1]["entity_id"]) if batch else ""
            items += batch
        served += count
        if count == wanted:
            # The page is full; this phase may hold more.
            following_token = Token(state.position, phase, last, state.total).encode()
            return state.position, items, following_token, state.total
        following = PHASES.index(phase) + 1
        if following == len(PHASES):
            return state.position, items, None, state.total
        phase, after = PHASES[following], ""


def _in_scope(device: Device, person_id: Any, after: str = "") -> Any:
    # EXISTS keeps the walk in person-id order on the primary key. ``after`` bounds the
    # scope's index range too: without it a page's merge with that index read it from the
    # scope's first person, so each page read every person of the pages before it.
    return (
        select(person_scopes.c.person_id)
        .where(
            person_scopes.c.person_id == person_id,
            person_scopes.c.scope_key.in_(sorted(device.scope_keys)),
            person_scopes.c.person_id > after,
        )
        .exists()
    )


def _read(
    conn: Connection, device: Device, phase: str, after: str, limit: int, compact: bool
) -> list[dict[str, Any]] | Written:
    if phase == "shelter":
        return _shelters(conn, device, after, limit)
    if phase == "supplies":
        return _supplies(conn, device, after, limit)
    if phase == "question":
        return _questions(conn, device, after, limit)
    if phase == "city_card_format":
        return _city_card_formats(conn, device, after, limit)
    if phase == "person":
        if conn.dialect.name == "postgresql":
            return people_text(conn, device, after, limit, compact)
        return people(conn, device, after, limit, compact)
    if phase == "city_card":
        return _city_cards(conn, device, after, limit)
    if phase == "household":
        if conn.dialect.name == "postgresql":
            return households_text(conn, device, after, limit)
        return _households(conn, device, after, limit)
    if phase in voting_snapshot.PHASES:
        return voting_snapshot.read(conn, device, phase, after, limit)
    if phase == REVOKED_KEYS:
        return keys.revocations(conn, after, limit)
    return _presence(conn, device, after, limit)


def _count(conn: Connection, device: Device) -> int:
    """How many items the snapshot of this device's scope holds, across its phases."""
    queries = (
        _shelters_query(device),
        _supplies_query(device),
        _questions_query(conn, device),
        city_cards.formats_query(conn, device),
        city_cards.links_query(lambda pid: _in_scope(device, pid)),
        _households_query(device, _sends(conn)),
        _presence_query(device),
    )
    # One statement, one round trip, for the phases' counts.
    counts = [select(func.count()).select_from(q.subquery()).scalar_subquery() for q in queries]
    counts.append(_people_count(device))
    phases = int(conn.execute(select(functools.reduce(operator.add, counts))).scalar_one())
    return keys.revoked_count(conn) + voting_snapshot.count(conn, device) + phases


def _shelters_query(device: Device) -> Select[Any]:
    return select(shelters).where(shelters.c.shelter_id.in_(list(device.scope.shelters)))


def _shelters(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        _shelters_query(device)
        .where(shelters.c.shelter_id > after)
        .order_by(shelters.c.shelter_id)
        .limit(limit)
    )
    return [
        {"entity": "shelter", "entity_id": r.shelter_id, "payload": shelter_payload(r)}
        for r in rows
    ]


def _supplies_query(device: Device) -> Select[Any]:
    return (
        select(shelter_supplies.c.shelter_id)
        .where(shelter_supplies.c.shelter_id.in_(list(device.scope.shelters)))
        .distinct()
    )


def _supplies(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    # One item per shelter with supplies recorded, as the feed's ``supplies`` change.
    ids: list[str] = list(
        conn.execute(
            _supplies_query(device)
            .where(shelter_supplies.c.shelter_id > after)
            .order_by(shelter_supplies.c.shelter_id)
            .limit(limit)
        ).scalars()
    )
    return [
        {"entity": "supplies", "entity_id": sid, "payload": supplies.changes(conn, sid)[0].payload}
        for sid in ids
    ]


def _questions_query(conn: Connection, device: Device) -> Select[Any]:
    towns = municipalities_of(conn, list(device.scope.shelters))
    return select(questions).where(questions.c.municipality_id.in_(towns))


def _questions(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    # A kiosk holds one definition per question id; its shelters normally share a municipality.
    rows = conn.execute(
        _questions_query(conn, device)
        .where(questions.c.question_id > after)
        .order_by(questions.c.question_id, questions.c.municipality_id)
        .limit(limit)
    )
    return [
        {"entity": "question", "entity_id": r.question_id, "payload": question_payload(r)}
        for r in rows
    ]


def _city_card_formats(
    conn: Connection, device: Device, after: str, limit: int
) -> list[dict[str, Any]]:
    rows = conn.execute(
        city_cards.formats_query(conn, device)
        .where(city_card_formats.c.municipality_id > after)
        .order_by(city_card_formats.c.municipality_id)
        .limit(limit)
    )
    return [
        {
            "entity": "city_card_format",
            "entity_id": r.municipality_id,
            "payload": city_cards.format_payload(r),
        }
        for r in rows
    ]


def _people_query(device: Device, after: str = "") -> Select[Any]:
    return select(
        persons.c.person_id,
        persons.c.kind,
        persons.c.household_id,
        persons.c.fields,
        persons.c.field_hlc,
        persons.c.record_hlc,
        persons.c.differing_hlc,
    ).where(
        _in_scope(device, persons.c.person_id, after),
        persons.c.shareable.is_(True),
        persons.c.merged_into.is_(None),
    )


def _people_count(device: Device) -> Any:
    """How many people ``_people_query`` reads, as a scalar subquery: the people the scope
    holds less those of them who do not share or were merged away.

    The first from the scope's index alone, the second from the partial indexes of the few
    (``ix_persons_withheld``, ``ix_persons_merged``): counting the people as ``_people_query``
    reads them joined every person's row to the scope's (a tenth of a second at 100,000).
    """
    held = select(person_scopes.c.person_id).where(
        person_scopes.c.scope_key.in_(sorted(device.scope_keys))
    )
    if len(device.scope_keys) > 1:
        # A person held by two of the scope's keys is one person.
        held = held.distinct()
    unsent = (
        select(func.count())
        .select_from(persons)
        .where(
            # ``shareable`` is never null: not true is false.
            or_(not_(persons.c.shareable), persons.c.merged_into.is_not(None)),
            _in_scope(device, persons.c.person_id),
        )
        .scalar_subquery()
    )
    return select(func.count()).select_from(held.subquery()).scalar_subquery() - unsent


def _people_page(device: Device, after: str, limit: int) -> Select[Any]:
    return (
        _people_query(device, after)
        .where(persons.c.person_id > after)
        .order_by(persons.c.person_id)
        .limit(limit)
    )


def people(
    conn: Connection, device: Device, after: str, limit: int, compact: bool = False
) -> list[dict[str, Any]]:
    """Up to ``limit`` people of the device's scope after the person id ``after``, as items;
    ``compact``: as compact items (kazasu_protocol/person_item.py)."""
    # (person id, kind, household id, fields, field stamps, record stamp, differing stamps):
    # ``_people_query``'s columns.
    rows = conn.execute(_people_page(device, after, limit)).tuples().all()
    cards: dict[str, list[str]] = {}
    if rows:
        for link in conn.execute(
            # A key range rather than a list of thousands of ids: one cheap index range scan.
            select(card_links.c.person_id, card_links.c.card_key)
            .where(card_links.c.person_id > after, card_links.c.person_id <= rows[-1][0])
            .order_by(card_links.c.card_key)
        ):
            cards.setdefault(link.person_id, []).append(link.card_key)
    if compact:
        return [
            _compact_person(pid, kind, hid, fields, field_hlc, hlc, differing, cards.get(pid, []))
            for pid, kind, hid, fields, field_hlc, hlc, differing in rows
        ]
    # Each row unpacked once: reading a row's columns by name was most of this function's time.
    return [
        {
            "entity": "person",
            "entity_id": person_id,
            "payload": {
                "person_id": person_id,
                "kind": kind,
                "household_id": household_id,
                # Stored canonical JSON, spliced into the answer (``canonical_json_bytes``):
                # parsing and writing them again was most of a snapshot page's time.
                "fields": orjson.Fragment(fields),
                "field_hlc": orjson.Fragment(field_hlc),
                "card_keys": cards.get(person_id, []),
            },
        }
        for person_id, kind, household_id, fields, field_hlc, _, _ in rows
    ]


def _compact_person(
    person_id: str,
    kind: str,
    household_id: str | None,
    fields: str,
    field_hlc: str,
    record_hlc: str | None,
    differing_hlc: str | None,
    card_keys: list[str],
) -> dict[str, Any]:
    """A person's compact item from the compact stamps stored beside ``field_hlc``; for a row
    stored without them, from ``field_hlc``."""
    differing: Any
    if differing_hlc is None:
        record_hlc, differing = person_item.compact_stamps(
            orjson.loads(fields), orjson.loads(field_hlc)
        )
    else:
        # Stored canonical JSON, spliced in as ``fields`` is; "{}" is no differing stamp.
        differing = orjson.Fragment(differing_hlc) if differing_hlc != "{}" else None
    payload: dict[str, Any] = {
        "person_id": person_id,
        "kind": kind,
        "household_id": household_id,
        "fields": orjson.Fragment(fields),
        "hlc": record_hlc,
        "card_keys": card_keys,
    }
    if differing:
        payload["field_hlc"] = differing
    return {"entity": "person", "entity_id": person_id, "payload": payload}


def people_text(
    conn: Connection, device: Device, after: str, limit: int, compact: bool = False
) -> list[dict[str, Any]] | Written:
    """``people`` as PostgreSQL writes them: the same canonical JSON text, in one value.

    Building a dictionary around each person's stored fields was most of a snapshot page's
    time in this process; PostgreSQL splices the stored text into the items itself, the
    compact items' stamps too (``persons.record_hlc``, ``differing_hlc``). A page with a
    person stored without those is built by ``people`` instead.
    """
    # The page (its CTE) and the aggregate's sort of its items each hold every person's
    # stored text: past the default 4 MB they went to temporary files (about 9 MB written a
    # page of 5,000 kiosk-registered people). For the rest of the page's transaction.
    conn.exec_driver_sql(f"SET LOCAL work_mem = '{PAGE_WORK_MEM}'")
    # Each id quoted once, as JSON quotes it: it is written twice.
    quoted_id = cast(func.to_json(persons.c.person_id), Text).label("quoted_id")
    # A CTE: the card keys' range reads the page's last id, and the page is read once.
    page = _people_page(device, after, limit).add_columns(quoted_id).cte("page")
    # The page's card keys, one JSON array per person, in card-key order; a key range of the
    # page's person ids rather than a probe per person.
    cards = (
        select(
            card_links.c.person_id,
            (
                "["
                + func.string_agg(
                    cast(func.to_json(card_links.c.card_key), Text),
                    aggregate_order_by(literal(","), card_links.c.card_key),
                )
                + "]"
            ).label("card_keys"),
        )
        .where(
            card_links.c.person_id > after,
            card_links.c.person_id <= select(func.max(page.c.person_id)).scalar_subquery(),
        )
        .group_by(card_links.c.person_id)
        .subquery()
    )
    # Keys in canonical (sorted) order; ids are quoted as JSON quotes them, kind and fields
    # are stored canonical JSON or plain words. A compact item has its differing stamps
    # (stored canonical JSON) only when there are some, and its record's stamp.
    stamps: tuple[Any, ...] = (',"field_hlc":', page.c.field_hlc, ',"fields":', page.c.fields)
    if compact:
        stamps = (
            case(
                (page.c.differing_hlc == "{}", ""),
                else_=',"field_hlc":' + page.c.differing_hlc,
            ),
            ',"fields":',
            page.c.fields,
            ',"hlc":',
            func.coalesce(_json_text(page.c.record_hlc), "null"),
        )
    # Joined with ``||`` rather than ``concat`` (``_members_text`` says why). No part is null
    # but a compact item's differing stamps of a row stored without them, and a page holding
    # such a row is built by ``people``.
    parts: tuple[Any, ...] = (
        '{"entity":"person","entity_id":',
        page.c.quoted_id,
        ',"payload":{"card_keys":',
        func.coalesce(cards.c.card_keys, "[]"),
        *stamps,
        ',"household_id":',
        func.coalesce(cast(func.to_json(page.c.household_id), Text), "null"),
        ',"kind":',
        cast(func.to_json(page.c.kind), Text),
        ',"person_id":',
        page.c.quoted_id,
        "}}",
    )
    item = functools.reduce(operator.add, parts)
    row = conn.execute(
        select(
            func.string_agg(item, aggregate_order_by(literal(","), page.c.person_id)),
            func.max(page.c.person_id),
            func.count(),
            # Whether a person of the page was stored without the compact stamps.
            func.bool_or(page.c.differing_hlc.is_(None)) if compact else literal(False),
        ).select_from(page.outerjoin(cards, cards.c.person_id == page.c.person_id))
    ).one()
    if row[3]:
        return people(conn, device, after, limit, compact)
    text: str | None = row[0]
    last: str | None = row[1]
    return Written(text or "", int(row[2]), last or "")


def _city_cards(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    rows = city_cards.links_after(conn, lambda pid: _in_scope(device, pid), after, limit)
    return [
        {
            "entity": "city_card",
            "entity_id": f"{r.municipality_id}:{r.card_id}",
            "payload": city_cards.link_payload(r.municipality_id, r.card_id, r.person_id),
        }
        for r in rows
    ]


def _households_query(device: Device, sends: Callable[[Any], Any]) -> Select[Any]:
    # Counted once per snapshot, so the database may read it as one join of all members; a
    # page asks each household in turn (``_households_page``). Whether a member shares is
    # ``sends`` (the withheld people's index), not a join of every member's row.
    shared = (
        select(household_members.c.person_id)
        .where(
            household_members.c.household_id == households.c.household_id,
            sends(household_members.c.person_id),
            _in_scope(device, household_members.c.person_id),
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
        withheld = select(persons.c.person_id).where(not_(persons.c.shareable))
        return lambda person_id: person_id.not_in(withheld)

    def sends(person_id: Any) -> Any:
        withheld = select(persons.c.person_id).where(
            persons.c.person_id == person_id, not_(persons.c.shareable)
        )
        # An OFFSET keeps PostgreSQL from making the EXISTS a hashed set.
        return ~(withheld.offset(0) if probe else withheld).exists()

    return sends


def _dense(conn: Connection, device: Device) -> bool:
    """Whether the device's scope holds ``PROBE_SHARE`` or more of the platform's people, as
    counted by this process within the last ``SHARE_COUNT_S`` seconds."""
    key = (conn.engine.url.render_as_string(), tuple(sorted(device.scope_keys)))
    now = time.monotonic()
    known = _shares.get(key)
    if known is not None and now - known[0] < SHARE_COUNT_S:
        return known[1]
    held = (
        select(func.count(func.distinct(person_scopes.c.person_id)))
        .where(person_scopes.c.scope_key.in_(sorted(device.scope_keys)))
        .scalar_subquery()
    )
    everyone = select(func.count()).select_from(persons).scalar_subquery()
    row = conn.execute(select(held, everyone)).one()
    dense = int(row[0]) >= PROBE_SHARE * int(row[1]) > 0
    _shares[key] = (now, dense)
    return dense


def _households_page(
    device: Device, after: str, limit: int, sends: Callable[[Any], Any], probe: bool
) -> Any:
    """The page's households: the first ``limit`` after ``after`` with a member the device may
    send, in household-id order, as a CTE; with ``probe``, each household asked in turn."""
    # With ``probe`` (``OFFSET 0``, which keeps PostgreSQL from turning the EXISTS into a
    # join) the page walks the households from the last one sent and stops at its limit.
    # Without it PostgreSQL chose, for pages of 5,000, a hash join of every member and scope
    # of the city on every page: for a scope of all 100,000 people that took 2.7 times the
    # probe's time, for a scope of a tenth of them less than half (docs/platform.md,
    # "Snapshot, households, second round"). The answer is the same either way.
    shares = select(household_members.c.person_id).where(
        household_members.c.household_id == households.c.household_id,
        sends(household_members.c.person_id),
        _in_scope(device, household_members.c.person_id),
    )
    if probe:
        shares = shares.offset(0)
    return (
        select(households.c.household_id, households.c.fields, households.c.field_hlc)
        .where(shares.exists(), households.c.household_id > after)
        .order_by(households.c.household_id)
        .limit(limit)
        .cte("page")
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


def _households(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` households of the device's scope after ``after``, as items: each with
    its shareable members in person-id order, those outside the scope too, as the feed's
    household upserts (``people.households_changes``) list them."""
    sends = _sends(conn)
    page = _households_page(device, after, limit, sends, _dense(conn, device))
    listed = _listed(page, after, sends).subquery()
    # One statement for the page's households and their members, a row per member: a
    # statement per household was one round trip per 2.2 residents of a city.
    rows = conn.execute(
        select(page.c.household_id, page.c.fields, page.c.field_hlc)
        .add_columns(listed.c.person_id, listed.c.relation)
        # Inner: a household is on the page for a shareable member, so it has a row.
        .select_from(page.join(listed, listed.c.household_id == page.c.household_id))
        .order_by(page.c.household_id, listed.c.person_id)
    )
    out: list[dict[str, Any]] = []
    for (hid, fields, field_hlc), group in itertools.groupby(
        rows, key=operator.itemgetter(0, 1, 2)
    ):
        members = [{"person_id": pid, "relation": rel} for *_, pid, rel in group]
        payload = {
            "household_id": hid,
            "fields": orjson.Fragment(fields),
            "field_hlc": orjson.Fragment(field_hlc),
            "members": members,
        }
        out.append({"entity": "household", "entity_id": hid, "payload": payload})
    return out


def _json_text(column: Any) -> Any:
    """``column`` as JSON quotes it."""
    return cast(func.to_json(column), Text)


def households_text(conn: Connection, device: Device, after: str, limit: int) -> Written:
    """``_households`` as PostgreSQL writes them: the same canonical JSON text, in one value,
    as ``people_text`` writes the people; for a scope of many of the platform's people by
    ``_walked_text``."""
    # The per-household probe's cost estimate puts a page of 5,000 past ``jit_above_cost``,
    # and compiling it took about 19 ms a page, longer than running it without. For the rest
    # of the page's transaction: its statements are all short.
    conn.exec_driver_sql("SET LOCAL jit = off")
    sends = _sends(conn)
    if _dense(conn, device):
        return _walked_text(conn, device, after, limit, sends)
    page = _households_page(device, after, limit, sends, False)
    listed = _listed(page, after, sends).subquery()
    members = (
        select(
            listed.c.household_id,
            _members_text(listed.c.person_id, listed.c.relation).label("members"),
        )
        .group_by(listed.c.household_id)
        .subquery()
    )
    item = _household_text(page.c.household_id, page.c.fields, page.c.field_hlc, members.c.members)
    row = conn.execute(
        select(
            func.string_agg(item, aggregate_order_by(literal(","), page.c.household_id)),
            func.max(page.c.household_id),
            func.count(),
        )
        # Inner: a household is on the page for a shareable member, so it has members.
        .select_from(page.join(members, members.c.household_id == page.c.household_id))
    ).one()
    text: str | None = row[0]
    last: str | None = row[1]
    return Written(text or "", int(row[2]), last or "")


def _members_text(person_id: Any, relation: Any) -> Any:
    """A household's members as the comma-separated JSON objects of its item's list, in
    person-id order (an aggregate of its member rows)."""
    # ``||`` rather than ``concat``, which writes each argument through its type's output
    # function: a tenth of the household phase's server time. None of these is ever null.
    member = '{"person_id":' + _json_text(person_id) + ',"relation":' + _json_text(relation) + "}"
    return func.string_agg(member, aggregate_order_by(literal(","), person_id))


def _household_text(household_id: Any, fields: Any, field_hlc: Any, members: Any) -> Any:
    """A household's item as JSON text: keys in canonical (sorted) order; fields and their
    stamps are stored canonical JSON, ``members`` is ``_members_text``."""
    quoted_id = _json_text(household_id)
    # ``||`` as in ``_members_text``; the columns are not null, nor is a household's members'
    # aggregate (it is on the page for a member).
    return (
        '{"entity":"household","entity_id":'
        + quoted_id
        + ',"payload":{"field_hlc":'
        + field_hlc
        + ',"fields":'
        + fields
        + ',"household_id":'
        + quoted_id
        + ',"members":['
        + members
        + "]}}"
    )


def _walked_text(
    conn: Connection, device: Device, after: str, limit: int, sends: Callable[[Any], Any]
) -> Written:
    """``households_text`` for a scope of many of the platform's people: one walk of the
    households and their members from ``after``, in the members' key order.

    Each household's members who share are grouped as they come (households and members
    merged on the household id, the members' key read as one range rather than descended
    into for each household), and the household is kept when one of them is in the scope:
    one look-up of the scope's index for the group's ids together (``= ANY``), which stops
    at the first found. The walk stops at the page's limit. Asking each household first and
    reading the range's members again took about a tenth more of the server's time at 100,000
    people (docs/platform.md, "Snapshot, households, third round").
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
    page = (
        select(
            households.c.household_id,
            _household_text(
                households.c.household_id,
                households.c.fields,
                households.c.field_hlc,
                _members_text(household_members.c.person_id, household_members.c.relation),
            ).label("item"),
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
        # ``fields`` and ``field_hlc`` depend on the household's key.
        .group_by(households.c.household_id)
        .having(in_scope)
        .order_by(households.c.household_id)
        .limit(limit)
        .subquery()
    )
    row = conn.execute(
        select(
            func.string_agg(page.c.item, aggregate_order_by(literal(","), page.c.household_id)),
            func.max(page.c.household_id),
            func.count(),
        )
    ).one()
    text: str | None = row[0]
    last: str | None = row[1]
    return Written(text or "", int(row[2]), last or "")


def _presence_query(device: Device) -> Select[Any]:
    return (
        select(presence)
        .join(persons, persons.c.person_id == presence.c.person_id)
        .where(
            presence.c.shelter_id.in_(list(device.scope.shelters)),
            persons.c.shareable.is_(True),
        )
    )


def _presence(conn: Connection, device: Device, after: str, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        _presence_query(device)
        .where(presence.c.person_id > after)
        .order_by(presence.c.person_id)
        .limit(limit)
    )
    return [
        {
            "entity": "presence",
            "entity_id": r.person_id,
            "payload": {
                "person_id": r.person_id,
                "shelter_id": r.shelter_id,
                "state": r.state,
                "hlc": r.hlc,
            },
        }
        for r in rows
    ]
