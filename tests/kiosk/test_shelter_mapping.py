"""A kiosk that started offline with its own shelter, then enrolled: staff map the local shelter
onto a platform shelter, which re-addresses its unsent events and rows in one transaction."""

from __future__ import annotations

import pytest

from kiosk import audit, outbox, shelters
from kiosk.app import Kiosk
from kiosk.errors import Refused
from kiosk.model import Household, Person, Shelter, ShelterStatus
from kiosk.store import Store


@pytest.fixture
def kiosk(store: Store) -> Kiosk:
    """A kiosk with no shelter yet: it starts offline and defines its own."""
    return Kiosk.over(store)


def _enrol_for(kiosk: Kiosk, *platform: str) -> None:
    # What sync does at enrolment and when the platform's definitions arrive.
    with kiosk.store.transaction() as tx:
        shelters.record_platform_scope(tx, list(platform))
        for shelter_id in platform:
            shelters.store_definition(tx.conn, Shelter(shelter_id, f"本部の {shelter_id}"))


def _offline_day(kiosk: Kiosk) -> list[str]:
    kiosk.shelters.add("staff:a", Shelter("L1", "公民館"))
    household = kiosk.people.register_household("staff:a", Household("", shelter_id="L1"))
    people = []
    for name, kana in (("山田 太郎", "やまだ たろう"), ("佐藤 花子", "さとう はなこ")):
        person = kiosk.people.register(
            "staff:a", Person("", name, kana, household_id=household.household_id)
        )
        kiosk.presence.check_in("staff:a", person.person_id, "L1")
        people.append(person.person_id)
    return people


def _events(kiosk: Kiosk) -> list[outbox.Event]:
    with kiosk.store.reading() as conn:
        return outbox.pending(conn, 1000)


def test_before_enrolment_no_shelter_is_unmapped(kiosk: Kiosk) -> None:
    _offline_day(kiosk)
    assert kiosk.shelters.unmapped() == []
    with pytest.raises(Refused, match="not enrolled"):
        kiosk.shelters.map_to("staff:a", "L1", "S-1")


def test_mapping_re_addresses_the_events_and_rows_and_keeps_the_chain_valid(
    kiosk: Kiosk,
) -> None:
    people = _offline_day(kiosk)
    _enrol_for(kiosk, "S-1")
    assert [s.shelter_id for s in kiosk.shelters.unmapped()] == ["L1"]
    before = _events(kiosk)
    assert kiosk.shelters.map_to("staff:a", "L1", "S-1") == 3  # a household and two check-ins
    after = _events(kiosk)
    named = [
        e.payload.get("shelter_id") or e.payload.get("fields", {}).get("shelter_id") for e in after
    ]
    assert "L1" not in named and named.count("S-1") == 3
    # Same events (ids, order, stamps), re-hashed: the chain verifies.
    assert [(e.event_id, e.device_seq, e.hlc) for e in after] == [
        (e.event_id, e.device_seq, e.hlc) for e in before
    ]
    with kiosk.store.reading() as conn:
        assert outbox.verify(conn) == len(after)
        newest = audit.entries(conn)[0]
    assert (newest.actor, newest.action, newest.target) == ("staff:a", "shelter.map", "L1")
    assert newest.detail == {"to": "S-1", "events": 3}
    assert all(kiosk.presence.where(p).shelter_id == "S-1" for p in people)  # type: ignore[union-attr]
    household_id = kiosk.people.get(people[0]).household_id
    assert household_id is not None
    assert kiosk.people.household(household_id).shelter_id == "S-1"
    assert [s.shelter_id for s in kiosk.shelters.all()] == ["S-1"]
    # The next event chains on the re-hashed head.
    kiosk.presence.check_out("staff:a", people[0], "S-1")
    with kiosk.store.reading() as conn:
        assert outbox.verify(conn) == len(after) + 1


