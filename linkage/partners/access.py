"""What a partner's request returns: exactly the consented items of exactly the covered people.

Coverage is read at the request (linkage/partners/consents.py), so a withdrawal counts from the
partner's very next request. DV-protected people are never returned unless the definition rests
on a statute that says so, and then each such disclosure is flagged for the municipality. People
are named by the partner's pairwise pseudonym; the answer and each person in it are logged.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, null, select

from linkage.db import keyed_rows
from linkage.partners import consents, disclosures, pseudonyms
from linkage.partners.credentials import Caller
from linkage.people import is_protected
from linkage.problems import Problem
from linkage.tables import households, persons
from linkage.whereabouts import at_shelters

CARE_FIELDS = ("care_required", "pregnant", "nursing", "disabilities", "allergies", "medication")


def _wanted(definition: consents.Definition, asked: list[str] | None) -> list[str]:
    if asked is None:
        return definition.items
    outside = sorted(set(asked) - set(definition.items))
    if outside:
        raise Problem(
            403,
            "items-not-consented",
            "These items are outside what the purpose's consent covers",
            ", ".join(outside),
        )
    return [i for i in definition.items if i in asked]


def _item_values(
    items: list[str], fields: dict[str, Any], home: dict[str, Any], where: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        if item in ("name", "furigana", "birth_date", "sex"):
            out[item] = fields.get(item)
        elif item in ("address", "phone"):
            out[item] = home.get(item) or fields.get(item)
        elif item == "care-needs":
            out[item] = {k: fields[k] for k in CARE_FIELDS if fields.get(k)}
        elif item == "whereabouts":
            out[item] = (
                {"shelter_id": where.shelter_id, "shelter": where.name, "state": where.state}
                if where is not None
                else None
            )
    return out


def people(
    conn: Connection,
    caller: Caller,
    purpose_id: str,
    asked: list[str] | None = None,
    subjects: list[str] | None = None,
) -> dict[str, Any]:
    """The covered people of a partner's purpose (all, or the ``subjects`` named), with the
    asked items (default: every consented item); logged as disclosures."""
    definition = consents.for_purpose(conn, caller.partner_id, purpose_id)
    items = _wanted(definition, asked)
    covered = consents.covered(conn, definition, caller.municipality_id)
    if subjects is not None:
        known = pseudonyms.resolve(conn, caller.partner_id, subjects)
        covered = {pid: v for pid, v in covered.items() if pid in known}
    # The household's address and phone come in the same round trip, when asked for, each
    # by its index (a scalar subquery): one probe per person whatever the statistics say.
    wants_home = bool({"address", "phone"} & set(items))
    home = (
        select(households.c.fields)
        .where(households.c.household_id == persons.c.household_id)
        .scalar_subquery()
        if wants_home
        else null()
    )
    source, picked = keyed_rows(conn, persons.c.person_id, list(covered))
    rows = (
        conn.execute(
            select(persons.c.person_id, persons.c.fields, persons.c.merged_into, home.label("home"))
            .select_from(source)
            .where(picked)
        ).all()
        if covered
        else []
    )
    chosen = []
    for r in rows:
        if r.merged_into is not None:
            continue
        fields = orjson.loads(r.fields)
        protected = is_protected(fields)
        if protected and not definition.includes_protected:
            continue
        chosen.append((r, fields, protected))
    places = (
        at_shelters(conn, [r.person_id for r, _, _ in chosen]) if "whereabouts" in items else {}
    )
    subjects_of = pseudonyms.pseudonyms_of(
        pseudonyms.secret(conn),
        caller.municipality_id,
        caller.partner_id,
        [r.person_id for r, _, _ in chosen],
    )
    answer = []
    logged = []
    for (r, fields, protected), subject in zip(chosen, subjects_of, strict=True):
        answer.append(
            {
                "subject": subject,
                "items": _item_values(
                    items, fields, orjson.loads(r.home) if r.home else {}, places.get(r.person_id)
                ),
                "consent_version": covered[r.person_id],
            }
        )
        logged.append((r.person_id, subject, covered[r.person_id], protected))
    kind = "lookup" if subjects is not None else "population"
    request_id = disclosures.record_request(conn, caller, kind, purpose_id, len(answer))
    disclosures.record(
        conn, caller, request_id, definition.definition_id, definition.legal_basis, items, logged
    )
    answer.sort(key=lambda a: str(a["subject"]))
    return {
        "request_id": request_id,
        "purpose_id": purpose_id,
        "definition_id": definition.definition_id,
        "definition_version": definition.version,
        "legal_basis": definition.legal_basis,
        "items": items,
        "people": answer,
    }
