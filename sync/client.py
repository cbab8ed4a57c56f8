"""HTTP calls to the platform's device and sync API (docs/protocol/sync.md), and nothing else.

Every answer is checked before it is believed: a body that is cut short, is not JSON, or lacks
what the protocol promises is a Transient failure, never a half-applied page. An error status
whose body is not JSON is a proxy's or load balancer's own answer (nginx's HTML pages), and
means what its status means.
"""

from __future__ import annotations

import base64
import hashlib
import json
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kazasu_protocol import b64url, household_item, person_item
from sync.errors import (
    AlreadyVoted,
    DeviceRevoked,
    Incompatible,
    PushTooLarge,
    Refused,
    SyncError,
    TlsFailed,
    Transient,
    Unauthorized,
)

if TYPE_CHECKING:
    import requests

PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "Kazasu-Protocol"
TIMEOUT = (5.0, 30.0)  # connect, read
JSON = "application/json"
# The most events a push may carry on a platform that does not say (older platforms refuse more).
UNSTATED_MAX_BATCH = 1000


@dataclass(frozen=True)
class Enrolment:
    """What the platform answers to a successful enrolment."""

    device_id: str
    scope: dict[str, Any]
    qr_signing_keys: list[dict[str, Any]]
    tls_pin: str | None
    platform_time_ms: int | None


@dataclass(frozen=True)
class Session:
    """A granted session: its lifetime, and the platform's clock when it answered."""

    expires_in: int
    platform_time_ms: int | None


@dataclass(frozen=True)
class DeviceState:
    """What the platform holds of this device, and how large a push it takes."""

    acked_seq: int
    head_hash: str
    max_batch: int  # events a push may carry (``UNSTATED_MAX_BATCH`` when not stated)
    body_limit: int | None  # bytes a request body may have, None when not stated


@dataclass(frozen=True)
class BallotClaim:
    """A granted ballot claim (docs/protocol/voting.md): the ballot may be issued."""

    claim_id: str
    voter_id: str
    election_id: str
    site_id: str
    claimed_at_ms: int
    declaration_id: str | None


