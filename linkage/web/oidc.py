"""Sign-in federated with an OpenID Connect provider: the authorization-code flow with PKCE.

Configured by ``KAZASU_OIDC_ISSUER`` (its discovery document is read from
``<issuer>/.well-known/openid-configuration``), ``KAZASU_OIDC_CLIENT_ID``, optionally
``KAZASU_OIDC_CLIENT_SECRET`` (a confidential client; PKCE is used either way),
``KAZASU_OIDC_NAME`` (shown on the button) and ``KAZASU_OIDC_CA`` (a CA file for its TLS).

A provider's account stands for a person only once that person, signed in with their card,
connected it (the form on ``/my`` posting to ``/my/connect-oidc``, with its CSRF token): the
provider vouches for an account, the card for the person. The intent travels in the flow's
``state`` (``c.`` for connecting), so a sign-in started on a computer where someone else is
signed in signs the new person in instead of connecting their account to the other. An
account connected to nobody gets the same neutral answer as an unlinked card.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection, delete, insert, select

from linkage import people, unit
from linkage.api.deps import EngineDep, get_settings
from linkage.canonical import now_ms
from linkage.tables import oidc_flows, oidc_links
from linkage.web import audit, session
from linkage.web.render import finish, render
from linkage.web.session import AnySession, CsrfPersonSession

router = APIRouter()
FLOW_TTL_S = 600
HTTP_TIMEOUT_S = 10
DISCOVERY_TTL_S = 3600
ALGORITHMS = ["RS256", "ES256", "ES384", "PS256"]
CALLBACK_PATH = "/sign-in/oidc/callback"
CONNECT = "c."  # the state's prefix of a flow that connects an account rather than signs in


@dataclass(frozen=True)
class OidcConfig:
    """One OpenID Connect provider the platform trusts for sign-in."""

    issuer: str
    client_id: str
    client_secret: str | None = None
    display_name: str = "OpenID Connect"
    ca_file: str | None = None

    def __post_init__(self) -> None:
        parts = urlsplit(self.issuer)
        loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
        if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
            raise ValueError("the OpenID Connect issuer must be an https URL")


def from_environment() -> OidcConfig | None:
    """The provider configured in the environment, or None."""
    issuer = os.environ.get("KAZASU_OIDC_ISSUER")
    client_id = os.environ.get("KAZASU_OIDC_CLIENT_ID")
    if not issuer or not client_id:
        return None
    return OidcConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=os.environ.get("KAZASU_OIDC_CLIENT_SECRET") or None,
        display_name=os.environ.get("KAZASU_OIDC_NAME", "OpenID Connect"),
        ca_file=os.environ.get("KAZASU_OIDC_CA") or None,
    )


class OidcFailed(Exception):
    """The provider's answer could not be used; the page says so without detail."""


_discovered: dict[str, tuple[float, dict[str, Any]]] = {}
_discovered_lock = threading.Lock()


def _verify(config: OidcConfig) -> str | bool:
    # Passed per request: REQUESTS_CA_BUNDLE would otherwise override a session's setting.
    return config.ca_file or True


def discovery(config: OidcConfig) -> dict[str, Any]:
    """The provider's discovery document, cached for an hour."""
    with _discovered_lock:
        cached = _discovered.get(config.issuer)
        if cached and cached[0] > time.monotonic():
            return cached[1]
    url = config.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        answer = requests.get(url, timeout=HTTP_TIMEOUT_S, verify=_verify(config))
        answer.raise_for_status()
        document: dict[str, Any] = answer.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcFailed(f"discovery failed: {exc}") from exc
    if document.get("issuer") != config.issuer:
        raise OidcFailed("the discovery document names another issuer")
    with _discovered_lock:
        _discovered[config.issuer] = (time.monotonic() + DISCOVERY_TTL_S, document)
    return document


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _redirect_uri(request: Request) -> str:
    # The configured public URL: a forged Host must not redirect the provider's answer.
    return get_settings(request).public_url + CALLBACK_PATH


def _config(request: Request) -> OidcConfig | None:
    config: OidcConfig | None = request.app.state.oidc
    return config


@router.get("/sign-in/oidc", include_in_schema=False)
def start(request: Request, current: AnySession, engine: EngineDep) -> Response:
    """Send the browser to the provider with a fresh state, nonce and PKCE challenge."""
    return _start(request, current, engine)


@router.post("/my/connect-oidc", include_in_schema=False)
def connect(request: Request, current: CsrfPersonSession, engine: EngineDep) -> Response:
    """A person signed in with the card connects their provider account (then a link)."""
    if current.auth_method != "card":
        raise session.SignInRequired()
    return _start(request, current, engine, CONNECT)


