"""Early-voting declarations (宣誓書): made online by a verified voter or at the desk, completed
at the desk; the online one comes with a signed KZ1 declaration code (type 0x02)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select, update

from kazasu_protocol.kz1 import Body as CodeBody
from kazasu_protocol.kz1 import CodeRefused, CodeType, DeclarationClaims, sign
from linkage import keys, passes, people
from linkage.canonical import new_id, now_ms
from linkage.db import key_in
from linkage.feed import Change
from linkage.problems import Problem
from linkage.tables import ballot_claims, declarations, voters
from linkage.voting.elections import TZ, election_days, election_keys, today
from linkage.voting.roll import voter_for_person
from linkage.voting.voters import voter_changes, voter_payload

REASONS = range(1, 7)  # Public Offices Election Act art. 48-2 (1), in the act's order
ONLINE, DESK = "online", "desk"
MADE, COMPLETED = "made", "completed"


@dataclass(frozen=True)
class IssuedDeclaration:
    """A declaration made online and the code the voter shows at the desk."""

    declaration_id: str
    election_id: str
    voter_id: str
    person_id: str
    vote_date: date
    reason: int
    code: str
    issued_at: int
    expires_at: int


def payload(row: Any, person_id: str | None) -> dict[str, Any]:
    """The ``declaration`` feed payload."""
    return {
        "declaration_id": row.declaration_id,
        "election_id": row.election_id,
        "voter_id": row.voter_id,
        "person_id": person_id,
        "vote_date": row.vote_date,
        "reason": row.reason,
        "made_via": row.made_via,
        "state": row.state,
        "made_at_ms": row.made_at_ms,
        "completed_at_ms": row.completed_at_ms,
        "completed_site_id": row.completed_site_id,
    }


def _query() -> Any:
    return select(declarations, voters.c.person_id).join(
        voters, voters.c.voter_id == declarations.c.voter_id
    )


def declaration_changes(
    conn: Connection, election_id: str, declaration_ids: Sequence[str]
) -> list[Change]:
    """``declaration`` upserts for every site of the election."""
    keys_ = election_keys(conn, election_id)
    rows = conn.execute(
        _query().where(key_in(conn, declarations.c.declaration_id, list(declaration_ids)))
    ).all()
    return [
        Change(k, "declaration", r.declaration_id, "upsert", payload(r, r.person_id), None)
        for r in rows
        for k in keys_
    ]


def _expiry(days: Sequence[date]) -> int:
    # The code serves the whole election: it lives to the end of its last voting day in Japan.
    end = datetime.combine(max(days) + timedelta(days=1), datetime.min.time(), TZ)
    return int(end.timestamp())


def make_online(
    conn: Connection, person_id: str, election_id: str, vote_date: date, reason: int
) -> tuple[IssuedDeclaration, list[Change]]:
    """A verified person declares for an election (the caller verified the person).

    The person must be on the election's roll by a verified link (an administrator's, or the
    matching rule's on verified attributes, now or before; never on typed ones), and only then
    is whether they voted told (``already-voted``); they must not have voted, and must name one
    of the election's voting days from today on. Declaring again before the declaration is
    completed replaces its date and reason and gives a new code.
    """
    if reason not in REASONS:
        raise Problem(422, "invalid-reason", "The reason must be 1 to 6")
    pid = people.resolve(conn, person_id)
    if pid is None:
        raise Problem(404, "unknown-person", "Unknown person", person_id)
    days = election_days(conn, election_id)
    if vote_date not in days:
        raise Problem(
            422,
            "not-a-voting-day",
            "The date is not an early-voting day of the election",
            vote_date.isoformat(),
            voting_days=[d.isoformat() for d in days],
        )
    if vote_date < today():
        raise Problem(422, "date-passed", "The date has passed", vote_date.isoformat())
    linked_before = conn.execute(
        select(voters.c.voter_id).where(
            voters.c.election_id == election_id, voters.c.person_id == pid
        )
    ).first()
    voter_id = voter_for_person(conn, election_id, pid)
    if voter_id is None:
        raise Problem(404, "not-on-roll", "The person is not on this election's roll", pid)
    if conn.execute(
        select(ballot_claims.c.claim_id).where(
            ballot_claims.c.election_id == election_id, ballot_claims.c.voter_id == voter_id
        )
    ).first():
        raise Problem(409, "already-voted", "The voter has already voted", voter_id=voter_id)
    now_s = int(time.time())
    open_one = conn.execute(
        select(declarations.c.declaration_id)
        .where(
            declarations.c.voter_id == voter_id,
            declarations.c.made_via == ONLINE,
            declarations.c.state == MADE,
        )
        .order_by(declarations.c.made_at_ms.desc())
    ).first()
    values = {"vote_date": vote_date.isoformat(), "reason": reason, "made_at_ms": now_ms()}
    if open_one is not None:
        declaration_id = str(open_one.declaration_id)
        conn.execute(
            update(declarations)
            .where(declarations.c.declaration_id == declaration_id)
            .values(**values)
        )
    else:
        declaration_id = new_id("d")
        conn.execute(
            insert(declarations).values(
                declaration_id=declaration_id,
                election_id=election_id,
                voter_id=voter_id,
                made_via=ONLINE,
                made_by=pid,
                state=MADE,
                **values,
            )
        )
    key = keys.signing_key(conn, now_s)
    expires = _expiry(days)
    body = CodeBody(
        key.kid, key.issuer, pid, now_s, expires, DeclarationClaims(election_id, vote_date, reason)
    )
    try:
        code = sign(key.seed, body)
    except CodeRefused as exc:
        raise Problem(422, "unsignable", "These values cannot be put in a code", str(exc)) from exc
    issued = IssuedDeclaration(
        declaration_id, election_id, voter_id, pid, vote_date, reason, code, now_s, expires
    )
    out = declaration_changes(conn, election_id, [declaration_id])
    if linked_before is None:
        out += voter_changes(conn, election_id, [voter_id])  # the entry was linked just now
    return issued, out


def made_at_desk(
    conn: Connection,
    declaration_id: str,
    election_id: str,
    voter_id: str,
    vote_date: date,
    reason: int,
    device_id: str,
    at_ms: int,
) -> list[Change]:
    """A declaration filled in at the desk (a kiosk's ``declaration.made``); a repeat is a no-op."""
    if conn.execute(
        select(declarations.c.declaration_id).where(declarations.c.declaration_id == declaration_id)
    ).first():
        return []
    conn.execute(
        insert(declarations).values(
            declaration_id=declaration_id,
            election_id=election_id,
            voter_id=voter_id,
            vote_date=vote_date.isoformat(),
            reason=reason,
            made_via=DESK,
            made_by=device_id,
            state=MADE,
            made_at_ms=at_ms,
        )
    )
    return declaration_changes(conn, election_id, [declaration_id])


def complete(conn: Connection, declaration_id: str, site_id: str, at_ms: int) -> bool:
    """Mark a declaration completed at a site; whether it changed (a repeat does not)."""
    done = conn.execute(
        update(declarations)
        .where(declarations.c.declaration_id == declaration_id, declarations.c.state == MADE)
        .values(state=COMPLETED, completed_at_ms=at_ms, completed_site_id=site_id)
    ).rowcount
    return bool(done)


def election_of(conn: Connection, declaration_id: str) -> str | None:
    """The election of a declaration, or None if it is unknown."""
    return conn.execute(
        select(declarations.c.election_id).where(declarations.c.declaration_id == declaration_id)
    ).scalar_one_or_none()


def check_code(
    conn: Connection, text: str, election_id: str
) -> tuple[str, dict[str, Any] | None, dict[str, Any] | None]:
    """What a declaration code means at a site of ``election_id``: (state, declaration, voter).

    The signature, issuer, key window and expiry are checked first (``CodeRefused``); then the
    states of docs/protocol/voting.md: wrong_election, unknown_declaration, superseded,
    already_used, or valid.
    """
    body = passes.check_code(conn, text, CodeType.DECLARATION)
    claims = body.claims
    assert isinstance(claims, DeclarationClaims)  # the expected type was checked
    if claims.election_id != election_id:
        return "wrong_election", None, None
    row = conn.execute(
        _query()
        .where(declarations.c.election_id == election_id, voters.c.person_id == body.subject)
        .order_by(declarations.c.made_at_ms.desc())
    ).first()
    if row is None:
        return "unknown_declaration", None, None
    found = payload(row, row.person_id)
    voter = voter_payload(conn, row.voter_id)
    if row.vote_date != claims.vote_date.isoformat() or row.reason != claims.reason:
        return "superseded", found, voter
    if row.state == COMPLETED or (voter is not None and voter["status"] == "voted"):
        return "already_used", found, voter
    return "valid", found, voter
