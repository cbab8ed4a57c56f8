"""Push: each event is stored exactly once, whatever is resent, replayed or reordered."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from kazasu_protocol.canonical import canonical_json
from linkage.api.models import MAX_BATCH
from linkage.app import create_app
from linkage.config import DEFAULT_BODY_LIMIT, Settings
from linkage.envelope import EventIn
from linkage.ingest import canonical_payload
from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform


def _stored(platform: Platform) -> int:
    from linkage.tables import events

    with platform.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


def _check_ins(kiosk: Kiosk, n: int) -> list[dict[str, Any]]:
    kiosk.event(
        "person.registered",
        {"person_id": "w-a", "household_id": None, "fields": {}, "source": "walk_in"},
    )
    for i in range(n - 1):
        kind = "shelter.checked_in" if i % 2 == 0 else "shelter.checked_out"
        kiosk.event(kind, {"person_id": "w-a", "shelter_id": "S-001"})
    return list(kiosk.outbox)


def test_a_resent_batch_is_a_no_op(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    batch = _check_ins(kiosk, 5)
    first = kiosk.push(batch).json()
    again = kiosk.push(batch).json()
    assert first["acked_seq"] == again["acked_seq"] == 5
    assert {r["status"] for r in first["results"]} == {"stored"}
    assert {r["status"] for r in again["results"]} == {"duplicate"}
    assert _stored(platform) == 5


def test_reordered_and_overlapping_batches_store_each_event_once(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    events = _check_ins(kiosk, 9)
    late = kiosk.push(events[6:]).json()  # arrives first, beyond a gap: not stored
    assert late["acked_seq"] == 0
    assert {r["status"] for r in late["results"]} == {"not_processed"}
    shuffled = [events[2], events[0], events[1]]
    assert kiosk.push(shuffled).json()["acked_seq"] == 3
    assert kiosk.push(events[1:7]).json()["acked_seq"] == 7  # overlaps both sides
    assert kiosk.push(events).json()["acked_seq"] == 9  # the kiosk resends everything
    assert kiosk.push(events[6:]).json()["acked_seq"] == 9  # a replay of the first batch
    assert _stored(platform) == 9


def test_a_lost_answer_is_repaired_by_resending(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    events = _check_ins(kiosk, 4)
    kiosk.push(events)  # the kiosk never sees this answer
    me = platform.client.get("/v1/devices/me", headers=kiosk.headers).json()
    assert me["acked_seq"] == 4 and me["head_hash"] == events[-1]["hash"]
    kiosk.event("shelter.checked_in", {"person_id": "w-a", "shelter_id": "S-001"})
    r = kiosk.push().json()
    assert r["acked_seq"] == 5
    assert [x["status"] for x in r["results"]] == ["duplicate"] * 4 + ["stored"]


def test_a_different_event_under_a_used_seq_is_refused_and_recorded(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    events = _check_ins(kiosk, 2)
    kiosk.push(events)
    forged = dict(events[1], payload={"person_id": "w-b", "shelter_id": "S-001"})
    forged["hash"] = _rehash(forged)
    r = kiosk.push([forged]).json()
    assert r["results"][0]["status"] == "conflict"
    assert r["acked_seq"] == 2
    kinds = [i["kind"] for i in platform.client.get("/v1/admin/incidents", headers=ADMIN).json()]
    assert kinds == ["event-conflict"]
    assert _stored(platform) == 2


def test_a_reused_event_id_is_a_conflict(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    _check_ins(kiosk, 1)
    kiosk.push()
    reuse = kiosk.event("shelter.checked_in", {"person_id": "w-a", "shelter_id": "S-001"})
    reuse["event_id"] = kiosk.outbox[0]["event_id"]
    reuse["hash"] = _rehash(reuse)
    r = kiosk.push([reuse]).json()
    assert r["results"][0]["status"] == "conflict"
    assert r["acked_seq"] == 1


def test_a_taken_id_halts_the_batch_before_a_later_event_outside_the_scope(
    platform: Platform,
) -> None:
    # Both databases answer as the chain is judged: the event before is stored, the taken id
    # is the conflict, and the event outside the scope after it is not processed, not judged.
    platform.shelter("S-002")
    kiosk = platform.kiosk("S-001")
    _check_ins(kiosk, 1)
    kiosk.push()
    kiosk.event("shelter.checked_in", {"person_id": "w-a", "shelter_id": "S-001"})
    reuse = kiosk.event("shelter.checked_out", {"person_id": "w-a", "shelter_id": "S-001"})
    reuse["event_id"] = kiosk.outbox[0]["event_id"]
    reuse["hash"] = kiosk.head = _rehash(reuse)
    kiosk.event("shelter.checked_in", {"person_id": "w-a", "shelter_id": "S-002"})
    r = kiosk.push(kiosk.outbox[1:])
    assert r.status_code == 200, r.text
    assert r.json()["acked_seq"] == 2
    statuses = [x["status"] for x in r.json()["results"]]
    assert statuses == ["stored", "conflict", "not_processed"]
    kinds = [i["kind"] for i in platform.client.get("/v1/admin/incidents", headers=ADMIN).json()]
    assert kinds == ["event-conflict"]
    assert _stored(platform) == 2


def test_a_broken_hash_chain_stops_acknowledgement(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    events = _check_ins(kiosk, 3)
    events[1]["prev_hash"] = "f" * 64
    events[1]["hash"] = _rehash(events[1])
    r = kiosk.push(events).json()
    assert r["acked_seq"] == 1
    assert [x["status"] for x in r["results"]] == ["stored", "conflict", "not_processed"]


def test_a_tampered_event_is_invalid(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    events = _check_ins(kiosk, 2)
    events[1]["payload"]["person_id"] = "w-b"  # changed after hashing
    r = kiosk.push(events).json()
    assert [x["status"] for x in r["results"]] == ["stored", "invalid"]


def test_unknown_types_and_schema_versions_are_refused_plainly(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    kiosk.event("parcel.delivered", {"parcel": "x"})
    r = kiosk.push().json()
    assert r["results"][0]["status"] == "refused"
    assert "unknown event type" in r["results"][0]["reason"]
    assert r["acked_seq"] == 0


def test_the_individual_number_is_never_accepted(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    kiosk.event(
        "person.registered",
        {
            "person_id": "w-x",
            "household_id": None,
            "fields": {"my_number": "123456789012"},
            "source": "walk_in",
        },
    )
    r = kiosk.push().json()
    assert r["results"][0]["status"] == "invalid"
    assert _stored(platform) == 0


def test_events_must_carry_the_authenticated_device_id(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    other = platform.kiosk("S-001")
    event = other.event("shelter.checked_in", {"person_id": "w-a", "shelter_id": "S-001"})
    r = kiosk.push([event]).json()
    assert r["results"][0]["status"] == "invalid"


def _rehash(event: dict[str, Any]) -> str:
    import hashlib

    from tests.linkage.kiosk_double import canonical

    body = {k: v for k, v in event.items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode()).hexdigest()


def test_person_fields_a_kiosk_could_not_read_are_refused_and_nothing_is_stored(
    platform: Platform,
) -> None:
    unreadable = [
        ({"family_name": "山田", "given_name": "花子"}, "family_name, given_name"),
        ({"name": "山田 花子", "furigana": "", "sex": "female"}, "sex"),
        ({"name": "山田 花子", "furigana": "", "birth_date": "1970/05/05"}, "birth_date"),
        ({"name": ["山田", "花子"], "furigana": ""}, "name"),
    ]
    for i, (fields, named) in enumerate(unreadable):
        kiosk = platform.kiosk("S-001")  # an invalid event holds back the later ones
        event = kiosk.event(
            "person.registered",
            {"person_id": f"w-{i}", "household_id": None, "fields": fields, "source": "walk_in"},
        )
        [result] = kiosk.push([event]).json()["results"]
        assert result["status"] == "invalid"
        assert result["reason"] == "person fields a kiosk cannot read: " + named
    assert _stored(platform) == 0


@pytest.mark.parametrize(
    "payload",
    [
        {"person_id": "p-1", "shelter_id": "S-001"},
        {"person_id": "p-1", "shelter_id": "S-001", "reason": None},  # a kiosk's check-out
        {"person_id": "p-1", "yes": True, "no": False, "reason": "帰宅"},
        {"z": "後", "a": "前", "é": "\u2028\ufeff😀", "E": 'quote " and \\ back'},
        {"text": "".join(chr(c) for c in range(0x00, 0x80))},  # every control character
        {"lone": "\ud800"},  # written by the protocol's writer
        {"n": 1e16, "f": 0.1, "big": 2**70},  # numbers: the protocol's writer
        {"nested": {"b": ["x", 1], "a": None}, "flag": True},
    ],
)
def test_a_payload_is_hashed_in_the_canonical_form_kiosks_write(payload: dict[str, Any]) -> None:
    # A kiosk hashes its events with the protocol's writer; the platform checks the hash with
    # a faster one wherever that writes the same text.
    assert canonical_payload(payload) == canonical_json(payload)


@pytest.mark.parametrize(
    "text",
    [
        "kiosk-1",
        '後\u2028\ufeff😀 quote " and \\ back',
        "".join(chr(c) for c in range(0x00, 0x80)),  # every control character
    ],
)
def test_an_envelope_is_hashed_in_the_canonical_form_kiosks_write(text: str) -> None:
    # The envelope's text fields as a kiosk could write them (the model's rules aside); the
    # platform's hash is the protocol's SHA-256 of the envelope's canonical JSON.
    envelope: dict[str, Any] = {
        "event_id": text,
        "device_id": text,
        "device_seq": 2**53,
        "hlc": text,
        "type": text,
        "schema": 10_000,
        "payload": {"person_id": text, "n": 1e16},
        "prev_hash": text,
    }
    event = EventIn.model_construct(**{**envelope, "schema_version": 10_000, "hash": ""})
    expected = hashlib.sha256(canonical_json(envelope).encode())
    payload = canonical_payload(envelope["payload"])
    assert event.computed_hash(payload) == expected.hexdigest()
    assert event.computed_hash() == expected.hexdigest()


def test_a_push_takes_the_stated_most_events_and_refuses_one_more(
    engine: Engine, settings: Settings
) -> None:
    # At the default body limit: the most events fit in it with room to spare.
    limits = dataclasses.replace(settings, body_limit=DEFAULT_BODY_LIMIT)
    with TestClient(create_app(limits, engine)) as client:
        platform = Platform(client, engine)
        kiosk = platform.kiosk("S-001")
        me = client.get("/v1/devices/me", headers=kiosk.headers).json()
        assert (me["max_batch"], me["body_limit"]) == (MAX_BATCH, DEFAULT_BODY_LIMIT)
        events = _check_ins(kiosk, MAX_BATCH + 1)
        refused = kiosk.push(events)
        assert refused.status_code == 422
        assert refused.json()["type"] == "/problems/invalid-request"
        why = f"List should have at most {MAX_BATCH} items after validation, not {MAX_BATCH + 1}"
        assert refused.json()["errors"] == [{"loc": ["body", "events"], "msg": why}]
        assert _stored(platform) == 0
        assert kiosk.push(events[:MAX_BATCH]).json()["acked_seq"] == MAX_BATCH
