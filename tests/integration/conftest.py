"""Fixtures that cross parts: a real platform process (SQLite and PostgreSQL) and kiosks
with real SQLCipher stores enrolled with it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from kiosk.app import Kiosk
from kiosk.model import Shelter
from kiosk.store import Store
from sync.engine import SyncEngine
from tests.integration.platform_server import PlatformServer, running_platform
from tests.linkage.postgres_server import throwaway_server

KIOSK_PASSPHRASE = "kiosk passphrase"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """One throwaway PostgreSQL server for the session."""
    with throwaway_server() as url:
        yield url


def _sql(server: str, statement: str) -> None:
    dsn = make_url(server).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture(params=["sqlite", "postgresql"])
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PlatformServer]:
    """The platform, as a separate process, on each database."""
    data = tmp_path / "platform"
    if request.param == "sqlite":
        with running_platform(data) as server:
            yield server
        return
    base: str = request.getfixturevalue("postgres_server")
    name = f"i_{uuid.uuid4().hex[:10]}"
    _sql(base, f"CREATE DATABASE {name}")
    try:
        with running_platform(data, make_url(base).set(database=name).render_as_string(False)) as s:
            yield s
    finally:
        _sql(base, f"DROP DATABASE {name} WITH (FORCE)")


KioskMaker = Callable[..., tuple[Kiosk, SyncEngine]]


@pytest.fixture
def make_kiosk(platform: PlatformServer, tmp_path: Path) -> Iterator[KioskMaker]:
    """Make kiosks enrolled with the platform for the given shelters."""
    made: list[tuple[Kiosk, SyncEngine]] = []

    def make(
        name: str,
        shelters: tuple[str, ...] = ("S1",),
        url: str | None = None,
        wall: Callable[[], float] | None = None,
        local_shelters: bool = True,
    ) -> tuple[Kiosk, SyncEngine]:
        # local_shelters=False: the kiosk learns its shelters from the platform, which the
        # test has defined as it wants them.
        for shelter_id in shelters if local_shelters else ():
            platform.shelter(shelter_id)
        extra = {"wall": wall} if wall else {}
        store = Store.create(tmp_path / name, KIOSK_PASSPHRASE, use_os_keystore=False, **extra)
        kiosk = Kiosk.over(store)
        for shelter_id in shelters if local_shelters else ():
            kiosk.shelters.add("setup", Shelter(shelter_id, f"避難所 {shelter_id}"))
        engine = SyncEngine(store)
        engine.enrol(url or platform.url, platform.enrolment_code(*shelters), name)
        made.append((kiosk, engine))
        return kiosk, engine

    yield make
    for kiosk, engine in made:
        engine.close()
        kiosk.close()
