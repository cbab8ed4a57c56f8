"""Ballot claims: exactly one per voter and election succeeds, across every site and process.

The claim is one INSERT guarded by the unique key (election_id, voter_id) with ON CONFLICT DO
NOTHING: on PostgreSQL a concurrent insert of the same key waits for the other transaction and
then inserts nothing if it committed, so no two claims can both succeed, and the loser reads
the winner to say where the voter voted. SQLite serialises writers, with the same outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite

from linkage.canonical import now_ms, sha256_hex
from linkage.devices import Device
from linkage.evote_service import paper
from linkage.feed import Change
from linkage.problems import Problem
from linkage.scope import Scope
from linkage.tables import ballot_claims, declarations, devices, polling_sites, sessions, voters
from linkage.voting import incidents
from linkage.voting.declarations import complete, declaration_changes
from linkage.voting.elections import Site, device_site, get_site, today
from linkage.voting.voters import voter_changes

ONLINE = "online"
PROVISIONAL = "provisional"
# The site of a claim taken by a ballot cast online from home (linkage.evote_service); such a
# claim is otherwise an ordinary claim of kind ONLINE, which every desk honours.
ONLINE_SITE = "online"


@dataclass(frozen=True)
class Claim:
    """A granted claim: the ballot may be (or was) issued."""

    claim_id: str
    voter_id: str
    election_id: str
    site_id: str
    claimed_at_ms: int
    declaration_id: str | None
    kind: str
    device_id: str


@dataclass(frozen=True)
class ClaimRequest:
    """What a kiosk asks for (docs/protocol/voting.md, the claim)."""

    claim_id: str
    voter_id: str
    issued_by: str
    confirmed_by: str
    declaration_id: str | None = None
    # The desk confirmed that the paper ballot cancels the voter's online ballot.
    cancel_online: bool = False


def _claim(row: Any) -> Claim:
    return Claim(
        row.claim_id,
        row.voter_id,
        row.election_id,
        row.site_id,
        row.claimed_at_ms,
        row.declaration_id,
        row.kind,
        row.device_id,
    )


def _voter_election(conn: Connection, voter_id: str) -> str | None:
    return conn.execute(
        select(voters.c.election_id).where(voters.c.voter_id == voter_id)
    ).scalar_one_or_none()


def _try_insert(conn: Connection, values: dict[str, Any]) -> bool:
    """Insert the claim unless the voter (or the claim id) has one; whether it went in."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(ballot_claims)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(ballot_claims.c.claim_id)
    )
    return conn.execute(stmt).first() is not None


def claim_of_voter(conn: Connection, election_id: str, voter_id: str) -> Claim | None:
    """The claim that holds a voter's ballot in an election, if any."""
    row = conn.execute(
        select(ballot_claims).where(
            ballot_claims.c.election_id == election_id, ballot_claims.c.voter_id == voter_id
        )
    ).first()
    return None if row is None else _claim(row)


def already_voted(conn: Connection, winner: Claim) -> Problem:
    """The 409 a losing claim gets: who and where, and for a ballot cast online whether a
    paper ballot issued now would cancel it."""
    site = get_site(conn, winner.site_id)
    extra: dict[str, Any] = {}
    if winner.site_id == ONLINE_SITE:
        extra["online_cancellable"] = paper.can_cancel(conn, winner.election_id)
    return Problem(
        409,
        "already-voted",
        "The voter has already voted",
        f"at {site.name if site else winner.site_id}",
        voter_id=winner.voter_id,
        voted_site_id=winner.site_id,
        voted_site_name=site.name if site else winner.site_id,
        voted_at_ms=winner.claimed_at_ms,
        voted_kind=winner.kind,
        **extra,
    )


