"""The kiosk event envelope of docs/protocol/events.md: validation, hashing, payload types."""

from __future__ import annotations

from json.encoder import encode_basestring as _quote
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from linkage.canonical import canonical_json, sha256_hex
from linkage.people import FORBIDDEN_FIELDS, unreadable_fields
from linkage.voting import payloads as voting_payloads

HLC_PATTERN = r"^\d{18}:\d{5}:[A-Za-z0-9_.:-]{1,96}$"
HASH_PATTERN = r"^[0-9a-f]{64}$"

Ident = Annotated[str, Field(min_length=1, max_length=64)]


class EventIn(BaseModel):
    """One event as a kiosk sends it."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    event_id: Ident
    device_id: Ident
    device_seq: Annotated[int, Field(ge=1, le=2**53)]
    hlc: Annotated[str, Field(pattern=HLC_PATTERN, max_length=128)]
    type: Annotated[str, Field(min_length=1, max_length=64)]
    schema_version: Annotated[int, Field(alias="schema", ge=1, le=10_000)]
    payload: dict[str, Any]
    prev_hash: Annotated[str, Field(pattern=HASH_PATTERN)]
    hash: Annotated[str, Field(pattern=HASH_PATTERN)]

    def computed_hash(self, payload_json: str | None = None) -> str:
        """SHA-256 of the canonical JSON of the envelope without ``hash``.

        ``payload_json`` is the payload's canonical JSON when the caller already has it.
        """
        # The envelope's keys are fixed, so its canonical text is assembled in sorted key
        # order around the payload's, which push also stores: the payload is encoded once.
        # ``_quote`` is what canonical_json writes for a string (non-ASCII kept as is), and
        # the strict model guarantees that device_seq and schema are plain integers.
        payload = canonical_json(self.payload) if payload_json is None else payload_json
        body = (
            f'{{"device_id":{_quote(self.device_id)},"device_seq":{self.device_seq},'
            f'"event_id":{_quote(self.event_id)},"hlc":{_quote(self.hlc)},'
            f'"payload":{payload},"prev_hash":{_quote(self.prev_hash)},'
            f'"schema":{self.schema_version},"type":{_quote(self.type)}}}'
        )
        return sha256_hex(body)


# Required payload keys per (type, schema) and the JSON types each may take.
_STR = (str,)
_OPT_STR = (str, type(None))
_OBJ = (dict,)
PAYLOADS: dict[tuple[str, int], dict[str, tuple[type, ...]]] = {
    ("person.registered", 1): {
        "person_id": _STR,
        "household_id": _OPT_STR,
        "fields": _OBJ,
        "source": _STR,
    },
    ("person.updated", 1): {"person_id": _STR, "fields": _OBJ},
    ("person.card_linked", 1): {"person_id": _STR, "card_key": _STR},
    ("household.registered", 1): {"household_id": _STR, "fields": _OBJ},
    ("household.updated", 1): {"household_id": _STR, "fields": _OBJ},
    ("household.member_added", 1): {"household_id": _STR, "person_id": _STR, "relation": _STR},
    ("shelter.checked_in", 1): {"person_id": _STR, "shelter_id": _STR},
    ("shelter.checked_out", 1): {"person_id": _STR, "shelter_id": _STR},
    ("shelter.moved", 1): {"person_id": _STR, "from_shelter_id": _STR, "to_shelter_id": _STR},
    ("shelter.status_changed", 1): {"shelter_id": _STR, "status": _STR},
    **voting_payloads.PAYLOADS,
}
KNOWN_TYPES = frozenset(t for t, _ in PAYLOADS)
SOURCES = frozenset({"walk_in", "import", "card"})
STATUSES = frozenset({"open", "closed"})


def payload_problem(event: EventIn) -> tuple[Literal["refused", "invalid"], str] | None:
    """Why this platform cannot take the event, as (status, reason), or None if it can."""
    if event.type not in KNOWN_TYPES:
        return "refused", f"unknown event type {event.type!r}"
    spec = PAYLOADS.get((event.type, event.schema_version))
    if spec is None:
        return "refused", f"unknown schema {event.schema_version} of {event.type}"
    for key, types in spec.items():
        if key not in event.payload:
            return "invalid", f"payload lacks {key!r}"
        value = event.payload[key]
        if not isinstance(value, types) or (isinstance(value, str) and not 0 < len(value) <= 80):
            return "invalid", f"payload field {key!r} has the wrong type or length"
    fields = event.payload.get("fields")
    if isinstance(fields, dict) and FORBIDDEN_FIELDS & {str(k).lower() for k in fields}:
        return "invalid", "the individual number is never accepted"
    if event.type in ("person.registered", "person.updated") and isinstance(fields, dict):
        unreadable = unreadable_fields(fields)
        if unreadable:
            return "invalid", "person fields a kiosk cannot read: " + ", ".join(unreadable)
    if event.type == "shelter.status_changed" and event.payload["status"] not in STATUSES:
        return "invalid", f"unknown shelter status {event.payload['status']!r}"
    if event.type == "person.registered" and event.payload["source"] not in SOURCES:
        return "invalid", f"unknown source {event.payload['source']!r}"
    if event.type in voting_payloads.TYPES:
        return voting_payloads.payload_problem(event.type, event.payload)
    return None


def shelters_written(event: EventIn) -> set[str]:
    """The shelters an event records something at (a move touches both ends)."""
    p = event.payload
    if event.type in ("shelter.checked_in", "shelter.checked_out", "shelter.status_changed"):
        return {str(p.get("shelter_id"))}
    if event.type == "shelter.moved":
        return {str(p.get("from_shelter_id")), str(p.get("to_shelter_id"))}
    return set()
