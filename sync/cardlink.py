"""Counter card linking's platform side at the kiosk: the platform's nonce, and the push.

Online the card signs a challenge the platform issued (``POST /v1/cards/challenge``), so the
platform itself vouches that the proof is fresh; offline the kiosk makes the nonce and the link
is queued with its proof (docs/decisions/counter-linking.md). Either way the link travels as an
outbox event and is pushed like any other.
"""

from __future__ import annotations

from contextlib import suppress

from kiosk import outbox
from sync.engine import SyncEngine
from sync.errors import SyncError


class PlatformChallenges:
    """:class:`kiosk.cardlink.NonceSource` over the kiosk's enrolment and session."""

    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine

    def card_challenge(self) -> tuple[str, bytes] | None:
        """A platform challenge, or None when the kiosk is not enrolled or cannot reach it."""
        if self.engine.enrolled() is None:
            return None
        try:
            return self.engine.call(lambda client: client.card_challenge())
        except SyncError:
            return None


def pushed(engine: SyncEngine, device_seq: int) -> bool:
    """Push now if the platform answers; whether the event ``device_seq`` reached it."""
    with suppress(SyncError):
        engine.push()
    with engine.store.reading() as conn:
        return outbox.acknowledged_seq(conn) >= device_seq
