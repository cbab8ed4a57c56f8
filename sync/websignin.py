"""The kiosk's web sign-in answers posted to the platform it is enrolled with.

A client of its own per answer, with the enrolment's TLS settings and pin, so an answer never
shares a connection or a session with the sync worker's round.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cardio.websignin import SignInChallenge
from kiosk.websignin import WebSignInFailed, WebSignInProblem
from sync.client import PlatformClient
from sync.engine import SyncEngine
from sync.errors import Refused, SyncError, Transient, Unauthorized

ClientFactory = Callable[[str, bool | str, str | None], PlatformClient]


class PlatformSignIns:
    """:class:`kiosk.websignin.SignInPlatform` over the kiosk's enrolment."""

    def __init__(self, engine: SyncEngine, client_factory: ClientFactory = PlatformClient) -> None:
        self.engine = engine
        self.client_factory = client_factory

    def platform_url(self) -> str | None:
        """The enrolled platform's base URL, or None before enrolment."""
        enrolment = self.engine.enrolled()
        return None if enrolment is None else str(enrolment["platform_url"])

    def post_proof(self, challenge: SignInChallenge, body: dict[str, Any]) -> None:
        """Post the card's answer to the enrolled platform; each refusal becomes a problem the
        screen can name."""
        enrolment = self.engine.enrolled()
        if enrolment is None:
            raise WebSignInFailed(WebSignInProblem.NOT_ENROLLED, challenge.host)
        client = self.client_factory(
            enrolment["platform_url"], enrolment["verify"], enrolment.get("tls_pin")
        )
        try:
            client.web_sign_in_proof(challenge.challenge_id, body)
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
