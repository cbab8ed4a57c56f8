"""Casting: a signed-in, declared voter's encrypted ballot goes into the ballot box, and the
voter's ballot claim (of kind ``online``, at site ``online``) is taken in the same transaction.

The claim is the same row a polling-site desk takes (``linkage.voting.claims``), so every
kiosk of the election blocks a second paper ballot as it does today, and eight casts racing
for one voter leave one counted ballot: casts take the election's lock (its settings row) one
after the other; the first inserts the claim, and each later one finds the claim cast online
and re-votes, superseding the ballot before it.

The ballot box holds ciphertexts and proofs only. Which ballot is a voter's current one lives
in ``evote_voter_ballots`` alone, sealed under a key outside the database (``links``), until
the period closes (``closing``). Ballot and claim ids are random (not time-ordered), a tracker
is a hash of its ballot alone, and times are rounded to the hour, so neither the box nor the
claim tells by an id, a tracker or a time which claim goes with which ballot.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from kazasu_protocol.canonical import canonical_json
from linkage import people
from linkage.canonical import now_ms
from linkage.evote.ballot import CheckedBallot, Choices, tracker_of, verify_audit, verify_ballot
from linkage.evote.context import ElectionContext
from linkage.evote.errors import EvoteError
from linkage.evote_service import keying, links, settings
from linkage.evote_service.status import AUDITED, COUNTED, SUPERSEDED
from linkage.feed import Change
from linkage.problems import Problem
from linkage.tables import (
    ballot_claims,
    declarations,
    evote_ballots,
    evote_settings,
)
from linkage.voting.claims import ONLINE, ONLINE_SITE, already_voted, claim_of_voter
from linkage.voting.roll import voter_for_person
from linkage.voting.voters import voter_changes

HOUR_MS = 3_600_000
# Who took a claim cast from home: the citizen web, on the voter's own word.
WEB, VOTER = "citizen-web", "voter"


@dataclass(frozen=True)
class Cast:
    """A cast ballot as the voter is told of it."""

    tracker: str
    replaced_earlier: bool


def hour_of(at_ms: int) -> int:
    """A time rounded down to the hour (Japan's offset is whole hours, so days stay days)."""
    return at_ms - at_ms % HOUR_MS


def random_id(prefix: str) -> str:
    """An identifier that tells nothing of when it was made."""
    return f"{prefix}-{secrets.token_hex(16)}"


def voter_of(conn: Connection, person_id: str, election_id: str) -> str:
    """The roll entry of a signed-in person, linked by verified attributes only (404 when the
    person cannot be matched), who must have declared (宣誓) for the election (409)."""
    pid = people.resolve(conn, person_id)
    voter_id = None if pid is None else voter_for_person(conn, election_id, pid)
    if voter_id is None:
        raise Problem(404, "not-on-roll", "The person is not on this election's roll")
    declared = conn.execute(
        select(declarations.c.declaration_id).where(
            declarations.c.election_id == election_id, declarations.c.voter_id == voter_id
        )
    ).first()
    if declared is None:
        raise Problem(
            409, "not-declared", "Declare (宣誓) for the election before casting a ballot"
        )
    return voter_id


def _take_claim(conn: Connection, election_id: str, voter_id: str, at_ms: int) -> bool:
    """Insert the voter's claim cast online unless the voter has a claim; whether it went in."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(ballot_claims)
        .values(
            claim_id=random_id("c"),
            election_id=election_id,
            voter_id=voter_id,
            site_id=ONLINE_SITE,
            device_id=WEB,
            kind=ONLINE,
            issued_by=VOTER,
            confirmed_by=VOTER,
            declaration_id=None,
            claimed_at_ms=hour_of(at_ms),
        )
        .on_conflict_do_nothing()
        .returning(ballot_claims.c.claim_id)
    )
    return conn.execute(stmt).first() is not None


def _ballot_id_free(conn: Connection, ballot_id: str) -> None:
    if conn.execute(
        select(evote_ballots.c.ballot_id).where(evote_ballots.c.ballot_id == ballot_id)
    ).first():
        raise Problem(409, "ballot-id-used", "This ballot id was cast or audited before")


def _checked(context: ElectionContext, ballot: dict[str, Any]) -> CheckedBallot:
    try:
        return verify_ballot(context, ballot)
    except EvoteError as exc:
        raise Problem(422, "invalid-ballot", "The ballot does not check", str(exc)) from None


def _lock_election(conn: Connection, election_id: str) -> None:
    """Take the election's lock (its settings row), then refuse if the period closed
    meanwhile: a voter's casts, and a cast and the close, go one after the other."""
    closed: int | None = conn.execute(
        select(evote_settings.c.closed_at_ms)
        .where(evote_settings.c.election_id == election_id)
        .with_for_update()
    ).scalar_one()
    if closed is not None:
        raise Problem(409, "online-period-not-open", "Online voting is closed", election_id)


def _store(
    conn: Connection, context: ElectionContext, checked: CheckedBallot, ballot: dict[str, Any]
) -> str:
    """Put the ballot in the box, counted; its tracker."""
    tracker = tracker_of(context, checked.code)
    conn.execute(
        insert(evote_ballots).values(
            ballot_id=checked.ballot_id,
            election_id=context.parameters.election_id,
            tracker=tracker,
            ballot=canonical_json(ballot),
            status=COUNTED,
            cast_hour_ms=hour_of(now_ms()),
        )
    )
    return tracker


def cast(
    conn: Connection, person_id: str, election_id: str, ballot: dict[str, Any]
) -> tuple[Cast, list[Change]]:
    """Cast a signed-in person's encrypted ballot: it becomes the voter's counted ballot, and a
    ballot cast online before is superseded (a re-vote). Refused: outside the online period,
    a person not on the roll or not declared, a ballot whose proofs fail (422
    ``invalid-ballot``), a ballot id seen before, a voter who voted at a desk (409
    ``already-voted``), and a re-vote when the election does not allow one."""
    rules = settings.get(conn, election_id)
    settings.require_open(rules)
    context = keying.context_of(conn, election_id)
    checked = _checked(context, ballot)
    voter_id = voter_of(conn, person_id, election_id)
    _lock_election(conn, election_id)
    _ballot_id_free(conn, checked.ballot_id)
    key = links.key_for(conn, election_id)
    if _take_claim(conn, election_id, voter_id, now_ms()):
        tracker = _store(conn, context, checked, ballot)
        links.put(conn, election_id, voter_id, key, checked.ballot_id)
        return Cast(tracker, False), voter_changes(conn, election_id, [voter_id])
    holder = claim_of_voter(conn, election_id, voter_id)
    if holder is None or holder.site_id != ONLINE_SITE:
        raise _voted_elsewhere(conn, election_id, voter_id)
    if not rules.revote_allowed:
        raise Problem(409, "revote-not-allowed", "This election does not allow voting again")
    earlier = links.find(conn, election_id, voter_id, key)
    if earlier is None:
        # A desk's paper ballot cancelled the online one while this cast waited.
        raise _voted_elsewhere(conn, election_id, voter_id)
    conn.execute(
        update(evote_ballots).where(evote_ballots.c.ballot_id == earlier).values(status=SUPERSEDED)
    )
    tracker = _store(conn, context, checked, ballot)
    links.put(conn, election_id, voter_id, key, checked.ballot_id)
    return Cast(tracker, True), []


def _voted_elsewhere(conn: Connection, election_id: str, voter_id: str) -> Problem:
    holder = claim_of_voter(conn, election_id, voter_id)
    if holder is None:
        return Problem(409, "conflict", "Conflicting concurrent write")
    return already_voted(conn, holder)


def audit(
    conn: Connection, election_id: str, ballot: dict[str, Any], opened: dict[str, Any]
) -> tuple[str, Choices]:
    """Keep a ballot the voter chose to audit, with the nonces that open it, for anyone to
    check on the board; it is never counted and its id can no longer be cast. Returns its code
    (the board's name for it) and the choices it encrypts."""
    settings.require_open(settings.get(conn, election_id))
    context = keying.context_of(conn, election_id)
    checked = _checked(context, ballot)
    try:
        choices = verify_audit(context, ballot, opened)
    except EvoteError as exc:
        raise Problem(
            422, "invalid-audit", "The audit does not open the ballot", str(exc)
        ) from None
    _ballot_id_free(conn, checked.ballot_id)
    conn.execute(
        insert(evote_ballots).values(
            ballot_id=checked.ballot_id,
            election_id=election_id,
            tracker=checked.code,
            ballot=canonical_json({"ballot": ballot, "audit": opened, "choices": choices}),
            status=AUDITED,
            cast_hour_ms=hour_of(now_ms()),
        )
    )
    return checked.code, choices
