"""Fixtures for the kiosk core: a real SQLCipher store in a temporary data folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.app import Kiosk
from kiosk.model import Shelter
from kiosk.store import Store
from tests.kiosk.builders import PASSPHRASE, STAFF, FakeWall


@pytest.fixture
def wall() -> FakeWall:
    return FakeWall(datetime(2026, 11, 26, 1, 0, tzinfo=UTC))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path, wall: FakeWall) -> Iterator[Store]:
    with Store.create(data_dir, PASSPHRASE, wall=wall, use_os_keystore=False) as s:
        yield s


@pytest.fixture
def kiosk(store: Store) -> Kiosk:
    k = Kiosk.over(store)
    k.shelters.add(STAFF, Shelter("S1", "第一小学校", capacity=100))
    k.shelters.add(STAFF, Shelter("S2", "市民センター", capacity=50))
    return k
