"""Pre-registration passes: KZ1 codes a person shows at a shelter kiosk to check in."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Connection, select

from kazasu_protocol import b64url
from kazasu_protocol.kz1 import Body, CodeRefused, CodeType, PassClaims, TrustedKey, sign, verify
from linkage import keys, people
from linkage.problems import Problem
from linkage.tables import persons, shelters, signing_keys

DEFAULT_PASS_DAYS = 14


@dataclass(frozen=True)
class IssuedPass:
    """A signed pass: its text and what it says."""

    code: str
    kid: str
    person_id: str
    household_id: str
    shelter_id: str | None
    issued_at: int
    expires_at: int


def issue_pass(
    conn: Connection, person_id: str, valid_s: int, shelter_id: str | None = None
) -> IssuedPass:
    """Sign a pass for a person; a merged walk-in's id gives the person it was merged into.

    The person must hold a household (the pass names it) and share with kiosks: a kiosk only
    knows people whose kiosk-roster consent is given, so another pass would fail at the door.
    """
    if not 0 < valid_s <= keys.MAX_CODE_LIFETIME_S:
        raise Problem(422, "invalid-validity", "A pass lives from one second to 366 days")
    pid = people.resolve(conn, person_id)
    if pid is None:
        raise Problem(404, "unknown-person", "Unknown person", person_id)
    row = conn.execute(
        select(persons.c.household_id, persons.c.shareable).where(persons.c.person_id == pid)
    ).one()
    if not row.shareable:
        raise Problem(409, "not-shared", "The person does not share their data with kiosks", pid)
    if row.household_id is None:
        raise Problem(409, "no-household", "The person belongs to no household", pid)
    if (
        shelter_id is not None
        and not conn.execute(
            select(shelters.c.shelter_id).where(shelters.c.shelter_id == shelter_id)
        ).first()
    ):
        raise Problem(404, "unknown-shelter", "Unknown shelter", shelter_id)
    now = int(time.time())
    key = keys.signing_key(conn, now)
    claims = PassClaims(row.household_id, shelter_id)
    body = Body(key.kid, key.issuer, pid, now, now + valid_s, claims)
    try:
        code = sign(key.seed, body)
    except CodeRefused as exc:
        raise Problem(422, "unsignable", "These values cannot be put in a pass", str(exc)) from exc
    return IssuedPass(code, key.kid, pid, row.household_id, shelter_id, now, now + valid_s)


def check_code(conn: Connection, text: str, expected: CodeType | None = None) -> Body:
    """Verify a code against every key the platform ever published (for staff who doubt one)."""
    trusted = {
        r.kid: TrustedKey(
            r.kid,
            r.issuer,
            b64url.decode(r.public_key),
            r.not_before_s,
            r.not_after_s,
            revoked=r.revoked_at_ms is not None,
        )
        for r in conn.execute(select(signing_keys))
    }
    return verify(text.strip(), trusted, int(time.time()), expected)