def claim_online(
    conn: Connection, device: Device, request: ClaimRequest
) -> tuple[Claim | Problem, list[Change]]:
    """A kiosk's online claim (idempotent per claim id and device); raises the refusals of the
    contract, and returns (not raises) the one refusal that keeps an incident: another device
    presenting a granted claim's id, which must be answered ``already-voted`` and remembered."""
    site = device_site(conn, device)
    election = _voter_election(conn, request.voter_id)
    if election is None:
        raise Problem(404, "unknown-voter", "Unknown voter", request.voter_id)
    if election != site.election_id:
        raise Problem(403, "outside-scope", "The voter is on another election's roll")
    earlier = conn.execute(
        select(ballot_claims).where(ballot_claims.c.claim_id == request.claim_id)
    ).first()
    if earlier is not None:
        return _retry(conn, device, site, request, _claim(earlier))
    day = today()
    if day not in site.voting_days:
        # Having voted is the stronger answer: the desk must show it whatever the day.
        holder = claim_of_voter(conn, site.election_id, request.voter_id)
        if holder is not None:
            raise already_voted(conn, holder)
        raise Problem(
            409,
            "not-a-voting-day",
            "The site does not hold early voting today",
            today=day.isoformat(),
            voting_days=[d.isoformat() for d in site.voting_days],
        )
    if request.declaration_id is not None:
        _check_declaration(conn, site, request)
    claimed_at = now_ms()
    values: dict[str, Any] = {
        "claim_id": request.claim_id,
        "election_id": site.election_id,
        "voter_id": request.voter_id,
        "site_id": site.site_id,
        "device_id": device.device_id,
        "kind": ONLINE,
        "issued_by": request.issued_by,
        "confirmed_by": request.confirmed_by,
        "declaration_id": request.declaration_id,
        "claimed_at_ms": claimed_at,
    }
    if not _try_insert(conn, values):
        winner = claim_of_voter(conn, site.election_id, request.voter_id)
        if winner is not None and winner.site_id == ONLINE_SITE and request.cancel_online:
            _replace_online(conn, winner, values)
        elif winner is None or winner.claim_id == request.claim_id:
            # The claim id collided: a retry of this claim racing itself, or a replay.
            raced = conn.execute(
                select(ballot_claims).where(ballot_claims.c.claim_id == request.claim_id)
            ).one()
            return _retry(conn, device, site, request, _claim(raced))
        else:
            raise already_voted(conn, winner)
    out = voter_changes(conn, site.election_id, [request.voter_id])
    if request.declaration_id is not None:
        complete(conn, request.declaration_id, site.site_id, claimed_at)
        out += declaration_changes(conn, site.election_id, [request.declaration_id])
    granted = Claim(
        request.claim_id,
        request.voter_id,
        site.election_id,
        site.site_id,
        claimed_at,
        request.declaration_id,
        ONLINE,
        device.device_id,
    )
    return granted, out


def _replace_online(conn: Connection, online: Claim, values: dict[str, Any]) -> None:
    """The desk's paper ballot cancels the voter's online ballot and takes over its claim; when
    the rules keep the online ballot, the desk is told the voter has voted. When the platform
    cannot find the online ballot now (its link key is unavailable, 503) it says so: the voter
    stays blocked, as at a desk that is offline."""
    try:
        paper.cancel_online(conn, online.election_id, online.voter_id)
    except Problem as refused:
        if refused.status >= 500:
            raise
        raise already_voted(conn, online) from None
    conn.execute(
        update(ballot_claims).where(ballot_claims.c.claim_id == online.claim_id).values(**values)
    )


def _retry(
    conn: Connection, device: Device, site: Site, request: ClaimRequest, earlier: Claim
) -> tuple[Claim | Problem, list[Change]]:
    """A claim id seen before: the claimant's retry gets the same answer; another device's
    copy of it (the id reached it somehow) gets ``already-voted`` and becomes an incident."""
    if earlier.voter_id != request.voter_id:
        raise Problem(409, "claim-id-reused", "This claim id was used for another voter")
    if earlier.device_id == device.device_id:
        return earlier, []
    detail = {
        "device_id": device.device_id,
        "site_id": site.site_id,
        "claim_id": request.claim_id,
        "issued_by": request.issued_by,
        "confirmed_by": request.confirmed_by,
        "claimed_by_device_id": earlier.device_id,
        "claimed_at_ms": earlier.claimed_at_ms,
    }
    changes = incidents.record(
        conn,
        earlier.election_id,
        earlier.voter_id,
        incidents.CLAIM_ID_REPLAYED,
        [earlier.site_id, site.site_id],
        detail,
    )
    return already_voted(conn, earlier), changes


def _check_declaration(conn: Connection, site: Site, request: ClaimRequest) -> None:
    row = conn.execute(
        select(declarations).where(declarations.c.declaration_id == request.declaration_id)
    ).first()
    if row is None:
        raise Problem(404, "unknown-declaration", "Unknown declaration", request.declaration_id)
    if row.election_id != site.election_id:
        raise Problem(403, "outside-scope", "The declaration is for another election")
    if row.voter_id != request.voter_id:
        raise Problem(422, "declaration-mismatch", "The declaration is another voter's")
    if row.state == "completed":
        raise Problem(409, "declaration-used", "The declaration is already completed")


