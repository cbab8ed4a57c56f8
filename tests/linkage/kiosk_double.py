"""A kiosk as the platform sees it, written from docs/protocol/ alone, and admin helpers."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, select

from linkage.tables import persons

ADMIN_TOKEN = "test-admin-token"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
PROTOCOL = {"Kazasu-Protocol": "1"}
ZERO = "0" * 64


def b64url(data: bytes) -> str:
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def canonical(value: Any) -> str:
    """Canonical JSON as docs/protocol/events.md defines it."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass
class Kiosk:
    """An enrolled kiosk: its key, its chain of events and its session."""

    client: TestClient
    device_id: str
    key: Ed25519PrivateKey
    enrolment: dict[str, Any]
    token: str = ""
    seq: int = 0
    head: str = ZERO
    wall_ms: int = 1_764_162_000_000
    outbox: list[dict[str, Any]] = field(default_factory=list)

    def login(self) -> Response:
        """Sign a fresh challenge and keep the session token."""
        c: Response = self.client.post(f"/v1/devices/{self.device_id}/challenge")
        if c.status_code != 200:
            return c
        body = c.json()
        nonce = body["nonce"].encode()
        message = b"\n".join([b"kazasu-session-v1", self.device_id.encode(), nonce])
        signature = b64url(self.key.sign(message))
        r: Response = self.client.post(
            f"/v1/devices/{self.device_id}/session",
            json={"challenge_id": body["challenge_id"], "signature": signature},
        )
        if r.status_code == 200:
            self.token = r.json()["token"]
        return r

    @property
    def headers(self) -> dict[str, str]:
        """Session and protocol headers."""
        return {"Authorization": f"Bearer {self.token}", **PROTOCOL}

    def event(
        self, type_: str, payload: dict[str, Any], hlc_ms: int | None = None
    ) -> dict[str, Any]:
        """Make the next event of this kiosk's chain and put it in the outbox."""
        self.seq += 1
        self.wall_ms += 1
        stamp = self.wall_ms if hlc_ms is None else hlc_ms
        envelope = {
            "event_id": str(uuid.uuid4()),
            "device_id": self.device_id,
            "device_seq": self.seq,
            "hlc": f"{stamp:018d}:00000:{self.device_id}",
            "type": type_,
            "schema": 1,
            "payload": payload,
            "prev_hash": self.head,
        }
        self.head = hashlib.sha256(canonical(envelope).encode()).hexdigest()
        envelope["hash"] = self.head
        self.outbox.append(envelope)
        return envelope

    def push(self, events: list[dict[str, Any]] | None = None) -> Response:
        """Push ``events`` (default: the whole outbox)."""
        batch = self.outbox if events is None else events
        answer: Response = self.client.post(
            "/v1/sync/push", json={"events": batch}, headers=self.headers
        )
        return answer

    def pull_all(self, after: int = 0, limit: int = 100) -> tuple[list[dict[str, Any]], int]:
        """Page through the feed from ``after``; returns the changes and the final cursor."""
        out: list[dict[str, Any]] = []
        while True:
            r = self.client.get(
                "/v1/sync/changes", params={"after": after, "limit": limit}, headers=self.headers
            )
            assert r.status_code == 200, r.text
            body = r.json()
            out += body["changes"]
            after = body["next_after"]
            if not body["has_more"]:
                return out, after


@dataclass
class Platform:
    """The app under test with administration helpers."""

    client: TestClient
    engine: Engine

    def __post_init__(self) -> None:
        # Shelters belong to a municipality: the platform under test has one, M-001.
        self.municipality("M-001", "テスト市")

    def municipality(self, municipality_id: str, name: str) -> None:
        """Create or rename a municipality."""
        r = self.client.put(
            f"/v1/admin/municipalities/{municipality_id}", json={"name": name}, headers=ADMIN
        )
        assert r.status_code == 200, r.text

    def shelter(self, shelter_id: str, name: str = "Shelter") -> None:
        """Create a shelter."""
        r = self.client.put(
            f"/v1/admin/shelters/{shelter_id}",
            json={"municipality_id": "M-001", "name": name, "capacity": 300},
            headers=ADMIN,
        )
        assert r.status_code == 200, r.text

    def code(self, scope: dict[str, Any]) -> str:
        """A one-time enrolment code for ``scope``."""
        r = self.client.post(
            "/v1/admin/enrolment-codes", json={"scope": scope, "label": "test"}, headers=ADMIN
        )
        assert r.status_code == 201, r.text
        code: str = r.json()["code"]
        return code

    def kiosk(self, *shelters: str) -> Kiosk:
        """Create the shelters, enrol a kiosk scoped to them and log it in."""
        for shelter_id in shelters:
            self.shelter(shelter_id)
        key = Ed25519PrivateKey.generate()
        public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        r = self.client.post(
            "/v1/devices/enrol",
            json={"code": self.code({"shelters": list(shelters)}), "public_key": b64url(public)},
        )
        assert r.status_code == 201, r.text
        kiosk = Kiosk(self.client, r.json()["device_id"], key, r.json())
        assert kiosk.login().status_code == 200
        return kiosk

    def import_residents(self, csv_text: str) -> dict[str, Any]:
        """Import a resident list for municipality M-001."""
        r = self.client.post(
            "/v1/admin/residents/import",
            params={"municipality_id": "M-001"},
            content=csv_text.encode(),
            headers={**ADMIN, "Content-Type": "text/csv"},
        )
        assert r.status_code == 200, r.text
        report: dict[str, Any] = r.json()
        return report

    def person_ids(self) -> dict[str, str]:
        """Each imported resident's person id, by their reference in the resident list."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(persons.c.external_ref, persons.c.person_id)).all())

    def consent(self, person_id: str, definition_id: str, state: str) -> Response:
        """Record a consent grant or withdrawal."""
        answer: Response = self.client.post(
            f"/v1/admin/persons/{person_id}/consents",
            json={"definition_id": definition_id, "state": state},
            headers=ADMIN,
        )
        return answer
