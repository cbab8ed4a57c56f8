"""The public bulletin board: every ballot's tracker with its state, nothing about voters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from linkage.evote_service import settings
from linkage.tables import elections, evote_ballots, evote_settings


def board(conn: Connection, election_id: str) -> dict[str, Any]:
    """The board of an election: its name, whether it is a mock election, the online period,
    the trackers of the ballots in tracker order (never the order of casting) with the hour of
    casting while the period is open, and after close the commitment to the closed box."""
    rules = settings.get(conn, election_id)
    name: str = conn.execute(
        select(elections.c.name).where(elections.c.election_id == election_id)
    ).scalar_one()
    commitment: str | None = conn.execute(
        select(evote_settings.c.box_commitment).where(evote_settings.c.election_id == election_id)
    ).scalar_one_or_none()
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
        "box_commitment": commitment,
        "ballots": [
            {"tracker": r.tracker, "status": r.status, "cast_hour_ms": r.cast_hour_ms} for r in rows
        ],
    }
