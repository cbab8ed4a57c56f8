"""Counts without consent: per shelter and kind of care, cells from 1 to k-1 withheld."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from linkage import unit
from linkage.app import create_app
from linkage.config import Settings
from linkage.partners.aggregates import suppress
from tests.linkage.kiosk_double import Platform
from tests.linkage.partners.conftest import World


def test_small_cells_are_withheld_and_zero_is_shown(world: World) -> None:
    deli = world.partner("deli")
    for i in range(6):
        world.resident(f"在所 {i}", at_shelter=True, care_required=i < 5, pregnant=i == 0)
    world.resident("自宅 さん")  # not at the shelter

    answer = deli.http.get(
        "/v1/partner/aggregates/shelters", headers={"Authorization": f"Bearer {deli.token}"}
    )

    assert answer.status_code == 200, answer.text
    (shelter,) = answer.json()["shelters"]
    assert answer.json()["min_cell"] == 5
    assert shelter["present"] == 6
    assert shelter["needing_care"] == 5
    assert shelter["by_kind"]["care_required"] == 5
    assert shelter["by_kind"]["pregnant"] is None  # one person: withheld
    assert shelter["by_kind"]["nursing"] == 0


def test_aggregates_disclose_nobody(world: World) -> None:
    deli = world.partner("deli")
    world.resident("在所 さん", at_shelter=True, care_required=True)

    deli.http.get(
        "/v1/partner/aggregates/shelters", headers={"Authorization": f"Bearer {deli.token}"}
    )

    count: int = unit.read(
        world.engine, lambda c: c.exec_driver_sql("SELECT count(*) FROM disclosures").scalar_one()
    )
    assert count == 0


@pytest.mark.parametrize(
    ("count", "k", "shown"), [(0, 5, 0), (1, 5, None), (4, 5, None), (5, 5, 5), (2, 2, 2)]
)
def test_suppress(count: int, k: int, shown: int | None) -> None:
    assert suppress(count, k) == shown


def test_the_smallest_cell_is_configured(engine: Engine, settings: Settings) -> None:
    with TestClient(create_app(dataclasses.replace(settings, partner_min_cell=2), engine)) as c:
        world = World(Platform(c, engine), settings)
        deli = world.partner("deli")
        for i in range(2):
            world.resident(f"在所 {i}", at_shelter=True, pregnant=True)

        answer = c.get(
            "/v1/partner/aggregates/shelters", headers={"Authorization": f"Bearer {deli.token}"}
        )

    assert answer.json()["shelters"][0]["by_kind"]["pregnant"] == 2
