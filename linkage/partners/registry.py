"""Partners, the purposes each is registered for and the data items a purpose may receive."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from linkage.canonical import now_ms
from linkage.partners import pseudonyms
from linkage.problems import Problem
from linkage.tables import consent_definitions, municipalities, partner_purposes, partners

# What a partner can ever receive about a person; the individual number is not among them,
# nor the platform's person id or card keys (a partner sees a pairwise pseudonym instead).
ITEMS = (
    "name",
    "furigana",
    "birth_date",
    "sex",
    "address",
    "phone",
    "care-needs",
    "whereabouts",
)
# Special care-required personal information (APPI Art. 2(3)): never shared on an opt-out basis.
CARE_ITEMS = frozenset({"care-needs"})
# Aggregates the administrator grants per purpose (linkage/partners/aggregates.py). The counts
# of people per shelter need no grant: every active partner may have them for disaster response.
AGGREGATES = ("supply-totals",)
KINDS = ("public", "company", "ngo")
STATUSES = ("active", "suspended")


def check_items(items: list[str]) -> list[str]:
    """The items in the vocabulary's order; 422 naming any unknown one or an empty list."""
    unknown = sorted(set(items) - set(ITEMS))
    if unknown:
        raise Problem(422, "unknown-item", "Unknown data item", ", ".join(unknown))
    if not items:
        raise Problem(422, "invalid-request", "At least one data item is needed")
    return [i for i in ITEMS if i in items]


def upsert_partner(
    conn: Connection, partner_id: str, municipality_id: str, name: str, kind: str
) -> None:
    """Register a partner (active) or rename it; its municipality must exist."""
    if kind not in KINDS:
        raise Problem(422, "invalid-request", "A partner is public, company or ngo", kind)
    known = conn.execute(
        select(municipalities.c.municipality_id).where(
            municipalities.c.municipality_id == municipality_id
        )
    ).first()
    if known is None:
        raise Problem(404, "unknown-municipality", "Unknown municipality", municipality_id)
    now = now_ms()
    before = conn.execute(
        select(partners.c.municipality_id).where(partners.c.partner_id == partner_id)
    ).first()
    if before is None:
        conn.execute(
            insert(partners).values(
                partner_id=partner_id,
                municipality_id=municipality_id,
                name=name,
                kind=kind,
                status="active",
                created_at_ms=now,
                updated_at_ms=now,
            )
        )
        pseudonyms.ensure_secret(conn)
        return
    if before.municipality_id != municipality_id:
        # Its pseudonyms and consents were given for that municipality.
        raise Problem(409, "partner-municipality", "A partner cannot move to another municipality")
    conn.execute(
        update(partners)
        .where(partners.c.partner_id == partner_id)
        .values(name=name, kind=kind, updated_at_ms=now)
    )


def require_partner(conn: Connection, partner_id: str) -> Any:
    """The partner's row; 404 when there is none."""
    row = conn.execute(select(partners).where(partners.c.partner_id == partner_id)).first()
    if row is None:
        raise Problem(404, "unknown-partner", "Unknown partner", partner_id)
    return row


def set_status(conn: Connection, partner_id: str, status: str) -> None:
    """Suspend a partner (its tokens stop working at once) or make it active again."""
    if status not in STATUSES:
        raise Problem(422, "invalid-request", "Status is active or suspended", status)
    require_partner(conn, partner_id)
    conn.execute(
        update(partners)
        .where(partners.c.partner_id == partner_id)
        .values(status=status, updated_at_ms=now_ms())
    )


def set_purpose(
    conn: Connection,
    partner_id: str,
    purpose_id: str,
    description: str,
    items: list[str],
    aggregates: list[str] | None = None,
) -> None:
    """Register or change a partner's purpose, the items it may ever receive and the aggregates
    granted to it (a supplier's purpose may have aggregates and no item).

    Narrowing a purpose below what a consent definition already names is refused: residents
    agreed to that definition's wording, which a new version must change first.
    """
    require_partner(conn, partner_id)
    granted = check_aggregates(aggregates or [])
    ordered = check_items(items) if items or not granted else []
    stored: str | None = conn.execute(
        select(consent_definitions.c.data_categories).where(
            consent_definitions.c.partner_id == partner_id,
            consent_definitions.c.purpose_id == purpose_id,
        )
    ).scalar()
    named: list[str] = json.loads(stored) if stored else []
    if not set(named) <= set(ordered):
        raise Problem(
            409,
            "purpose-in-use",
            "A consent definition names items this purpose would no longer allow",
            ", ".join(sorted(set(named) - set(ordered))),
        )
    values = {
        "description": description,
        "items": json.dumps(ordered),
        "aggregates": json.dumps(granted),
    }
    done = conn.execute(
        update(partner_purposes)
        .where(
            partner_purposes.c.partner_id == partner_id,
            partner_purposes.c.purpose_id == purpose_id,
        )
        .values(**values)
    ).rowcount
    if not done:
        conn.execute(
            insert(partner_purposes).values(partner_id=partner_id, purpose_id=purpose_id, **values)
        )


def check_aggregates(aggregates: list[str]) -> list[str]:
    """The aggregate kinds in the vocabulary's order; 422 naming any unknown one."""
    unknown = sorted(set(aggregates) - set(AGGREGATES))
    if unknown:
        raise Problem(422, "unknown-aggregate", "Unknown aggregate", ", ".join(unknown))
    return [a for a in AGGREGATES if a in aggregates]


def require_aggregate(conn: Connection, partner_id: str, purpose_id: str, aggregate: str) -> None:
    """404 for a purpose the partner does not have; 403 unless it was granted ``aggregate``."""
    row = conn.execute(
        select(partner_purposes.c.aggregates).where(
            partner_purposes.c.partner_id == partner_id,
            partner_purposes.c.purpose_id == purpose_id,
        )
    ).first()
    if row is None:
        raise Problem(404, "unknown-purpose", "Unknown purpose of this partner", purpose_id)
    if aggregate not in json.loads(row.aggregates):
        raise Problem(
            403,
            "aggregate-not-granted",
            "This purpose is not granted this aggregate",
            f"{purpose_id}: {aggregate}",
        )


def purpose_items(conn: Connection, partner_id: str, purpose_id: str) -> list[str]:
    """The items a partner's purpose may receive; 404 for a purpose it does not have."""
    row = conn.execute(
        select(partner_purposes.c["items"]).where(
            partner_purposes.c.partner_id == partner_id,
            partner_purposes.c.purpose_id == purpose_id,
        )
    ).first()
    if row is None:
        raise Problem(404, "unknown-purpose", "Unknown purpose of this partner", purpose_id)
    items: list[str] = json.loads(row._mapping["items"])
    return items


def list_partners(conn: Connection) -> list[dict[str, Any]]:
    """Every partner with its purposes."""
    purposes: dict[str, list[dict[str, Any]]] = {}
    for p in conn.execute(select(partner_purposes).order_by(partner_purposes.c.purpose_id)):
        purposes.setdefault(p.partner_id, []).append(
            {
                "purpose_id": p.purpose_id,
                "description": p.description,
                "items": json.loads(p._mapping["items"]),
                "aggregates": json.loads(p.aggregates),
            }
        )
    return [
        {
            "partner_id": r.partner_id,
            "municipality_id": r.municipality_id,
            "name": r.name,
            "kind": r.kind,
            "status": r.status,
            "purposes": purposes.get(r.partner_id, []),
        }
        for r in conn.execute(select(partners).order_by(partners.c.partner_id))
    ]
