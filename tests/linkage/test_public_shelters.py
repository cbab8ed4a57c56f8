"""The public shelter API: occupancy from kiosk check-ins, congestion, no personal data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from linkage import unit
from linkage.cli import main
from linkage.db import make_engine
from linkage.occupancy import Congestion, congestion, shelter_states
from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform

NAME = "中央小学校"


@pytest.mark.parametrize(
    ("is_open", "occupancy", "capacity", "level"),
    [
        (True, 0, 100, Congestion.VACANT),
        (True, 49, 100, Congestion.VACANT),
        (True, 50, 100, Congestion.SOMEWHAT_CROWDED),
        (True, 79, 100, Congestion.SOMEWHAT_CROWDED),
        (True, 80, 100, Congestion.CROWDED),
        (True, 99, 100, Congestion.CROWDED),
        (True, 100, 100, Congestion.FULL),
        (True, 130, 100, Congestion.FULL),
        (True, 0, 0, Congestion.FULL),
        (True, 5, None, Congestion.UNKNOWN),
        (False, 0, 100, Congestion.CLOSED),
        (False, 100, 100, Congestion.CLOSED),
    ],
)
def test_congestion_is_occupancy_over_capacity_in_four_steps(
    is_open: bool, occupancy: int, capacity: int | None, level: Congestion
) -> None:
    assert congestion(is_open, occupancy, capacity) is level


def _place(platform: Platform, shelter_id: str, capacity: int | None, **extra: Any) -> None:
    body = {
        "municipality_id": "M-001",
        "name": NAME,
        "capacity": capacity,
        "location": {"lat": 35.6895, "lon": 139.6917},
        **extra,
    }
    r = platform.client.put(f"/v1/admin/shelters/{shelter_id}", json=body, headers=ADMIN)
    assert r.status_code == 200, r.text


def _status(platform: Platform, shelter_id: str, status: str) -> int:
    r = platform.client.put(
        f"/v1/admin/shelters/{shelter_id}/status", json={"status": status}, headers=ADMIN
    )
    status_code: int = r.status_code
    return status_code


def _public(platform: Platform) -> dict[str, dict[str, Any]]:
    r = platform.client.get("/v1/public/shelters")
    assert r.status_code == 200, r.text
    return {s["shelter_id"]: s for s in r.json()["shelters"]}


def _arrive(kiosk: Kiosk, person_id: str, shelter_id: str = "S-001") -> None:
    kiosk.event(
        "person.registered",
        {
            "person_id": person_id,
            "household_id": None,
            "fields": {"name": "山田 花子", "furigana": "やまだ はなこ", "phone": "090-1234-5678"},
            "source": "walk_in",
        },
    )
    kiosk.event("shelter.checked_in", {"person_id": person_id, "shelter_id": shelter_id})


def _push(kiosk: Kiosk) -> None:
    r = kiosk.push()
    assert r.status_code == 200, r.text
    assert {x["status"] for x in r.json()["results"]} <= {"stored", "duplicate"}
    kiosk.outbox.clear()


def test_occupancy_follows_check_ins_pushed_by_kiosks(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001", "S-002")
    _place(platform, "S-001", 5)
    _place(platform, "S-002", 100)
    assert _status(platform, "S-001", "open") == 200
    assert _status(platform, "S-002", "open") == 200
    assert _public(platform)["S-001"] | {"location": None} == {
        "shelter_id": "S-001",
        "municipality_id": "M-001",
        "name": NAME,
        "location": None,
        "status": "open",
        "capacity": 5,
        "occupancy": 0,
        "congestion": "vacant",
    }

    for n in range(4):
        _arrive(kiosk, f"w-{n}")
    _push(kiosk)
    assert _public(platform)["S-001"]["occupancy"] == 4
    assert _public(platform)["S-001"]["congestion"] == "crowded"

    _arrive(kiosk, "w-4")
    _push(kiosk)
    assert _public(platform)["S-001"]["congestion"] == "full"

    kiosk.event("shelter.checked_out", {"person_id": "w-0", "shelter_id": "S-001"})
    kiosk.event(
        "shelter.moved", {"person_id": "w-1", "from_shelter_id": "S-001", "to_shelter_id": "S-002"}
    )
    _push(kiosk)
    shelters = _public(platform)
    assert (shelters["S-001"]["occupancy"], shelters["S-001"]["congestion"]) == (
        3,
        "somewhat_crowded",
    )
    assert (shelters["S-002"]["occupancy"], shelters["S-002"]["congestion"]) == (1, "vacant")


def test_the_public_document_holds_no_personal_data(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    _place(platform, "S-001", 10)
    _status(platform, "S-001", "open")
    _arrive(kiosk, "w-secret-person")
    _push(kiosk)
    r = platform.client.get("/v1/public/shelters")
    assert r.json()["shelters"][0]["occupancy"] == 1
    for personal in ("w-secret-person", "山田", "花子", "090-1234-5678", kiosk.device_id):
        assert personal not in r.text
    # Anyone may read it: no token was sent.
    assert "authorization" not in {k.lower() for k in r.request.headers}


def test_a_closed_shelter_is_listed_as_closed_without_a_count(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    _place(platform, "S-001", 10)
    _arrive(kiosk, "w-a")
    _push(kiosk)
    # New shelters start closed.
    closed = _public(platform)["S-001"]
    assert (closed["status"], closed["occupancy"], closed["congestion"]) == (
        "closed",
        None,
        "closed",
    )
    _status(platform, "S-001", "open")
    assert _public(platform)["S-001"]["occupancy"] == 1
    # Re-sending the shelter's details keeps it open.
    _place(platform, "S-001", 20)
    assert _public(platform)["S-001"]["status"] == "open"
    _status(platform, "S-001", "closed")
    assert _public(platform)["S-001"]["congestion"] == "closed"


def test_a_shelter_without_capacity_or_place_is_listed_with_unknown_congestion(
    platform: Platform,
) -> None:
    platform.client.put(
        "/v1/admin/shelters/S-009", json={"municipality_id": "M-001", "name": "x"}, headers=ADMIN
    )
    _status(platform, "S-009", "open")
    shelter = _public(platform)["S-009"]
    assert (shelter["location"], shelter["capacity"], shelter["congestion"]) == (
        None,
        None,
        "unknown",
    )


def test_the_document_is_cacheable_and_revalidated_by_etag(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    _place(platform, "S-001", 10)
    _status(platform, "S-001", "open")
    first = platform.client.get("/v1/public/shelters")
    etag = first.headers["etag"]
    assert "public" in first.headers["cache-control"]
    assert first.headers["access-control-allow-origin"] == "*"  # open data, for any site
    again = platform.client.get("/v1/public/shelters", headers={"If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    _arrive(kiosk, "w-a")
    _push(kiosk)
    changed = platform.client.get("/v1/public/shelters", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


def test_admin_sets_location_and_status_and_bad_input_changes_nothing(
    platform: Platform,
) -> None:
    _place(platform, "S-001", 10)
    for bad in ({"lat": 91, "lon": 0}, {"lat": 35.0}, {"lat": "north", "lon": 1}):
        r = platform.client.put(
            "/v1/admin/shelters/S-001",
            json={"municipality_id": "M-001", "name": "x", "location": bad},
            headers=ADMIN,
        )
        assert r.status_code == 422, bad
    assert _public(platform)["S-001"]["location"] == {"lat": 35.6895, "lon": 139.6917}
    listed = platform.client.get("/v1/admin/shelters", headers=ADMIN).json()
    assert listed[0]["location"] == {"lat": 35.6895, "lon": 139.6917}
    assert listed[0]["open"] is False
    assert _status(platform, "S-404", "open") == 404
    assert _status(platform, "S-001", "ajar") == 422
    r = platform.client.put("/v1/admin/shelters/S-001/status", json={"status": "open"}, headers={})
    assert r.status_code == 401
    assert _public(platform)["S-001"]["status"] == "closed"


def test_the_cli_places_opens_and_closes_a_shelter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    data = ["--data", str(tmp_path)]
    assert main([*data, "migrate"]) == 0
    assert main([*data, "municipality", "M", "--name", "みどり市"]) == 0
    place = [*data, "shelter", "S-1", "--municipality", "M", "--name", "体育館"]
    assert main([*place, "--capacity", "50", "--lat", "35.1", "--lon", "139.2"]) == 0
    assert main([*data, "shelter-status", "S-1", "open"]) == 0
    capsys.readouterr()
    # Half a location, or one off the globe, is refused and changes nothing.
    assert main([*place, "--lat", "35.1"]) == 1
    assert "both --lat and --lon" in capsys.readouterr().err
    assert main([*place, "--lat", "135.1", "--lon", "139.2"]) == 1
    assert "location.lat" in capsys.readouterr().err
    assert main([*data, "shelter-status", "S-9", "open"]) == 1
    assert "Unknown shelter" in capsys.readouterr().err
    engine = make_engine(f"sqlite:///{tmp_path / 'platform.sqlite3'}")
    (state,) = unit.read(engine, shelter_states)
    engine.dispose()
    assert (state.latitude, state.longitude, state.capacity, state.is_open) == (
        35.1,
        139.2,
        50,
        True,
    )


def test_an_event_site_never_appears_in_the_public_document(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001", "E-001")
    _place(platform, "S-001", 10)
    _place(platform, "E-001", 50, kind="event")
    assert _status(platform, "S-001", "open") == 200
    assert _status(platform, "E-001", "open") == 200
    _arrive(kiosk, "w-1", "E-001")
    _push(kiosk)
    assert set(_public(platform)) == {"S-001"}
    assert b"E-001" not in platform.client.get("/shelters").content