def test_events_that_may_already_be_at_the_platform_are_never_rewritten(kiosk: Kiosk) -> None:
    _offline_day(kiosk)
    _enrol_for(kiosk, "S-1")
    first_at_l1 = next(e for e in _events(kiosk) if "L1" in str(e.payload))
    with kiosk.store.transaction() as tx:
        outbox.mark_sent(tx.conn, first_at_l1.device_seq)
    before = _events(kiosk)
    with pytest.raises(Refused, match="may already be at the platform"):
        kiosk.shelters.map_to("staff:a", "L1", "S-1")
    assert _events(kiosk) == before
    assert [s.shelter_id for s in kiosk.shelters.unmapped()] == ["L1"]


def test_a_mapping_must_name_a_local_shelter_and_a_platform_shelter(kiosk: Kiosk) -> None:
    _offline_day(kiosk)
    _enrol_for(kiosk, "S-1", "S-2")
    with pytest.raises(Refused, match="S-9 is not a platform shelter"):
        kiosk.shelters.map_to("staff:a", "L1", "S-9")
    with pytest.raises(Refused, match="S-2 is not a local shelter"):
        kiosk.shelters.map_to("staff:a", "S-2", "S-1")
    assert [s.shelter_id for s in kiosk.shelters.unmapped()] == ["L1"]


def test_pushing_stops_before_the_first_event_of_an_unmapped_shelter(kiosk: Kiosk) -> None:
    _offline_day(kiosk)
    _enrol_for(kiosk, "S-1")
    with kiosk.store.reading() as conn:
        ready = outbox.pending(conn, 1000, frozenset({"L1"}))
        held = outbox.held_back(conn, frozenset({"L1"}))
        body = outbox.outgoing(conn, 1000, frozenset({"L1"}))
    # The household names L1 and comes first: everything waits, nothing is sent.
    assert ready == [] and held == len(_events(kiosk)) == 5
    assert body is None


def test_a_push_body_ends_before_the_first_event_of_an_unmapped_shelter(kiosk: Kiosk) -> None:
    kiosk.shelters.add("staff:a", Shelter("S-1", "本部の S-1"))
    person = kiosk.people.register("staff:a", Person("", "山田 太郎", "やまだ たろう"))
    kiosk.presence.check_in("staff:a", person.person_id, "S-1")
    _offline_day(kiosk)
    _enrol_for(kiosk, "S-1")
    with kiosk.store.reading() as conn:
        ready = outbox.pending(conn, 1000, frozenset({"L1"}))
        body = outbox.outgoing(conn, 1000, frozenset({"L1"}))
    assert [e.type for e in ready] == ["person.registered", "shelter.checked_in"]
    assert body is not None and (body.first_seq, body.last_seq, body.count) == (1, 2, 2)


def test_a_platform_shelters_definition_is_the_headquarters_to_change(kiosk: Kiosk) -> None:
    _enrol_for(kiosk, "S-1")
    with pytest.raises(Refused, match="defined by the platform"):
        kiosk.shelters.add("staff:a", Shelter("S-1", "上書き"))
    assert kiosk.shelters.get("S-1").name == "本部の S-1"


def test_opening_or_closing_a_platform_shelter_at_the_door_is_an_event(kiosk: Kiosk) -> None:
    kiosk.shelters.add("staff:a", Shelter("L1", "公民館"))
    _enrol_for(kiosk, "S-1")
    kiosk.shelters.set_status("staff:a", "S-1", ShelterStatus.CLOSED)
    kiosk.shelters.set_status("staff:a", "L1", ShelterStatus.CLOSED)
    [event] = _events(kiosk)  # a local shelter's status stays local
    assert (event.type, event.payload) == (
        "shelter.status_changed",
        {"shelter_id": "S-1", "status": "closed"},
    )
    # An older copy of the definition arriving before the event is sent does not undo it.
    with kiosk.store.transaction() as tx:
        shelters.store_definition(tx.conn, Shelter("S-1", "本部の S-1", capacity=80))
    assert kiosk.shelters.get("S-1").status is ShelterStatus.CLOSED
    assert kiosk.shelters.get("S-1").capacity == 80
