"""Migration 0006 (early voting) on a database that already holds elections and sites."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, insert, inspect, select

from linkage import migrate
from linkage.tables import elections, polling_sites

EARLY_VOTING_TABLES = {"voters", "ballot_claims", "declarations", "voting_incidents"}


def test_existing_sites_get_a_hard_block_with_a_pin_and_the_way_back_drops_the_new_tables(
    engine: Engine,
) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    assert not EARLY_VOTING_TABLES & set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO elections (election_id, name) VALUES ('E-1', 'election')")
        conn.exec_driver_sql(
            "INSERT INTO polling_sites (site_id, election_id, name) VALUES ('P-1', 'E-1', 'hall')"
        )
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= EARLY_VOTING_TABLES
    with engine.connect() as conn:
        site = conn.execute(select(polling_sites)).one()
        assert (site.outage_procedure, site.pin_required, site.staff_code_allowed) == (
            "hard_block",
            True,
            False,
        )
        assert site.voting_days is None
        assert conn.execute(select(elections.c.voting_days)).scalar_one() == "[]"
    with engine.begin() as conn:
        conn.execute(insert(elections).values(election_id="E-2", name="second"))
        assert (
            conn.execute(
                select(elections.c.voting_days).where(elections.c.election_id == "E-2")
            ).scalar_one()
            == "[]"
        )
