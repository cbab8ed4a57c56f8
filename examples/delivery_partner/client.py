"""The delivery partner's client: Authlib's OAuth 2.0 session over requests.

The partner makes an EC key pair and gives the municipality only the public half (a JWK
set); the platform issues it a client id for that key. Each token request carries an
assertion signed with the private key (RFC 7523, ``private_key_jwt``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from joserfc.jwk import ECKey, KeySet

TOKEN_PATH = "/v1/partner/token"


def make_key(folder: Path) -> dict[str, Any]:
    """Make the partner's key pair in ``folder`` (the private key owner-only); returns the
    public JWK set to hand to the municipality."""
    key = ECKey.generate_key("P-256", auto_kid=True)
    folder.mkdir(parents=True, exist_ok=True)
    private = folder / "partner-key.json"
    private.touch(mode=0o600)
    private.write_text(json.dumps(key.as_dict(private=True)))
    public: dict[str, Any] = dict(KeySet([key]).as_dict(private=False))
    (folder / "partner-jwks.json").write_text(json.dumps(public, indent=2))
    return public


class DeliveryPartner:
    """One delivery service talking to the platform at ``base_url``."""

    def __init__(self, base_url: str, client_id: str, key_file: Path, verify: bool | str = True):
        self.base_url = base_url.rstrip("/")
        self.token_url = self.base_url + TOKEN_PATH
        key = ECKey.import_key(json.loads(key_file.read_text()))
        self.session = OAuth2Session(
            client_id,
            key,
            token_endpoint_auth_method=PrivateKeyJWT.name,
            token_endpoint=self.token_url,
        )
        self.session.register_client_auth_method(PrivateKeyJWT(self.token_url, alg="ES256"))
        self.session.verify = verify

    def sign_in(self) -> dict[str, Any]:
        """Get an access token (client credentials grant); raises on refusal."""
        token: dict[str, Any] = self.session.fetch_token(
            self.token_url, grant_type="client_credentials"
        )
        return token

    def _call(self, method: str, path: str, **kw: Any) -> requests.Response:
        answer: requests.Response = self.session.request(
            method, self.base_url + path, timeout=30, **kw
        )
        return answer

    def people(self, purpose: str, items: list[str] | None = None) -> requests.Response:
        """Everyone who consented to ``purpose`` now, with the items asked (default: all)."""
        return self._call(
            "GET", f"/v1/partner/purposes/{purpose}/people", params={"items": items or []}
        )

    def lookup(self, purpose: str, subjects: list[str]) -> requests.Response:
        """The customers (pseudonyms) the consent still covers."""
        return self._call(
            "POST", f"/v1/partner/purposes/{purpose}/people/lookup", json={"subjects": subjects}
        )

    def shelter_counts(self) -> requests.Response:
        """People present and needing care per shelter (small counts withheld)."""
        return self._call("GET", "/v1/partner/aggregates/shelters")

    def supply_totals(self, purpose: str) -> requests.Response:
        """The municipality's supplies today (stock, requests, suggested need per item) for a
        purpose granted them; a suggestion counting too few people comes as null."""
        return self._call("GET", "/v1/partner/aggregates/supplies", params={"purpose_id": purpose})

    def shortfall(self, purpose: str) -> list[dict[str, Any]]:
        """What to load for the shelters: per item, what was requested, and what the suggested
        need exceeds the stock by (unknown where the suggestion is withheld)."""
        answer = self.supply_totals(purpose)
        answer.raise_for_status()
        return [
            {
                "item": s["item"],
                "requested": s["requested"],
                "short": None if s["suggested"] is None else max(0, s["suggested"] - s["stock"]),
            }
            for s in answer.json()["items"]
        ]

    def delivery_list(self, purpose: str) -> list[dict[str, Any]]:
        """What the driver takes along: each customer's name, address and shelter."""
        answer = self.people(purpose)
        answer.raise_for_status()
        out = []
        for person in answer.json()["people"]:
            items = person["items"]
            where = items.get("whereabouts") or {}
            out.append(
                {
                    "customer": person["subject"],
                    "name": items.get("name"),
                    "deliver_to": where.get("shelter")
                    if where.get("state") == "in"
                    else items.get("address"),
                }
            )
        return out
