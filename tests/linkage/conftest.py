"""Fixtures: a migrated database per test, on SQLite and on PostgreSQL, and the platform app."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, make_url

from linkage import kek, migrate
from linkage.app import create_app
from linkage.config import Settings, normalise_url
from linkage.db import make_engine
from linkage.evote_service import link_keys
from tests.linkage.kiosk_double import ADMIN_TOKEN, Platform
from tests.linkage.postgres_server import throwaway_server

TEMPLATE = "kazasu_template"
# The key-encryption key of every test database: the PostgreSQL template's keys are sealed
# with it, and each test's copy of the template opens them with it.
TEST_KEK = kek.KeyKek(bytes(range(32)), "the tests' key-encryption key")


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A server with a migrated template database; yields the server's maintenance URL."""
    given = os.environ.get("KAZASU_TEST_POSTGRES_URL")
    if given:
        yield from _with_template(normalise_url(given))
        return
    with throwaway_server() as url:
        yield from _with_template(url)


def _with_template(url: str) -> Iterator[str]:
    _admin_sql(url, f"DROP DATABASE IF EXISTS {TEMPLATE}")
    _admin_sql(url, f"CREATE DATABASE {TEMPLATE}")
    _migrate_template(make_url(url).set(database=TEMPLATE).render_as_string(False))
    yield url
    _admin_sql(url, f"DROP DATABASE IF EXISTS {TEMPLATE}")


def _admin_sql(url: str, sql: str) -> None:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A freshly migrated database of each kind."""
    yield from _migrated(request.param, request, tmp_path)


@pytest.fixture
def other_engine(
    engine: Engine, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Engine]:
    """A second freshly migrated database of the same kind as ``engine`` (another platform),
    with its own data folder."""
    yield from _migrated(engine.dialect.name, request, tmp_path / "other")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies, as each copies PostgreSQL's template."""
    path = tmp_path_factory.mktemp("template") / "platform.sqlite3"
    _migrate_template(f"sqlite:///{path}")
    return path


def _migrate_template(url: str) -> None:
    """Migrate the database at ``url``, its keys sealed with the tests' key-encryption key."""
    engine = make_engine(url)
    kek.bind(engine, TEST_KEK)
    migrate.upgrade(engine)
    engine.dispose()


def _migrated(kind: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[Engine]:
    if kind == "sqlite":
        folder.mkdir(exist_ok=True)
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, folder / "platform.sqlite3")
        eng = make_engine(f"sqlite:///{folder / 'platform.sqlite3'}")
        kek.bind(eng, TEST_KEK)
        link_keys.bind(eng, link_keys.LinkKeys(link_keys.folder_in(folder)))
        yield eng
        eng.dispose()
        return
    server: str = request.getfixturevalue("postgres_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    _admin_sql(server, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    eng = make_engine(make_url(server).set(database=name).render_as_string(False))
    kek.bind(eng, TEST_KEK)
    link_keys.bind(eng, link_keys.LinkKeys(link_keys.folder_in(folder)))
    yield eng
    eng.dispose()
    _admin_sql(server, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def settings(engine: Engine, tmp_path: Path) -> Settings:
    """Settings of the platform under test (small body limit to test 413 cheaply)."""
    return Settings(
        database_url=engine.url.render_as_string(False),
        admin_token=ADMIN_TOKEN,
        body_limit=256 * 1024,
        tls_pin="sha256/test-pin",
        kek=TEST_KEK,
        evote_link_keys=link_keys.folder_in(tmp_path),
    )


@pytest.fixture
def platform(engine: Engine, settings: Settings) -> Iterator[Platform]:
    """The platform under test, with helpers to administer it and to act as kiosks."""
    with TestClient(create_app(settings, engine)) as client:
        yield Platform(client, engine)
