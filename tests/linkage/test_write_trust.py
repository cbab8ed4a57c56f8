"""The platform's trust rules for what kiosks write: polling-site scope, DV protection that only
tightens, and the clock bound as a platform setting."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from linkage.app import create_app
from linkage.config import Settings
from linkage.people import Record
from linkage.tables import incidents, presence
from tests.linkage.kiosk_double import ADMIN, Platform
from tests.linkage.polling_place import election, roll_csv, site_kiosk

HOUR_MS = 3600 * 1000


def test_a_polling_site_kiosk_writes_only_for_its_own_election(platform: Platform) -> None:
    ours, theirs = election(platform, "E-2026"), election(platform, "E-OTHER")
    ours.site("P-01", "市役所")
    theirs.site("P-09", "別選挙")
    theirs.import_roll(roll_csv(1))
    [foreign] = theirs.voters()
    forged = [
        ("ballot.issued", {"election_id": "E-OTHER", "voter_id": foreign["voter_id"]}),
        ("ballot.issued", {"election_id": "E-2026", "voter_id": foreign["voter_id"]}),
        ("person.updated", {"person_id": "p-anyone", "fields": {"name": "x"}}),
        ("shelter.checked_in", {"person_id": "p-anyone", "shelter_id": "S-001"}),
    ]
    for type_, payload in forged:
        kiosk = site_kiosk(platform, "P-01")
        if type_ == "ballot.issued":
            payload |= {"claim_id": "c-1", "issued_by": "w-1", "confirmed_by": "w-2"}
        kiosk.event(type_, payload)
        r = kiosk.push()
        assert (r.status_code, r.json()["type"]) == (403, "/problems/outside-scope"), type_
    kinds = platform.client.get("/v1/admin/incidents", headers=ADMIN).json()
    assert [i["kind"] for i in kinds] == ["push-outside-scope"] * len(forged)


def test_a_shelter_kiosk_writes_no_voting_events(platform: Platform) -> None:
    election(platform, "E-2026").site("P-01", "市役所")
    kiosk = platform.kiosk("S-001")
    kiosk.event("declaration.completed", {"declaration_id": "d-1"})
    r = kiosk.push()
    assert (r.status_code, r.json()["type"]) == (403, "/problems/outside-scope")


def test_setting_dv_protection_wins_whatever_the_stamps_and_clearing_it_is_refused() -> None:
    far = f"{999999999999999999:018d}:00000:kiosk-x"
    web = f"{int(time.time() * 1000):018d}:00000:platform"
    record = Record({"dv_protected": False}, {"dv_protected": far})

    assert record.merge({"dv_protected": True}, web) is True
    assert record.fields["dv_protected"] is True
    assert record.merge({"dv_protected": False, "phone": "1"}, far) is True
    assert record.fields == {"dv_protected": True, "phone": "1"}
    assert record.refused_clears == ["dv_protected"]


@pytest.fixture
def strict_clock(engine: Engine, settings: Settings) -> Iterator[Platform]:
    """A platform that re-stamps anything more than a minute ahead of its clock."""
    bounded = dataclasses.replace(settings, max_clock_ahead_s=60)
    with TestClient(create_app(bounded, engine)) as client:
        yield Platform(client, engine)


def test_the_clock_bound_is_a_platform_setting(strict_clock: Platform) -> None:
    kiosk = strict_clock.kiosk("S-001")
    now = int(time.time() * 1000)
    kiosk.event("person.registered", _walk_in("p-1"), hlc_ms=now)
    kiosk.event("shelter.checked_in", {"person_id": "p-1", "shelter_id": "S-001"}, now + 30_000)
    kiosk.event("shelter.checked_out", {"person_id": "p-1", "shelter_id": "S-001"}, now + HOUR_MS)
    assert kiosk.push().json()["acked_seq"] == 3
    with strict_clock.engine.connect() as conn:
        [(state, stamp)] = conn.execute(select(presence.c.state, presence.c.hlc)).all()
        [flag] = conn.execute(select(incidents.c.kind, incidents.c.device_id)).all()
    # The check-out counts, ordered after the check-in before it, not an hour ahead.
    assert state == "out" and int(str(stamp).split(":")[0]) < now + 60_000
    assert tuple(flag) == ("clock-ahead", kiosk.device_id)


def _walk_in(person_id: str) -> dict[str, object]:
    fields = {"name": "避難 太郎", "furigana": "ひなん たろう"}
    return {"person_id": person_id, "household_id": None, "fields": fields, "source": "walk_in"}
