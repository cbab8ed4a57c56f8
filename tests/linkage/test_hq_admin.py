"""The headquarters' administration over the API: staff roles, the open-data shelter lists,
and event sites' last day and retention, each refusing what it cannot do with nothing changed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from linkage import hq, unit
from linkage.tables import event_purges, hq_staff, persons, shelters, web_audit
from tests.linkage.kiosk_double import ADMIN, Platform
from tests.linkage.test_event_sites import _attend, _event
from tests.linkage.test_shelter_opendata import SHELTERS

CSV = {**ADMIN, "Content-Type": "text/csv"}


def _count(platform: Platform, table, *where) -> int:  # type: ignore[no-untyped-def]
    return int(
        unit.read(
            platform.engine,
            lambda c: c.execute(select(func.count()).select_from(table).where(*where)).scalar_one(),
        )
    )


def _person(platform: Platform) -> str:
    kiosk = platform.kiosk("S-001")
    _attend(kiosk, "p-staff", "S-001")
    assert kiosk.push().status_code == 200
    return "p-staff"


def test_staff_roles_are_granted_listed_and_revoked_each_audited(platform: Platform) -> None:
    pid = _person(platform)
    url = f"/v1/admin/hq-staff/M-001/{pid}/inquiry-operator"
    first = platform.client.put(url, headers=ADMIN)
    assert first.status_code == 200 and first.json()["changed"] is True
    assert platform.client.put(url, headers=ADMIN).json()["changed"] is False
    listed = platform.client.get(
        "/v1/admin/hq-staff", params={"municipality_id": "M-001"}, headers=ADMIN
    )
    assert [(g["person_id"], g["role"], g["granted_by"]) for g in listed.json()] == [
        (pid, "inquiry-operator", "admin")
    ]
    gone = platform.client.delete(url, headers=ADMIN)
    assert gone.status_code == 200 and gone.json()["changed"] is True
    assert platform.client.delete(url, headers=ADMIN).json()["changed"] is False
    assert platform.client.get("/v1/admin/hq-staff", headers=ADMIN).json() == []
    audit = unit.read(
        platform.engine,
        lambda c: c.execute(select(web_audit).order_by(web_audit.c.audit_id)).all(),
    )
    assert [(a.actor, a.action, a.subject, json.loads(a.detail)["changed"]) for a in audit] == [
        ("admin", "hq-staff.grant", pid, True),
        ("admin", "hq-staff.grant", pid, False),
        ("admin", "hq-staff.revoke", pid, True),
        ("admin", "hq-staff.revoke", pid, False),
    ]


def test_staff_roles_refuse_unknowns_and_strangers(platform: Platform) -> None:
    pid = _person(platform)
    refusals = [
        (platform.client.put("/v1/admin/hq-staff/M-001/p-404/hq-viewer", headers=ADMIN), 404),
        (platform.client.put(f"/v1/admin/hq-staff/M-404/{pid}/hq-viewer", headers=ADMIN), 422),
        (platform.client.put(f"/v1/admin/hq-staff/M-001/{pid}/mayor", headers=ADMIN), 422),
        (
            platform.client.get(
                "/v1/admin/hq-staff", params={"municipality_id": "M-404"}, headers=ADMIN
            ),
            404,
        ),
        (platform.client.put(f"/v1/admin/hq-staff/M-001/{pid}/hq-viewer"), 401),
        (platform.client.get("/v1/admin/hq-staff"), 401),
    ]
    assert [r.status_code for r, _ in refusals] == [want for _, want in refusals]
    assert all(r.headers["content-type"] == "application/problem+json" for r, _ in refusals)
    assert _count(platform, hq_staff) == 0


def test_a_shelter_list_is_imported_and_exported_whole(platform: Platform) -> None:
    posted = platform.client.post(
        "/v1/admin/shelters/import",
        params={"municipality_id": "M-001"},
        content=SHELTERS.encode("cp932"),
        headers=CSV,
    )
    assert posted.status_code == 200, posted.text
    assert posted.json() == {"created": 2, "updated": 0}
    exported = platform.client.get(
        "/v1/admin/shelters/export", params={"municipality_id": "M-001"}, headers=ADMIN
    )
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.content.startswith(b"\xef\xbb\xbf") and b"\r\n" in exported.content
    again = platform.client.post(
        "/v1/admin/shelters/import",
        params={"municipality_id": "M-001"},
        content=exported.content,
        headers=CSV,
    )
    assert again.json() == {"created": 0, "updated": 2}
    missing = platform.client.get(
        "/v1/admin/shelters/export", params={"municipality_id": "M-404"}, headers=ADMIN
    )
    assert missing.status_code == 404


def test_a_list_with_a_wrong_row_is_refused_whole_with_each_rows_error(
    platform: Platform,
) -> None:
    bad = SHELTERS.replace("35.1102", "135.1102") + ("3,001,重複,,みどり市,35.1,139.2,,,10,,\r\n")
    refused = platform.client.post(
        "/v1/admin/shelters/import",
        params={"municipality_id": "M-001"},
        content=bad.encode(),
        headers=CSV,
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["type"] == "/problems/invalid-rows"
    assert [e.split(":")[0] for e in body["errors"]] == ["row 3", "row 4"]
    assert "緯度" in body["errors"][0] and "appears twice" in body["errors"][1]
    assert _count(platform, shelters) == 0
    for content, kind in (
        (b"\x81\x20name\r\n", "unknown-encoding"),
        ("名前\r\nみどり\r\n".encode(), "missing-columns"),
        (SHELTERS.split("\r\n")[0].encode() + b"\r\n", "empty-list"),
    ):
        r = platform.client.post(
            "/v1/admin/shelters/import",
            params={"municipality_id": "M-001"},
            content=content,
            headers=CSV,
        )
        assert (r.status_code, r.json()["type"]) == (422, f"/problems/{kind}")
    stranger = platform.client.post(
        "/v1/admin/shelters/import",
        params={"municipality_id": "M-404"},
        content=SHELTERS.encode(),
        headers=CSV,
    )
    assert (stranger.status_code, stranger.json()["type"]) == (
        422,
        "/problems/unknown-municipality",
    )
    unsigned = platform.client.post(
        "/v1/admin/shelters/import",
        params={"municipality_id": "M-001"},
        content=SHELTERS.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert unsigned.status_code == 401
    assert _count(platform, shelters) == 0


def test_an_events_last_day_is_set_and_its_records_purged_after_the_retention(
    platform: Platform,
) -> None:
    kiosk = _event(platform, "E-001")
    _attend(kiosk, "w-a", "E-001")
    assert kiosk.push().status_code == 200
    last = (hq.today() - timedelta(days=8)).isoformat()
    ended = platform.client.put(
        "/v1/admin/shelters/E-001/last-day", json={"ends_on": last}, headers=ADMIN
    )
    assert ended.status_code == 200
    # Within the operator's 30 days: nothing yet. With 7 days: the event's records go.
    assert platform.client.post("/v1/admin/events/purge", headers=ADMIN).json() == []
    purged = platform.client.post(
        "/v1/admin/events/purge", json={"retention_days": 7}, headers=ADMIN
    )
    assert purged.status_code == 200
    assert [(p["shelter_id"], p["ends_on"], p["people"], p["actor"]) for p in purged.json()] == [
        ("E-001", last, 1, "admin")
    ]
    assert _count(platform, event_purges) == 1
    assert _count(platform, persons, persons.c.person_id == "w-a") == 0


@pytest.mark.parametrize(
    ("site", "body", "status", "kind"),
    [
        ("S-001", {"ends_on": "2026-09-01"}, 409, "not-an-event"),
        ("S-404", {"ends_on": "2026-09-01"}, 404, "unknown-shelter"),
        ("E-001", {"ends_on": "2026-02-30"}, 422, "invalid-date"),
        ("E-001", {"ends_on": "tomorrow"}, 422, "invalid-request"),
    ],
)
def test_a_last_day_is_refused_for_what_is_not_an_events_day(
    platform: Platform, site: str, body: dict[str, str], status: int, kind: str
) -> None:
    platform.shelter("S-001")
    _event(platform, "E-001")
    r = platform.client.put(f"/v1/admin/shelters/{site}/last-day", json=body, headers=ADMIN)
    assert (r.status_code, r.json()["type"]) == (status, f"/problems/{kind}")
    assert _count(platform, shelters, shelters.c.ends_on.is_not(None)) == 0


def test_a_purge_refuses_a_negative_retention(platform: Platform) -> None:
    r = platform.client.post("/v1/admin/events/purge", json={"retention_days": -1}, headers=ADMIN)
    assert r.status_code == 422
    assert platform.client.post("/v1/admin/events/purge").status_code == 401
