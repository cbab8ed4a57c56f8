"""Federated sign-in with an OpenID Connect provider: authorization code with PKCE."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from fastapi.testclient import TestClient
from httpx import Response

from linkage.web.oidc import OidcConfig
from tests.linkage.web.conftest import Web, browser, form_token
from tests.linkage.web.oidc_provider import CLIENT_ID, Provider, running_provider


@pytest.fixture
def provider(web: Web) -> Iterator[Provider]:
    with running_provider() as running:
        web.client.app.state.oidc = OidcConfig(  # type: ignore[attr-defined]
            issuer=running.issuer, client_id=CLIENT_ID, display_name="City ID"
        )
        yield running


def through_provider(client: TestClient, start: str) -> Response:
    """Follow the flow: platform → provider (real HTTP) → the platform's callback.

    ``start`` is the sign-in path, or ``connect`` for the connect form of the person's page.
    """
    if start == "connect":
        page = client.get("/my").text
        first = client.post(
            "/my/connect-oidc", data={"csrf_token": form_token(page)}, follow_redirects=False
        )
    else:
        first = client.get(start, follow_redirects=False)
    assert first.status_code == 303, first.text[:300]
    at_provider = requests.get(first.headers["location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["location"])
    answer: Response = client.get(f"{back.path}?{back.query}")
    return answer


def test_the_authorization_request_uses_pkce_and_a_nonce(web: Web, provider: Provider) -> None:
    first = web.client.get("/sign-in/oidc", follow_redirects=False)
    query = {k: v[0] for k, v in parse_qs(urlsplit(first.headers["location"]).query).items()}
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert query["response_type"] == "code" and query["scope"] == "openid"
    assert query["nonce"] and query["state"]
    assert query["redirect_uri"] == "https://testserver/sign-in/oidc/callback"


def test_an_account_connected_by_a_card_holder_signs_them_in(web: Web, provider: Provider) -> None:
    hanako = web.resident("試験 花子")
    web.sign_in(hanako)
    connected = through_provider(web.client, "connect")
    assert connected.url.path == "/my"
    assert provider.token_requests[-1]["code_verifier"]

    other = browser(web)
    signed_in = through_provider(other, "/sign-in/oidc")
    assert signed_in.url.path == "/my"
    assert "試験 花子" in signed_in.text


def test_an_account_connected_to_nobody_gets_the_neutral_answer(
    web: Web, provider: Provider
) -> None:
    provider.subject = "nobody-we-know"
    answer = through_provider(web.client, "/sign-in/oidc")
    assert "このカードではサインインできませんでした" in answer.text
    assert web.client.get("/my", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("tamper", ["nonce", "audience", "key", "issuer", "expired"])
def test_an_id_token_that_does_not_check_out_signs_nobody_in(
    web: Web, provider: Provider, tamper: str
) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    through_provider(web.client, "connect")
    provider.tamper = tamper
    other = browser(web)
    answer = through_provider(other, "/sign-in/oidc")
    assert answer.status_code == 502
    assert other.get("/my", follow_redirects=False).status_code == 303


def test_a_callback_in_another_browser_is_refused(web: Web, provider: Provider) -> None:
    first = web.client.get("/sign-in/oidc", follow_redirects=False)
    at_provider = requests.get(first.headers["location"], allow_redirects=False, timeout=10)
    back = urlsplit(at_provider.headers["location"])
    thief = browser(web)
    assert thief.get(f"{back.path}?{back.query}").status_code == 400


def test_connecting_needs_the_form_token_and_a_card_sign_in(web: Web, provider: Provider) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    refused = web.client.post("/my/connect-oidc", data={}, follow_redirects=False)
    assert refused.status_code == 403
    through_provider(web.client, "connect")
    # Signed in through the provider, the person cannot connect another account.
    other = browser(web)
    through_provider(other, "/sign-in/oidc")
    page = other.get("/my").text
    assert "/my/connect-oidc" not in page
    answer = other.post(
        "/my/connect-oidc", data={"csrf_token": form_token(page)}, follow_redirects=False
    )
    assert answer.headers["location"] == "/sign-in"


def test_signing_in_where_someone_is_signed_in_does_not_connect_accounts(
    web: Web, provider: Provider
) -> None:
    hanako = web.resident("試験 花子")
    web.sign_in(hanako)
    # Someone else uses the same browser to sign in with their own provider account.
    provider.subject = "somebody-else"
    answer = through_provider(web.client, "/sign-in/oidc")
    assert "このカードではサインインできませんでした" in answer.text
    other = browser(web)
    assert "試験 花子" not in through_provider(other, "/sign-in/oidc").text