class PlatformClient:
    """One platform, one kiosk: a requests session with the protocol header and a token."""

    def __init__(
        self, base_url: str, verify: bool | str = True, tls_pin: str | None = None
    ) -> None:
        # Loaded with the first client, not with the module: the kiosk's screens import sync/
        # at start-up, and requests (with urllib3) is a tenth of a second of it.
        import requests

        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()
        self.http.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        # Given with every request: a session-wide setting loses to REQUESTS_CA_BUNDLE.
        self.verify = verify
        self.token: str | None = None
        # The pin the platform gave at enrolment: later answers must come from that key, even
        # if some other certificate would chain to a trusted CA.
        self.tls_pin = tls_pin
        # What turns a snapshot page's body into its JSON: provisioning hands it to a worker
        # process (sync/provisioner.py). It raises json.JSONDecodeError for a body that is not
        # JSON.
        self.snapshot_decoder: Callable[[bytes], Any] = orjson.loads

    def close(self) -> None:
        """Close pooled connections."""
        self.http.close()

    def enrol(self, code: str, public_key: str, label: str) -> Enrolment:
        """Spend a one-time enrolment code for this kiosk's public key."""
        body = self._call(
            "POST",
            "/v1/devices/enrol",
            json={"code": code, "public_key": public_key, "label": label},
        )
        return Enrolment(
            device_id=_field(body, "device_id", str),
            scope=_field(body, "scope", dict),
            qr_signing_keys=_field(body, "qr_signing_keys", list),
            tls_pin=body.get("tls_pin"),
            platform_time_ms=_platform_time(body),
        )

    def challenge(self, device_id: str) -> tuple[str, str]:
        """A fresh challenge: (challenge id, nonce)."""
        body = self._call("POST", f"/v1/devices/{device_id}/challenge")
        return _field(body, "challenge_id", str), _field(body, "nonce", str)

    def open_session(self, device_id: str, challenge_id: str, signature: str) -> Session:
        """Exchange a signed challenge for a bearer token (kept for the next calls)."""
        body = self._call(
            "POST",
            f"/v1/devices/{device_id}/session",
            json={"challenge_id": challenge_id, "signature": signature},
        )
        token = _field(body, "token", str)
        session = Session(int(_field(body, "expires_in", int)), _platform_time(body))
        self.token = token
        return session

    def keys(self) -> list[dict[str, Any]]:
        """The platform's current QR-signing keys (oldest first)."""
        body = self._call("GET", "/v1/devices/keys", auth=True)
        _check_protocol(body)
        return list(_field(body, "qr_signing_keys", list))

    def me(self) -> DeviceState:
        """How far the platform holds this device's events, and how large a push it takes."""
        body = self._call("GET", "/v1/devices/me", auth=True)
        # A platform older than the two limits states neither: it takes 1,000 events.
        max_batch = _stated_size(body, "max_batch")
        return DeviceState(
            acked_seq=int(_field(body, "acked_seq", int)),
            head_hash=str(_field(body, "head_hash", str)),
            max_batch=UNSTATED_MAX_BATCH if max_batch is None else max_batch,
            body_limit=_stated_size(body, "body_limit"),
        )

    def push(self, batch: bytes) -> int:
        """Send a batch of events, the request's JSON body as the outbox wrote it
        (``{"events": [...]}``); returns the device seq the platform has stored up to."""
        # The answer names each of up to 1,000 events: orjson reads it in a tenth of the
        # standard library's time, which the next batch's send waits for.
        try:
            body = self._call(
                "POST",
                "/v1/sync/push",
                data=batch,
                auth=True,
                content_type=JSON,
                decode=orjson.loads,
            )
        except Refused as refused:
            if not _too_large(refused):
                raise
            raise PushTooLarge(
                refused.status, refused.kind, str(refused), refused.reason, refused.problem
            ) from None
        _check_protocol(body)
        return int(_field(body, "acked_seq", int))

    def changes(self, after: int, limit: int) -> dict[str, Any]:
        """One page of the change feed after position ``after``."""
        body = self._call(
            "GET", "/v1/sync/changes", params={"after": after, "limit": limit}, auth=True
        )
        _check_protocol(body)
        _field(body, "changes", list)
        _field(body, "next_after", int)
        _field(body, "has_more", bool)
        return body

    def snapshot(self, page_token: str | None, limit: int) -> dict[str, Any]:
        """One page of the initial snapshot of this kiosk's scope, its person and household
        items compact if the platform knows them (an older one ignores the request and sends
        today's)."""
        params: dict[str, Any] = {"limit": limit}
        if page_token:
            params["page_token"] = page_token
        params["person_items"] = person_item.COMPACT
        params["household_items"] = household_item.COMPACT
        body = self._call(
            "GET", "/v1/sync/snapshot", params=params, auth=True, decode=self.snapshot_decoder
        )
        _check_protocol(body)
        _field(body, "items", list)
        _field(body, "snapshot_position", int)
        return body

    def arrival(self, request: dict[str, Any]) -> dict[str, Any]:
        """Bring an arriving person into this kiosk's scope (docs/protocol/sync.md, "Arrivals");
        the answer's items are applied like snapshot items."""
        body = self._call("POST", "/v1/sync/arrivals", json=request, auth=True)
        _check_protocol(body)
        _field(body, "person_id", str)
        _field(body, "items", list)
        return body

    def card_challenge(self) -> tuple[str, bytes]:
        """A fresh nonce for a card to sign: (challenge id, nonce bytes)."""
        body = self._call("POST", "/v1/cards/challenge", auth=True)
        nonce = _field(body, "nonce", str)
        try:
            raw = b64url.decode(nonce)
        except ValueError as exc:
            raise Transient("the platform's card challenge is not base64url") from exc
        return _field(body, "challenge_id", str), raw

    def claim_ballot(
        self,
        claim_id: str,
        voter_id: str,
        issued_by: str,
        confirmed_by: str,
        declaration_id: str | None = None,
        cancel_online: bool = False,
    ) -> BallotClaim:
        """Claim a voter's ballot; retry with the same ``claim_id`` after a lost answer.
        ``cancel_online``: the paper ballot cancels the voter's ballot cast online.

        Raises ``AlreadyVoted`` when another claim holds the voter (a hard block, unless it was
        cast online and ``online_cancellable``).
        """
        request: dict[str, Any] = {
            "claim_id": claim_id,
            "voter_id": voter_id,
            "issued_by": issued_by,
            "confirmed_by": confirmed_by,
            "declaration_id": declaration_id,
        }
        if cancel_online:
            request["cancel_online"] = True
        try:
            body = self._call("POST", "/v1/voting/claims", json=request, auth=True)
        except _Lost as lost:
            raise AlreadyVoted(
                lost.message,
                _field(lost.body, "voted_site_id", str),
                _field(lost.body, "voted_site_name", str),
                int(_field(lost.body, "voted_at_ms", int)),
                _field(lost.body, "voted_kind", str),
                lost.body.get("online_cancellable") is True,
            ) from None
        granted = BallotClaim(
            claim_id=_field(body, "claim_id", str),
            voter_id=_field(body, "voter_id", str),
            election_id=_field(body, "election_id", str),
            site_id=_field(body, "site_id", str),
            claimed_at_ms=int(_field(body, "claimed_at_ms", int)),
            declaration_id=body.get("declaration_id"),
        )
        if granted.claim_id != claim_id or granted.voter_id != voter_id:
            raise Transient("the platform answered a claim with another claim's record")
        return granted

    def verify_declaration(self, code: str) -> dict[str, Any]:
        """What a declaration QR code means at this kiosk's site, as the platform sees it."""
        body = self._call("POST", "/v1/voting/declarations/verify", json={"code": code}, auth=True)
        _field(body, "state", str)
        return body

    def web_sign_in_proof(self, challenge_id: str, proof: dict[str, Any]) -> None:
        """Answer a citizen-web sign-in challenge with a card's proof (no session: the
        signature is the authentication; docs/protocol/web-sign-in.md)."""
        body = self._call("POST", f"/v1/web/sign-in/{challenge_id}/proof", json=proof)
        if body.get("status") != "received":
            raise Transient("the platform's answer to a sign-in proof lacks 'received'")

    def _check_pin(self, response: requests.Response) -> None:
        if self.tls_pin is None or not self.base_url.startswith("https:"):
            return
        # Read before the body, while the connection is still this response's.
        sock = response.raw.connection.sock if response.raw.connection else None
        der = sock.getpeercert(binary_form=True) if isinstance(sock, ssl.SSLSocket) else None
        if der is None or spki_pin(der) != self.tls_pin:
            response.close()
            raise TlsFailed(
                "the platform's certificate does not match the one pinned at enrolment: "
                "a different server answered, or the platform's key changed"
            )

    def _call(
        self,
        method: str,
        path: str,
        auth: bool = False,
        decode: Callable[[bytes], Any] | None = None,
        content_type: str | None = None,
        **kw: Any,
    ) -> dict[str, Any]:
        import requests

        headers = {"Authorization": f"Bearer {self.token}"} if auth and self.token else {}
        if content_type is not None:  # a body given as bytes
            headers["Content-Type"] = content_type
        try:
            response = self.http.request(
                method,
                self.base_url + path,
                headers=headers,
                timeout=TIMEOUT,
                stream=True,
                verify=self.verify,
                **kw,
            )
            self._check_pin(response)
            status = response.status_code
            body = response.json() if decode is None else decode(_whole_body(response, path))
        except json.JSONDecodeError as exc:  # requests' and orjson's errors are both one
            raise _not_json(path, response.status_code, response.reason) from exc
        except requests.exceptions.SSLError as exc:
            raise TlsFailed(f"the platform's TLS certificate could not be verified: {exc}") from exc
        except requests.RequestException as exc:
            raise Transient(f"no answer from the platform ({type(exc).__name__})") from exc
        if not isinstance(body, dict):
            raise Transient(f"the platform's answer to {path} is not a JSON object")
        if status < 300:
            return body
        kind = str(body.get("type", "")).rsplit("/", 1)[-1] or str(status)
        message = str(body.get("detail") or body.get("title") or f"HTTP {status}")
        if status == 401:
            self.token = None
            raise (DeviceRevoked if kind == "device-revoked" else Unauthorized)(message)
        if kind in ("protocol-unsupported", "protocol-required"):
            raise Incompatible(
                f"this kiosk speaks sync protocol {PROTOCOL_VERSION}; the platform speaks "
                f"{body.get('supported')}: update the kiosk or the platform"
            )
        if status >= 500 or status in (408, 429):
            raise Transient(f"the platform is unavailable ({status}: {message})")
        if status == 409 and kind == "already-voted":
            raise _Lost(message, body)
        raise Refused(status, kind, message, str(body.get("reason") or ""), body)


