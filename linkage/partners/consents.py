"""Partner consent definitions, created and versioned by the administrator, and who is covered.

A definition serves one partner's purpose: the items (a subset of what the purpose allows),
retention, legal basis (the resident's consent, or a statute for disaster response) and whether
residents opt in or out. Each version is kept as it was worded; a resident's consent record
keeps the version agreed to (``consent_records.definition_version``). A new version asks
residents again: an opt-in given to an older version covers nothing until given again.

Who a request covers is read from the consent records at the request itself, so a withdrawal
takes effect at the partner's very next request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update

from linkage.canonical import now_ms
from linkage.consent import current_state
from linkage.partners import registry
from linkage.problems import Problem
from linkage.tables import (
    consent_definition_versions,
    consent_definitions,
    consent_records,
    persons,
    presence,
    shelters,
)

BASES = ("consent", "statute")
# The residents' languages besides Japanese (linkage/web/i18n.py), in which a definition's
# wording may also be given; the dashboard shows Japanese where the resident's is not given.
TRANSLATED = ("en", "ja-x-easy", "zh-Hans", "ko", "vi", "pt")
WORDED = ("title", "purpose", "retention")
MODES = ("opt-in", "opt-out")


@dataclass(frozen=True)
class Wording:
    """What the administrator writes for one version of a definition: the Japanese wording,
    and in ``translations`` the same title, purpose and retention in other languages."""

    title: str
    purpose: str
    items: list[str]
    retention: str
    legal_basis: str = "consent"
    statute: str | None = None
    mode: str = "opt-in"
    includes_protected: bool = False
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Definition:
    """The version in force of a partner's consent definition."""

    definition_id: str
    version: int
    partner_id: str
    purpose_id: str
    items: list[str]
    legal_basis: str
    mode: str
    includes_protected: bool


def _check(conn: Connection, partner_id: str, purpose_id: str, wording: Wording) -> list[str]:
    allowed = registry.purpose_items(conn, partner_id, purpose_id)
    items = registry.check_items(wording.items)
    outside = sorted(set(items) - set(allowed))
    if outside:
        raise Problem(
            422,
            "item-outside-purpose",
            "The purpose does not allow these items",
            ", ".join(outside),
        )
    if wording.legal_basis not in BASES or wording.mode not in MODES:
        raise Problem(422, "invalid-request", "Unknown legal basis or mode")
    if (wording.legal_basis == "statute") != bool(wording.statute):
        raise Problem(422, "statute-needed", "A statute basis names its statute, and only it does")
    if wording.includes_protected and wording.legal_basis != "statute":
        raise Problem(
            422,
            "protected-needs-statute",
            "DV-protected people are disclosed only under a statute",
        )
    for lang, text in wording.translations.items():
        if lang not in TRANSLATED:
            raise Problem(422, "unknown-language", "Unknown language of a translation", lang)
        if sorted(text) != sorted(WORDED) or not all(str(v).strip() for v in text.values()):
            raise Problem(
                422, "invalid-translation", "A translation gives title, purpose and retention", lang
            )
    if wording.mode == "opt-out" and set(items) & registry.CARE_ITEMS:
        raise Problem(
            422,
            "care-needs-opt-in",
            "Care needs are special care-required information: only with opt-in consent",
        )
    return items


def _document(partner_id: str, purpose_id: str, items: list[str], w: Wording) -> dict[str, Any]:
    return {
        "partner_id": partner_id,
        "purpose_id": purpose_id,
        "title": w.title,
        "purpose": w.purpose,
        "items": items,
        "retention": w.retention,
        "legal_basis": w.legal_basis,
        "statute": w.statute,
        "mode": w.mode,
        "includes_protected": w.includes_protected,
        "translations": {
            lang: w.translations[lang] for lang in TRANSLATED if lang in w.translations
        },
    }


def _values(partner_name: str, doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "sharing",
        "title": doc["title"],
        "purpose": doc["purpose"],
        "data_categories": json.dumps(doc["items"]),
        "recipients": json.dumps([partner_name], ensure_ascii=False),
        "retention": doc["retention"],
        "legal_basis": doc["legal_basis"],
        "statute": doc["statute"],
        "mode": doc["mode"],
        "includes_protected": doc["includes_protected"],
        "translations": json.dumps(doc["translations"], ensure_ascii=False)
        if doc["translations"]
        else None,
    }


def create(
    conn: Connection, definition_id: str, partner_id: str, purpose_id: str, wording: Wording
) -> int:
    """Create a partner's consent definition (version 1); 409 if the id or purpose has one."""
    partner = registry.require_partner(conn, partner_id)
    items = _check(conn, partner_id, purpose_id, wording)
    taken = conn.execute(
        select(consent_definitions.c.definition_id).where(
            or_(
                consent_definitions.c.definition_id == definition_id,
                (consent_definitions.c.partner_id == partner_id)
                & (consent_definitions.c.purpose_id == purpose_id),
            )
        )
    ).first()
    if taken is not None:
        raise Problem(
            409, "definition-exists", "The id or the partner's purpose has a definition already"
        )
    doc = _document(partner_id, purpose_id, items, wording)
    conn.execute(
        insert(consent_definitions).values(
            definition_id=definition_id,
            version=1,
            partner_id=partner_id,
            purpose_id=purpose_id,
            **_values(partner.name, doc),
        )
    )
    _keep_version(conn, definition_id, 1, doc)
    return 1


