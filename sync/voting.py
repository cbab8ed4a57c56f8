"""The kiosk's online ballot claim (docs/protocol/voting.md) for the voting desk.

:class:`PlatformClaims` is the desk's ``OnlineClaims`` over the platform's claim API, with a
session of its own so that a claim never waits for the sync worker's round. Waiting events are
pushed first: a declaration just made at the desk travels as ``declaration.made``, and the claim
names it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from kiosk.store import Store
from kiosk.voting.desk import ClaimAccepted, ClaimAlreadyVoted, ClaimRejected, ClaimUnavailable
from sync.client import PlatformClient
from sync.engine import SyncEngine
from sync.errors import (
    AlreadyVoted,
    DeviceRevoked,
    Incompatible,
    NotEnrolled,
    Refused,
    Transient,
    Unauthorized,
)

ClientFactory = Callable[[str, bool | str, str | None], PlatformClient]


class PlatformClaims:
    """Claims ballots at the platform; no answer means the site's outage procedure applies."""

    def __init__(self, store: Store, client_factory: ClientFactory = PlatformClient) -> None:
        self.engine = SyncEngine(store, client_factory)

    def claim(
        self,
        claim_id: str,
        voter_id: str,
        declaration_id: str | None,
        issued_by: str,
        confirmed_by: str,
        cancel_online: bool = False,
    ) -> ClaimAccepted | ClaimAlreadyVoted:
        """Push what is waiting, then claim; the same ``claim_id`` on every retry."""
        try:
            # A stalled push is the worker's to report; the claim is asked all the same.
            with suppress(Refused):
                self.engine.push()
            granted = self.engine.call(
                lambda client: client.claim_ballot(
                    claim_id, voter_id, issued_by, confirmed_by, declaration_id, cancel_online
                )
            )
        except AlreadyVoted as exc:
            return ClaimAlreadyVoted(
                exc.voted_site_id, exc.voted_site_name, exc.voted_at_ms, exc.online_cancellable
            )
        except DeviceRevoked as exc:
            # Not an outage: a revoked kiosk's provisional votes could never be delivered.
            raise ClaimRejected("device-revoked", str(exc)) from exc
        except Refused as exc:
            raise ClaimRejected(exc.kind, str(exc)) from exc
        except Incompatible as exc:
            raise ClaimRejected("protocol-unsupported", str(exc)) from exc
        except (Transient, Unauthorized, NotEnrolled) as exc:
            raise ClaimUnavailable(str(exc)) from exc
        return ClaimAccepted(granted.claim_id, granted.site_id, granted.claimed_at_ms)

    def lookup_declaration(self, code: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Ask the platform about a declaration code the kiosk's copy does not match yet."""
        try:
            answer = self.engine.call(lambda client: client.verify_declaration(code))
        except (Transient, Unauthorized, NotEnrolled, Refused, Incompatible):
            return None
        declaration, voter = answer.get("declaration"), answer.get("voter")
        if answer["state"] != "valid" or not isinstance(declaration, dict):
            return None
        return (declaration, voter) if isinstance(voter, dict) else None

    def close(self) -> None:
        """Close the HTTP connections."""
        self.engine.close()
