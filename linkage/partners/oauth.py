"""The partners' token endpoint: Authlib's authorization server under FastAPI.

Authlib has no FastAPI server integration, so this is the thin adapter its documentation
describes for other frameworks: a request type carrying the posted form and headers, a server
that looks clients up in the database and keeps the tokens it issues, and responses handed
back as (status, body, headers). Only the client credentials grant is offered. Clients
authenticate with ``private_key_jwt`` (an RFC 7523 assertion signed with the partner's key;
an assertion's ``jti`` is accepted once) or, for public bodies, ``client_secret_basic``.
Access tokens are opaque, random, stored as their hash and live five minutes.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, ClassVar

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientMixin,
    OAuth2Payload,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from joserfc.jwk import KeySet
from sqlalchemy import Connection, insert, select

from linkage.canonical import now_ms
from linkage.partners import credentials
from linkage.tables import partner_assertions

PRIVATE_KEY_JWT = "private_key_jwt"
# The longest an assertion may live (Authlib signs them for an hour); its id is kept as long.
ASSERTION_MAX_S = 3660


class Client(ClientMixin):  # type: ignore[misc]
    """A partner client as Authlib sees it."""

    def __init__(self, row: Any) -> None:
        self.row = row

    def get_client_id(self) -> str:
        """The client id."""
        return str(self.row.client_id)

    def get_allowed_scope(self, scope: str) -> str:
        """No scopes: what a partner may read is decided by its consents at each request."""
        return ""

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """Each client authenticates only the way it was registered for."""
        return bool(endpoint == "token" and method == self.row.auth_method)

    def check_grant_type(self, grant_type: str) -> bool:
        """Only the client credentials grant."""
        return grant_type == "client_credentials"

    def check_client_secret(self, client_secret: str) -> bool:
        """Whether the secret is the client's (constant-time)."""
        stored = self.row.secret_hash
        return stored is not None and hmac.compare_digest(
            stored, credentials.secret_hash(client_secret)
        )


class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, form: dict[str, str]) -> None:
        self._form = form

    @property
    def data(self) -> dict[str, str]:
        return self._form

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        values: defaultdict[str, list[str]] = defaultdict(list)
        for k, v in self._form.items():
            values[k].append(v)
        return values


class TokenRequest(OAuth2Request):  # type: ignore[misc]
    """A posted token request: the form fields and the headers."""

    def __init__(self, url: str, form: dict[str, str], headers: Mapping[str, str]) -> None:
        super().__init__("POST", url, headers=headers)
        self._form = form
        self.payload = _Payload(form)

    @property
    def args(self) -> dict[str, str]:
        """No query parameters are read."""
        return {}

    @property
    def form(self) -> dict[str, str]:
        """The posted form."""
        return self._form


class Assertion(JWTBearerClientAssertion):  # type: ignore[misc]
    """RFC 7523 client assertions checked against the client's registered public keys."""

    CLIENT_AUTH_METHOD = PRIVATE_KEY_JWT

    def __init__(self, conn: Connection, audiences: list[str]) -> None:
        super().__init__(leeway=30)
        self.conn = conn
        self.audiences = audiences

    def get_audiences(self) -> list[str]:
        """The token endpoint's URL (and the platform's public URL)."""
        return self.audiences

    def resolve_client_public_key(self, client: Client) -> KeySet:
        """The partner's public keys."""
        return KeySet.import_key_set(json.loads(client.row.jwks or '{"keys": []}'))

    def validate_jti(self, claims: dict[str, Any], jti: str) -> bool:
        """Accept each assertion once; one living longer than we remember is refused."""
        now = now_ms()
        expires = int(claims["exp"]) * 1000
        if expires - now > ASSERTION_MAX_S * 1000:
            return False
        client_id = str(claims["sub"])
        seen = self.conn.execute(
            select(partner_assertions.c.jti).where(
                partner_assertions.c.client_id == client_id,
                partner_assertions.c.jti == str(jti)[:128],
            )
        ).first()
        if seen is not None:
            return False
        self.conn.execute(
            partner_assertions.delete().where(partner_assertions.c.expires_at_ms < now)
        )
        self.conn.execute(
            insert(partner_assertions).values(
                client_id=client_id, jti=str(jti)[:128], expires_at_ms=expires + 60_000
            )
        )
        return True


class Grant(ClientCredentialsGrant):  # type: ignore[misc]
    """The client credentials grant with the partners' two ways to authenticate."""

    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = [PRIVATE_KEY_JWT, "client_secret_basic"]


class TokenServer(AuthorizationServer):  # type: ignore[misc]
    """Authlib's server over one database transaction."""

    def __init__(self, conn: Connection, audiences: list[str]) -> None:
        super().__init__()
        self.conn = conn
        self.register_grant(Grant)
        self.register_client_auth_method(PRIVATE_KEY_JWT, Assertion(conn, audiences))
        self.register_token_generator("default", self._token)

    def query_client(self, client_id: str) -> Client | None:
        """A client that may get a token now, else None (Authlib answers invalid_client)."""
        row = credentials.usable_client(self.conn, client_id, now_ms())
        return Client(row) if row is not None else None

    def _token(self, **_: Any) -> dict[str, Any]:
        return {
            "token_type": "Bearer",
            "access_token": secrets.token_urlsafe(32),
            "expires_in": credentials.TOKEN_TTL_S,
        }

    def save_token(self, token: dict[str, Any], request: TokenRequest) -> None:
        """Keep the token's hash."""
        row = request.client.row
        credentials.store_token(self.conn, token["access_token"], row.client_id, row.partner_id)

    def create_oauth2_request(self, request: TokenRequest) -> TokenRequest:
        """The request is built by the route already."""
        return request

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No signals are listened to."""

    def handle_response(
        self, status: int, body: dict[str, Any], headers: list[tuple[str, str]]
    ) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        """A failed client authentication is 401 however the client tried (RFC 6749 5.2)."""
        if body.get("error") == "invalid_client":
            status = 401
        return status, body, list(headers)


def token_response(
    conn: Connection, token_url: str, form: dict[str, str], headers: Mapping[str, str]
) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
    """Answer one token request: (status, JSON body, headers)."""
    server = TokenServer(conn, [token_url])
    answer: tuple[int, dict[str, Any], list[tuple[str, str]]] = server.create_token_response(
        TokenRequest(token_url, form, headers)
    )
    return answer
