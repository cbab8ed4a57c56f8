"""Every change writes its event and audit entry in one transaction, in unbroken hash chains."""

from __future__ import annotations

import itertools
import json

import pytest

from kiosk import audit, outbox
from kiosk.app import Kiosk
from kiosk.chain import GENESIS
from kiosk.errors import Refused
from tests.kiosk.builders import STAFF, add_person


def test_events_are_gapless_chained_and_carry_the_envelope(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    kiosk.presence.check_in(STAFF, person.person_id, "S1")
    kiosk.presence.check_out(STAFF, person.person_id, "S1", "went home")
    with kiosk.store.reading() as conn:
        events = outbox.pending(conn, 100)
        assert outbox.verify(conn) == 3
    assert [e.device_seq for e in events] == [1, 2, 3]
    assert [e.type for e in events] == [
        "person.registered",
        "shelter.checked_in",
        "shelter.checked_out",
    ]
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert [e.hlc for e in events] == sorted(e.hlc for e in events)
    assert all(e.event_id[14] == "7" for e in events)  # UUID version 7
    assert events[2].payload == {
        "person_id": person.person_id,
        "shelter_id": "S1",
        "reason": "went home",
    }


def _check_in_and_out_three_times(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    for _ in range(3):
        kiosk.presence.check_in(STAFF, person.person_id, "S1")
        kiosk.presence.check_out(STAFF, person.person_id, "S1", "帰宅")


def test_a_push_body_carries_the_waiting_envelopes_as_they_were_hashed(kiosk: Kiosk) -> None:
    _check_in_and_out_three_times(kiosk)
    with kiosk.store.reading() as conn:
        events = outbox.pending(conn, 4)
        batch = outbox.outgoing(conn, 4)
    assert batch is not None
    assert (batch.first_seq, batch.last_seq, batch.count) == (1, 4, 4)
    assert json.loads(batch.body) == {"events": [e.envelope() for e in events]}
    assert "帰宅".encode() in batch.body  # UTF-8 as stored, not escaped


def test_a_push_body_ends_before_the_event_that_would_pass_the_byte_limit(kiosk: Kiosk) -> None:
    _check_in_and_out_three_times(kiosk)
    with kiosk.store.reading() as conn:
        events = outbox.pending(conn, 7)
        whole = outbox.outgoing(conn, 7)
        assert whole is not None
        fits = outbox.outgoing(conn, 7, max_bytes=len(whole.body))
        cut = outbox.outgoing(conn, 7, max_bytes=len(whole.body) - 1)
        alone = outbox.outgoing(conn, 7, max_bytes=1)
    assert fits == whole
    assert cut is not None and (cut.first_seq, cut.last_seq, cut.count) == (1, 6, 6)
    assert json.loads(cut.body) == {"events": [e.envelope() for e in events[:6]]}
    # An event larger than the limit by itself still goes (the platform answers 413).
    assert alone is not None and json.loads(alone.body) == {"events": [events[0].envelope()]}


def test_there_is_no_push_body_when_nothing_waits(kiosk: Kiosk) -> None:
    with kiosk.store.reading() as conn:
        assert outbox.outgoing(conn, 1000) is None


def test_a_refused_change_leaves_no_event_and_no_audit_entry(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    with kiosk.store.reading() as conn:
        events_before, audit_before = outbox.waiting(conn), audit.verify(conn).entries
    with pytest.raises(Refused):
        kiosk.presence.check_out(STAFF, person.person_id, "S1")
    with kiosk.store.reading() as conn:
        assert outbox.waiting(conn) == events_before
        assert audit.verify(conn).entries == audit_before


def test_a_tampered_event_is_detected(kiosk: Kiosk) -> None:
    add_person(kiosk)
    kiosk.store.conn.execute("UPDATE outbox SET payload = '{}' WHERE device_seq = 1")
    with kiosk.store.reading() as conn, pytest.raises(ValueError, match="does not match"):
        outbox.verify(conn)


def test_the_audit_log_records_who_did_what(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    kiosk.presence.check_in("staff:sato", person.person_id, "S1")
    with kiosk.store.reading() as conn:
        newest = audit.entries(conn, 1)[0]
    assert (newest.actor, newest.action, newest.target) == (
        "staff:sato",
        "presence.check_in",
        person.person_id,
    )
    assert newest.detail == {"shelter": "S1"}


def test_the_audit_log_refuses_updates_and_deletes(kiosk: Kiosk) -> None:
    add_person(kiosk)
    for sql in ("UPDATE audit SET actor = 'x'", "DELETE FROM audit"):
        with pytest.raises(Exception, match="append-only"):
            kiosk.store.conn.execute(sql)


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        ("UPDATE audit SET actor = 'someone else' WHERE seq = 2", "content was changed"),
        ("DELETE FROM audit WHERE seq = 2", "entry 2 is missing"),
    ],
)
def test_audit_verification_finds_the_first_altered_entry(
    kiosk: Kiosk, tamper: str, problem: str
) -> None:
    for i in range(3):
        add_person(kiosk, f"名前 {i}", f"なまえ {i}")
    conn = kiosk.store.conn
    # Someone with the key and a SQL shell, going around the triggers.
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute(tamper)
    report = audit.verify(conn)
    assert not report.ok
    assert problem in report.problem
