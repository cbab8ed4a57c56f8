"""The change feed kiosks pull: positions assigned at commit, in commit order, with no gaps.

Writers buffer their changes and call ``append`` as the last statement of their transaction.
``append`` advances a single-row counter with an UPDATE, which holds that row's lock until
the transaction commits; the next writer's UPDATE waits and then reads the committed value.
So positions are handed out in commit order and every position a reader can see has all the
positions below it already visible: a reader paging with ``position > cursor`` never skips a
row. (A plain sequence would let a later-numbered transaction commit first.)
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from json.encoder import encode_basestring as quote
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import orjson
from psycopg import pq
from psycopg.abc import Buffer
from psycopg.adapt import Loader
from sqlalchemy import (
    BigInteger,
    Connection,
    Dialect,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from kazasu_protocol.canonical import canonical_json
from linkage import PROTOCOL_VERSION
from linkage.canonical import canonical_json_bytes, now_ms
from linkage.db import bulk_insert, bulk_load_tuples, json_rows, recordset_columns
from linkage.tables import changes, feed_counter, persons

if TYPE_CHECKING:
    import psycopg

COUNTER_ID = 1
# From this many changes on, ``append`` streams them in (a bulk import's).
STREAMED = 20_000
# The scope key of changes every device reads, whatever its scope (key revocations).
EVERY_DEVICE = "all"
# From this many people who withheld sharing on, a PostgreSQL page looks each change's person
# up in their index instead of reading them all into a hashed set: the server's own choice
# between the two read 100,000 of them for every page (40-90 ms) where the look-ups took 8-13.
WITHHELD_SET_MAX = 10_000
# How long a process goes by its count of them (the choice changes the speed only).
WITHHELD_COUNT_S = 60.0
_withheld_counts: dict[str, tuple[float, bool]] = {}
_COLUMNS = ("scope_key", "person_id", "entity", "entity_id", "op", "payload", "committed_at_ms")


class Change(NamedTuple):
    """One change for the kiosks of one scope. ``person_id`` ties it to a person's consent."""

    # A named tuple rather than a frozen dataclass: pushes make thousands of these, and a
    # tuple is built several times faster.

    scope_key: str
    entity: str
    entity_id: str
    op: str
    payload: dict[str, Any]
    person_id: str | None


class Encoded(NamedTuple):
    """A ``Change`` whose payload is already its canonical JSON text, in UTF-8.

    A bulk import holds hundreds of thousands of changes until its commit: as UTF-8 text they
    take a fraction of the memory of their payload dicts, and half that of a ``str`` (one
    Japanese character makes Python store every character of a ``str`` in two bytes).
    """

    scope_key: str
    entity: str
    entity_id: str
    op: str
    payload: bytes
    person_id: str | None


def encode(change: Change) -> Encoded:
    """``change`` with its payload encoded as it will be stored."""
    # Payloads are stored and sent, never hashed: the fast writer of the same canonical form.
    # orjson's bytes keep the capacity of its working buffer (kilobytes); an import holds
    # 100,000 payloads until they are stored, so each is copied to its own size.
    text = bytes(memoryview(canonical_json_bytes(change.payload)))
    return Encoded(*change[:4], text, change.person_id)


def _payload_text(change: Change | Encoded) -> str:
    if isinstance(change, Encoded):
        return change.payload.decode()
    # Stored and sent, never hashed: the fast writer, unless the payload holds what only the
    # protocol's own writer takes (an integer beyond 64 bits).
    try:
        return canonical_json_bytes(change.payload).decode()
    except orjson.JSONEncodeError:
        return canonical_json(change.payload)


def append(
    conn: Connection, pending: Sequence[Change | Encoded], commit: Callable[[], None]
) -> None:
    """Give ``pending`` the next positions, store them and ``commit`` the transaction.

    The counter row stays locked from its UPDATE until the commit, so every writer queues
    there: everything that can be done before taking it (encoding the payloads) is done first,
    and on PostgreSQL the UPDATE, the INSERT and the COMMIT travel as one pipeline, so the lock
    is held for the database's own work only, never while this process waits for its turn to
    run Python.

    A bulk import's tens of thousands of changes (``STREAMED``) are streamed in instead,
    once the counter is taken: building them all as one statement would double the
    import's memory, and the lock is held for the copy alone (about a second per 100,000).
    """
    if len(pending) >= STREAMED:
        _append_streamed(conn, pending)
        commit()
        return
    committed = now_ms()
    rows = [
        {
            "scope_key": c.scope_key,
            "person_id": c.person_id,
            "entity": c.entity,
            "entity_id": c.entity_id,
            "op": c.op,
            "payload": _payload_text(c),
            "committed_at_ms": committed,
        }
        for c in pending
    ]
    if not rows:
        commit()
    elif conn.dialect.name == "postgresql":
        raw = conn.connection.dbapi_connection
        assert raw is not None  # a connection inside a transaction is never detached
        for rank, row in enumerate(rows, 1):
            row["rank"] = rank
        params = {"count": len(rows), "rows": json_rows(rows)}
        try:
            with raw.pipeline():
                raw.execute(_append_sql(), params)
                commit()
        except Exception:
            # A commit that fails ends the transaction for SQLAlchemy, which then returns the
            # connection to its pool without a rollback; it must not go back mid-transaction.
            # The first error is the one to report, whatever the rollback meets.
            with contextlib.suppress(Exception):
                raw.rollback()
            raise
    else:
        last: int = conn.execute(
            update(feed_counter)
            .where(feed_counter.c.counter_id == COUNTER_ID)
            .values(position=feed_counter.c.position + len(rows))
            .returning(feed_counter.c.position)
        ).scalar_one()
        for i, row in enumerate(rows):
            row["position"] = last - len(rows) + 1 + i
        bulk_insert(conn, changes, rows)
        commit()


