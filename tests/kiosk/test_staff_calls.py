"""A call for staff from the entrance waits, on the record, until a staff member answers it."""

from __future__ import annotations

from kiosk import audit
from kiosk.app import Kiosk
from kiosk.staff_calls import StaffCalls
from tests.kiosk.builders import STAFF


def test_a_call_waits_until_staff_answer_it_and_both_are_audited(kiosk: Kiosk) -> None:
    calls = StaffCalls(kiosk.store)
    assert calls.waiting() == []
    calls.call("kiosk:entrance", "S1")
    calls.call("kiosk:entrance", "S1")
    waiting = calls.waiting()
    assert [c.shelter_id for c in waiting] == ["S1", "S1"]
    assert calls.answer(STAFF) == 2
    assert calls.waiting() == []
    assert calls.answer(STAFF) == 0
    with kiosk.store.reading() as conn:
        actions = [(e.actor, e.action) for e in audit.entries(conn, 3)]
    assert actions == [
        (STAFF, "staff.call_answered"),
        ("kiosk:entrance", "staff.called"),
        ("kiosk:entrance", "staff.called"),
    ]


def test_a_call_after_an_answer_waits_again(kiosk: Kiosk) -> None:
    calls = StaffCalls(kiosk.store)
    calls.call("kiosk:entrance", "S1")
    calls.answer(STAFF)
    calls.call("kiosk:entrance", "S2")
    assert [c.shelter_id for c in calls.waiting()] == ["S2"]
