"""The disclosure log: every partner answer, one row per person disclosed.

The resident reads their own rows on the consent dashboard; the municipality reads a
partner's, and especially those of DV-protected people disclosed under a statute.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select

from linkage.canonical import new_id, now_ms
from linkage.consent import iso
from linkage.db import bulk_load_tuples
from linkage.partners.credentials import Caller
from linkage.tables import consent_definitions, disclosures, partner_requests, partners


def record_request(
    conn: Connection, caller: Caller, kind: str, purpose_id: str | None, people: int
) -> str:
    """Log a partner request; returns its id."""
    request_id = new_id("pr")
    conn.execute(
        insert(partner_requests).values(
            request_id=request_id,
            partner_id=caller.partner_id,
            client_id=caller.client_id,
            kind=kind,
            purpose_id=purpose_id,
            people=people,
            at_ms=now_ms(),
        )
    )
    return request_id


_COLUMNS = (
    "disclosure_id",
    "request_id",
    "partner_id",
    "person_id",
    "subject",
    "definition_id",
    "definition_version",
    "items",
    "basis",
    "protected",
    "disclosed_at_ms",
)


def record(
    conn: Connection,
    caller: Caller,
    request_id: str,
    definition_id: str,
    basis: str,
    items: list[str],
    disclosed: list[tuple[str, str, int, bool]],
) -> None:
    """Log what was disclosed: (person id, subject, definition version, protected) each.

    Every row is new, so they go in as one ``COPY`` on PostgreSQL (``db.bulk_load_tuples``).
    """
    if not disclosed:
        return
    now = now_ms()
    shared = json.dumps(items)
    partner_id = caller.partner_id
    bulk_load_tuples(
        conn,
        disclosures,
        _COLUMNS,
        (
            (
                new_id("dc"),
                request_id,
                partner_id,
                pid,
                subject,
                definition_id,
                version,
                shared,
                basis,
                protected,
                now,
            )
            for pid, subject, version, protected in disclosed
        ),
    )


def _rows(rows: Any) -> list[dict[str, Any]]:
    return [
        {
            "disclosure_id": r.disclosure_id,
            "request_id": r.request_id,
            "partner_id": r.partner_id,
            "partner": r.name,
            "definition_id": r.definition_id,
            "definition_version": r.definition_version,
            "title": r.title,
            "items": json.loads(r._mapping["items"]),
            "basis": r.basis,
            "protected": bool(r.protected),
            "disclosed_at": iso(r.disclosed_at_ms),
            "disclosed_at_ms": r.disclosed_at_ms,
        }
        for r in rows
    ]


def _select() -> Any:
    return (
        select(disclosures, partners.c.name, consent_definitions.c.title)
        .join(partners, partners.c.partner_id == disclosures.c.partner_id)
        .outerjoin(
            consent_definitions,
            consent_definitions.c.definition_id == disclosures.c.definition_id,
        )
    )


def of_person(conn: Connection, person_id: str, limit: int = 200) -> list[dict[str, Any]]:
    """What partners received about a person, newest first."""
    return _rows(
        conn.execute(
            _select()
            .where(disclosures.c.person_id == person_id)
            .order_by(disclosures.c.disclosed_at_ms.desc(), disclosures.c.disclosure_id)
            .limit(limit)
        )
    )


def of_partner(
    conn: Connection, partner_id: str, protected_only: bool, limit: int = 1000
) -> list[dict[str, Any]]:
    """What a partner received, newest first, for the municipality's review (with person ids)."""
    query = _select().where(disclosures.c.partner_id == partner_id)
    if protected_only:
        query = query.where(disclosures.c.protected.is_(True))
    rows = conn.execute(
        query.order_by(disclosures.c.disclosed_at_ms.desc(), disclosures.c.disclosure_id).limit(
            limit
        )
    ).all()
    out = _rows(rows)
    for row, entry in zip(rows, out, strict=True):
        entry["person_id"] = row.person_id
    return out
