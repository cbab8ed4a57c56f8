"""Closing the online period: the voter-to-ballot links are destroyed, so that from then on
nothing the platform holds tells whose ballot is whose.

In the closing transaction every link row of the election is deleted. After commit, SQLite's
write-ahead log is emptied into the file (where ``secure_delete`` has zeroed the deleted rows)
and PostgreSQL rewrites the links table and the ballot box (``VACUUM FULL``), so the old row
versions are gone from the data files as well.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, update

from linkage import db, unit
from linkage.canonical import now_ms
from linkage.evote_service import settings
from linkage.problems import Problem
from linkage.tables import evote_settings, evote_voter_ballots


def _close(conn: Connection, election_id: str) -> int:
    rules = settings.get(conn, election_id)
    if rules.closed_at_ms is not None:
        raise Problem(409, "online-period-closed", "The online period is already closed")
    if rules.closes_at_ms is None or now_ms() < rules.closes_at_ms:
        raise Problem(
            409, "online-period-not-over", "The online period has not reached its closing time"
        )
    destroyed = conn.execute(
        delete(evote_voter_ballots).where(evote_voter_ballots.c.election_id == election_id)
    ).rowcount
    conn.execute(
        update(evote_settings)
        .where(evote_settings.c.election_id == election_id)
        .values(closed_at_ms=now_ms())
    )
    return int(destroyed)


def close(engine: Engine, election_id: str) -> int:
    """Close an election's online period once its closing time has passed; how many
    voter-to-ballot links were destroyed. Refused (409) before the closing time and twice."""
    destroyed = unit.write(engine, lambda conn: (_close(conn, election_id), []))
    if db.is_sqlite(engine):
        db.checkpoint(engine)
    else:
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM FULL evote_voter_ballots, evote_ballots"
            )
    return destroyed