def _start(
    request: Request, current: session.Session, engine: EngineDep, intent: str = ""
) -> Response:
    config = _config(request)
    if config is None:
        return _failed(request, 404)
    try:
        endpoint = str(discovery(config)["authorization_endpoint"])
    except (OidcFailed, KeyError):
        return _failed(request, 502)
    state, nonce = intent + secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)

    def work(conn: Connection) -> None:
        now = now_ms()
        conn.execute(delete(oidc_flows).where(oidc_flows.c.expires_at_ms < now))
        conn.execute(
            insert(oidc_flows).values(
                state=state,
                session_hash=current.session_hash,
                code_verifier=verifier,
                nonce=nonce,
                expires_at_ms=now + FLOW_TTL_S * 1000,
            )
        )

    unit.run(engine, work)
    query = urlencode(
        {
            "response_type": "code",
            "client_id": config.client_id,
            "redirect_uri": _redirect_uri(request),
            "scope": "openid",
            "state": state,
            "nonce": nonce,
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    response = RedirectResponse(f"{endpoint}?{query}", status_code=303)
    finish(request, response)
    return response


@router.get(CALLBACK_PATH, include_in_schema=False)
def callback(request: Request, current: AnySession, engine: EngineDep) -> Response:
    """The provider's answer: exchange the code, check the ID token, sign in or connect."""
    config = _config(request)
    state = request.query_params.get("state", "")
    code = request.query_params.get("code", "")
    if config is None or not state:
        return _failed(request, 400)

    def take(conn: Connection) -> Any:
        # The flow is spent by its first answer, and only the browser that started it may.
        return conn.execute(
            delete(oidc_flows)
            .where(oidc_flows.c.state == state, oidc_flows.c.session_hash == current.session_hash)
            .returning(oidc_flows.c.code_verifier, oidc_flows.c.nonce, oidc_flows.c.expires_at_ms)
        ).first()

    flow = unit.write(engine, lambda conn: (take(conn), []))
    if flow is None or flow.expires_at_ms < now_ms() or not code:
        return _failed(request, 400)
    try:
        claims = _exchange(config, request, code, flow.code_verifier, flow.nonce)
    except OidcFailed:
        return _failed(request, 502)
    subject = str(claims["sub"])

    def finish_flow(conn: Connection) -> str:
        if state.startswith(CONNECT):
            if current.person_id is None or current.auth_method != "card":
                return "unlinked"
            return _connect(conn, config.issuer, subject, current.person_id)
        row = conn.execute(
            select(oidc_links.c.person_id).where(
                oidc_links.c.issuer == config.issuer, oidc_links.c.subject == subject
            )
        ).first()
        person_id = None if row is None else people.resolve(conn, row.person_id)
        if person_id is None:
            audit.record(conn, "anonymous", "sign-in.oidc-unlinked", None)
            return "unlinked"
        session.sign_in(request, conn, person_id, "oidc")
        audit.record(conn, person_id, "sign-in", None, method="oidc")
        return "signed-in"

    outcome = unit.write(engine, lambda conn: (finish_flow(conn), []))
    if outcome in ("signed-in", "connected"):
        response = RedirectResponse("/my", status_code=303)
        finish(request, response)
        return response
    return render(request, "sign_in_result.html", {"answered": True})


def _connect(conn: Connection, issuer: str, subject: str, person_id: str) -> str:
    row = conn.execute(
        select(oidc_links.c.person_id).where(
            oidc_links.c.issuer == issuer, oidc_links.c.subject == subject
        )
    ).first()
    if row is not None and row.person_id != person_id:
        return "unlinked"
    if row is None:
        conn.execute(
            insert(oidc_links).values(
                issuer=issuer, subject=subject, person_id=person_id, created_at_ms=now_ms()
            )
        )
        audit.record(conn, person_id, "oidc.connect", None, issuer=issuer)
    return "connected"


def _exchange(
    config: OidcConfig, request: Request, code: str, verifier: str, nonce: str
) -> dict[str, Any]:
    document = discovery(config)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": _redirect_uri(request),
        "client_id": config.client_id,
        "code_verifier": verifier,
    }
    auth = (config.client_id, config.client_secret) if config.client_secret else None
    try:
        answer = requests.post(
            str(document["token_endpoint"]),
            data=form,
            auth=auth,
            timeout=HTTP_TIMEOUT_S,
            verify=_verify(config),
        )
        answer.raise_for_status()
        id_token = str(answer.json()["id_token"])
        keys = requests.get(
            str(document["jwks_uri"]), timeout=HTTP_TIMEOUT_S, verify=_verify(config)
        )
        keys.raise_for_status()
        key_set = jwt.PyJWKSet.from_dict(keys.json())
        kid = jwt.get_unverified_header(id_token).get("kid")
        key = next((k for k in key_set.keys if kid is None or k.key_id == kid), None)
        if key is None:
            raise OidcFailed("no key of the provider signed the ID token")
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key=key,
            algorithms=ALGORITHMS,
            audience=config.client_id,
            issuer=config.issuer,
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            leeway=60,
        )
    except (requests.RequestException, ValueError, KeyError, jwt.PyJWTError) as exc:
        raise OidcFailed(str(exc)) from exc
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcFailed("the ID token's nonce is not this flow's")
    return claims


def _failed(request: Request, status: int) -> HTMLResponse:
    return render(
        request,
        "message.html",
        {
            "title_key": "signin.title",
            "message_key": "signin.oidc.failed",
            "back_key": "signin.again",
            "back_href": "/sign-in",
            "error": True,
        },
        status=status,
    )