def _not_json(path: str, status: int, reason: str | None) -> SyncError:
    """What an answer whose body is not JSON means. A success is a broken answer. An error is
    a page from something in front of the platform (nginx's are HTML): a 413 is a proxy's body
    limit below the platform's (``Refused``: a push resent as it is would be refused forever);
    a 5xx, 408 or 429 a platform down or slow behind it (``Transient``); any other is retried
    as well, named as it is."""
    if status < 300:
        return Transient(f"the platform's answer to {path} was cut short or garbled")
    said = f"{status} {reason or ''}".strip()
    if status == 413:
        # The platform behind it takes more, so nothing says by how much less: the push halves.
        message = f"the request is larger than a proxy in front of the platform takes ({said})"
        return Refused(413, "body-too-large", message)
    if status >= 500 or status in (408, 429):
        return Transient(f"the platform is unavailable ({said} from a proxy in front of it)")
    return Transient(f"the platform's address answered {path} with {said} from a proxy")


def _too_large(refused: Refused) -> bool:
    """Whether a push was refused for its size: a 413 (the platform's, or a proxy's page), or
    a 422 that says the events list holds too many (``at most``, at the list itself: the kiosk
    never sends an empty one)."""
    if refused.status == 413:
        return True
    if refused.status != 422 or refused.kind != "invalid-request":
        return False
    errors = refused.problem.get("errors")
    return isinstance(errors, list) and any(
        isinstance(e, dict)
        and e.get("loc") == ["body", "events"]
        and "at most" in str(e.get("msg"))
        for e in errors
    )


