"""Municipalities are managed entities: created, renamed and listed; shelters must name one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert, select

from linkage import migrate
from linkage.db import make_engine
from linkage.tables import municipalities, persons, shelters
from tests.linkage.kiosk_double import ADMIN, Platform


def test_an_administrator_creates_renames_and_lists_municipalities(platform: Platform) -> None:
    client = platform.client
    r = client.put("/v1/admin/municipalities/M-002", json={"name": "みどり市"}, headers=ADMIN)
    assert r.status_code == 200, r.text
    r = client.put("/v1/admin/municipalities/M-002", json={"name": "緑市"}, headers=ADMIN)
    assert r.status_code == 200, r.text
    listed = client.get("/v1/admin/municipalities", headers=ADMIN).json()
    assert listed == [
        {"municipality_id": "M-001", "name": "テスト市"},  # the fixture's
        {"municipality_id": "M-002", "name": "緑市"},
    ]


def test_municipality_administration_needs_the_token_and_valid_input(platform: Platform) -> None:
    client = platform.client
    assert client.get("/v1/admin/municipalities").status_code == 401
    assert client.put("/v1/admin/municipalities/M-9", json={"name": "x"}).status_code == 401
    for path, body in [
        ("/v1/admin/municipalities/M-9", {"name": ""}),
        ("/v1/admin/municipalities/M-9", {"name": "x", "extra": 1}),
        ("/v1/admin/municipalities/bad%20id", {"name": "x"}),
    ]:
        r = client.put(path, json=body, headers=ADMIN)
        assert r.status_code == 422, (path, body)
        assert r.headers["content-type"] == "application/problem+json"
    ids = [
        m["municipality_id"] for m in client.get("/v1/admin/municipalities", headers=ADMIN).json()
    ]
    assert ids == ["M-001"]


def test_a_shelter_of_an_unknown_municipality_is_refused_and_nothing_stored(
    platform: Platform,
) -> None:
    r = platform.client.put(
        "/v1/admin/shelters/S-001",
        json={"municipality_id": "M-404", "name": "体育館"},
        headers=ADMIN,
    )
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["type"] == "/problems/unknown-municipality"
    assert problem["municipality_id"] == "M-404"
    assert platform.client.get("/v1/admin/shelters", headers=ADMIN).json() == []
    platform.shelter("S-001")  # M-001 exists
    moved = platform.client.put(
        "/v1/admin/shelters/S-001", json={"municipality_id": "M-404", "name": "x"}, headers=ADMIN
    )
    assert moved.status_code == 422
    [kept] = platform.client.get("/v1/admin/shelters", headers=ADMIN).json()
    assert (kept["municipality_id"], kept["name"]) == ("M-001", "Shelter")


def test_municipalities_already_named_by_shelters_and_people_are_kept_on_upgrade(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    migrate.upgrade(engine, "0007")  # a platform from before municipalities were managed
    with engine.begin() as conn:
        conn.execute(insert(shelters).values(shelter_id="S-1", municipality_id="M-a", name="x"))
        conn.execute(
            insert(persons).values(
                person_id="p-1",
                kind="resident",
                municipality_id="M-b",
                external_ref="r1",
                fields="{}",
                field_hlc="{}",
                shareable=False,
                created_at_ms=0,
                updated_at_ms=0,
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            select(municipalities.c.municipality_id, municipalities.c.name).order_by(
                municipalities.c.municipality_id
            )
        ).all()
    assert [tuple(r) for r in rows] == [("M-a", "M-a"), ("M-b", "M-b")]
    engine.dispose()
