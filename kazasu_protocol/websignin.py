"""The citizen web's sign-in challenge text (docs/protocol/web-sign-in.md).

Written by the platform's sign-in page; read by every client that holds the card:
``kazasu-card sign`` on a PC and the kiosk's web sign-in dialog. The text is checked here before
anyone is asked for a PIN; the card's answer is kazasu_protocol.cardproof's JSON, and where it
goes is sync's (sync/websignin.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from kazasu_protocol import b64url

SIGN_IN_PREFIX = "/v1/web/sign-in/"
SIGN_IN_PATH = re.compile(r"^(?P<base>.*)/v1/web/sign-in/(?P<id>si-[0-9a-f-]{1,60})$")
NONCE_BYTES = 32


@dataclass(frozen=True)
class SignInChallenge:
    """A challenge read from the page's text: where to answer and the nonce to sign."""

    url: str
    """``<platform base URL>/v1/web/sign-in/<challenge_id>``, without the fragment."""
    challenge_id: str
    nonce: bytes

    @property
    def host(self) -> str:
        """The host (and port) the resident would be signed in at, to show before the PIN."""
        return urlsplit(self.url).netloc

    @property
    def base_url(self) -> str:
        """The platform base URL the challenge names."""
        return self.url[: -len(SIGN_IN_PREFIX + self.challenge_id)]


def challenge_text(base_url: str, challenge_id: str, nonce: str) -> str:
    """What the page shows and the QR code holds: where to post, then ``#`` and the nonce
    (base64url)."""
    return f"{base_url.rstrip('/')}{SIGN_IN_PREFIX}{challenge_id}#{nonce}"


def parse_challenge(text: str) -> SignInChallenge | None:
    """The challenge in ``text``, or None when the text does not have the documented shape."""
    url, _, fragment = text.strip().partition("#")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    found = SIGN_IN_PATH.match(parts.path)
    if found is None or parts.query:
        return None
    try:
        nonce = b64url.decode(fragment)
    except ValueError:
        return None
    if len(nonce) != NONCE_BYTES:
        return None
    return SignInChallenge(url, found.group("id"), nonce)
