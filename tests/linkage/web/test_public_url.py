"""Every URL the platform hands out is built from its configured public URL, never from the
request's Host header (a forged Host would otherwise send a card's proof or a provider's
answer elsewhere)."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from linkage.app import create_app
from linkage.config import Settings
from linkage.web.oidc import OidcConfig
from tests.linkage.web.oidc_provider import CLIENT_ID, running_provider

PUBLIC = "https://kazasu.city.example"


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    """The platform configured with a public URL, reached under another name."""
    configured = dataclasses.replace(settings, public_url=PUBLIC)
    with TestClient(create_app(configured, engine), base_url="https://testserver") as client:
        yield client


def _challenge_text(page: str) -> str:
    found = re.search(r'id="challenge-text"[^>]*>([^<]+)<', page)
    assert found, "no challenge text on the page"
    return html.unescape(found.group(1)).strip()


def test_the_sign_in_challenge_names_the_public_url_whatever_the_host_header(
    client: TestClient,
) -> None:
    for host in ("testserver", "evil.example", "kazasu.city.example:8443"):
        page = client.get("/sign-in", headers={"Host": host})
        assert page.status_code == 200
        text = _challenge_text(page.text)
        assert text.startswith(PUBLIC + "/v1/web/sign-in/"), (host, text)


def test_the_oidc_redirect_uri_is_the_public_url_whatever_the_host_header(
    client: TestClient,
) -> None:
    with running_provider() as provider:
        client.app.state.oidc = OidcConfig(  # type: ignore[attr-defined]
            issuer=provider.issuer, client_id=CLIENT_ID, display_name="City ID"
        )
        first = client.get(
            "/sign-in/oidc", headers={"Host": "evil.example"}, follow_redirects=False
        )
    assert first.status_code == 303
    query = parse_qs(urlsplit(first.headers["location"]).query)
    assert query["redirect_uri"] == [PUBLIC + "/sign-in/oidc/callback"]
