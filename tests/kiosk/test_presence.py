"""Check-in, check-out and moves; presence follows the latest HLC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk import outbox, presence
from kiosk.app import Kiosk
from kiosk.errors import NotFound, Refused
from kiosk.model import ShelterStatus
from kiosk.presence import Outcome
from tests.kiosk.builders import STAFF, add_person


def test_check_in_records_presence_and_an_event(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    result = kiosk.presence.check_in(STAFF, person.person_id, "S1")
    assert result.outcome is Outcome.CHECKED_IN
    where = kiosk.presence.where(person.person_id)
    assert where is not None and where.present and where.shelter_id == "S1"
    assert [p.person_id for p in kiosk.presence.present("S1")] == [person.person_id]


def test_a_second_check_in_is_harmless_and_says_so(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    kiosk.presence.check_in(STAFF, person.person_id, "S1")
    with kiosk.store.reading() as conn:
        events = outbox.waiting(conn)
    again = kiosk.presence.check_in(STAFF, person.person_id, "S1")
    assert again.outcome is Outcome.ALREADY_PRESENT
    assert "already checked in" in again.message
    with kiosk.store.reading() as conn:
        assert outbox.waiting(conn) == events
    assert len(kiosk.presence.present("S1")) == 1


def test_check_out_of_someone_not_present_is_refused_with_a_reason(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    with pytest.raises(Refused) as never:
        kiosk.presence.check_out(STAFF, person.person_id, "S1")
    assert never.value.reason == "not_present"
    kiosk.presence.check_in(STAFF, person.person_id, "S1")
    with pytest.raises(Refused) as elsewhere:
        kiosk.presence.check_out(STAFF, person.person_id, "S2")
    assert elsewhere.value.reason == "present_elsewhere"
    kiosk.presence.check_out(STAFF, person.person_id, "S1")
    with pytest.raises(Refused) as twice:
        kiosk.presence.check_out(STAFF, person.person_id, "S1")
    assert twice.value.reason == "not_present"


def test_checking_in_at_another_shelter_moves_the_person(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    kiosk.presence.check_in(STAFF, person.person_id, "S1")
    result = kiosk.presence.check_in(STAFF, person.person_id, "S2")
    assert (result.outcome, result.previous_shelter_id) == (Outcome.MOVED, "S1")
    assert kiosk.presence.present("S1") == []
    assert [p.person_id for p in kiosk.presence.present("S2")] == [person.person_id]


def test_move_needs_a_present_person_and_another_shelter(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    with pytest.raises(Refused, match="checked in"):
        kiosk.presence.move(STAFF, person.person_id, "S2")
    kiosk.presence.check_in(STAFF, person.person_id, "S1")
    with pytest.raises(Refused, match="already in that shelter"):
        kiosk.presence.move(STAFF, person.person_id, "S1")
    assert kiosk.presence.move(STAFF, person.person_id, "S2").outcome is Outcome.MOVED


def test_a_closed_shelter_takes_no_one_in_but_lets_people_out(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    kiosk.presence.check_in(STAFF, person.person_id, "S1")
    kiosk.shelters.set_status(STAFF, "S1", ShelterStatus.CLOSED)
    other = add_person(kiosk, "佐藤", "さとう")
    with pytest.raises(Refused, match="closed"):
        kiosk.presence.check_in(STAFF, other.person_id, "S1")
    kiosk.presence.check_out(STAFF, person.person_id, "S1")


def test_unknown_people_and_shelters_are_not_found(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    with pytest.raises(NotFound, match="no person"):
        kiosk.presence.check_in(STAFF, "w-nobody", "S1")
    with pytest.raises(NotFound, match="no shelter"):
        kiosk.presence.check_in(STAFF, person.person_id, "S9")


def test_an_older_event_never_overwrites_a_newer_one(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    kiosk.presence.check_in(STAFF, person.person_id, "S1")
    current = kiosk.presence.where(person.person_id)
    assert current is not None
    older = "000000000000000001:00000:other-kiosk"
    at = datetime(2026, 11, 25, tzinfo=UTC)
    with kiosk.store.transaction() as tx:
        assert not presence.apply(tx.conn, person.person_id, "S2", True, older, at)
        newer = "999999999999999999:00000:other-kiosk"
        assert presence.apply(tx.conn, person.person_id, "S2", False, newer, at)
    after = kiosk.presence.where(person.person_id)
    assert after is not None and (after.shelter_id, after.present) == ("S2", False)
