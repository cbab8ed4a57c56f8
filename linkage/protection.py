"""DV protection: any kiosk in scope or the person on the citizen web may set it; only the
administrator of the person's municipality clears it, with a reason, audited (docs/design.md,
"Protection only tightens from the field").

Field merging (``people.Record.merge``) never lets a write clear it; this module is the one
way to do so.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from linkage import people
from linkage.canonical import now_ms, platform_hlc
from linkage.feed import Change
from linkage.problems import Problem
from linkage.scope import SHELTER_PREFIX
from linkage.tables import person_scopes, persons, protection_audit, shelters

FIELD = people.PROTECTION_FIELD


def municipalities_of(conn: Connection, person_id: str) -> set[str]:
    """The municipalities a person belongs to: the resident list's, else those of the
    shelters the person is held at."""
    own: str | None = conn.execute(
        select(persons.c.municipality_id).where(persons.c.person_id == person_id)
    ).scalar_one()
    if own is not None:
        return {str(own)}
    keys: list[str] = list(
        conn.execute(
            select(person_scopes.c.scope_key).where(
                person_scopes.c.person_id == person_id,
                person_scopes.c.scope_key.startswith(SHELTER_PREFIX, autoescape=True),
            )
        ).scalars()
    )
    ids = [k[len(SHELTER_PREFIX) :] for k in keys]
    return set(
        conn.execute(
            select(shelters.c.municipality_id).where(shelters.c.shelter_id.in_(ids))
        ).scalars()
    )


def clear(
    conn: Connection, person_id: str, municipality_id: str, reason: str, actor: str
) -> list[Change]:
    """Clear the person's protection for the administrator of ``municipality_id``; audited.

    404 for an unknown person, 403 ``outside-municipality`` when the person is not of that
    municipality, 409 ``not-protected`` when there is nothing to clear.
    """
    pid = people.resolve(conn, person_id)
    if pid is None:
        raise Problem(404, "unknown-person", "Unknown person", person_id)
    if municipality_id not in municipalities_of(conn, pid):
        raise Problem(
            403,
            "outside-municipality",
            "The person is not of this municipality",
            f"Only the administrator of the person's municipality clears DV protection; "
            f"{person_id} is not of {municipality_id}.",
        )
    record = people.load_record(conn, pid)
    if not record.fields.get(FIELD):
        raise Problem(409, "not-protected", "The person is not DV-protected", person_id)
    record.fields[FIELD] = False
    record.field_hlc[FIELD] = max(platform_hlc(), record.field_hlc.get(FIELD, ""))
    out = people.save_record(conn, "person", pid, record, None)
    conn.execute(
        insert(protection_audit).values(
            person_id=pid,
            action="cleared",
            actor=actor,
            municipality_id=municipality_id,
            reason=reason,
            at_ms=now_ms(),
        )
    )
    return out + people.person_changes(conn, pid)
