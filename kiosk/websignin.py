"""A resident's citizen-web sign-in answered at the kiosk (docs/protocol/web-sign-in.md).

The resident's phone or PC shows the sign-in challenge; staff scan or paste it, the kiosk shows
the host, the resident taps the card and enters the PIN, and the card's answer goes to the
platform. The kiosk answers only challenges of the platform it is enrolled with: it trusts no
other server's certificate, and a challenge naming another host is most likely someone else's
(docs/decisions/citizen-web.md). The post and its JSON are sync's (sync/websignin.py).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol
from urllib.parse import urlsplit

from cardio.mynumber import SignedNonce
from kazasu_protocol.websignin import SignInChallenge, parse_challenge
from kiosk.errors import KioskError
from kiosk.store import Store


class WebSignInProblem(StrEnum):
    """Why a web sign-in was not answered, each with its own plain message on screen."""

    NOT_A_CHALLENGE = "not-a-challenge"
    NOT_ENROLLED = "not-enrolled"
    OTHER_PLATFORM = "other-platform"
    CHALLENGE_INVALID = "challenge-invalid"
    CARD_REFUSED = "card-refused"
    UNAVAILABLE = "unavailable"
    REFUSED = "refused"


class WebSignInFailed(KioskError):
    """The challenge was not answered; ``kind`` is the platform's problem type, if it gave one."""

    def __init__(self, problem: WebSignInProblem, detail: str, kind: str = "") -> None:
        super().__init__(detail)
        self.problem = problem
        self.detail = detail
        self.kind = kind


class SignInPlatform(Protocol):
    """The platform this kiosk is enrolled with, as the web sign-in needs it."""

    def platform_url(self) -> str | None:
        """The enrolled platform's base URL, or None before enrolment."""
        ...

    def post_proof(self, challenge: SignInChallenge, signed: SignedNonce) -> None:
        """Post the card's answer; raises :class:`WebSignInFailed` unless it was received."""
        ...


class WebSignIns:
    """Reads challenges and sends the card's answers, recording each answer in the audit log."""

    def __init__(self, store: Store, platform: SignInPlatform) -> None:
        self.store = store
        self.platform = platform

    def read(self, text: str) -> SignInChallenge:
        """The challenge in ``text``, checked before anyone is asked for a PIN.

        Raises :class:`WebSignInFailed`: not a challenge, the kiosk is not enrolled, or the
        challenge is for a platform other than the one the kiosk is enrolled with.
        """
        challenge = parse_challenge(text)
        if challenge is None:
            raise WebSignInFailed(WebSignInProblem.NOT_A_CHALLENGE, "")
        self._check(challenge)
        return challenge

    def _check(self, challenge: SignInChallenge) -> None:
        enrolled = self.platform.platform_url()
        if enrolled is None:
            raise WebSignInFailed(WebSignInProblem.NOT_ENROLLED, challenge.host)
        if _origin(challenge.base_url) != _origin(enrolled):
            raise WebSignInFailed(
                WebSignInProblem.OTHER_PLATFORM, f"{challenge.host} (enrolled: {_host(enrolled)})"
            )

    def answer(self, actor: str, challenge: SignInChallenge, signed: SignedNonce) -> None:
        """Send the card's signature over the challenge's nonce to the enrolled platform.

        The challenge is checked again, so an answer never goes anywhere ``read`` would refuse.
        """
        self._check(challenge)
        self.platform.post_proof(challenge, signed)
        with self.store.transaction() as tx:
            # No card key: which card signed in is the platform's to know, not the kiosk's.
            tx.audit(actor, "web-sign-in.answer", challenge.challenge_id, host=challenge.host)


def _origin(url: str) -> tuple[str, str, int | None, str]:
    # Names are compared, never resolved: "localhost" is not the enrolled "127.0.0.1".
    parts = urlsplit(url.strip())
    default = {"https": 443, "http": 80}.get(parts.scheme.lower())
    return (
        parts.scheme.lower(),
        (parts.hostname or "").lower(),
        parts.port or default,
        parts.path.rstrip("/"),
    )


def _host(url: str) -> str:
    return urlsplit(url).netloc
