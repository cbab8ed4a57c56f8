"""Sign-in with the Digital Agency's デジタル認証アプリ, a verified source of the four basic items.

The app is an OpenID Connect provider (docs/decisions/citizen-web.md, "Sign-in with the Digital
Authentication App"): authorization code with PKCE, state and nonce; the platform
authenticates at the token endpoint with ``private_key_jwt``, signing with its own key (made
once by ``kazasu-platform digital-auth-key``, kept sealed under the key-encryption key in an
owner-only file of the data folder); the scopes ``name address birthdate gender`` return the
four items the card proved under its PIN.

A sign-in finds the person by the app's ``sub`` linked earlier, else by the four items: exactly
one live person whose verified name, birth date and address (``linkage.verified``) have the
same match key as the roll uses (``linkage.voting.roll.match_key``). Nobody is ever created
from what the app says, and nothing typed counts. The items are then recorded as verified
(source ``digital-auth-app``), so the roll matches the person from home.

Configured by ``KAZASU_DIGITAL_AUTH_ISSUER``, ``KAZASU_DIGITAL_AUTH_CLIENT_ID`` and optionally
``KAZASU_DIGITAL_AUTH_CA``; distinct from the city's generic provider (``linkage.web.oidc``).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from joserfc.jwk import ECKey
from sqlalchemy import Connection, insert, select, update

from linkage import people, unit, verified
from linkage.api.deps import EngineDep
from linkage.canonical import now_ms
from linkage.config import create_secret_file, ensure_data_dir
from linkage.kek import Kek
from linkage.tables import digital_auth_links, person_verifications, persons
from linkage.voting.roll import match_key, verified_key
from linkage.web import audit, session
from linkage.web.oidc import (
    DIGITAL_AUTH,
    OidcConfig,
    OidcFailed,
    authorization_url,
    discovery,
    exchange,
    failed,
    redirect_uri,
    start_flow,
    take_flow,
)
from linkage.web.render import finish, render
from linkage.web.session import AnySession

router = APIRouter()
START_PATH = "/sign-in/digital-auth"
CALLBACK_PATH = "/sign-in/digital-auth/callback"
SCOPE = "openid name address birthdate gender"
DISPLAY_NAME = "デジタル認証アプリ"
RP_KEY_FILE = "digital-auth-rp-key"
# Bound into the sealed key, so a sealed QR-signing key copied over it does not open.
RP_KEY_ID = "digital-auth-rp"
# The card's sex codes (JPKI) and the OpenID Connect words, both as the roll spells them.
SEXES = {"1": "male", "2": "female", "3": "other", "9": "unknown", "male": "male"}
SEXES |= {"female": "female", "other": "other", "unknown": "unknown"}
_DATE = re.compile(r"([0-9]{4})-?([0-9]{2})-?([0-9]{2})")


def new_rp_key() -> ECKey:
    """A fresh P-256 key for ``private_key_jwt`` (ES256), named by its thumbprint."""
    return ECKey.generate_key("P-256", parameters={"use": "sig", "alg": "ES256"}, auto_kid=True)


def create_rp_key(data_dir: Path, kek: Kek) -> dict[str, Any]:
    """Make the platform's key for the app, sealed in an owner-only file; its public JWKS, to
    register with the Digital Agency. Raises ``ValueError`` if the file exists."""
    ensure_data_dir(data_dir)
    path = data_dir / RP_KEY_FILE
    key = new_rp_key()
    sealed = kek.seal(RP_KEY_ID, json.dumps(key.as_dict(private=True)).encode())
    try:
        create_secret_file(path, (sealed + "\n").encode())
    except FileExistsError:
        raise ValueError(f"{path} already exists: the registered key stays as it is") from None
    return {"keys": [key.as_dict(private=False)]}


def load_rp_key(data_dir: Path, kek: Kek) -> ECKey:
    """The platform's key for the app, opened with the key-encryption key."""
    stored = (data_dir / RP_KEY_FILE).read_text().strip()
    return ECKey.import_key(json.loads(kek.open(RP_KEY_ID, stored)))


def config(issuer: str, client_id: str, rp_key: ECKey, ca_file: str | None = None) -> OidcConfig:
    """The app as a provider: its issuer, the client id it gave, the platform's key."""
    return OidcConfig(
        issuer=issuer,
        client_id=client_id,
        display_name=DISPLAY_NAME,
        ca_file=ca_file,
        private_key=rp_key,
        scope=SCOPE,
    )


def from_environment(data_dir: Path, kek: Kek) -> OidcConfig | None:
    """The app configured in the environment, or None; raises ``ValueError`` naming what is
    missing when it is configured without the platform's key."""
    issuer = os.environ.get("KAZASU_DIGITAL_AUTH_ISSUER")
    client_id = os.environ.get("KAZASU_DIGITAL_AUTH_CLIENT_ID")
    if not issuer or not client_id:
        return None
    if not (data_dir / RP_KEY_FILE).exists():
        raise ValueError(
            "KAZASU_DIGITAL_AUTH_ISSUER is set but the platform has no key for the app: run "
            "`kazasu-platform digital-auth-key` and register the public key it prints"
        )
    ca_file = os.environ.get("KAZASU_DIGITAL_AUTH_CA") or None
    return config(issuer, client_id, load_rp_key(data_dir, kek), ca_file)


@dataclass(frozen=True)
class Items:
    """The four basic items as the app gave them, the birth date as ISO 8601."""

    name: str
    address: str
    birth_date: str
    sex: str


