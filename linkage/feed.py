"""The change feed kiosks pull: positions assigned at commit, in commit order, with no gaps.

Writers buffer their changes and call ``append`` as the last statement of their transaction.
``append`` advances a single-row counter with an UPDATE, which holds that row's lock until
the transaction commits; the next writer's UPDATE waits and then reads the committed value.
So positions are handed out in commit order and every position a reader can see has all the
positions below it already visible: a reader paging with ``position > cursor`` never skips a
row. (A plain sequence would let a later-numbered transaction commit first.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from json.encoder import encode_basestring as quote
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    literal_column,
    or_,
    select,
    union_all,
    update,
)

from linkage import PROTOCOL_VERSION
from linkage.canonical import canonical_json, now_ms
from linkage.db import bulk_insert
from linkage.tables import changes, feed_counter, persons

COUNTER_ID = 1


@dataclass(frozen=True)
class Change:
    """One change for the kiosks of one scope. ``person_id`` ties it to a person's consent."""

    scope_key: str
    entity: str
    entity_id: str
    op: str
    payload: dict[str, Any]
    person_id: str | None


def append(conn: Connection, pending: Iterable[Change]) -> int:
    """Give ``pending`` the next positions and store them; returns the last position."""
    rows = list(pending)
    if not rows:
        return 0
    last: int = conn.execute(
        update(feed_counter)
        .where(feed_counter.c.counter_id == COUNTER_ID)
        .values(position=feed_counter.c.position + len(rows))
        .returning(feed_counter.c.position)
    ).scalar_one()
    first = last - len(rows) + 1
    committed = now_ms()
    bulk_insert(
        conn,
        changes,
        [
            {
                "position": first + i,
                "scope_key": c.scope_key,
                "person_id": c.person_id,
                "entity": c.entity,
                "entity_id": c.entity_id,
                "op": c.op,
                "payload": canonical_json(c.payload),
                "committed_at_ms": committed,
            }
            for i, c in enumerate(rows)
        ],
    )
    return last


def head(conn: Connection) -> int:
    """The last position handed out (all positions up to it are committed)."""
    value: int = conn.execute(
        select(feed_counter.c.position).where(feed_counter.c.counter_id == COUNTER_ID)
    ).scalar_one()
    return value


def _page_for_scope(scope_key: str, after: int, limit: int) -> Select[Any]:
    # Upserts of a person whose kiosk sharing consent is not given are skipped; deletions
    # and merges always go through so that kiosks drop what they hold.
    visible = or_(
        changes.c.person_id.is_(None),
        changes.c.op != "upsert",
        persons.c.shareable.is_(True),
    )
    return (
        select(
            changes.c.position,
            changes.c.entity,
            changes.c.entity_id,
            changes.c.op,
            changes.c.payload,
        )
        .select_from(changes.outerjoin(persons, persons.c.person_id == changes.c.person_id))
        .where(and_(changes.c.scope_key == scope_key, changes.c.position > after, visible))
        .order_by(changes.c.position)
        .limit(limit)
    )


def page(conn: Connection, scope_keys: Iterable[str], after: int, limit: int) -> list[Any]:
    """Up to ``limit`` changes after position ``after`` for these scopes, in position order."""
    keys = sorted(scope_keys)
    if len(keys) == 1:
        return list(conn.execute(_page_for_scope(keys[0], after, limit)).all())
    # One ordered index range per scope, merged: cheaper than filtering the whole feed.
    parts = union_all(*(_page_for_scope(k, after, limit).subquery().select() for k in keys))
    merged = parts.subquery()
    stmt = select(merged).order_by(literal_column("position")).limit(limit)
    return list(conn.execute(stmt).all())


def render_page(rows: list[Any], after: int, limit: int) -> str:
    """The JSON text of a pull answer; stored payloads are spliced in without re-encoding."""
    # entity and op come from fixed sets of plain words; ids are escaped.
    items = [
        f'{{"position":{r.position},"entity":"{r.entity}","entity_id":{quote(r.entity_id)},'
        f'"op":"{r.op}","payload":{r.payload}}}'
        for r in rows
    ]
    next_after = rows[-1].position if rows else after
    has_more = "true" if len(rows) == limit else "false"
    return (
        f'{{"protocol":{PROTOCOL_VERSION},"changes":[{",".join(items)}],'
        f'"next_after":{next_after},"has_more":{has_more}}}'
    )
