"""Staff undo the last check-in or check-out with a compensating event, audited."""

from __future__ import annotations

import json

import pytest

from kiosk import audit
from kiosk.app import Kiosk
from kiosk.errors import Refused
from kiosk.undo import UndoService
from tests.kiosk.builders import STAFF, add_person


def outbox_types(kiosk: Kiosk) -> list[tuple[str, dict[str, object]]]:
    with kiosk.store.reading() as conn:
        rows = conn.execute("SELECT type, payload FROM outbox ORDER BY device_seq").fetchall()
    return [(r[0], json.loads(r[1])) for r in rows if r[0].startswith("shelter.")]


def test_undoing_a_check_out_checks_the_person_in_again(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    kiosk.presence.check_in("kiosk", person.person_id, "S1")
    kiosk.presence.check_out("kiosk", person.person_id, "S1")
    undo = UndoService(kiosk.store)
    last = undo.last()
    assert last is not None
    assert (last.action, last.person_id, last.name, last.shelter_id) == (
        "check_out",
        person.person_id,
        "山田 太郎",
        "S1",
    )
    undo.undo(STAFF, last.seq)
    where = kiosk.presence.where(person.person_id)
    assert where is not None and where.present and where.shelter_id == "S1"
    # The outbox keeps both: the check-out happened and was compensated, nothing is erased.
    assert [t for t, _ in outbox_types(kiosk)][-2:] == ["shelter.checked_out", "shelter.checked_in"]
    with kiosk.store.reading() as conn:
        entry = audit.entries(conn, 1)[0]
    assert (entry.actor, entry.action, entry.target) == (STAFF, "presence.undo", person.person_id)
    assert undo.last() is None  # an undo is not undone in turn


def test_undoing_a_check_in_checks_out_with_the_reason_undo(kiosk: Kiosk) -> None:
    person = add_person(kiosk)
    kiosk.presence.check_in("kiosk", person.person_id, "S1")
    undo = UndoService(kiosk.store)
    last = undo.last()
    assert last is not None and last.action == "check_in"
    undo.undo(STAFF, last.seq)
    assert kiosk.presence.where(person.person_id).present is False  # type: ignore[union-attr]
    assert outbox_types(kiosk)[-1] == (
        "shelter.checked_out",
        {"person_id": person.person_id, "shelter_id": "S1", "reason": "undo"},
    )


def test_an_undo_of_an_action_no_longer_the_last_is_refused_and_changes_nothing(
    kiosk: Kiosk,
) -> None:
    first = add_person(kiosk)
    second = add_person(kiosk, "鈴木 一郎", "すずき いちろう")
    kiosk.presence.check_in("kiosk", first.person_id, "S1")
    undo = UndoService(kiosk.store)
    shown = undo.last()
    assert shown is not None
    kiosk.presence.check_in("kiosk", second.person_id, "S1")
    with pytest.raises(Refused, match="another action was recorded"):
        undo.undo(STAFF, shown.seq)
    assert kiosk.presence.where(first.person_id).present is True  # type: ignore[union-attr]
    assert kiosk.presence.where(second.person_id).present is True  # type: ignore[union-attr]


def test_nothing_to_undo_is_refused(kiosk: Kiosk) -> None:
    undo = UndoService(kiosk.store)
    assert undo.last() is None
    with pytest.raises(Refused, match="nothing to undo"):
        undo.undo(STAFF, 1)
