"""A kiosk that sends a field breaking the rules of docs/protocol/events.md (a faulty or forged
kiosk: a real one refuses the value before it writes) gets the event marked ``invalid`` with the
field named, an incident is recorded, and nothing of it is stored; the device's next good event
still goes in. A real platform process on SQLite and PostgreSQL, a real kiosk beside it."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.fields import InvalidField
from kiosk.model import Person
from sync.client import PlatformClient
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer
from tests.linkage.kiosk_double import ZERO, b64url, canonical


class ForgedKiosk:
    """An enrolled device that signs in properly and then pushes events it crafts itself."""

    def __init__(self, platform: PlatformServer, shelter_id: str) -> None:
        platform.shelter(shelter_id)
        key = Ed25519PrivateKey.generate()
        public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.client = PlatformClient(platform.url)
        code = platform.enrolment_code(shelter_id)
        self.device_id = self.client.enrol(code, b64url(public), "forged").device_id
        challenge_id, nonce = self.client.challenge(self.device_id)
        message = b"\n".join([b"kazasu-session-v1", self.device_id.encode(), nonce.encode()])
        self.client.open_session(self.device_id, challenge_id, b64url(key.sign(message)))
        self.url = platform.url
        self.seq, self.head, self.wall_ms = 0, ZERO, 1_764_000_000_000

    def push(self, type_: str, payload: dict[str, Any], event_id: str | None = None) -> Any:
        """Push one event after the last stored one; the chain moves on only if it is stored."""
        self.wall_ms += 1
        envelope = {
            "event_id": event_id or str(uuid.uuid4()),
            "device_id": self.device_id,
            "device_seq": self.seq + 1,
            "hlc": f"{self.wall_ms:018d}:00000:{self.device_id}",
            "type": type_,
            "schema": 1,
            "payload": payload,
            "prev_hash": self.head,
        }
        envelope["hash"] = hashlib.sha256(canonical(envelope).encode()).hexdigest()
        answer = requests.post(
            f"{self.url}/v1/sync/push",
            data=json.dumps({"events": [envelope]}, ensure_ascii=False).encode(),
            headers={
                "Authorization": f"Bearer {self.client.token}",
                "Kazasu-Protocol": "1",
                "Content-Type": "application/json",
            },
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        [outcome] = answer.json()["results"]
        if outcome["status"] == "stored":
            self.seq, self.head = self.seq + 1, str(envelope["hash"])
        return outcome

    def people(self) -> dict[str, dict[str, Any]]:
        """The people the feed gives this device: what the platform stored."""
        changes = self.client.changes(0, 1000)["changes"]
        return {c["entity_id"]: c["payload"] for c in changes if c["entity"] == "person"}


def _person(person_id: str, **fields: Any) -> dict[str, Any]:
    base = {"person_id": person_id, "name": "山田\u3000太郎", "furigana": "やまだ\u3000たろう"}
    return {
        "person_id": person_id,
        "household_id": None,
        "fields": base | fields,
        "source": "walk_in",
    }


BAD_EVENTS: list[tuple[str, dict[str, Any], str]] = [
    ("person.registered", _person("w-2", name="山田\x1b[31m太郎"), "'fields.name'"),
    ("person.registered", _person("w-2", name="あ" * 5000), "'fields.name'"),
    ("person.registered", _person("w-2", name="\u202e郎太田山"), "'fields.name'"),
    ("person.registered", _person("w-2", furigana="やまだ\x00"), "'fields.furigana'"),
    ("person.registered", _person("w-2", birth_date="2999-01-01"), "'fields.birth_date'"),
    ("person.registered", _person("w-2", birth_date="0001-01-01"), "'fields.birth_date'"),
    ("person.registered", _person("w-2", address="霞が関\ue000"), "'fields.address'"),
    ("person.registered", _person("p-../../x"), "'person_id'"),
    ("person.updated", {"person_id": "w-1", "fields": {"phone": "110\x07"}}, "'fields.phone'"),
    (
        "household.registered",
        {"household_id": "h-1", "fields": {"car": {"plate": "品川\r\n"}}},
        "'fields.car.plate'",
    ),
    ("household.registered", {"household_id": "h-1/../2", "fields": {}}, "'household_id'"),
]


def test_a_pushed_field_breaking_the_rules_is_invalid_naming_it_and_nothing_is_stored(
    platform: PlatformServer,
) -> None:
    kiosk = ForgedKiosk(platform, "S1")
    assert kiosk.push("person.registered", _person("w-1"))["status"] == "stored"
    for type_, payload, field in BAD_EVENTS:
        outcome = kiosk.push(type_, payload)
        assert outcome["status"] == "invalid", (type_, payload)
        assert field in outcome["reason"], outcome
    outcome = kiosk.push("shelter.checked_in", {"person_id": "w-1", "shelter_id": "S1"}, "e-1")
    assert outcome["status"] == "invalid" and outcome["reason"].startswith("event_id "), outcome
    # The chain was held at the last good event: the next good one continues it.
    assert kiosk.push("person.registered", _person("w-3", birth_date="1900-01-01"))["status"] == (
        "stored"
    )
    people = kiosk.people()
    assert set(people) == {"w-1", "w-3"}
    assert people["w-1"]["fields"]["name"] == "山田\u3000太郎"
    assert "phone" not in people["w-1"]["fields"]
    incidents = platform.admin("GET", "/incidents")
    invalid = [i for i in incidents if i["kind"] == "event-invalid"]
    assert len(invalid) == len(BAD_EVENTS) + 1
    assert all(i["device_id"] == kiosk.device_id for i in invalid)


@pytest.mark.parametrize("name", ["山田\x1b[31m太郎", "山田\u202e太郎", "あ" * 101])
def test_a_real_kiosk_refuses_what_the_platform_would_so_its_chain_never_halts(
    make_kiosk: KioskMaker, name: str
) -> None:
    kiosk, engine = make_kiosk("k1")
    with pytest.raises(InvalidField):
        kiosk.people.register("staff:a", Person("", name, "やまだ"))
    person = kiosk.people.register("staff:a", Person("", "髙橋\u3000﨑子", "たかはし　さきこ"))
    engine.run_once()
    assert engine.waiting() == 0
    assert kiosk.people.get(person.person_id).name == "髙橋\u3000﨑子"
