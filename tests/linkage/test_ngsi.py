"""Shelters published to an NGSI v2 broker: after check-ins, off the request path, and with
nothing lost while the broker is unreachable or failing."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from linkage.app import create_app
from linkage.config import Settings
from linkage.live import Live
from linkage.ngsi import OrionConfig, OrionPublisher, entity
from linkage.occupancy import ShelterState
from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform
from tests.linkage.ngsi_broker import NgsiBroker
from tests.tooling.faultproxy import Fault, FaultProxy

TENANT = ("kazasu", "/shelters")
ENTITY = "urn:ngsi-ld:EmergencyShelter:S-001"
SQLITE_ONLY = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)


def _eventually(check: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


@contextmanager
def _platform(engine: Engine, settings: Settings, orion_url: str | None) -> Iterator[Platform]:
    orion = None
    if orion_url is not None:
        orion = OrionConfig(
            url=orion_url,
            service=TENANT[0],
            service_path=TENANT[1],
            retry_min_s=0.05,
            retry_max_s=0.2,
        )
    configured = dataclasses.replace(settings, orion=orion, public_poll_s=0.2)
    with TestClient(create_app(configured, engine)) as client:
        yield Platform(client, engine)


def _publisher(platform: Platform) -> OrionPublisher:
    live: Live = platform.client.app.state.live  # type: ignore[attr-defined]
    publisher = live.publishers[0]
    assert isinstance(publisher, OrionPublisher)
    return publisher


def _open_shelter(platform: Platform, name: str = "公民館(北)") -> None:
    body = {
        "municipality_id": "M-001",
        "name": name,
        "capacity": 2,
        "location": {"lat": 35.0116, "lon": 135.7681},
    }
    assert platform.client.put("/v1/admin/shelters/S-001", json=body, headers=ADMIN).is_success
    opened = platform.client.put(
        "/v1/admin/shelters/S-001/status", json={"status": "open"}, headers=ADMIN
    )
    assert opened.is_success


def _check_in(kiosk: Kiosk, person_id: str) -> None:
    kiosk.event(
        "person.registered",
        {"person_id": person_id, "household_id": None, "fields": {}, "source": "walk_in"},
    )
    kiosk.event("shelter.checked_in", {"person_id": person_id, "shelter_id": "S-001"})
    assert kiosk.push().status_code == 200
    kiosk.outbox.clear()


def _occupancy(broker: NgsiBroker) -> Any:
    found = broker.entities(TENANT).get(ENTITY)
    return None if found is None else found["occupancy"]["value"]


def test_an_entity_carries_name_place_capacity_occupancy_and_congestion() -> None:
    state = ShelterState("S-001", "M-001", "体育館(西)", 35.0, 135.5, True, 10, 6)
    assert entity(state) == {
        "id": ENTITY,
        "type": "EmergencyShelter",
        "name": {"type": "Text", "value": "体育館（西）"},
        "status": {"type": "Text", "value": "open"},
        "capacity": {"type": "Number", "value": 10},
        "occupancy": {"type": "Number", "value": 6},
        "congestionLevel": {"type": "Text", "value": "somewhat_crowded"},
        "refMunicipality": {"type": "Text", "value": "M-001"},
        "location": {"type": "geo:json", "value": {"type": "Point", "coordinates": [135.5, 35.0]}},
    }
    closed = entity(ShelterState("S-002", "M-001", "x", None, None, False, None, 3))
    assert "location" not in closed and "capacity" not in closed
    assert (closed["status"]["value"], closed["occupancy"]["value"]) == ("closed", 0)


@SQLITE_ONLY
def test_check_ins_pushed_by_a_kiosk_reach_the_broker(engine: Engine, settings: Settings) -> None:
    with NgsiBroker() as broker, _platform(engine, settings, broker.url) as platform:
        kiosk = platform.kiosk("S-001")
        _open_shelter(platform)
        _eventually(lambda: _occupancy(broker) == 0)
        _check_in(kiosk, "w-a")
        _eventually(lambda: _occupancy(broker) == 1)
        published = broker.entities(TENANT)[ENTITY]
        assert published["type"] == "EmergencyShelter"
        assert published["name"]["value"] == "公民館（北）"
        assert published["congestionLevel"]["value"] == "somewhat_crowded"
        assert published["location"]["value"] == {
            "type": "Point",
            "coordinates": [135.7681, 35.0116],
        }
        assert published["dateModified"]["type"] == "DateTime"
        assert {r["tenant"] for r in broker.requests} == {TENANT}
        _check_in(kiosk, "w-b")
        _eventually(lambda: broker.entities(TENANT)[ENTITY]["congestionLevel"]["value"] == "full")


@SQLITE_ONLY
def test_while_the_broker_is_down_check_ins_are_kept_and_the_latest_state_arrives_later(
    engine: Engine, settings: Settings
) -> None:
    with (
        NgsiBroker() as broker,
        FaultProxy(broker.url) as proxy,
        _platform(engine, settings, proxy.url) as platform,
    ):
        proxy.partition()
        kiosk = platform.kiosk("S-001")
        _open_shelter(platform)
        _check_in(kiosk, "w-a")  # acknowledged to the kiosk while the broker is unreachable
        _check_in(kiosk, "w-b")
        publisher = _publisher(platform)
        _eventually(lambda: publisher.status.failures >= 3)
        assert broker.entities(TENANT) == {}
        down = platform.client.get("/v1/admin/orion", headers=ADMIN).json()
        assert down["configured"] and down["failures"] >= 3 and down["last_error"]
        # The network returns, but the broker answers 503 twice more before it recovers.
        proxy.add(Fault.ERROR, path="/v2/op/update", status=503, times=2)
        proxy.partition(False)
        _eventually(lambda: _occupancy(broker) == 2)
        assert proxy.counters["error"] == 2 and proxy.counters["partition"] >= 1
        up = platform.client.get("/v1/admin/orion", headers=ADMIN).json()
        assert (up["failures"], up["last_error"], up["url"]) == (0, None, proxy.url)
        assert up["published"] >= 1 and up["last_success"]


@SQLITE_ONLY
def test_a_platform_started_with_a_broker_publishes_the_state_it_finds(
    engine: Engine, settings: Settings
) -> None:
    with _platform(engine, settings, None) as platform:
        assert platform.client.get("/v1/admin/orion", headers=ADMIN).json()["configured"] is False
        kiosk = platform.kiosk("S-001")
        _open_shelter(platform, name="体育館")
        _check_in(kiosk, "w-a")
    with NgsiBroker() as broker, _platform(engine, settings, broker.url):
        _eventually(lambda: _occupancy(broker) == 1)
        assert broker.entities(TENANT)[ENTITY]["name"]["value"] == "体育館"


def test_the_test_broker_refuses_what_orion_refuses() -> None:
    with NgsiBroker() as broker:
        bad_value = {"id": "x", "type": "T", "name": {"type": "Text", "value": "a(b)"}}
        bad_id = {"id": "a b", "type": "T"}
        for sent in (bad_value, bad_id):
            answer = requests.post(
                broker.url + "/v2/op/update",
                json={"actionType": "append", "entities": [sent]},
                timeout=5,
            )
            assert answer.status_code == 400
        assert broker.entities() == {}


@SQLITE_ONLY
def test_an_event_site_is_never_published_to_the_broker(engine: Engine, settings: Settings) -> None:
    with NgsiBroker() as broker, _platform(engine, settings, broker.url) as platform:
        # The kiosk's enrolment makes E-001 a shelter first, which may reach the broker: made
        # an event site, it is deleted there.
        kiosk = platform.kiosk("S-001", "E-001")
        body = {"municipality_id": "M-001", "name": "防災フェア", "capacity": 80, "kind": "event"}
        assert platform.client.put("/v1/admin/shelters/E-001", json=body, headers=ADMIN).is_success
        opened = platform.client.put(
            "/v1/admin/shelters/E-001/status", json={"status": "open"}, headers=ADMIN
        )
        assert opened.is_success
        kiosk.event(
            "person.registered",
            {"person_id": "w-e", "household_id": None, "fields": {}, "source": "walk_in"},
        )
        kiosk.event("shelter.checked_in", {"person_id": "w-e", "shelter_id": "E-001"})
        assert kiosk.push().status_code == 200
        _open_shelter(platform)
        _check_in(kiosk, "w-a")
        _eventually(lambda: _occupancy(broker) == 1)
        _eventually(lambda: set(broker.entities(TENANT)) == {ENTITY})


def _stale(shelter_id: str, municipality_id: str) -> dict[str, Any]:
    return {
        "id": f"urn:ngsi-ld:EmergencyShelter:{shelter_id}",
        "type": "EmergencyShelter",
        "name": {"type": "Text", "value": shelter_id},
        "refMunicipality": {"type": "Text", "value": municipality_id},
    }


@SQLITE_ONLY
def test_a_restarted_platform_deletes_its_entities_that_are_no_longer_public_shelters(
    engine: Engine, settings: Settings
) -> None:
    with _platform(engine, settings, None) as platform:
        kiosk = platform.kiosk("S-001")
        _open_shelter(platform)
        _check_in(kiosk, "w-a")
        body = {"municipality_id": "M-001", "name": "防災フェア", "capacity": 80, "kind": "event"}
        assert platform.client.put("/v1/admin/shelters/E-001", json=body, headers=ADMIN).is_success
    with NgsiBroker() as broker:
        # Left on the broker while no process ran: the event site when it was a shelter, a
        # shelter the platform no longer has, and another city's shelter in the same tenant.
        stale = [_stale("E-001", "M-001"), _stale("S-GONE", "M-001"), _stale("K-1", "M-OTHER")]
        answer = requests.post(
            broker.url + "/v2/op/update",
            json={"actionType": "append", "entities": stale},
            headers={"Fiware-Service": TENANT[0], "Fiware-ServicePath": TENANT[1]},
            timeout=5,
        )
        assert answer.status_code == 204
        with _platform(engine, settings, broker.url):
            _eventually(
                lambda: set(broker.entities(TENANT)) == {ENTITY, "urn:ngsi-ld:EmergencyShelter:K-1"}
            )
            assert _occupancy(broker) == 1
        listings = [r for r in broker.requests if r["method"] == "GET"]
        assert len(listings) == 1  # once, at start-up, for the platform's one municipality


@SQLITE_ONLY
def test_stale_entities_past_one_page_of_the_broker_are_all_deleted(
    engine: Engine, settings: Settings
) -> None:
    with _platform(engine, settings, None) as platform:
        platform.kiosk("S-001")
        _open_shelter(platform)
    with NgsiBroker() as broker:
        many = [_stale(f"S-{i:04d}", "M-001") for i in range(1005)]
        for start in range(0, len(many), 100):
            requests.post(
                broker.url + "/v2/op/update",
                json={"actionType": "append", "entities": many[start : start + 100]},
                headers={"Fiware-Service": TENANT[0], "Fiware-ServicePath": TENANT[1]},
                timeout=5,
            ).raise_for_status()
        with _platform(engine, settings, broker.url):
            _eventually(lambda: set(broker.entities(TENANT)) == {ENTITY})
        listings = [r for r in broker.requests if r["method"] == "GET"]
        assert len(listings) == 2  # 1000, then the last 5 (with S-001 not yet published)