def new_version(conn: Connection, definition_id: str, wording: Wording) -> int:
    """Put a new version of a partner's definition in force; returns its number."""
    row = conn.execute(
        select(consent_definitions).where(consent_definitions.c.definition_id == definition_id)
    ).first()
    if row is None:
        raise Problem(
            404, "unknown-consent-definition", "Unknown consent definition", definition_id
        )
    if row.partner_id is None:
        raise Problem(
            409, "internal-definition", "The platform's own definitions are not versioned here"
        )
    partner = registry.require_partner(conn, row.partner_id)
    items = _check(conn, row.partner_id, row.purpose_id, wording)
    doc = _document(row.partner_id, row.purpose_id, items, wording)
    version = int(row.version) + 1
    conn.execute(
        update(consent_definitions)
        .where(consent_definitions.c.definition_id == definition_id)
        .values(version=version, **_values(partner.name, doc))
    )
    _keep_version(conn, definition_id, version, doc)
    return version


def _keep_version(conn: Connection, definition_id: str, version: int, doc: dict[str, Any]) -> None:
    conn.execute(
        insert(consent_definition_versions).values(
            definition_id=definition_id,
            version=version,
            document=json.dumps(doc, ensure_ascii=False),
            created_at_ms=now_ms(),
        )
    )


def versions(conn: Connection, definition_id: str) -> list[dict[str, Any]]:
    """Every version of a partner's definition, oldest first."""
    rows = conn.execute(
        select(consent_definition_versions)
        .where(consent_definition_versions.c.definition_id == definition_id)
        .order_by(consent_definition_versions.c.version)
    )
    return [{"version": r.version, **json.loads(r.document)} for r in rows]


def for_purpose(conn: Connection, partner_id: str, purpose_id: str) -> Definition:
    """The definition in force for a partner's purpose; 404 when it has none."""
    row = conn.execute(
        select(consent_definitions).where(
            consent_definitions.c.partner_id == partner_id,
            consent_definitions.c.purpose_id == purpose_id,
        )
    ).first()
    if row is None:
        raise Problem(404, "unknown-purpose", "No consent definition for this purpose", purpose_id)
    return Definition(
        row.definition_id,
        int(row.version),
        partner_id,
        purpose_id,
        json.loads(row.data_categories),
        row.legal_basis,
        row.mode,
        bool(row.includes_protected),
    )


def worded(definition: dict[str, Any], lang: str) -> dict[str, Any]:
    """The definition with its title, purpose and retention in ``lang`` where the administrator
    gave them, else in Japanese."""
    text = (definition.get("translations") or {}).get(lang)
    return definition | text if text else definition


def state(conn: Connection, person_id: str, definition: dict[str, Any]) -> str:
    """How a definition stands for a person: ``given``, ``withdrawn``, ``none`` (never
    answered), ``renew`` (given to an older version) or ``statute`` (no consent asked)."""
    if definition.get("legal_basis") == "statute":
        return "statute"
    latest = current_state(conn, person_id, definition["definition_id"])
    if latest is None:
        return "none"
    if latest.state == "withdrawn":
        return "withdrawn"
    if definition.get("mode") == "opt-in" and (latest.definition_version or 1) < definition.get(
        "version", 1
    ):
        return "renew"
    return "given"


def covered(conn: Connection, definition: Definition, municipality_id: str) -> dict[str, int]:
    """Person id → the version each covered person's consent rests on, read now.

    Opt-in: the newest record is a grant of the version in force. Opt-out: the municipality's
    residents, less those whose newest record is a withdrawal. Statute: the municipality's
    residents and everyone at its shelters. DV protection and merges are applied by the caller.
    """
    newest: dict[str, Any] = {}
    for r in conn.execute(
        select(
            consent_records.c.person_id,
            consent_records.c.state,
            consent_records.c.definition_version,
        )
        .where(consent_records.c.definition_id == definition.definition_id)
        .order_by(
            consent_records.c.person_id,
            consent_records.c.recorded_at_ms,
            consent_records.c.record_id,
        )
    ):
        newest[r.person_id] = r
    if definition.legal_basis == "consent" and definition.mode == "opt-in":
        return {
            pid: definition.version
            for pid, r in newest.items()
            if r.state == "given" and (r.definition_version or 1) == definition.version
        }
    residents: set[str] = set(
        conn.execute(
            select(persons.c.person_id).where(persons.c.municipality_id == municipality_id)
        ).scalars()
    )
    if definition.legal_basis == "statute":
        residents |= set(
            conn.execute(
                select(presence.c.person_id)
                .join(shelters, shelters.c.shelter_id == presence.c.shelter_id)
                .where(shelters.c.municipality_id == municipality_id, presence.c.state == "in")
            ).scalars()
        )
        return dict.fromkeys(residents, definition.version)
    return {
        pid: definition.version
        for pid in residents
        if pid not in newest or newest[pid].state != "withdrawn"
    }
