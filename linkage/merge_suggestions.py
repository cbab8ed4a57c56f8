"""Merge suggestions: a person registered at a kiosk or on the web who may be someone known.

A newly registered person matches another live person when the compare-form of the name
(``names.name_key``) and the birth date are equal and, when both addresses are known, the
compare-forms of the addresses too, and the two share a municipality (``protection.
municipalities_of``). A match becomes a suggestion an administrator accepts (the existing
merge runs, the newer registration folding into the other) or rejects; a pair decided once is
never suggested again. Each person's compare-forms are kept in ``person_match_keys`` so that a
registration costs one indexed look-up (``linkage.match_keys``).

What a suggestion shows of a DV-protected person is its id and that it is protected: never its
name, reading, birth date or address (docs/platform.md, "Merge suggestions").
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update

from linkage import people, protection
from linkage.canonical import now_ms
from linkage.consent import iso
from linkage.feed import Change
from linkage.merge import merge_persons
from linkage.problems import Problem
from linkage.tables import merge_suggestions, person_match_keys, persons

OPEN, ACCEPTED, REJECTED, SUPERSEDED = "open", "accepted", "rejected", "superseded"
STATES = (OPEN, ACCEPTED, REJECTED, SUPERSEDED)


def suggest(conn: Connection, person_ids: Collection[str]) -> int:
    """Suggest merging each newly registered person with the people they match; returns how
    many suggestions were made. Pairs already suggested, either way round, are skipped."""
    made = 0
    for pid in person_ids:
        own = conn.execute(
            select(person_match_keys).where(person_match_keys.c.person_id == pid)
        ).first()
        if own is None:
            continue
        others = conn.execute(
            select(person_match_keys.c.person_id, person_match_keys.c.address_key)
            .join(persons, persons.c.person_id == person_match_keys.c.person_id)
            .where(
                person_match_keys.c.name_key == own.name_key,
                person_match_keys.c.birth_date == own.birth_date,
                person_match_keys.c.person_id != pid,
                persons.c.merged_into.is_(None),
            )
            .order_by(person_match_keys.c.person_id)
        ).all()
        towns = protection.municipalities_of(conn, pid) if others else set()
        for other in others:
            if own.address_key and other.address_key and own.address_key != other.address_key:
                continue
            shared = towns & protection.municipalities_of(conn, other.person_id)
            if not shared or _suggested(conn, pid, other.person_id):
                continue
            conn.execute(
                insert(merge_suggestions).values(
                    person_id=pid,
                    match_id=other.person_id,
                    municipality_id=min(shared),
                    state=OPEN,
                    created_at_ms=now_ms(),
                )
            )
            made += 1
    return made


def listing(
    conn: Connection,
    state: str | None = OPEN,
    municipality_id: str | None = None,
    after: int = 0,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Suggestions oldest first, each with what an administrator may see of both people."""
    query = select(merge_suggestions).where(merge_suggestions.c.suggestion_id > after)
    if state is not None:
        query = query.where(merge_suggestions.c.state == state)
    if municipality_id is not None:
        query = query.where(merge_suggestions.c.municipality_id == municipality_id)
    rows = conn.execute(query.order_by(merge_suggestions.c.suggestion_id).limit(limit)).all()
    return [
        {
            "suggestion_id": r.suggestion_id,
            "state": r.state,
            "municipality_id": r.municipality_id,
            "created_at": iso(r.created_at_ms),
            "decided_at": iso(r.decided_at_ms) if r.decided_at_ms is not None else None,
            "decided_by": r.decided_by,
            "reason": r.reason,
            "person": _shown(conn, r.person_id),
            "match": _shown(conn, r.match_id),
        }
        for r in rows
    ]


def accept(conn: Connection, suggestion_id: int, actor: str) -> list[Change]:
    """Merge the suggestion's newer registration into the other (``merge.merge_persons``);
    the decision is kept with who took it. Other open suggestions naming the merged-away
    person are closed as superseded."""
    row = _open(conn, suggestion_id)
    out = merge_persons(conn, row.person_id, row.match_id)
    _decide(conn, suggestion_id, ACCEPTED, actor, None)
    conn.execute(
        update(merge_suggestions)
        .where(
            merge_suggestions.c.state == OPEN,
            or_(
                merge_suggestions.c.person_id == row.person_id,
                merge_suggestions.c.match_id == row.person_id,
            ),
        )
        .values(state=SUPERSEDED, decided_at_ms=now_ms(), decided_by=actor)
    )
    return out


def reject(conn: Connection, suggestion_id: int, actor: str, reason: str | None) -> None:
    """Keep the two apart; the pair is not suggested again."""
    _open(conn, suggestion_id)
    _decide(conn, suggestion_id, REJECTED, actor, reason)


def _open(conn: Connection, suggestion_id: int) -> Any:
    row = conn.execute(
        select(merge_suggestions).where(merge_suggestions.c.suggestion_id == suggestion_id)
    ).first()
    if row is None:
        raise Problem(404, "unknown-suggestion", "Unknown merge suggestion", str(suggestion_id))
    if row.state != OPEN:
        raise Problem(
            409,
            "suggestion-decided",
            "The merge suggestion was already decided",
            f"Suggestion {suggestion_id} is {row.state}.",
        )
    return row


def _decide(
    conn: Connection, suggestion_id: int, state: str, actor: str, reason: str | None
) -> None:
    conn.execute(
        update(merge_suggestions)
        .where(merge_suggestions.c.suggestion_id == suggestion_id)
        .values(state=state, decided_at_ms=now_ms(), decided_by=actor, reason=reason)
    )


def _suggested(conn: Connection, a: str, b: str) -> bool:
    pairs = or_(
        (merge_suggestions.c.person_id == a) & (merge_suggestions.c.match_id == b),
        (merge_suggestions.c.person_id == b) & (merge_suggestions.c.match_id == a),
    )
    return conn.execute(select(merge_suggestions.c.suggestion_id).where(pairs)).first() is not None


def _shown(conn: Connection, person_id: str) -> dict[str, Any]:
    """One side of a suggestion: a DV-protected person is only an id and the flag."""
    row = conn.execute(
        select(persons.c.kind, persons.c.fields, persons.c.merged_into).where(
            persons.c.person_id == person_id
        )
    ).one()
    fields = json.loads(row.fields)
    if row.merged_into is None and fields.get(people.PROTECTION_FIELD):
        return {"person_id": person_id, "kind": row.kind, "protected": True}
    return {
        "person_id": person_id,
        "kind": row.kind,
        "protected": False,
        "merged_into": row.merged_into,
        "name": fields.get("name"),
        "furigana": fields.get("furigana"),
        "birth_date": fields.get("birth_date"),
        "address": fields.get("address"),
    }
