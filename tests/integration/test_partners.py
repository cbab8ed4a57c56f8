"""Sharing with a partner end to end: a real platform process on PostgreSQL, the example
delivery partner (examples/delivery_partner) as the client, and the resident's consent page in
headless Chromium.

Hanako agrees on the web to the delivery service's purpose; the partner receives exactly the
consented items; she sees the disclosure; she withdraws and the partner's very next request
returns nothing for her. A DV-protected person who consented on paper is never returned, another
partner gets none of the first one's residents and knows Hanako by a different pseudonym.
Then, on SQLite and PostgreSQL, items outside the consent are refused and revoked, expired or
suspended credentials get 401.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
from authlib.integrations.base_client import OAuthError
from playwright.sync_api import Page
from sqlalchemy import make_url

from examples.delivery_partner.client import DeliveryPartner, make_key
from kiosk.model import Household, Person
from tests.integration.citizen_web import SHELTER, World, chromium, sign_in, start_world
from tests.integration.conftest import _sql
from tests.integration.platform_server import PlatformServer


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_server: str) -> Iterator[World]:
    """The citizen web's world (platform, kiosk, Hanako's card) on a PostgreSQL database."""
    monkeypatch.setenv("KAZASU_JPKI_TRUST_ANCHORS", "")
    with ExitStack() as stack:
        name = f"p_{uuid.uuid4().hex[:10]}"
        _sql(postgres_server, f"CREATE DATABASE {name}")
        stack.callback(_sql, postgres_server, f"DROP DATABASE {name} WITH (FORCE)")
        yield start_world(
            stack, tmp_path, make_url(postgres_server).set(database=name).render_as_string(False)
        )


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium() as browser:
        context = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
        yield context.new_page()
        context.close()


def register(platform: PlatformServer, folder: Path, partner_id: str, name: str) -> DeliveryPartner:
    """The municipality registers the partner; the partner makes its key and signs in."""
    platform.admin(
        "PUT", f"/partners/{partner_id}",
        json={"municipality_id": "M-1", "name": name, "kind": "company"},
    )  # fmt: skip
    platform.admin(
        "PUT", f"/partners/{partner_id}/purposes/delivery",
        json={"description": "食料品の配達", "items": ["name", "address", "whereabouts"]},
    )  # fmt: skip
    platform.admin(
        "POST",
        "/consent-definitions",
        json={
            "definition_id": f"{partner_id}-delivery",
            "partner_id": partner_id,
            "purpose_id": "delivery",
            "title": "避難所への食料品の配達",
            "purpose": f"{name}が避難所に食料品を届けるため",
            "items": ["name", "whereabouts"],
            "retention": "配達から30日",
        },
    )
    jwks = make_key(folder)
    issued = platform.admin("POST", f"/partners/{partner_id}/clients", json={"jwks": jwks})
    partner = DeliveryPartner(platform.url, issued["client_id"], folder / "partner-key.json")
    partner.sign_in()
    return partner


def give(page: Page, world: World, definition_id: str) -> None:
    """Agree on the consent page to one partner's purpose."""
    page.goto(world.base + "/my/consents")
    page.locator(f"section[data-definition={definition_id}] button").click()
    page.wait_for_url(re.compile(r".*done=given.*"))