def _append_streamed(conn: Connection, pending: Sequence[Change | Encoded]) -> None:
    last: int = conn.execute(
        update(feed_counter)
        .where(feed_counter.c.counter_id == COUNTER_ID)
        .values(position=feed_counter.c.position + len(pending))
        .returning(feed_counter.c.position)
    ).scalar_one()
    committed = now_ms()
    rows = (
        (
            last - len(pending) + rank,
            c.scope_key,
            c.person_id,
            c.entity,
            c.entity_id,
            c.op,
            _payload_text(c),
            committed,
        )
        for rank, c in enumerate(pending, 1)
    )
    bulk_load_tuples(conn, changes, ("position", *_COLUMNS), rows)


@functools.cache
def _append_sql() -> str:
    # Positions come from the counter row as it stands once this writer holds its lock; each
    # row carries its place in the batch (``rank``, from 1).
    names = ", ".join(_COLUMNS)
    defs = recordset_columns(changes, _COLUMNS)
    return (
        f"WITH counter AS (UPDATE {feed_counter.name} SET position = position + %(count)s "
        f"WHERE counter_id = {COUNTER_ID} RETURNING position) "
        f"INSERT INTO {changes.name} (position, {names}) "
        f"SELECT counter.position - %(count)s + r.rank, {names} "
        f"FROM counter, json_to_recordset(%(rows)s::json) AS r(rank bigint, {defs})"
    )


def head(conn: Connection) -> int:
    """The last position handed out (all positions up to it are committed)."""
    value: int = conn.execute(
        select(feed_counter.c.position).where(feed_counter.c.counter_id == COUNTER_ID)
    ).scalar_one()
    return value


def _page_for_scope(scope_key: Any, after: Any, limit: Any, probe: bool = False) -> Select[Any]:
    # Upserts of a person whose kiosk sharing consent is not given are skipped, as read at
    # pull time (consent can be withdrawn after the change was written); deletions and merges
    # always go through so that kiosks drop what they hold. Asked of the withheld people only
    # (the partial index ``ix_persons_withheld``): PostgreSQL reads a few of them once per
    # page into a hashed set, or with ``probe`` looks each change's person up in that index (a
    # NOT IN would scan them per change past its memory). A person with no row counts as
    # sharing; its writers never name one (tests/linkage/test_feed_persons.py).
    withheld = select(persons.c.person_id).where(
        persons.c.person_id == changes.c.person_id, not_(persons.c.shareable)
    )
    if probe:
        # An OFFSET keeps PostgreSQL from making the EXISTS a hashed set.
        withheld = withheld.offset(0)
    visible = or_(changes.c.person_id.is_(None), changes.c.op != "upsert", ~withheld.exists())
    return (
        select(
            changes.c.position,
            changes.c.entity,
            changes.c.entity_id,
            changes.c.op,
            changes.c.payload,
        )
        .where(and_(changes.c.scope_key == scope_key, changes.c.position > after, visible))
        .order_by(changes.c.position)
        .limit(limit)
    )


def _page_query(keys: Sequence[Any], after: Any, limit: Any, probe: bool = False) -> Select[Any]:
    # ``keys``, ``after`` and ``limit`` are values, or bound parameters (``_page_text_sql``).
    if len(keys) == 1:
        return _page_for_scope(keys[0], after, limit, probe)
    # One ordered index range per scope, merged: cheaper than filtering the whole feed.
    parts = union_all(*(_page_for_scope(k, after, limit, probe).subquery().select() for k in keys))
    merged = parts.subquery()
    return select(merged).order_by(literal_column("position")).limit(limit)


