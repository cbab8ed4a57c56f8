"""Voters as kiosks receive them: the roll entry, its linked person's cards, and whether and
where the voter has voted.

The claim that holds a voter's ballot travels as a digest of its id (``claim_digest``), never the
id itself: every kiosk of the election receives the entry, and only the device that chose the id
needs to recognise it (to finish its own claim after a crash); the platform answers a claim id
from any other device ``already-voted`` (docs/protocol/voting.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, select

from linkage.canonical import sha256_hex
from linkage.db import key_in
from linkage.feed import Change
from linkage.names import join_name
from linkage.tables import ballot_claims, card_links, voters
from linkage.voting.elections import election_days, election_keys


def voter_query() -> Select[Any]:
    """Roll entries with their claim, if any (one per voter and election)."""
    return select(
        voters,
        ballot_claims.c.claim_id,
        ballot_claims.c.site_id.label("voted_site_id"),
        ballot_claims.c.claimed_at_ms,
        ballot_claims.c.kind.label("voted_kind"),
    ).outerjoin(
        ballot_claims,
        (ballot_claims.c.voter_id == voters.c.voter_id)
        & (ballot_claims.c.election_id == voters.c.election_id),
    )


def payloads(conn: Connection, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """The ``voter`` feed payloads of rows of ``voter_query``, with their card keys."""
    people = sorted({r.person_id for r in rows if r.person_id})
    cards: dict[str, list[str]] = {}
    if people:
        for link in conn.execute(
            select(card_links.c.person_id, card_links.c.card_key)
            .where(key_in(conn, card_links.c.person_id, people))
            .order_by(card_links.c.card_key)
        ):
            cards.setdefault(link.person_id, []).append(link.card_key)
    return [_payload(r, cards.get(r.person_id, []) if r.person_id else []) for r in rows]


def roll_of(conn: Connection, election_id: str) -> list[dict[str, Any]]:
    """Every voter of an election with their status, in voter id order (404 for an unknown
    election): the election office's whole roll, as ``kazasu-platform voters`` prints it."""
    election_days(conn, election_id)
    rows = conn.execute(
        voter_query().where(voters.c.election_id == election_id).order_by(voters.c.voter_id)
    ).all()
    return payloads(conn, rows)


def _payload(r: Any, card_keys: list[str]) -> dict[str, Any]:
    voted = r.claim_id is not None
    return {
        "voter_id": r.voter_id,
        "election_id": r.election_id,
        "roll_number": r.roll_number,
        "name": join_name(r.family_name, r.given_name),
        "kana": join_name(r.family_name_kana, r.given_name_kana),
        "birth_date": r.birth_date,
        "sex": r.sex,
        "address": r.address,
        "person_id": r.person_id,
        "card_keys": card_keys,
        "status": "voted" if voted else "not_voted",
        "voted_site_id": r.voted_site_id if voted else None,
        "voted_at_ms": r.claimed_at_ms if voted else None,
        "claim_digest": claim_digest(r.claim_id) if voted else None,
        "voted_kind": r.voted_kind if voted else None,
    }


def claim_digest(claim_id: str) -> str:
    """Lowercase hex SHA-256 of a claim id's UTF-8: how the feed names the claim."""
    return sha256_hex(claim_id)


def voter_payload(conn: Connection, voter_id: str) -> dict[str, Any] | None:
    """One voter's payload, or None for an unknown id."""
    rows = conn.execute(voter_query().where(voters.c.voter_id == voter_id)).all()
    return payloads(conn, rows)[0] if rows else None


def voter_changes(conn: Connection, election_id: str, voter_ids: Sequence[str]) -> list[Change]:
    """``voter`` upserts of these voters of one election, for every site of the election."""
    keys = election_keys(conn, election_id)
    if not keys or not voter_ids:
        return []
    out: list[Change] = []
    ids = list(voter_ids)
    for start in range(0, len(ids), 1000):
        rows = conn.execute(
            voter_query().where(key_in(conn, voters.c.voter_id, ids[start : start + 1000]))
        ).all()
        for payload in payloads(conn, rows):
            out += [Change(k, "voter", payload["voter_id"], "upsert", payload, None) for k in keys]
    return out


def changes_for_person(conn: Connection, person_id: str) -> list[Change]:
    """``voter`` upserts of the roll entries linked to a person whose cards changed."""
    out: list[Change] = []
    rows = conn.execute(
        select(voters.c.election_id, voters.c.voter_id).where(voters.c.person_id == person_id)
    ).all()
    for row in rows:
        out += voter_changes(conn, row.election_id, [row.voter_id])
    return out