def _whole_body(response: requests.Response, path: str) -> bytes:
    """A streamed answer's body read in one call: ``response.content`` reads it 10 KB at a
    time, which for a snapshot page of 2 MB cost the kiosk's interpreter twice the time."""
    import urllib3

    try:
        body: bytes = response.raw.read(decode_content=True)
    except urllib3.exceptions.HTTPError as exc:  # cut short (the length is enforced), reset
        response.close()
        raise Transient(f"the platform's answer to {path} was cut short or garbled") from exc
    # Read to its end: the connection goes back to the session's pool for the next request.
    response.raw.release_conn()
    return body


class _Lost(Exception):
    """A lost ballot claim, carried from ``_call`` to ``claim_ballot`` with its details."""

    def __init__(self, message: str, body: dict[str, Any]) -> None:
        super().__init__(message)
        self.message = message
        self.body = body


def spki_pin(der_certificate: bytes) -> str:
    """The pin of a certificate: ``sha256/`` + base64 of the SHA-256 of its public key info."""
    spki = (
        x509.load_der_x509_certificate(der_certificate)
        .public_key()
        .public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    )
    return "sha256/" + base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def _check_protocol(body: dict[str, Any]) -> None:
    if body.get("protocol") != PROTOCOL_VERSION:
        raise Incompatible(
            f"the platform answered with protocol {body.get('protocol')!r}, this kiosk speaks "
            f"{PROTOCOL_VERSION}: nothing was applied"
        )


def _platform_time(body: dict[str, Any]) -> int | None:
    # Absent from a platform older than the field: the kiosk keeps the offset it has.
    if body.get("platform_time_ms") is None:
        return None
    return int(_field(body, "platform_time_ms", int))


def _stated_size(body: dict[str, Any], name: str) -> int | None:
    if body.get(name) is None:
        return None
    size = int(_field(body, name, int))
    if size < 1:
        raise Transient(f"the platform's answer lacks a valid '{name}'")
    return size


def _field(body: dict[str, Any], name: str, kind: type[Any]) -> Any:
    value = body.get(name)
    # bool is an int in Python; a count must not be a bool.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise Transient(f"the platform's answer lacks a valid '{name}'")
    return value
