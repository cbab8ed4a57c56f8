"""A paper ballot issued at a polling-site desk cancels the voter's online ballot."""

from __future__ import annotations

from sqlalchemy import Connection, update

from linkage.evote_service import links, settings
from linkage.evote_service.status import CANCELLED
from linkage.problems import Problem
from linkage.tables import evote_ballots


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
    key = links.key_if_made(conn, election_id)
    ballot_id = None if key is None else links.find(conn, election_id, voter_id, key)
    if key is None or ballot_id is None:
        raise Problem(409, "conflict", "The online ballot changed meanwhile; try again")
    conn.execute(
        update(evote_ballots).where(evote_ballots.c.ballot_id == ballot_id).values(status=CANCELLED)
    )
    links.drop(conn, election_id, voter_id, key)


def can_cancel(conn: Connection, election_id: str) -> bool:
    """Whether a paper ballot issued now would cancel a voter's online ballot."""
    rules = settings.get(conn, election_id)
    return rules.paper_cancels_online and not settings.has_closed(rules)
