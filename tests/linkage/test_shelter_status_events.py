"""A shelter opened or closed at the door: the kiosk's event changes the platform's shelter and
reaches its other kiosks; the latest opening or closing wins, whatever order they arrive in."""

from __future__ import annotations

from typing import Any

from linkage.canonical import now_ms
from tests.linkage.kiosk_double import ADMIN, Platform

HOUR_MS = 3_600_000


def _open(platform: Platform, shelter_id: str) -> bool:
    listed = platform.client.get("/v1/admin/shelters", headers=ADMIN).json()
    return bool(next(s for s in listed if s["shelter_id"] == shelter_id)["open"])


def _status_changes(changes: list[dict[str, Any]]) -> list[bool]:
    return [c["payload"]["open"] for c in changes if c["entity"] == "shelter"]


def test_a_door_event_older_than_the_headquarters_change_does_not_undo_it(
    platform: Platform,
) -> None:
    door = platform.kiosk("S-001")
    other = platform.kiosk("S-001")
    r = platform.client.put(
        "/v1/admin/shelters/S-001/status", json={"status": "open"}, headers=ADMIN
    )
    assert r.status_code == 200
    _, cursor = other.pull_all()
    # Closed at the door an hour before the headquarters opened it, pushed only now.
    door.event("shelter.status_changed", {"shelter_id": "S-001", "status": "closed"},
               hlc_ms=now_ms() - HOUR_MS)  # fmt: skip
    assert door.push().json()["acked_seq"] == 1
    assert _open(platform, "S-001") and other.pull_all(after=cursor)[0] == []
    # Closed at the door later (a clock running a day fast counts as now): it wins.
    door.event("shelter.status_changed", {"shelter_id": "S-001", "status": "closed"},
               hlc_ms=now_ms() + 24 * HOUR_MS)  # fmt: skip
    assert door.push().json()["acked_seq"] == 2
    assert not _open(platform, "S-001")
    assert _status_changes(other.pull_all(after=cursor)[0]) == [False]
    # The headquarters opens it again afterwards: it is open.
    platform.client.put("/v1/admin/shelters/S-001/status", json={"status": "open"}, headers=ADMIN)
    assert _open(platform, "S-001")


def test_a_kiosk_cannot_open_or_close_a_shelter_it_does_not_serve(platform: Platform) -> None:
    platform.shelter("S-002")
    door = platform.kiosk("S-001")
    door.event("shelter.status_changed", {"shelter_id": "S-002", "status": "open"})
    r = door.push()
    assert r.status_code == 403 and r.json()["type"] == "/problems/outside-scope"
    assert not _open(platform, "S-002")
    another = platform.kiosk("S-001")
    another.event("shelter.status_changed", {"shelter_id": "S-001", "status": "ajar"})
    [outcome] = another.push().json()["results"]
    assert outcome["status"] == "invalid" and "ajar" in outcome["reason"]
