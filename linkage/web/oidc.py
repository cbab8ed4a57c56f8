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

import os
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oidc.core import CodeIDToken
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet, RSAKey
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
LEEWAY_S = 60
CALLBACK_PATH = "/sign-in/oidc/callback"
CONNECT = "c."  # the state's prefix of a flow that connects an account rather than signs in
# The state's prefix of a flow with the Digital Agency's app (linkage/web/digital_auth.py),
# so that neither callback takes the other provider's flow.
DIGITAL_AUTH = "d."


@dataclass(frozen=True)
class OidcConfig:
    """One OpenID Connect provider the platform trusts for sign-in."""

    issuer: str
    client_id: str
    client_secret: str | None = None
    display_name: str = "OpenID Connect"
    ca_file: str | None = None
    # The relying party's private key: the client authenticates with private_key_jwt.
    private_key: RSAKey | ECKey | None = None
    scope: str = "openid"

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


@dataclass(frozen=True)
class Answer:
    """What a provider's answer proved: the ID token's claims and the userinfo, if asked."""

    claims: dict[str, Any]
    userinfo: dict[str, Any]


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


def _session(config: OidcConfig, redirect_uri: str, token: dict[str, Any] | None = None) -> Any:
    """An Authlib client for the provider: PKCE S256, and the client's own authentication."""
    secret: RSAKey | ECKey | str | None
    if config.private_key is not None:
        method, secret = "private_key_jwt", config.private_key
    elif config.client_secret:
        method, secret = "client_secret_basic", config.client_secret
    else:
        method, secret = "none", None
    client = OAuth2Session(
        config.client_id,
        client_secret=secret,
        token_endpoint_auth_method=method,
        scope=config.scope,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token=token,
    )
    if config.private_key is not None:
        alg = config.private_key.alg or (
            "ES256" if isinstance(config.private_key, ECKey) else "RS256"
        )
        client.register_client_auth_method(PrivateKeyJWT(alg=alg))
    return client


def authorization_url(
    config: OidcConfig, redirect_uri: str, state: str, nonce: str, verifier: str
) -> str:
    """Where to send the browser: the provider's authorization endpoint with this flow's state,
    nonce and PKCE challenge (raises ``OidcFailed`` when the provider cannot be reached)."""
    try:
        endpoint = str(discovery(config)["authorization_endpoint"])
    except KeyError as exc:
        raise OidcFailed("the discovery document has no authorization endpoint") from exc
    with _session(config, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            endpoint, state=state, nonce=nonce, code_verifier=verifier
        )
    return str(url)


def start_flow(engine: EngineDep, current: session.Session, state: str) -> tuple[str, str]:
    """Keep a new flow for this browser: (nonce, PKCE verifier)."""
    nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(48)

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
    return nonce, verifier


def take_flow(engine: EngineDep, current: session.Session, state: str) -> Any:
    """The flow ``state`` names, spent now; None unless this browser started it in time."""

    def take(conn: Connection) -> Any:
        # The flow is spent by its first answer, and only the browser that started it may.
        return conn.execute(
            delete(oidc_flows)
            .where(oidc_flows.c.state == state, oidc_flows.c.session_hash == current.session_hash)
            .returning(oidc_flows.c.code_verifier, oidc_flows.c.nonce, oidc_flows.c.expires_at_ms)
        ).first()

    flow = unit.write(engine, lambda conn: (take(conn), []))
    if flow is None or flow.expires_at_ms < now_ms():
        return None
    return flow


def exchange(
    config: OidcConfig,
    redirect_uri: str,
    code: str,
    verifier: str,
    nonce: str,
    userinfo: bool = False,
) -> Answer:
    """Exchange the code (with the PKCE verifier) and check the ID token against the provider's
    keys: signature, issuer, audience, expiry, issue time and this flow's nonce. With
    ``userinfo``, also ask the userinfo endpoint, whose subject must be the ID token's."""
    document = discovery(config)
    verify = _verify(config)
    try:
        with _session(config, redirect_uri) as client:
            token = client.fetch_token(
                str(document["token_endpoint"]),
                code=code,
                code_verifier=verifier,
                timeout=HTTP_TIMEOUT_S,
                verify=verify,
            )
        keys = requests.get(str(document["jwks_uri"]), timeout=HTTP_TIMEOUT_S, verify=verify)
        keys.raise_for_status()
        decoded = jwt.decode(
            str(token["id_token"]), KeySet.import_key_set(keys.json()), algorithms=ALGORITHMS
        )
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "values": [config.issuer]},
                "aud": {"essential": True, "values": [config.client_id]},
                "nonce": {"essential": True},
            },
            {"nonce": nonce, "client_id": config.client_id},
        )
        claims.validate(leeway=LEEWAY_S)
        found: dict[str, Any] = {}
        if userinfo:
            with _session(config, redirect_uri, token) as client:
                answer = client.get(
                    str(document["userinfo_endpoint"]), timeout=HTTP_TIMEOUT_S, verify=verify
                )
            answer.raise_for_status()
            found = dict(answer.json())
    except (requests.RequestException, ValueError, KeyError, JoseError, AuthlibBaseError) as exc:
        raise OidcFailed(str(exc)) from exc
    # Authlib checks the nonce too; compared here again so no option can switch it off.
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcFailed("the ID token's nonce is not this flow's")
    if userinfo and found.get("sub") != claims["sub"]:
        raise OidcFailed("the userinfo is about another subject than the ID token")
    return Answer(dict(claims), found)


def redirect_uri(request: Request, path: str = CALLBACK_PATH) -> str:
    # The configured public URL: a forged Host must not redirect the provider's answer.
    return get_settings(request).public_url + path


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
        return failed(request, 404)
    state = intent + secrets.token_urlsafe(24)
    try:
        discovery(config)
    except OidcFailed:
        return failed(request, 502)
    nonce, verifier = start_flow(engine, current, state)
    try:
        url = authorization_url(config, redirect_uri(request), state, nonce, verifier)
    except OidcFailed:
        return failed(request, 502)
    response = RedirectResponse(url, status_code=303)
    finish(request, response)
    return response


@router.get(CALLBACK_PATH, include_in_schema=False)
def callback(request: Request, current: AnySession, engine: EngineDep) -> Response:
    """The provider's answer: exchange the code, check the ID token, sign in or connect."""
    config = _config(request)
    state = request.query_params.get("state", "")
    code = request.query_params.get("code", "")
    if config is None or not state or state.startswith(DIGITAL_AUTH):
        return failed(request, 400)
    flow = take_flow(engine, current, state)
    if flow is None or not code:
        return failed(request, 400)
    try:
        answer = exchange(config, redirect_uri(request), code, flow.code_verifier, flow.nonce)
    except OidcFailed:
        return failed(request, 502)
    claims = answer.claims
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


def failed(request: Request, status: int) -> HTMLResponse:
    """The page saying the provider's sign-in could not be completed."""
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
