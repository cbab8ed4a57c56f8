"""A small OpenID Connect provider over real HTTP on 127.0.0.1, for the federation tests.

It plays the endpoints a relying party uses — discovery, authorization, token, JWKS and
userinfo — checks the PKCE verifier against the challenge of the authorization request, and
signs in whoever ``subject`` names, at once. ID tokens are signed with joserfc (Authlib's JOSE
library), RS256 by default.

``digital_auth_provider`` plays the Digital Agency's デジタル認証アプリ as its API reference for
relying parties describes it (docs/decisions/citizen-web.md): Keycloak-style endpoint paths
under ``/api/realms/main``, ES256 ID tokens, the client authenticated by ``private_key_jwt``
(an assertion signed with the key whose public half the relying party registered), and the
four basic items from userinfo for the scopes ``name address birthdate gender``.

``tamper`` makes it misbehave in one way to show that the platform notices.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeyParameters, KeySet, RSAKey
from joserfc.jwt import JWTClaimsRegistry

CLIENT_ID = "kazasu-citizen-web"
DIGITAL_AUTH_CLIENT_ID = "RP00000001"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
# What the Digital Agency's app answers for the four basic items: the name in kanji as on the
# card, the address as one string, the birth date as YYYYMMDD, the sex as the card's code.
HANAKO = {
    "name": "試験 花子",
    "address": "東京都千代田区霞が関一丁目2番3号",
    "birthdate": "19850401",
    "gender": "2",
}


@dataclass
class Provider:
    """The provider's state: who signs in next, the codes it gave, how it misbehaves."""

    issuer: str = ""
    subject: str = "user-0001"
    # "nonce", "audience", "key", "issuer", "expired"
    tamper: str | None = None
    alg: str = "RS256"
    # Endpoint paths below the issuer.
    paths: dict[str, str] = field(
        default_factory=lambda: {
            "authorize": "/authorize",
            "token": "/token",
            "jwks": "/jwks",
            "userinfo": "/userinfo",
        }
    )
    # The relying party's public keys for private_key_jwt; None: no client authentication.
    client_jwks: dict[str, Any] | None = None
    client_id: str = CLIENT_ID
    userinfo: dict[str, Any] = field(default_factory=dict)
    key: RSAKey | ECKey | None = None
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    access_tokens: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.key is None:
            self.key = _new_key(self.alg)

    def endpoint(self, name: str) -> str:
        return self.issuer + self.paths[name]

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.endpoint("authorize"),
            "token_endpoint": self.endpoint("token"),
            "jwks_uri": self.endpoint("jwks"),
            "userinfo_endpoint": self.endpoint("userinfo"),
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "id_token_signing_alg_values_supported": [self.alg],
            "token_endpoint_auth_methods_supported": (
                ["private_key_jwt"] if self.client_jwks else ["client_secret_basic", "none"]
            ),
            "scopes_supported": ["openid", "name", "address", "birthdate", "gender"],
        }

    def jwks(self) -> dict[str, Any]:
        assert self.key is not None
        return {"keys": [self.key.as_dict(private=False)]}

    def id_token(self, request: dict[str, str]) -> str:
        now = int(time.time())
        claims = {
            "iss": "http://127.0.0.1:1/other" if self.tamper == "issuer" else self.issuer,
            "sub": self.subject,
            "aud": "someone-else" if self.tamper == "audience" else self.client_id,
            "iat": now - 900 if self.tamper == "expired" else now,
            "exp": now - 600 if self.tamper == "expired" else now + 300,
            "nonce": "another" if self.tamper == "nonce" else request["nonce"],
        }
        signer = _new_key(self.alg) if self.tamper == "key" else self.key
        assert signer is not None
        return jwt.encode({"alg": self.alg, "kid": signer.kid}, claims, signer)

    def client_authenticated(self, form: dict[str, str]) -> bool:
        """Whether the token request proves the client as the provider requires."""
        if self.client_jwks is None:
            return True
        if form.get("client_assertion_type") != ASSERTION_TYPE:
            return False
        try:
            # A JWKS as read from JSON, which joserfc types as a TypedDict.
            keys = KeySet.import_key_set(self.client_jwks)  # type: ignore[arg-type]
            token = jwt.decode(form.get("client_assertion", ""), keys)
            JWTClaimsRegistry(
                iss={"essential": True, "value": self.client_id},
                sub={"essential": True, "value": self.client_id},
                aud={"essential": True, "value": self.endpoint("token")},
                exp={"essential": True},
                jti={"essential": True},
            ).validate(token.claims)
        except (JoseError, ValueError):
            return False
        return True


def _new_key(alg: str) -> RSAKey | ECKey:
    parameters: KeyParameters = {"kid": secrets.token_hex(4), "use": "sig", "alg": alg}
    if alg.startswith("ES"):
        return ECKey.generate_key("P-256", parameters=parameters)
    return RSAKey.generate_key(2048, parameters=parameters)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _route(self) -> str | None:
            path = urlsplit(self.path).path
            prefix = urlsplit(provider.issuer).path
            if path == prefix + "/.well-known/openid-configuration":
                return "discovery"
            for name, below in provider.paths.items():
                if path == prefix + below:
                    return name
            return None

        def do_GET(self) -> None:
            query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            route = self._route()
            if route == "discovery":
                self._json(200, provider.discovery())
            elif route == "jwks":
                self._json(200, provider.jwks())
            elif route == "authorize":
                provider.authorize_requests.append(query)
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query
                target = (
                    query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
                )
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
            elif route == "userinfo":
                bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if bearer not in provider.access_tokens:
                    self._json(401, {"error": "invalid_token"})
                    return
                self._json(200, {"sub": provider.subject, **provider.userinfo})
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            if self._route() != "token":
                self._json(404, {"error": "not_found"})
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            provider.token_requests.append(form)
            if not provider.client_authenticated(form):
                self._json(401, {"error": "invalid_client"})
                return
            request = provider.codes.pop(form.get("code", ""), None)
            if request is None or form.get("redirect_uri") != request["redirect_uri"]:
                self._json(400, {"error": "invalid_grant"})
                return
            verifier = form.get("code_verifier", "").encode()
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if request.get("code_challenge_method") != "S256" or (
                challenge.decode() != request.get("code_challenge")
            ):
                self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
                return
            access_token = secrets.token_urlsafe(16)
            provider.access_tokens.add(access_token)
            self._json(
                200,
                {
                    "id_token": provider.id_token(request),
                    "access_token": access_token,
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "scope": request.get("scope", "openid"),
                },
            )

    return Handler


@contextmanager
def _serving(provider: Provider, realm: str = "") -> Iterator[Provider]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}{realm}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def running_provider() -> Iterator[Provider]:
    """A generic provider serving on a free port of 127.0.0.1 until the block ends."""
    with _serving(Provider()) as provider:
        yield provider


@contextmanager
def digital_auth_provider(client_jwks: dict[str, Any]) -> Iterator[Provider]:
    """The Digital Agency's app as its relying parties see it, trusting ``client_jwks``."""
    keycloak = "/protocol/openid-connect"
    provider = Provider(
        alg="ES256",
        client_id=DIGITAL_AUTH_CLIENT_ID,
        client_jwks=client_jwks,
        userinfo=dict(HANAKO),
        paths={
            "authorize": keycloak + "/auth",
            "token": keycloak + "/token",
            "jwks": keycloak + "/certs",
            "userinfo": keycloak + "/userinfo",
        },
    )
    with _serving(provider, "/api/realms/main") as running:
        yield running