def items(userinfo: dict[str, Any]) -> Items:
    """The four items of a userinfo answer; ``OidcFailed`` naming what is missing or unreadable.

    The birth date is read as YYYYMMDD or YYYY-MM-DD, the sex as the card's code or the
    OpenID Connect word, the address as a string or an OpenID Connect address object.
    """
    name = userinfo.get("name")
    address = userinfo.get("address")
    if isinstance(address, dict):
        address = address.get("formatted")
    date = _DATE.fullmatch(str(userinfo.get("birthdate", "")).strip())
    sex = SEXES.get(str(userinfo.get("gender", "")).strip())
    if not isinstance(name, str) or not name.strip():
        raise OidcFailed("the app gave no name")
    if not isinstance(address, str) or not address.strip():
        raise OidcFailed("the app gave no address")
    if date is None:
        raise OidcFailed("the app's birth date is not YYYYMMDD or YYYY-MM-DD")
    if sex is None:
        raise OidcFailed("the app's sex code is not one the card uses")
    return Items(name.strip(), address.strip(), "-".join(date.groups()), sex)


def _config(request: Request) -> OidcConfig | None:
    found: OidcConfig | None = getattr(request.app.state, "digital_auth", None)
    return found


@router.get(START_PATH, include_in_schema=False)
def start(request: Request, current: AnySession, engine: EngineDep) -> Response:
    """Send the browser to the app with a fresh state, nonce and PKCE challenge."""
    provider = _config(request)
    if provider is None:
        return failed(request, 404)
    state = DIGITAL_AUTH + secrets.token_urlsafe(24)
    try:
        discovery(provider)
        nonce, verifier = start_flow(engine, current, state)
        url = authorization_url(
            provider, redirect_uri(request, CALLBACK_PATH), state, nonce, verifier
        )
    except OidcFailed:
        return failed(request, 502)
    response = RedirectResponse(url, status_code=303)
    finish(request, response)
    return response


@router.get(CALLBACK_PATH, include_in_schema=False)
def callback(request: Request, current: AnySession, engine: EngineDep) -> Response:
    """The app's answer: check it, find the person, record the items, sign them in."""
    provider = _config(request)
    state = request.query_params.get("state", "")
    code = request.query_params.get("code", "")
    if provider is None or not state.startswith(DIGITAL_AUTH):
        return failed(request, 400)
    flow = take_flow(engine, current, state)
    if flow is None or not code:
        return failed(request, 400)
    try:
        answer = exchange(
            provider,
            redirect_uri(request, CALLBACK_PATH),
            code,
            flow.code_verifier,
            flow.nonce,
            userinfo=True,
        )
        proven = items(answer.userinfo)
    except OidcFailed:
        return failed(request, 502)
    subject = str(answer.claims["sub"])

    def work(conn: Connection) -> str | None:
        person_id = _linked(conn, provider.issuer, subject) or _matched(conn, proven)
        if person_id is None:
            audit.record(conn, "anonymous", "sign-in.digital-auth-unmatched", None)
            return None
        _link(conn, provider.issuer, subject, person_id)
        verified.record(
            conn,
            person_id,
            proven.name,
            proven.birth_date,
            proven.address,
            verified.DIGITAL_AUTH_APP,
            verified.DIGITAL_AUTH_APP,
        )
        audit.record(conn, person_id, "digital-auth.verified", person_id, issuer=provider.issuer)
        session.sign_in(request, conn, person_id, "digital-auth")
        audit.record(conn, person_id, "sign-in", None, method="digital-auth")
        return person_id

    if unit.write(engine, lambda conn: (work(conn), [])) is None:
        return render(
            request,
            "message.html",
            {
                "title_key": "signin.title",
                "message_key": "signin.digital_auth.no_match",
                "help_key": "signin.digital_auth.no_match.help",
                "back_key": "signin.again",
                "back_href": "/sign-in",
                "error": True,
            },
            status=404,
        )
    response = RedirectResponse("/my", status_code=303)
    finish(request, response)
    return response


def _linked(conn: Connection, issuer: str, subject: str) -> str | None:
    row = conn.execute(
        select(digital_auth_links.c.person_id).where(
            digital_auth_links.c.issuer == issuer, digital_auth_links.c.subject == subject
        )
    ).first()
    return None if row is None else people.resolve(conn, row.person_id)


def _matched(conn: Connection, proven: Items) -> str | None:
    """The one live person whose verified items have the app's match key; None otherwise."""
    key = match_key(proven.name, proven.birth_date, proven.address)
    rows = conn.execute(
        select(person_verifications)
        .join(persons, persons.c.person_id == person_verifications.c.person_id)
        .where(
            persons.c.merged_into.is_(None),
            person_verifications.c.birth_date == proven.birth_date,
        )
    )
    found = {r.person_id for r in rows if verified_key(r) == key}
    return found.pop() if len(found) == 1 else None


def _link(conn: Connection, issuer: str, subject: str, person_id: str) -> None:
    now = now_ms()
    done = conn.execute(
        update(digital_auth_links)
        .where(digital_auth_links.c.issuer == issuer, digital_auth_links.c.subject == subject)
        .values(person_id=person_id, verified_at_ms=now)
    ).rowcount
    if not done:
        conn.execute(
            insert(digital_auth_links).values(
                issuer=issuer,
                subject=subject,
                person_id=person_id,
                linked_at_ms=now,
                verified_at_ms=now,
            )
        )
        audit.record(conn, person_id, "digital-auth.link", person_id, issuer=issuer)