def many_withheld(conn: Connection) -> bool:
    """Whether ``WITHHELD_SET_MAX`` or more people withhold sharing, as counted by this process
    within the last ``WITHHELD_COUNT_S`` seconds."""
    key = conn.engine.url.render_as_string()
    now = time.monotonic()
    known = _withheld_counts.get(key)
    if known is not None and now - known[0] < WITHHELD_COUNT_S:
        return known[1]
    first = (
        select(persons.c.person_id)
        .where(not_(persons.c.shareable))
        .order_by(persons.c.person_id)
        .limit(WITHHELD_SET_MAX)
        .subquery()
    )
    count: int = conn.execute(select(func.count()).select_from(first)).scalar_one()
    _withheld_counts[key] = (now, count >= WITHHELD_SET_MAX)
    return count >= WITHHELD_SET_MAX


def _scope_keys(scope_keys: Iterable[str]) -> list[str]:
    return sorted({*scope_keys, EVERY_DEVICE})


def page(conn: Connection, scope_keys: Iterable[str], after: int, limit: int) -> list[Any]:
    """Up to ``limit`` changes after position ``after`` for these scopes and the changes for
    every device, in position order."""
    return list(conn.execute(_page_query(_scope_keys(scope_keys), after, limit)).all())


def page_text(conn: Connection, scope_keys: Iterable[str], after: int, limit: int) -> bytes:
    """The UTF-8 JSON of a pull answer: ``render_page`` of ``page``.

    PostgreSQL writes the changes' part itself, in one text value: building a row object per
    change and formatting it in Python was most of a pull's time in this process. That value
    is taken as the bytes the server sent when the connection's encoding is UTF-8 (as it is
    unless a server is set otherwise) and goes out as it came, not decoded into a string and
    encoded again.
    """
    if conn.dialect.name != "postgresql":
        return render_page(page(conn, scope_keys, after, limit), after, limit).encode()
    keys = _scope_keys(scope_keys)
    sql, constants = _page_text_sql(conn.dialect, len(keys), many_withheld(conn))
    params = {**constants, "after": after, "limit": limit}
    params.update((f"key{i}", key) for i, key in enumerate(keys))
    raw = cast("psycopg.Connection[Any]", conn.connection.dbapi_connection)
    with undecoded_text(conn), raw.cursor() as cursor:
        text, last, count = cursor.execute(sql, params).fetchone() or (None, None, 0)
    # A connection in another encoding is decoded by the driver and encoded here.
    if isinstance(text, str):
        text = text.encode()
    has_more = b"true" if count == limit else b"false"
    return b"".join(
        (
            b'{"protocol":%d,"changes":[' % PROTOCOL_VERSION,
            text or b"",
            b'],"next_after":%d,"has_more":%s}' % (after if last is None else last, has_more),
        )
    )


class _Utf8Bytes(Loader):
    """Text columns as the server's UTF-8 bytes (for a connection whose encoding is UTF-8)."""

    def load(self, data: Buffer) -> bytes:
        """The bytes as sent."""
        return bytes(data)


@functools.cache
def _page_text_sql(dialect: Dialect, scopes: int, probe: bool) -> tuple[str, dict[str, Any]]:
    # Compiled once per number of scope keys and form of the consent filter: building and
    # caching the statement on every pull cost more of this process's time than reading the
    # answer.
    after, limit = bindparam("after", type_=BigInteger), bindparam("limit", type_=Integer)
    keys = [bindparam(f"key{i}", type_=Text) for i in range(scopes)]
    rows = _page_query(keys, after, limit, probe).subquery()
    # The same text as ``render_page``'s items: entity and op are plain words, to_json quotes
    # the id as JSON does, the payload is stored canonical JSON.
    item = func.concat(
        '{"position":',
        rows.c.position,
        ',"entity":"',
        rows.c.entity,
        '","entity_id":',
        func.to_json(rows.c.entity_id),
        ',"op":"',
        rows.c.op,
        '","payload":',
        rows.c.payload,
        "}",
    )
    joined = func.string_agg(item, aggregate_order_by(literal(","), rows.c.position))
    compiled = select(joined, func.max(rows.c.position), func.count()).compile(dialect=dialect)
    # The literal pieces are bound parameters with their values; the others are given per pull.
    return str(compiled), dict(compiled.params)


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


@contextlib.contextmanager
def undecoded_text(conn: Connection) -> Iterator[None]:
    """Within: PostgreSQL's text values (type ``text``, as ``string_agg`` writes a page's
    items) read as their UTF-8 bytes, not decoded into Python text, for the pull's page
    (``page_text``) and the snapshot's pages; on a connection of another encoding, decoded as
    usual. A page is spliced into the answer as it came: decoding it and orjson encoding it
    again was 1.3 ms of a person page of 2,000 (a third of the page's time in this process)."""
    driver = conn.connection.dbapi_connection
    if conn.dialect.name != "postgresql" or driver is None or driver.info.encoding != "utf-8":
        yield
        return
    adapters = driver.adapters
    oid = adapters.types["text"].oid
    kept = adapters.get_loader(oid, pq.Format.TEXT)
    adapters.register_loader(oid, _Utf8Bytes)
    try:
        yield
    finally:
        if kept is not None:
            adapters.register_loader(oid, kept)
