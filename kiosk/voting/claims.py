"""The online claim of a ballot: what the voting desk asks the platform, and its answers.

ui/app.py wires :class:`OnlineClaims` to the sync client (sync/voting.py); one claim per
(election, voter) succeeds anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.errors import KioskError

ONLINE_SITE = "online"
"""The ``voted_site_id`` the platform gives a vote cast online from home."""


class ClaimUnavailable(KioskError):
    """The platform could not be asked (no network, platform down): the outage procedure."""


class ClaimRejected(KioskError):
    """The platform refused the claim for a reason other than "already voted"; ``kind`` is the
    protocol's problem type (``not-a-voting-day``, ``declaration-used``, …)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class ClaimAccepted:
    """The platform recorded the claim: this kiosk may hand out the ballot."""

    claim_id: str
    site_id: str
    claimed_at_ms: int


@dataclass(frozen=True)
class ClaimAlreadyVoted:
    """Another claim for the voter exists at the platform; for a ballot cast online, whether a
    paper ballot issued now would cancel it."""

    site_id: str | None
    site_name: str
    voted_at_ms: int | None
    online_cancellable: bool = False


class OnlineClaims(Protocol):
    """Claims a ballot at the platform; one claim per (election, voter) succeeds anywhere."""

    def claim(
        self,
        claim_id: str,
        voter_id: str,
        declaration_id: str | None,
        issued_by: str,
        confirmed_by: str,
        cancel_online: bool = False,
    ) -> ClaimAccepted | ClaimAlreadyVoted:
        """Ask the platform (``cancel_online``: the paper ballot cancels the voter's ballot cast
        online); raise ClaimUnavailable when it cannot be reached."""
        ...

    def lookup_declaration(self, code: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The platform's declaration and roll entry (feed payloads) for a declaration code
        that is valid now, or None: unknown there too, not valid, or no answer."""
        ...
