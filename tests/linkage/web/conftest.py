"""Fixtures for the citizen web: the platform app over HTTPS, residents with linked cards."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Connection, Engine, insert

from kazasu_protocol import b64url
from linkage import consent, people, unit
from linkage.app import create_app
from linkage.canonical import new_id, now_ms, platform_hlc
from linkage.config import Settings
from linkage.feed import Change
from linkage.scope import shelter_key
from linkage.tables import card_links, shelters
from tests.linkage.card_pki import Issued, card_sign, issue_card, make_ca

CA = make_ca("Kazasu TEST JPKI web")
UNTRUSTED_CA = make_ca("Kazasu TEST somebody else")
SHELTER = "S-001"


def form_token(page: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def challenge_of(page: str) -> tuple[str, str]:
    """(proof URL path, nonce) of the challenge a sign-in page shows."""
    found = re.search(r'id="challenge-text"[^>]*>([^<]+)<', page)
    assert found, "no challenge text on the page"
    text = html.unescape(found.group(1)).strip()
    url, _, nonce = text.partition("#")
    return url.split("://", 1)[1].split("/", 1)[1], nonce


@dataclass
class Resident:
    """A person on the platform, with a household and a card linked with assurance verified."""

    person_id: str
    household_id: str
    card: Issued


@dataclass
class Web:
    """The platform app and helpers that play residents and their cards."""

    client: TestClient
    engine: Engine
    residents: list[Resident] = field(default_factory=list)

    def resident(
        self,
        name: str = "試験 花子",
        household_id: str | None = None,
        linked: bool = True,
        **extra: object,
    ) -> Resident:
        """A resident sharing with kiosks (in the shelter's scope), their card linked."""
        card = issue_card(CA)
        pid = new_id("p")
        hid = household_id or new_id("h")

        def work(conn: Connection) -> tuple[None, list[Change]]:
            fields = {"name": name, "furigana": "しけん はなこ", **extra}
            people.create_person(conn, pid, "resident", fields, platform_hlc())
            people.add_member(conn, hid, pid, "member")
            people.add_scope(conn, pid, shelter_key(SHELTER))
            _, changes = consent.record(conn, pid, consent.KIOSK_SHARING, "given", "test", "t")
            if linked:
                from kazasu_protocol.jpki import card_key

                conn.execute(
                    insert(card_links).values(
                        card_key=card_key(card.certificate),
                        person_id=pid,
                        assurance="verified",
                        source="test",
                        created_at_ms=now_ms(),
                    )
                )
            return None, changes

        unit.write(self.engine, work)
        resident = Resident(pid, hid, card)
        self.residents.append(resident)
        return resident

    def answer(self, page: str, card: Issued, client: TestClient | None = None) -> Response:
        """Post the card's proof for the challenge on ``page`` (as kazasu-card sign does)."""
        path, nonce = challenge_of(page)
        signature = card_sign(card, b64url.decode(nonce))
        answer: Response = (client or self.client).post(
            f"/{path}/proof",
            json={"certificate": b64url.encode(card.der()), "signature": b64url.encode(signature)},
        )
        return answer

    def sign_in(self, resident: Resident) -> Response:
        """Sign the browser in with the resident's card; returns the page after continuing."""
        page = self.client.get("/sign-in").text
        assert self.answer(page, resident.card).status_code == 202
        challenge_id = re.search(r"/sign-in/(si-[0-9a-f-]+)/continue", page)
        assert challenge_id
        answer: Response = self.client.post(
            f"/sign-in/{challenge_id.group(1)}/continue", data={"csrf_token": form_token(page)}
        )
        return answer

    def page(self, path: str) -> str:
        """A page's HTML (200 expected)."""
        answer: Response = self.client.get(path)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
        return answer.text


@pytest.fixture
def web(engine: Engine, settings: Settings) -> Iterator[Web]:
    """The platform with the test CA as its JPKI trust anchor and one shelter."""
    settings = dataclasses.replace(
        settings, trust_anchors=(CA.certificate,), public_url="https://testserver"
    )
    unit.run(
        engine,
        lambda conn: conn.execute(
            insert(shelters).values(shelter_id=SHELTER, municipality_id="M-1", name="第一小学校")
        ),
    )
    with TestClient(create_app(settings, engine), base_url="https://testserver") as client:
        yield Web(client, engine)


def browser(web: Web) -> TestClient:
    """Another browser (its own cookies) on the same platform."""
    return TestClient(web.client.app, base_url="https://testserver")
