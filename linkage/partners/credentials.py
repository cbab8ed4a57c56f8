"""Partners' OAuth 2.0 clients: registered, rotated, revoked, and checked on every request.

``private_key_jwt`` (RFC 7523) is the default: the platform holds only the partner's public
JWK set, so nothing stored here lets anyone act as the partner. ``client_secret_basic`` is
allowed for public bodies whose systems cannot sign assertions; its secret is random (256
bits), shown once and stored as its SHA-256 (docs/decisions/partners.md).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import Connection, insert, select, update

from linkage.canonical import new_id, now_ms
from linkage.partners import registry
from linkage.problems import Problem
from linkage.tables import partner_clients, partner_tokens, partners

METHODS = ("private_key_jwt", "client_secret_basic")
TOKEN_TTL_S = 300


@dataclass(frozen=True)
class Caller:
    """The partner (and its client) a request's access token was issued to."""

    partner_id: str
    client_id: str
    municipality_id: str


def secret_hash(secret: str) -> str:
    """The stored form of a client secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def public_jwks(jwks: dict[str, Any]) -> str:
    """A partner's JWK set as stored: public keys only, each with a key id (422 otherwise)."""
    try:
        keys = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise Problem(422, "invalid-jwks", "The JWK set cannot be read", str(exc)) from None
    if not keys.keys:
        raise Problem(422, "invalid-jwks", "The JWK set holds no key")
    for key in keys.keys:
        if key.is_private:
            raise Problem(
                422, "private-key-given", "Send only the public key: the private key stays with you"
            )
    return json.dumps(keys.as_dict(private=False))


def _issue(method: str, jwks: dict[str, Any] | None, partner_kind: str) -> dict[str, Any]:
    if method not in METHODS:
        raise Problem(422, "invalid-request", "Unknown client authentication method", method)
    if method == "client_secret_basic":
        if partner_kind != "public":
            raise Problem(
                422,
                "secret-for-public-bodies",
                "Only public bodies may use a client secret; others sign (private_key_jwt)",
            )
        secret = secrets.token_urlsafe(32)
        return {"jwks": None, "secret_hash": secret_hash(secret), "secret": secret}
    if jwks is None:
        raise Problem(422, "invalid-jwks", "private_key_jwt needs the partner's public JWK set")
    return {"jwks": public_jwks(jwks), "secret_hash": None, "secret": None}


def create_client(
    conn: Connection,
    partner_id: str,
    method: str,
    jwks: dict[str, Any] | None,
    expires_at_ms: int | None,
) -> dict[str, Any]:
    """A new client of the partner: its id (and, for a secret, the secret, shown once)."""
    partner = registry.require_partner(conn, partner_id)
    issued = _issue(method, jwks, partner.kind)
    client_id = new_id("pc")
    conn.execute(
        insert(partner_clients).values(
            client_id=client_id,
            partner_id=partner_id,
            auth_method=method,
            jwks=issued["jwks"],
            secret_hash=issued["secret_hash"],
            created_at_ms=now_ms(),
            expires_at_ms=expires_at_ms,
        )
    )
    return {"client_id": client_id, "auth_method": method, "client_secret": issued["secret"]}


def _client(conn: Connection, client_id: str) -> Any:
    row = conn.execute(
        select(partner_clients).where(partner_clients.c.client_id == client_id)
    ).first()
    if row is None or row.revoked_at_ms is not None:
        raise Problem(404, "unknown-client", "Unknown or revoked partner client", client_id)
    return row


def rotate(conn: Connection, client_id: str, jwks: dict[str, Any] | None) -> dict[str, Any]:
    """Replace a client's key set (or secret): the old one stops working at once, and so do
    the tokens issued under it."""
    row = _client(conn, client_id)
    partner = registry.require_partner(conn, row.partner_id)
    issued = _issue(row.auth_method, jwks, partner.kind)
    conn.execute(
        update(partner_clients)
        .where(partner_clients.c.client_id == client_id)
        .values(jwks=issued["jwks"], secret_hash=issued["secret_hash"])
    )
    conn.execute(partner_tokens.delete().where(partner_tokens.c.client_id == client_id))
    return {
        "client_id": client_id,
        "auth_method": row.auth_method,
        "client_secret": issued["secret"],
    }


def revoke(conn: Connection, client_id: str) -> None:
    """Revoke a client for good; its tokens stop working at once."""
    _client(conn, client_id)
    conn.execute(
        update(partner_clients)
        .where(partner_clients.c.client_id == client_id)
        .values(revoked_at_ms=now_ms())
    )
    conn.execute(partner_tokens.delete().where(partner_tokens.c.client_id == client_id))


def usable_client(conn: Connection, client_id: str, at_ms: int) -> Any:
    """The client's row if it may get a token now (not revoked or expired, partner active)."""
    row = conn.execute(
        select(partner_clients, partners.c.status)
        .join(partners, partners.c.partner_id == partner_clients.c.partner_id)
        .where(partner_clients.c.client_id == client_id)
    ).first()
    if row is None or row.revoked_at_ms is not None or row.status != "active":
        return None
    if row.expires_at_ms is not None and row.expires_at_ms <= at_ms:
        return None
    return row


def store_token(conn: Connection, token: str, client_id: str, partner_id: str) -> None:
    """Keep an issued access token's hash until it expires."""
    now = now_ms()
    conn.execute(partner_tokens.delete().where(partner_tokens.c.expires_at_ms <= now))
    conn.execute(
        insert(partner_tokens).values(
            token_hash=secret_hash(token),
            client_id=client_id,
            partner_id=partner_id,
            expires_at_ms=now + TOKEN_TTL_S * 1000,
        )
    )


def authenticate(conn: Connection, token: str) -> Caller:
    """The caller an access token stands for; 401 when it is unknown, expired, or its client
    or partner no longer may act."""
    now = now_ms()
    row = conn.execute(
        select(partner_tokens).where(partner_tokens.c.token_hash == secret_hash(token))
    ).first()
    client = usable_client(conn, row.client_id, now) if row and row.expires_at_ms > now else None
    if row is None or client is None:
        raise Problem(401, "unauthenticated", "A valid partner access token is required")
    municipality: str = conn.execute(
        select(partners.c.municipality_id).where(partners.c.partner_id == row.partner_id)
    ).scalar_one()
    return Caller(row.partner_id, row.client_id, municipality)