def claim_offline(
    conn: Connection,
    device: Device,
    site: Site,
    claim_id: str,
    voter_id: str,
    issued_by: str,
    confirmed_by: str,
    declaration_id: str | None,
    at_ms: int,
    event_id: str,
) -> list[Change]:
    """A ballot issued while offline (or an online issue the platform has no record of): it
    claims the voter, or cancels the voter's ballot cast online where the election lets paper
    do so, or, when another claim holds the voter, becomes a double-issue incident (also when
    that claim has this claim id but another device made it)."""
    values = {
        "claim_id": claim_id,
        "election_id": site.election_id,
        "voter_id": voter_id,
        "site_id": site.site_id,
        "device_id": device.device_id,
        "kind": PROVISIONAL,
        "issued_by": issued_by,
        "confirmed_by": confirmed_by,
        "declaration_id": declaration_id,
        "claimed_at_ms": at_ms,
    }
    if _try_insert(conn, values):
        return voter_changes(conn, site.election_id, [voter_id])
    winner = claim_of_voter(conn, site.election_id, voter_id)
    if (
        winner is not None
        and winner.site_id == ONLINE_SITE
        and paper.can_cancel(conn, site.election_id)
    ):
        # A paper ballot handed out offline to a voter who had voted online: the paper one
        # counts, as it would have at an online desk (the election's rule).
        _replace_online(conn, winner, values)
        return voter_changes(conn, site.election_id, [voter_id])
    if winner is None:
        # Only the claim id collided, with another voter's claim: no ballot may go unrecorded.
        taken = _claim(
            conn.execute(select(ballot_claims).where(ballot_claims.c.claim_id == claim_id)).one()
        )
        replayed = {
            "device_id": device.device_id,
            "site_id": site.site_id,
            "event_id": event_id,
            "claim_id": claim_id,
            "claimed_by_device_id": taken.device_id,
        }
        return incidents.record(
            conn,
            site.election_id,
            voter_id,
            incidents.CLAIM_ID_REPLAYED,
            [taken.site_id, site.site_id],
            replayed,
        )
    if winner.claim_id == claim_id and winner.device_id == device.device_id:
        return []  # this very claim, seen before
    detail = {
        "claims": [
            _claim_detail(conn, winner),
            {
                "claim_id": claim_id,
                "site_id": site.site_id,
                "device_id": device.device_id,
                "kind": PROVISIONAL,
                "at_ms": at_ms,
                "issued_by": issued_by,
                "confirmed_by": confirmed_by,
                "event_id": event_id,
            },
        ]
    }
    return incidents.record(
        conn,
        site.election_id,
        voter_id,
        incidents.DOUBLE_ISSUE,
        [winner.site_id, site.site_id],
        detail,
    )


def _claim_detail(conn: Connection, claim: Claim) -> dict[str, Any]:
    row = conn.execute(
        select(ballot_claims).where(ballot_claims.c.claim_id == claim.claim_id)
    ).one()
    return {
        "claim_id": row.claim_id,
        "site_id": row.site_id,
        "device_id": row.device_id,
        "kind": row.kind,
        "at_ms": row.claimed_at_ms,
        "issued_by": row.issued_by,
        "confirmed_by": row.confirmed_by,
    }


def record_revoked_claim(
    conn: Connection, token: str, request: ClaimRequest
) -> tuple[None, list[Change]]:
    """Keep a claim made with the session of a revoked device as an incident of its election.

    Revocation ends a device's sessions, but their records stay until they expire so that a
    revoked device knocking is recognised; a token that is unknown is not anyone's claim.
    """
    row = conn.execute(
        select(devices.c.device_id, devices.c.scope, devices.c.revoked_at_ms)
        .join(sessions, sessions.c.device_id == devices.c.device_id)
        .where(sessions.c.token_hash == sha256_hex(token))
    ).first()
    if row is None or row.revoked_at_ms is None:
        return None, []
    site_id = Scope.from_json(row.scope).polling_site
    election = conn.execute(
        select(polling_sites.c.election_id).where(polling_sites.c.site_id == site_id)
    ).scalar_one_or_none()
    if site_id is None or election is None:
        return None, []
    voter_known = _voter_election(conn, request.voter_id) == election
    detail = {
        "device_id": row.device_id,
        "claim_id": request.claim_id,
        "issued_by": request.issued_by,
        "confirmed_by": request.confirmed_by,
        "revoked_at_ms": row.revoked_at_ms,
    }
    changes = incidents.record(
        conn,
        election,
        request.voter_id if voter_known else None,
        incidents.REVOKED_DEVICE_CLAIM,
        [site_id],
        detail,
    )
    return None, changes
