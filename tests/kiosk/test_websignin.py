"""A citizen-web sign-in answered at the kiosk: which challenges it takes, what it sends.

The platform here is a recording double (the real post to a real platform process is in
tests/ui/test_websignin.py); the card is the virtual My Number Card signing for real.
"""

from __future__ import annotations

import base64
import secrets

import pytest

from cardio.mynumber import SignedNonce, sign_nonce
from cardio.virtualcard import InProcessTransport, VirtualMyNumberCard
from cardio.virtualcard.pki import make_ca
from cardio.virtualcard.profile import new_test_profile
from kazasu_protocol.jpki import card_key
from kazasu_protocol.websignin import SignInChallenge
from kiosk import audit
from kiosk.app import Kiosk
from kiosk.websignin import WebSignInFailed, WebSignInProblem, WebSignIns

PLATFORM = "https://platform.example"
ACTOR = "staff:t01"


class RecordingPlatform:
    """The enrolled platform as the service sees it: a URL and the proofs posted to it."""

    def __init__(self, url: str | None = PLATFORM, refuse: WebSignInFailed | None = None) -> None:
        self.url = url
        self.refuse = refuse
        self.posted: list[tuple[str, SignedNonce]] = []

    def platform_url(self) -> str | None:
        return self.url

    def post_proof(self, challenge: SignInChallenge, signed: SignedNonce) -> None:
        if self.refuse is not None:
            raise self.refuse
        self.posted.append((challenge.url, signed))


def challenge_text(base: str = PLATFORM, nonce: bytes | None = None) -> str:
    nonce = secrets.token_bytes(32) if nonce is None else nonce
    encoded = base64.urlsafe_b64encode(nonce).rstrip(b"=").decode()
    return f"{base}/v1/web/sign-in/si-0a1b-2c3d#{encoded}"


def signed_by_card(nonce: bytes) -> tuple[SignedNonce, str]:
    profile = new_test_profile(make_ca(), "hanako", "佐藤 花子", "架空市本町1-2", "19800102", "2")
    with InProcessTransport(VirtualMyNumberCard(profile)) as transport:
        return sign_nonce(transport, "1234", nonce), card_key(profile.auth_certificate)


def test_a_challenge_of_the_enrolled_platform_is_read_with_its_host(kiosk: Kiosk) -> None:
    service = WebSignIns(kiosk.store, RecordingPlatform("https://Platform.Example:443/"))
    nonce = secrets.token_bytes(32)
    challenge = service.read("  " + challenge_text(nonce=nonce) + "\n")
    assert challenge.host == "platform.example"
    assert challenge.challenge_id == "si-0a1b-2c3d"
    assert challenge.nonce == nonce


@pytest.mark.parametrize(
    "base",
    [
        "https://evil.example",
        "http://platform.example",
        "https://platform.example:8443",
        "https://platform.example/other",
    ],
)
def test_a_challenge_of_another_platform_is_refused_naming_both(kiosk: Kiosk, base: str) -> None:
    service = WebSignIns(kiosk.store, RecordingPlatform())
    with pytest.raises(WebSignInFailed) as refused:
        service.read(challenge_text(base))
    assert refused.value.problem is WebSignInProblem.OTHER_PLATFORM
    assert "platform.example" in refused.value.detail


def test_host_names_are_compared_never_resolved(kiosk: Kiosk) -> None:
    service = WebSignIns(kiosk.store, RecordingPlatform("http://127.0.0.1:8000"))
    with pytest.raises(WebSignInFailed) as refused:
        service.read(challenge_text("http://localhost:8000"))
    assert refused.value.problem is WebSignInProblem.OTHER_PLATFORM


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        challenge_text().split("#")[0],  # the nonce left behind
        challenge_text(nonce=b"short"),
        challenge_text().replace("/v1/web/sign-in/", "/v1/cards/"),
        challenge_text().replace("#", "?x=1#"),
        challenge_text().replace("https://", "ftp://"),
        challenge_text()[:-3] + "!!!",
    ],
    # Named, not shown: the nonces are random, and every test worker must collect the same ids.
    ids=[
        "empty",
        "no-url",
        "nonce-left-behind",
        "short-nonce",
        "other-path",
        "query-before-nonce",
        "not-https",
        "nonce-not-base64url",
    ],
)
def test_text_that_is_no_challenge_is_refused_before_any_pin(kiosk: Kiosk, text: str) -> None:
    with pytest.raises(WebSignInFailed) as refused:
        WebSignIns(kiosk.store, RecordingPlatform()).read(text)
    assert refused.value.problem is WebSignInProblem.NOT_A_CHALLENGE
    assert refused.value.detail == ""  # whatever was scanned is not repeated


def test_a_kiosk_not_enrolled_answers_no_challenge(kiosk: Kiosk) -> None:
    with pytest.raises(WebSignInFailed) as refused:
        WebSignIns(kiosk.store, RecordingPlatform(None)).read(challenge_text())
    assert refused.value.problem is WebSignInProblem.NOT_ENROLLED


def test_the_answer_carries_the_cards_proof_and_is_audited_without_the_card(
    kiosk: Kiosk,
) -> None:
    platform = RecordingPlatform()
    service = WebSignIns(kiosk.store, platform)
    challenge = service.read(challenge_text())
    signed, card_key = signed_by_card(challenge.nonce)
    service.answer(ACTOR, challenge, signed)
    # The answer's JSON and its URL are sync's (tests/ui/test_websignin.py posts it for real).
    assert platform.posted == [(f"{PLATFORM}/v1/web/sign-in/si-0a1b-2c3d", signed)]
    with kiosk.store.reading() as conn:
        newest = audit.entries(conn, 1)[0]
    assert (newest.actor, newest.action, newest.target) == (
        ACTOR,
        "web-sign-in.answer",
        "si-0a1b-2c3d",
    )
    assert newest.detail == {"host": "platform.example"}
    assert card_key not in repr(newest)


def test_a_refused_answer_is_not_audited_as_answered(kiosk: Kiosk) -> None:
    refusal = WebSignInFailed(WebSignInProblem.CARD_REFUSED, "untrusted", "card-untrusted")
    service = WebSignIns(kiosk.store, RecordingPlatform(refuse=refusal))
    challenge = service.read(challenge_text())
    with kiosk.store.reading() as conn:
        before = audit.verify(conn).entries
    with pytest.raises(WebSignInFailed) as refused:
        service.answer(ACTOR, challenge, signed_by_card(challenge.nonce)[0])
    assert refused.value.kind == "card-untrusted"
    with kiosk.store.reading() as conn:
        assert audit.verify(conn).entries == before


def test_an_answer_for_another_platform_is_never_sent(kiosk: Kiosk) -> None:
    platform = RecordingPlatform()
    foreign = SignInChallenge("https://evil.example/v1/web/sign-in/si-1", "si-1", bytes(32))
    with pytest.raises(WebSignInFailed):
        WebSignIns(kiosk.store, platform).answer(ACTOR, foreign, signed_by_card(bytes(32))[0])
    assert platform.posted == []
