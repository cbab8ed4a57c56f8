"""Event sites: attendees' records are deleted a set number of days after the event, audited,
and the event's kiosks forget them; people known elsewhere are kept."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from sqlalchemy import ColumnElement, Connection, Table, func, select

from linkage import event_sites, unit, whereabouts
from linkage.problems import Problem
from linkage.tables import consent_records, event_purges, events, persons, presence, shelters
from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform

TODAY = date(2026, 9, 30)


def _event(platform: Platform, site: str) -> Kiosk:
    kiosk = platform.kiosk(site)
    body = {"municipality_id": "M-001", "name": "夏祭り", "capacity": 100, "kind": "event"}
    assert platform.client.put(f"/v1/admin/shelters/{site}", json=body, headers=ADMIN).is_success
    return kiosk


def _attend(kiosk: Kiosk, person_id: str, site: str) -> None:
    kiosk.event(
        "person.registered",
        {
            "person_id": person_id,
            "household_id": None,
            "fields": {"name": "参加 太郎", "furigana": "さんか たろう"},
            "source": "walk_in",
        },
    )
    kiosk.event("shelter.checked_in", {"person_id": person_id, "shelter_id": site})


def _count(platform: Platform, table: Table, *where: ColumnElement[bool]) -> int:
    return int(
        unit.read(
            platform.engine,
            lambda c: c.execute(select(func.count()).select_from(table).where(*where)).scalar_one(),
        )
    )


def test_an_events_records_are_deleted_after_the_retention_and_its_kiosks_forget_them(
    platform: Platform,
) -> None:
    old, recent = _event(platform, "E-001"), _event(platform, "E-002")
    _attend(old, "w-a", "E-001")
    _attend(old, "w-b", "E-001")
    old.event("shelter.checked_out", {"person_id": "w-b", "shelter_id": "E-001"})
    _attend(recent, "w-c", "E-002")
    assert old.push().status_code == 200 and recent.push().status_code == 200
    unit.run(platform.engine, lambda c: event_sites.set_end(c, "E-001", TODAY - timedelta(days=31)))
    unit.run(platform.engine, lambda c: event_sites.set_end(c, "E-002", TODAY - timedelta(days=10)))
    _, seen = old.pull_all()

    done = unit.write(platform.engine, lambda c: event_sites.purge_ended(c, TODAY, 30, "test"))
    assert [(d["shelter_id"], d["people"], d["presences"], d["events"]) for d in done] == [
        ("E-001", 2, 2, 5)
    ]
    assert _count(platform, persons, persons.c.person_id.in_(["w-a", "w-b"])) == 0
    assert _count(platform, presence, presence.c.shelter_id == "E-001") == 0
    payloads: Sequence[str] = unit.read(
        platform.engine,
        lambda c: (
            c.execute(select(events.c.payload).where(events.c.device_id == old.device_id))
            .scalars()
            .all()
        ),
    )
    assert payloads and all(json.loads(p) == {"purged": "event-retention"} for p in payloads)
    # The other event is within its 30 days: untouched.
    assert _count(platform, presence, presence.c.shelter_id == "E-002") == 1
    audit = unit.read(platform.engine, lambda c: c.execute(select(event_purges)).all())
    assert [(a.shelter_id, a.retention_days, a.actor) for a in audit] == [("E-001", 30, "test")]

    changes, _ = old.pull_all(after=seen)
    deleted = {c["entity_id"] for c in changes if c["op"] == "delete"}
    assert deleted == {"w-a", "w-b"}
    # Purging again finds nothing more to do.
    again = unit.write(platform.engine, lambda c: event_sites.purge_ended(c, TODAY, 30, "test"))
    assert again == []


def test_only_an_event_has_a_last_day(platform: Platform) -> None:
    platform.shelter("S-001")
    with pytest.raises(Problem) as refused:
        unit.run(platform.engine, lambda c: event_sites.set_end(c, "S-001", TODAY))
    assert refused.value.status == 409
    with pytest.raises(Problem) as unknown:
        unit.run(platform.engine, lambda c: event_sites.set_end(c, "S-404", TODAY))
    assert unknown.value.status == 404
    assert _count(platform, shelters, shelters.c.ends_on.is_not(None)) == 0


def test_switching_a_site_between_event_and_shelter_use_checks_everyone_out(
    platform: Platform,
) -> None:
    # A community centre: an event site in peacetime, a shelter in a disaster, one kiosk.
    kiosk = _event(platform, "E-001")
    _attend(kiosk, "w-a", "E-001")
    assert kiosk.push().status_code == 200
    _, seen = kiosk.pull_all()
    body = {"municipality_id": "M-001", "name": "公民館", "capacity": 100, "kind": "designated"}
    assert platform.client.put("/v1/admin/shelters/E-001", json=body, headers=ADMIN).is_success
    assert _count(platform, presence, presence.c.state == "in") == 0
    changes, _ = kiosk.pull_all(after=seen)
    told = [(c["entity"], c["payload"].get("state")) for c in changes]
    assert ("shelter", None) in told and ("presence", "out") in told
    # Renaming without switching leaves people where they are.
    _attend(kiosk, "w-b", "E-001")
    assert kiosk.push().status_code == 200
    body["name"] = "中央公民館"
    assert platform.client.put("/v1/admin/shelters/E-001", json=body, headers=ADMIN).is_success
    assert _count(platform, presence, presence.c.state == "in") == 1


def test_people_registered_at_an_event_consent_to_its_own_purpose(platform: Platform) -> None:
    event = _event(platform, "E-001")
    shelter = platform.kiosk("S-001")
    _attend(event, "w-e", "E-001")
    _attend(shelter, "w-s", "S-001")
    assert event.push().status_code == 200 and shelter.push().status_code == 200
    held = unit.read(
        platform.engine,
        lambda c: c.execute(
            select(consent_records.c.person_id, consent_records.c.method).where(
                consent_records.c.definition_id == event_sites.ATTENDANCE
            )
        ).all(),
    )
    assert [tuple(r) for r in held] == [("w-e", "event-registration")]


def test_anyone_checked_in_at_an_event_is_held_under_its_purpose(platform: Platform) -> None:
    event = _event(platform, "E-001")
    shelter = platform.kiosk("S-001")
    _attend(shelter, "w-s", "S-001")
    assert shelter.push().status_code == 200
    # Known from a shelter, then at the event: held under the event's purpose from arrival.
    event.event("shelter.checked_in", {"person_id": "w-s", "shelter_id": "E-001"})
    event.event("shelter.checked_out", {"person_id": "w-s", "shelter_id": "E-001"})
    event.event("shelter.checked_in", {"person_id": "w-s", "shelter_id": "E-001"})
    assert event.push().status_code == 200
    held = unit.read(
        platform.engine,
        lambda c: c.execute(
            select(consent_records.c.person_id, consent_records.c.method).where(
                consent_records.c.definition_id == event_sites.ATTENDANCE
            )
        ).all(),
    )
    assert [tuple(r) for r in held] == [("w-s", "event-check-in")]


def test_a_sites_definition_on_the_feed_carries_its_kind_and_purpose(platform: Platform) -> None:
    event = _event(platform, "E-001")
    shelter = platform.kiosk("S-001")
    told = {
        c["entity_id"]: (c["payload"]["kind"], c["payload"]["purpose"])
        for kiosk in (event, shelter)
        for c in kiosk.pull_all()[0]
        if c["entity"] == "shelter"
    }
    assert told == {
        "E-001": ("event", "event-attendance"),
        "S-001": ("designated", "roster-storage"),
    }


def _card(kiosk: Kiosk, person_id: str, site: str) -> None:
    # The registration card with both boxes ticked: relatives may ask, publish that I am safe.
    fields = {
        "name": "避難 花子",
        "furigana": "ひなん はなこ",
        "birth_date": "1980-04-01",
        "consent_relatives": True,
        "consent_publish": True,
    }
    kiosk.event(
        "person.registered",
        {"person_id": person_id, "household_id": None, "fields": fields, "source": "walk_in"},
    )
    kiosk.event("shelter.checked_in", {"person_id": person_id, "shelter_id": site})


def test_a_card_filled_in_at_an_event_is_no_consent_to_shelter_uses(platform: Platform) -> None:
    event = _event(platform, "E-001")
    shelter = platform.kiosk("S-001")
    _card(event, "w-e", "E-001")
    _card(shelter, "w-s", "S-001")
    assert event.push().status_code == 200 and shelter.push().status_code == 200
    # The event's attendee later arrives at the shelter: being there is a shelter's record,
    # but the boxes ticked at the event are still the event's.
    shelter.event("shelter.checked_in", {"person_id": "w-e", "shelter_id": "S-001"})
    assert shelter.push().status_code == 200

    def told(c: Connection) -> tuple[list[str], int, list[str]]:
        inquiry = whereabouts.Inquiry("母", "避難 花子", "1980-04-01")
        answers, reached = whereabouts.answer_inquiry(c, inquiry, {"M-001"}, None)
        listed = whereabouts.safety_search(c, "避難 花子")
        return sorted(a.person_id for a in answers), len(reached), [e.name for e in listed]

    # Both are reached (and audited as such); only the shelter's card is a consent.
    assert unit.read(platform.engine, told) == (["w-s"], 2, ["避難 花子"])
    # Consenting afterwards, on the consent page or at a counter, is a consent like any other.
    assert platform.consent("w-e", "relative-lookup", "given").status_code == 201
    assert platform.consent("w-e", "safety-publication", "given").status_code == 201
    assert unit.read(platform.engine, told) == (["w-e", "w-s"], 2, ["避難 花子", "避難 花子"])
