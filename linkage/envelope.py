"""The kiosk event envelope of docs/protocol/events.md: validation, hashing, payload types."""

from __future__ import annotations

import functools
import hashlib
from json.encoder import encode_basestring as _quote
from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from kazasu_protocol.canonical import canonical_json
from kazasu_protocol.supplies import items_problem
from linkage import fields as field_rules
from linkage.canonical import sha256_hex
from linkage.json_int import WHOLE
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
    device_seq: Annotated[int, Field(ge=1, le=2**53), WHOLE]
    hlc: Annotated[str, Field(pattern=HLC_PATTERN, max_length=128)]
    type: Annotated[str, Field(min_length=1, max_length=64)]
    schema_version: Annotated[int, Field(alias="schema", ge=1, le=10_000), WHOLE]
    payload: dict[str, Any]
    prev_hash: Annotated[str, Field(pattern=HASH_PATTERN)]
    hash: Annotated[str, Field(pattern=HASH_PATTERN)]

    def computed_hash(self, payload_json: str | None = None) -> str:
        """SHA-256 of the canonical JSON of the envelope without ``hash``.

        ``payload_json`` is the payload's canonical JSON when the caller already has it.
        """
        # The envelope's keys are fixed, so its canonical text is assembled in sorted key
        # order around the payload's, which push also stores: the payload is encoded once.
        # orjson writes text as ``canonical_json`` does (non-ASCII kept as is, the same
        # escapes; checked by a test) and the strict model guarantees that device_seq and
        # schema are plain integers within 2**53. Text with a lone surrogate, which orjson
        # refuses (TypeError, also for a fragment), is written as before.
        payload = canonical_json(self.payload) if payload_json is None else payload_json
        try:
            raw = orjson.dumps(
                {
                    "device_id": self.device_id,
                    "device_seq": self.device_seq,
                    "event_id": self.event_id,
                    "hlc": self.hlc,
                    "payload": orjson.Fragment(payload),
                    "prev_hash": self.prev_hash,
                    "schema": self.schema_version,
                    "type": self.type,
                }
            )
        except TypeError:
            body = (
                f'{{"device_id":{_quote(self.device_id)},"device_seq":{self.device_seq},'
                f'"event_id":{_quote(self.event_id)},"hlc":{_quote(self.hlc)},'
                f'"payload":{payload},"prev_hash":{_quote(self.prev_hash)},'
                f'"schema":{self.schema_version},"type":{_quote(self.type)}}}'
            )
            return sha256_hex(body)
        return hashlib.sha256(raw).hexdigest()


class _IntegersAsWritten(EventIn):
    """``EventIn`` for an envelope whose integers are written without a fraction: the same
    checks and value, without ``WHOLE``'s call into Python for each of its two numbers."""

    device_seq: Annotated[int, Field(ge=1, le=2**53)]
    schema_version: Annotated[int, Field(alias="schema", ge=1, le=10_000)]


_AS_WRITTEN = TypeAdapter(list[_IntegersAsWritten])


def events_as_written(value: object) -> list[EventIn] | None:
    """The events of a push body's ``events`` list when every envelope in it is valid with
    its integers written as integers (what kiosks send), else None: then the full
    validation (``list[EventIn]``) gives the value or the errors."""
    if type(value) is not list:
        return None
    try:
        return list[EventIn](_AS_WRITTEN.validate_python(value))
    except ValidationError:
        return None


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
    ("person.city_card_linked", 1): {
        "person_id": _STR,
        "municipality_id": _STR,
        "card_id": _STR,
        "staff": _STR,
    },
    ("household.registered", 1): {"household_id": _STR, "fields": _OBJ},
    ("household.updated", 1): {"household_id": _STR, "fields": _OBJ},
    ("household.member_added", 1): {"household_id": _STR, "person_id": _STR, "relation": _STR},
    ("shelter.checked_in", 1): {"person_id": _STR, "shelter_id": _STR},
    ("shelter.checked_out", 1): {"person_id": _STR, "shelter_id": _STR},
    ("shelter.moved", 1): {"person_id": _STR, "from_shelter_id": _STR, "to_shelter_id": _STR},
    ("shelter.status_changed", 1): {"shelter_id": _STR, "status": _STR},
    ("shelter.supplies_set", 1): {"shelter_id": _STR, "items": _OBJ, "staff": _STR},
    **voting_payloads.PAYLOADS,
}
KNOWN_TYPES = frozenset(t for t, _ in PAYLOADS)
SOURCES = frozenset({"walk_in", "import", "card"})
STATUSES = frozenset({"open", "closed"})


