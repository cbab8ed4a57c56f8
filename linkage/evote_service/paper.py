"""A paper ballot issued at a polling-site desk cancels the voter's online ballot."""

from __future__ import annotations

from sqlalchemy import Connection, delete, select, update

from linkage.evote_service import settings
from linkage.evote_service.status import CANCELLED
from linkage.problems import Problem
from linkage.tables import evote_ballots, evote_voter_ballots


def cancel_online(conn: Connection, election_id: str, voter_id: str) -> None:
    """A desk issues a paper ballot to a voter who voted online: their online ballot is
    cancelled and the link to it destroyed.
    Refused (409) when the election keeps online ballots or the online period has closed."""
    rules = settings.get(conn, election_id)
    if not rules.paper_cancels_online:
        raise Problem(
            409,
            "paper-cannot-cancel",
            "In this election a paper ballot cannot cancel an online one",
        )
    if settings.has_closed(rules):
        raise Problem(
            409, "online-period-closed", "The online period has closed: the online ballot stands"
        )
    link = conn.execute(
        select(evote_voter_ballots.c.ballot_id)
        .where(
            evote_voter_ballots.c.election_id == election_id,
            evote_voter_ballots.c.voter_id == voter_id,
        )
        .with_for_update()
    ).first()
    if link is None:
        raise Problem(409, "conflict", "The online ballot changed meanwhile; try again")
    conn.execute(
        update(evote_ballots)
        .where(evote_ballots.c.ballot_id == link.ballot_id)
        .values(status=CANCELLED)
    )
    conn.execute(
        delete(evote_voter_ballots).where(
            evote_voter_ballots.c.election_id == election_id,
            evote_voter_ballots.c.voter_id == voter_id,
        )
    )


def can_cancel(conn: Connection, election_id: str) -> bool:
    """Whether a paper ballot issued now would cancel a voter's online ballot."""
    rules = settings.get(conn, election_id)
    return rules.paper_cancels_online and not settings.has_closed(rules)
