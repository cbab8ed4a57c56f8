"""Migration 0038 (sealed voter-to-ballot links, trackers of the ballot alone): it refuses while
an online period holds links in clear, and gives every cast ballot of before its new tracker."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, select, text

from kazasu_protocol.canonical import canonical_json
from linkage import migrate
from linkage.evote.ballot import encrypt_ballot, tracker_of
from linkage.tables import evote_ballots
from tests.linkage.evote.election import ceremony


def test_clear_links_stop_the_migration_and_cast_ballots_get_their_new_trackers(
    engine: Engine,
) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0037")
    context = ceremony(1, 1).context
    ballot, _ = encrypt_ballot(context, {"contest-1": ["c1-2"]})
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO elections (election_id, name) VALUES ('E-1', 'mayor')"))
        conn.execute(
            text(
                "INSERT INTO evote_settings (election_id, context, last_tracker) "
                "VALUES ('E-1', :context, :chained)"
            ),
            {"context": canonical_json(context.to_json()), "chained": "ab" * 32},
        )
        # A ballot cast under the chained trackers of before, and its voter's link in clear.
        conn.execute(
            text(
                "INSERT INTO evote_ballots (ballot_id, election_id, seq, tracker, ballot, "
                "status, cast_hour_ms) VALUES (:id, 'E-1', 1, :chained, :ballot, 'counted', 0)"
            ),
            {"id": ballot["ballot_id"], "chained": "ab" * 32, "ballot": canonical_json(ballot)},
        )
        conn.execute(
            text(
                "INSERT INTO evote_voter_ballots (election_id, voter_id, ballot_id) "
                "VALUES ('E-1', 'v-1', :id)"
            ),
            {"id": ballot["ballot_id"]},
        )
    with pytest.raises(RuntimeError, match="close every open online period"):
        migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM evote_voter_ballots")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        tracker: str = conn.execute(select(evote_ballots.c.tracker)).scalar_one()
    assert tracker == tracker_of(context, ballot["code"])
