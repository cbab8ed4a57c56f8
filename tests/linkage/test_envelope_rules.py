"""The payload rules of the envelope check, as a push meets them (docs/protocol/events.md).

Check-ins, check-outs, moves and card links are judged by a table of their keys first; these
cases pin the answer either way, so the quick judgement and the full one cannot drift apart.
"""

from __future__ import annotations

from typing import Any

import pytest

from linkage.envelope import EventIn, _plain_and_sound, payload_problem

EVENT_ID = "0190a3e4-1b2c-4d5e-8f90-123456789abc"


def _event(kind: str, payload: dict[str, Any], **envelope: Any) -> EventIn:
    return EventIn.model_validate(
        {
            "event_id": EVENT_ID,
            "device_id": "kiosk-1",
            "device_seq": 1,
            "hlc": "001764162000000000:00000:kiosk-1",
            "type": kind,
            "schema": 1,
            "payload": payload,
            "prev_hash": "0" * 64,
            "hash": "0" * 64,
            **envelope,
        }
    )


CHECK_IN = {"person_id": "p-1", "shelter_id": "S-001"}


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        ("shelter.checked_in", CHECK_IN),
        ("shelter.checked_out", CHECK_IN),
        ("shelter.checked_out", {**CHECK_IN, "reason": None}),
        ("shelter.checked_out", {**CHECK_IN, "reason": "帰宅"}),
        ("shelter.moved", {"person_id": "p-1", "from_shelter_id": "S-1", "to_shelter_id": "S-2"}),
        ("person.card_linked", {"person_id": "p-1", "card_key": "k" * 80}),
    ],
)
def test_a_sound_event_of_a_plain_type_is_taken(kind: str, payload: dict[str, Any]) -> None:
    assert payload_problem(_event(kind, payload)) is None


@pytest.mark.parametrize(
    ("kind", "payload", "envelope", "expected"),
    [
        ("shelter.checked_in", {"person_id": "p-1"}, {}, ("invalid", "payload lacks 'shelter_id'")),
        (
            "shelter.checked_in",
            {"person_id": "p-1", "shelter_id": 7},
            {},
            ("invalid", "payload field 'shelter_id' has the wrong type or length"),
        ),
        (
            "shelter.checked_in",
            {"person_id": "", "shelter_id": "S-001"},
            {},
            ("invalid", "payload field 'person_id' has the wrong type or length"),
        ),
        (
            "shelter.checked_out",
            {"person_id": "p" * 81, "shelter_id": "S-001"},
            {},
            ("invalid", "payload field 'person_id' has the wrong type or length"),
        ),
        (
            "shelter.checked_in",
            {"person_id": "p..1", "shelter_id": "S-001"},
            {},
            ("invalid", "payload field 'person_id' has characters this field does not allow"),
        ),
        (
            "shelter.moved",
            {"person_id": "p-1", "from_shelter_id": "S-1", "to_shelter_id": "-S"},
            {},
            ("invalid", "payload field 'to_shelter_id' has characters this field does not allow"),
        ),
        # A key beyond the type's own is judged by its own rule, as in any other event.
        (
            "shelter.checked_in",
            {**CHECK_IN, "household_id": "h..1"},
            {},
            ("invalid", "payload field 'household_id' has characters this field does not allow"),
        ),
        (
            "shelter.checked_in",
            {**CHECK_IN, "fields": {"my_number": "x"}},
            {},
            ("invalid", "the individual number is never accepted"),
        ),
        (
            "shelter.checked_out",
            {**CHECK_IN, "reason": None, "household_id": "h..1"},
            {},
            ("invalid", "payload field 'household_id' has characters this field does not allow"),
        ),
        (
            "shelter.checked_out",
            {**CHECK_IN, "reason": None, "fields": {"my_number": "x"}},
            {},
            ("invalid", "the individual number is never accepted"),
        ),
        (
            "shelter.checked_out",
            {"person_id": "p..1", "shelter_id": "S-001", "reason": None},
            {},
            ("invalid", "payload field 'person_id' has characters this field does not allow"),
        ),
        (
            "shelter.checked_out",
            {"person_id": "p-1", "reason": None, "note": ""},
            {},
            ("invalid", "payload lacks 'shelter_id'"),
        ),
        (
            "shelter.checked_in",
            CHECK_IN,
            {"event_id": "not-a-uuid"},
            ("invalid", "event_id has characters this field does not allow"),
        ),
        (
            "shelter.checked_in",
            CHECK_IN,
            {"schema": 2},
            ("refused", "unknown schema 2 of shelter.checked_in"),
        ),
        ("shelter.arrived", CHECK_IN, {}, ("refused", "unknown event type 'shelter.arrived'")),
    ],
)
def test_a_faulty_event_of_a_plain_type_gets_its_reason(
    kind: str, payload: dict[str, Any], envelope: dict[str, Any], expected: tuple[str, str]
) -> None:
    assert payload_problem(_event(kind, payload, **envelope)) == expected


def test_a_sound_event_with_an_extra_key_is_taken() -> None:
    event = _event("shelter.checked_in", {**CHECK_IN, "note": "arrived by bus"})
    assert payload_problem(event) is None


def test_a_kiosks_check_out_with_its_reason_is_judged_by_the_table() -> None:
    # Half of a kiosk's push: its check-outs carry ``reason``, which no rule reads.
    assert _plain_and_sound(_event("shelter.checked_out", {**CHECK_IN, "reason": None}))
    assert not _plain_and_sound(
        _event("shelter.checked_out", {**CHECK_IN, "reason": None, "household_id": "h-1"})
    )