def test_consent_disclosure_and_withdrawal_reach_the_partner_at_its_next_request(
    world: World, page: Page, tmp_path: Path
) -> None:
    platform = world.platform
    deli = register(platform, tmp_path / "deli", "deli", "みどり配達")
    market = register(platform, tmp_path / "market", "market", "あおば商店")
    # Someone protected from domestic violence, registered at the shelter, consented on paper.
    household = world.kiosk.people.register_household("staff", Household("", shelter_id=SHELTER))
    hidden = world.kiosk.people.register(
        "staff",
        Person(
            "", "保護 さん", "ほご さん", household_id=household.household_id, dv_protected=True
        ),
    )
    world.sync.run_once()
    platform.admin(
        "POST", f"/persons/{hidden.person_id}/consents",
        json={"definition_id": "deli-delivery", "state": "given"},
    )  # fmt: skip
    world.kiosk.presence.check_in("staff", world.person_id, SHELTER)
    world.sync.run_once()
    assert deli.people("delivery").json()["people"] == []

    sign_in(world, page)
    give(page, world, "deli-delivery")

    answer = deli.people("delivery").json()
    assert [p["items"] for p in answer["people"]] == [
        {
            "name": "試験 花子",
            "whereabouts": {"shelter_id": SHELTER, "shelter": "第一小学校", "state": "in"},
        }
    ]
    assert deli.delivery_list("delivery")[0]["deliver_to"] == "第一小学校"
    assert deli.people("delivery", ["address"]).status_code == 403  # the purpose's, not consented
    assert market.people("delivery").json()["people"] == []  # the other partner's resident

    page.goto(world.base + "/my/consents")
    history = page.locator("table.disclosures").text_content() or ""
    assert "みどり配達" in history and "「避難所への食料品の配達」第1版への同意" in history
    assert "氏名、いる避難所" in history

    give(page, world, "market-delivery")
    theirs = market.people("delivery").json()["people"][0]["subject"]
    ours = deli.people("delivery").json()["people"][0]["subject"]
    assert theirs != ours and world.person_id not in (theirs, ours)

    page.goto(world.base + "/my/consents")
    page.locator("section[data-definition=deli-delivery] button").click()
    page.wait_for_selector("input[name=confirm]", state="attached")
    page.locator("form button.danger").click()
    page.wait_for_url(re.compile(r".*done=withdrawn.*"))
    assert deli.people("delivery").json()["people"] == []  # the very next request
    assert len(market.people("delivery").json()["people"]) == 1


def test_outside_items_and_revoked_expired_or_suspended_credentials_are_refused(
    platform: PlatformServer, tmp_path: Path
) -> None:
    """On each database: the example partner is refused what its consent does not cover, and
    gets 401 once its client is revoked, expired, or the partner suspended."""
    platform.shelter(SHELTER)
    deli = register(platform, tmp_path / "deli", "deli", "みどり配達")
    assert deli.people("delivery").status_code == 200
    assert deli.people("delivery", ["address"]).status_code == 403

    platform.admin("PUT", "/partners/deli/status", json={"status": "suspended"})
    assert deli.people("delivery").status_code == 401
    platform.admin("PUT", "/partners/deli/status", json={"status": "active"})
    deli.sign_in()
    assert deli.people("delivery").status_code == 200

    platform.cli("partner-client-revoke", deli.session.client_id)

    assert deli.people("delivery").status_code == 401
    with pytest.raises(OAuthError):
        deli.sign_in()
    jwks = json.loads((tmp_path / "deli" / "partner-jwks.json").read_text())
    past = int(time.time() * 1000) - 1
    expired = platform.admin(
        "POST", "/partners/deli/clients", json={"jwks": jwks, "expires_at_ms": past}
    )
    late = DeliveryPartner(
        platform.url, expired["client_id"], tmp_path / "deli" / "partner-key.json"
    )
    with pytest.raises(OAuthError) as failure:
        late.sign_in()
    assert failure.value.error == "invalid_client"
    anonymous = requests.post(
        platform.url + "/v1/partner/token", data={"grant_type": "client_credentials"}, timeout=30
    )
    assert anonymous.status_code == 401


def test_the_example_partner_fetches_the_supply_totals_once_its_purpose_is_granted_them(
    platform: PlatformServer, tmp_path: Path
) -> None:
    """On each database: the supply totals are refused until the administrator grants them to
    a purpose (here by the command line), then the example partner reads its shortfall."""
    platform.shelter(SHELTER)
    deli = register(platform, tmp_path / "deli", "deli", "みどり配達")
    platform.cli(
        "partner-purpose", "deli", "relief", "--description", "物資の供給", "--item", "name"
    )
    assert deli.supply_totals("relief").status_code == 403

    platform.cli(
        "partner-purpose", "deli", "relief", "--description", "物資の供給",
        "--aggregate", "supply-totals",
    )  # fmt: skip

    shortfall = deli.shortfall("relief")
    assert [s["item"] for s in shortfall][:3] == ["water", "food", "blankets"]
    assert all(s == {"item": s["item"], "requested": 0, "short": 0} for s in shortfall)
    assert deli.supply_totals("delivery").status_code == 403
