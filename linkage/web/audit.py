"""The citizen web's audit trail, and rate limits counted from it.

Lookups of other people's whereabouts, sign-ins, consent changes and pre-registrations are
recorded with who acted. Rate limits count the actor's recent entries of one action, so they
hold across platform processes sharing the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select

from kazasu_protocol.canonical import canonical_json
from linkage.canonical import now_ms
from linkage.tables import web_audit


def record(
    conn: Connection, actor: str, action: str, subject: str | None = None, **detail: Any
) -> None:
    """Append an entry: ``actor`` (a person id or "anonymous") did ``action`` to ``subject``."""
    conn.execute(
        insert(web_audit).values(
            at_ms=now_ms(),
            actor=actor,
            action=action,
            subject=subject,
            detail=canonical_json(detail),
        )
    )


def recent(conn: Connection, actor: str, action: str, window_s: int) -> int:
    """How many times ``actor`` did ``action`` in the last ``window_s`` seconds."""
    since = now_ms() - window_s * 1000
    count: int = conn.execute(
        select(func.count())
        .select_from(web_audit)
        .where(
            web_audit.c.actor == actor,
            web_audit.c.action == action,
            web_audit.c.at_ms >= since,
        )
    ).scalar_one()
    return count


def entries(conn: Connection, actor: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """The newest entries (of one actor), newest first."""
    query = select(web_audit).order_by(web_audit.c.audit_id.desc()).limit(limit)
    if actor is not None:
        query = query.where(web_audit.c.actor == actor)
    return [dict(r._mapping) for r in conn.execute(query)]