def payload_problem(event: EventIn) -> tuple[Literal["refused", "invalid"], str] | None:
    """Why this platform cannot take the event, as (status, reason), or None if it can."""
    if _plain_and_sound(event):
        return None
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
    if event.type == "shelter.supplies_set" and (found := items_problem(event.payload["items"])):
        return "invalid", found
    if event.type == "person.registered" and event.payload["source"] not in SOURCES:
        return "invalid", f"unknown source {event.payload['source']!r}"
    refused = field_problem(event)
    if refused is not None:
        return "invalid", refused
    if event.type in voting_payloads.TYPES:
        return voting_payloads.payload_problem(event.type, event.payload)
    return None


# Payload keys that hold ids, and the id rule of each (docs/protocol/events.md, "Field rules").
_ID_KEYS = {
    "person_id": "person_id",
    "household_id": "household_id",
    "shelter_id": "shelter_id",
    "from_shelter_id": "shelter_id",
    "to_shelter_id": "shelter_id",
}
_RECORD_TYPES = frozenset(
    {"person.registered", "person.updated", "household.registered", "household.updated"}
)


@functools.lru_cache(maxsize=4096)
def _payload_id_problem(rule: str, value: str) -> str | None:
    # A kiosk's pushes name the same shelter in every event and each person several times:
    # the rule's answer for an id is remembered (a pure function of the two texts).
    return field_rules.id_problem(rule, value)


# Types with no rule but their keys' and ids' (check-ins, check-outs, moves, card links: most
# of a push), each with its keys in the order ``payload_problem`` checks them and each key's
# id rule, if it is an id.
_OTHER_RULES = (
    _RECORD_TYPES
    | voting_payloads.TYPES
    | {"person.registered", "household.member_added", "shelter.status_changed"}
    | {"shelter.supplies_set"}
)
_PLAIN: dict[tuple[str, int], tuple[tuple[str, str | None], ...]] = {
    key: tuple((name, _ID_KEYS.get(name)) for name in spec)
    for key, spec in PAYLOADS.items()
    if key[0] not in _OTHER_RULES and all(types == _STR for types in spec.values())
}


# Payload keys that ``payload_problem`` reads in an event of any type: an id's rule, the
# individual number in ``fields``.
_READ_IN_ANY = frozenset(_ID_KEYS) | {"fields"}
_PLAIN_NAMES = {key: frozenset(name for name, _ in keys) for key, keys in _PLAIN.items()}


def _plain_and_sound(event: EventIn) -> bool:
    """True when the event is of a ``_PLAIN`` type, its payload has that type's keys (and
    perhaps others that no rule reads, as a check-out's ``reason``) and every rule holds;
    False says only that ``payload_problem``'s full check must judge."""
    kind = (event.type, event.schema_version)
    keys = _PLAIN.get(kind)
    payload = event.payload
    if keys is None or len(payload) < len(keys):
        return False
    if len(payload) > len(keys) and not _READ_IN_ANY.isdisjoint(
        payload.keys() - _PLAIN_NAMES[kind]
    ):
        return False
    for name, rule in keys:
        value = payload.get(name)
        if type(value) is not str or not 0 < len(value) <= 80:
            return False
        if rule is not None and _payload_id_problem(rule, value) is not None:
            return False
    # What ``field_rules.id_problem("event_id", …)`` accepts: the pattern admits only
    # printable ASCII, so its other checks hold too.
    return field_rules.EVENT_ID_PATTERN.fullmatch(event.event_id) is not None


def field_problem(event: EventIn) -> str | None:
    """Which field of the event breaks its rule and why, or None.

    A kiosk applies the same rules before it writes, so only a faulty or forged kiosk sends
    such an event. Birth dates may be up to a day ahead (a kiosk's clock or zone).
    """
    reason = field_rules.id_problem("event_id", event.event_id)
    if reason is not None:
        return f"event_id {field_rules.REASONS[reason]}"
    for key, rule in _ID_KEYS.items():
        value = event.payload.get(key)
        if isinstance(value, str) and (reason := _payload_id_problem(rule, value)):
            return f"payload field {key!r} {field_rules.REASONS[reason]}"
    relation = event.payload.get("relation")
    if event.type == "household.member_added" and isinstance(relation, str):
        reason = field_rules.text_problem("relation", relation)
        if reason is not None:
            return f"payload field 'relation' {field_rules.REASONS[reason]}"
    fields = event.payload.get("fields")
    if event.type in _RECORD_TYPES and isinstance(fields, dict):
        found = field_rules.record_problem(fields, field_rules.local_today(slack_days=1))
        if found is not None:
            name, reason = found
            return f"payload field 'fields.{name}' {field_rules.REASONS[reason]}"
    return None
