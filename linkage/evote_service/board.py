"""The public bulletin board: every ballot's tracker with its state, nothing about voters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from linkage.evote_service import settings
from linkage.tables import elections, evote_ballots


def board(conn: Connection, election_id: str) -> dict[str, Any]:
    """The board of an election: its name, whether it is a mock election, the online period,
    and the trackers of the ballots in tracker order (never the order of casting)."""
    rules = settings.get(conn, election_id)
    name: str = conn.execute(
        select(elections.c.name).where(elections.c.election_id == election_id)
    ).scalar_one()
    rows = conn.execute(
        select(evote_ballots.c.tracker, evote_ballots.c.status, evote_ballots.c.cast_hour_ms)
        .where(evote_ballots.c.election_id == election_id)
        .order_by(evote_ballots.c.tracker)
    )
    return {
        "election_id": election_id,
        "name": name,
        "mock": rules.mock,
        "opens_at_ms": rules.opens_at_ms,
        "closes_at_ms": rules.closes_at_ms,
        "closed": rules.closed_at_ms is not None,
        "ballots": [
            {"tracker": r.tracker, "status": r.status, "cast_hour_ms": r.cast_hour_ms} for r in rows
        ],
    }
