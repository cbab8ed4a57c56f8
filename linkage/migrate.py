"""Run the schema migrations programmatically, inside the package (no alembic.ini needed)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from linkage import kek, keys
from linkage.config import default_issuer
from linkage.db import checkpoint


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at this package's migrations."""
    config = Config()
    config.set_main_option("script_location", "linkage:migrations")
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to ``revision``; at the head, with a key-encryption key bound to
    the engine (linkage/kek.py), seal keys stored in clear and make the first signing key."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    if revision == "head" and kek.ready(kek.for_engine(engine)):
        with engine.begin() as connection:
            sealed = keys.seal_clear_keys(connection)
            keys.ensure_key(connection, default_issuer())
        if sealed:
            checkpoint(engine)


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest revision (``serve`` refuses to start otherwise)."""
    heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads
