"""Fixtures: the platform with a municipality, a shelter and helpers that play partners."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from authlib.oauth2.rfc7523 import private_key_jwt_sign
from fastapi.testclient import TestClient
from httpx import Response
from joserfc.jwk import ECKey, KeySet
from sqlalchemy import Connection, Engine, update

from linkage import consent, people, unit
from linkage.canonical import new_id, platform_hlc
from linkage.config import Settings
from linkage.feed import Change
from linkage.tables import households, presence
from tests.linkage.kiosk_double import ADMIN, Platform

SHELTER = "S-1"


@dataclass
class PartnerClient:
    """A registered partner, its key and its client id."""

    partner_id: str
    client_id: str
    key: ECKey
    token_url: str
    http: TestClient
    token: str = ""

    def assertion(self, key: ECKey | None = None, **claims: Any) -> str:
        """A signed client assertion for the token endpoint."""
        signed = private_key_jwt_sign(
            key or self.key, self.client_id, self.token_url, alg="ES256", claims=claims or None
        )
        return signed.decode() if isinstance(signed, bytes) else str(signed)

    def request_token(self, assertion: str | None = None) -> Response:
        """Post the client credentials grant."""
        answer: Response = self.http.post(
            "/v1/partner/token",
            data={
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": assertion or self.assertion(),
            },
        )
        return answer

    def sign_in(self) -> None:
        """Get an access token (200 expected)."""
        answer = self.request_token()
        assert answer.status_code == 200, answer.text
        self.token = answer.json()["access_token"]

    def people(self, purpose: str, items: list[str] | None = None) -> Response:
        """The purpose's covered people."""
        answer: Response = self.http.get(
            f"/v1/partner/purposes/{purpose}/people",
            params={"items": items} if items else None,
            headers={"Authorization": f"Bearer {self.token}"},
        )
        return answer

    def subjects(self, purpose: str) -> dict[str, dict[str, Any]]:
        """Subject → items of the covered people (200 expected)."""
        answer = self.people(purpose)
        assert answer.status_code == 200, answer.text
        return {p["subject"]: p["items"] for p in answer.json()["people"]}


@dataclass
class World:
    """The platform under test and helpers for residents and partners."""

    platform: Platform
    settings: Settings
    engine: Engine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = self.platform.engine
        self.platform.shelter(SHELTER, "第一小学校")

    def admin(self, method: str, path: str, expect: int = 200, **kw: Any) -> Any:
        """An admin call with the status expected."""
        answer = self.platform.client.request(method, f"/v1/admin{path}", headers=ADMIN, **kw)
        assert answer.status_code == expect, answer.text
        return answer.json()

    def resident(self, name: str, at_shelter: bool = False, **fields: Any) -> str:
        """A resident of M-001 with a household address; optionally checked in at the shelter."""
        pid = new_id("p")
        hid = new_id("h")

        def work(conn: Connection) -> tuple[None, list[Change]]:
            people.create_person(
                conn,
                pid,
                "resident",
                {"name": name, "furigana": "しけん", "birth_date": "1950-01-02", **fields},
                platform_hlc(),
                municipality_id="M-001",
            )
            people.add_member(conn, hid, pid, "head")
            conn.execute(
                update(households)
                .where(households.c.household_id == hid)
                .values(fields=json.dumps({"address": "千代田区1-1", "phone": "090-0000-0000"}))
            )
            if at_shelter:
                conn.execute(
                    presence.insert().values(
                        person_id=pid,
                        shelter_id=SHELTER,
                        state="in",
                        hlc=platform_hlc(),
                        event_id=new_id("e"),
                    )
                )
            return None, []

        unit.write(self.engine, work)
        return pid

    def consent(self, pid: str, definition_id: str, state: str = "given") -> None:
        """The resident gives or withdraws a consent (as on the dashboard)."""
        unit.write(
            self.engine,
            lambda c: consent.record(c, pid, definition_id, state, "web-dashboard", pid),
        )

    def partner(
        self,
        partner_id: str,
        purpose: str = "delivery",
        allowed: tuple[str, ...] = ("name", "address", "phone", "whereabouts"),
        items: tuple[str, ...] = ("name", "address", "whereabouts"),
        kind: str = "company",
        **definition: Any,
    ) -> PartnerClient:
        """A partner with one purpose, its consent definition and a private_key_jwt client."""
        body = {"municipality_id": "M-001", "name": f"{partner_id} 株式会社", "kind": kind}
        self.admin("PUT", f"/partners/{partner_id}", json=body)
        self.admin(
            "PUT",
            f"/partners/{partner_id}/purposes/{purpose}",
            json={"description": "届ける", "items": list(allowed)},
        )
        self.admin(
            "POST",
            "/consent-definitions",
            expect=201,
            json={
                "definition_id": f"{partner_id}-{purpose}",
                "partner_id": partner_id,
                "purpose_id": purpose,
                "title": "食料品の配達",
                "purpose": "避難所や自宅に食料品を届けるため",
                "items": list(items),
                "retention": "配達後30日",
                **definition,
            },
        )
        return self.client_for(partner_id)

    def client_for(self, partner_id: str) -> PartnerClient:
        """A new private_key_jwt client of the partner, signed in."""
        key = ECKey.generate_key("P-256", auto_kid=True)
        jwks = KeySet([key]).as_dict(private=False)
        issued = self.admin(
            "POST", f"/partners/{partner_id}/clients", expect=201, json={"jwks": jwks}
        )
        client = PartnerClient(
            partner_id,
            issued["client_id"],
            key,
            self.settings.public_url + "/v1/partner/token",
            self.platform.client,
        )
        client.sign_in()
        return client


@pytest.fixture
def world(platform: Platform, settings: Settings) -> World:
    """The platform with municipality M-001 and shelter S-1."""
    return World(platform, settings)
