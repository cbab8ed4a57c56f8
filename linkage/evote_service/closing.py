"""Closing the online period: the voter-to-ballot links are destroyed and the ballot box loses
the order of casting, so that from then on nothing the platform holds, nor any copy of it taken
during the period, tells whose ballot is whose.

In the closing transaction every link row of the election is deleted, the box's ballots are
written again in tracker order without their cast hour, and the commitment to the closed box
(``record.box_commitment``) is stored for the board. After commit the election's link key file
is overwritten and removed (``link_keys``): the link rows any backup or log of the period still
holds open with nothing. SQLite's write-ahead log is then emptied into the file (where
``secure_delete`` has zeroed the deleted rows, and the rewritten rows' new rowids follow
tracker order); PostgreSQL rewrites the links table, and the box ordered by tracker
(``CLUSTER``), so neither old row versions nor the physical order of arrival remain.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, insert, select, update

from linkage import db, unit
from linkage.canonical import now_ms
from linkage.evote.record import box_commitment
from linkage.evote_service import keying, link_keys, settings
from linkage.evote_service.status import AUDITED, COUNTED
from linkage.problems import Problem
from linkage.tables import evote_ballots, evote_settings, evote_voter_ballots

# The index of evote_ballots' unique tracker (PostgreSQL's name for the migration's constraint).
TRACKER_INDEX = "evote_ballots_tracker_key"


def _rewrite_box(conn: Connection, election_id: str) -> str | None:
    """Write the election's ballots again in tracker order, without their cast hour; the
    commitment to the closed box (None for an election never keyed, which has no ballots)."""
    rows = [
        r._asdict()
        for r in conn.execute(
            select(evote_ballots)
            .where(evote_ballots.c.election_id == election_id)
            .order_by(evote_ballots.c.tracker)
        )
    ]
    conn.execute(delete(evote_ballots).where(evote_ballots.c.election_id == election_id))
    for row in rows:
        conn.execute(insert(evote_ballots).values({**row, "cast_hour_ms": None}))
    if not settings.get(conn, election_id).keyed:
        return None
    return box_commitment(
        keying.context_of(conn, election_id),
        (
            (r["tracker"], "counted" if r["status"] == COUNTED else "cancelled")
            for r in rows
            if r["status"] != AUDITED
        ),
        (r["tracker"] for r in rows if r["status"] == AUDITED),
    )


def _close(conn: Connection, election_id: str) -> int:
    # Casts wait for this lock (the settings row) and then find the period closed.
    conn.execute(
        select(evote_settings.c.election_id)
        .where(evote_settings.c.election_id == election_id)
        .with_for_update()
    )
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
    commitment = _rewrite_box(conn, election_id)
    conn.execute(
        update(evote_settings)
        .where(evote_settings.c.election_id == election_id)
        .values(closed_at_ms=now_ms(), link_key_check=None, box_commitment=commitment)
    )
    return int(destroyed)


def close(engine: Engine, election_id: str) -> int:
    """Close an election's online period once its closing time has passed; how many
    voter-to-ballot links were destroyed. Refused (409) before the closing time and twice."""
    keys = link_keys.for_engine(engine)
    try:
        destroyed = unit.write(engine, lambda conn: (_close(conn, election_id), []))
    except Problem as refused:
        if refused.kind == "online-period-closed":
            # A close interrupted after its commit left the key file: it goes now.
            keys.destroy(election_id)
        raise
    keys.destroy(election_id)
    if db.is_sqlite(engine):
        db.checkpoint(engine)
    else:
        with engine.connect() as conn:
            autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.exec_driver_sql("VACUUM FULL evote_voter_ballots")
            autocommit.exec_driver_sql(f"CLUSTER evote_ballots USING {TRACKER_INDEX}")
    return destroyed
