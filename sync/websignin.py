"""A card's answer to a citizen-web sign-in challenge, posted to the platform
(docs/protocol/web-sign-in.md): where it goes and the two clients that send it; its JSON is
kazasu_protocol.cardproof's.

The kiosk answers through a client of its own per answer, with the enrolment's TLS settings and
pin, so an answer never shares a connection or a session with the sync worker's round.
``kazasu-card sign`` on a PC posts to the platform the challenge names (sync/card_cli.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import requests

from cardio.mynumber import SignedNonce
from kazasu_protocol.cardproof import proof_body
from kazasu_protocol.websignin import SignInChallenge
from kiosk.websignin import WebSignInFailed, WebSignInProblem
from sync.client import PlatformClient
from sync.engine import SyncEngine
from sync.errors import Refused, SyncError, Transient, Unauthorized

ClientFactory = Callable[[str, bool | str, str | None], PlatformClient]
PLATFORM_TIMEOUT_S = 20


def proof_url(challenge: SignInChallenge) -> str:
    """Where the card's answer to ``challenge`` is posted."""
    return challenge.url + "/proof"


class AnswerNotTaken(Exception):
    """The platform did not take the card's answer; ``status``: its HTTP status, if any.
    ``message`` is the English text with ``{name}`` placeholders (its id in the core's message
    catalogue), filled in from ``params``."""

    def __init__(self, message: str, params: dict[str, object], status: int | None = None) -> None:
        super().__init__(message.format(**params))
        self.message, self.params, self.status = message, params, status


def post_answer(challenge: SignInChallenge, signed: SignedNonce, ca: Path | None) -> None:
    """Post the card's answer to the platform ``challenge`` names (``kazasu-card sign``).

    ``ca`` is a CA file to trust for the platform's TLS instead of the system's. Raises
    :class:`AnswerNotTaken` when the platform cannot be reached or refuses the answer.
    """
    host = challenge.host
    try:
        # verify per request: REQUESTS_CA_BUNDLE would override a session's setting.
        answer = requests.post(
            proof_url(challenge),
            json=proof_body(signed),
            timeout=PLATFORM_TIMEOUT_S,
            verify=str(ca) if ca else True,
        )
    except requests.RequestException as exc:
        raise AnswerNotTaken(
            "{host} could not be reached: {detail}", {"host": host, "detail": exc}
        ) from exc
    if answer.status_code != 202:
        status = answer.status_code
        raise AnswerNotTaken(
            "{host} refused the card's answer ({status}): {detail}",
            {"host": host, "status": status, "detail": _problem_title(answer)},
            status,
        )


def _problem_title(answer: requests.Response) -> str:
    try:
        problem = answer.json()
    except ValueError:
        return answer.reason or "no details"
    return str(problem.get("detail") or problem.get("title") or answer.reason)


class PlatformSignIns:
    """:class:`kiosk.websignin.SignInPlatform` over the kiosk's enrolment."""

    def __init__(self, engine: SyncEngine, client_factory: ClientFactory = PlatformClient) -> None:
        self.engine = engine
        self.client_factory = client_factory

    def platform_url(self) -> str | None:
        """The enrolled platform's base URL, or None before enrolment."""
        enrolment = self.engine.enrolled()
        return None if enrolment is None else str(enrolment["platform_url"])

    def post_proof(self, challenge: SignInChallenge, signed: SignedNonce) -> None:
        """Post the card's answer to the enrolled platform; each refusal becomes a problem the
        screen can name."""
        enrolment = self.engine.enrolled()
        if enrolment is None:
            raise WebSignInFailed(WebSignInProblem.NOT_ENROLLED, challenge.host)
        client = self.client_factory(
            enrolment["platform_url"], enrolment["verify"], enrolment.get("tls_pin")
        )
        try:
            client.web_sign_in_proof(challenge.challenge_id, proof_body(signed))
        except Unauthorized as exc:
            # 401 challenge-invalid: unknown, answered or expired.
            raise WebSignInFailed(WebSignInProblem.CHALLENGE_INVALID, str(exc)) from exc
        except Refused as exc:
            problem = (
                WebSignInProblem.CARD_REFUSED
                if exc.kind.startswith("card-")
                else WebSignInProblem.REFUSED
            )
            raise WebSignInFailed(problem, str(exc), exc.kind) from exc
        except Transient as exc:
            raise WebSignInFailed(WebSignInProblem.UNAVAILABLE, str(exc)) from exc
        except SyncError as exc:
            raise WebSignInFailed(WebSignInProblem.REFUSED, str(exc)) from exc
        finally:
            client.close()
