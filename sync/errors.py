"""What can go wrong in a sync, each kind with what the worker does about it."""

from __future__ import annotations

from typing import Any


class SyncError(Exception):
    """Base of every sync error."""


class Transient(SyncError):
    """The network or the platform failed this time (dropped, timed out, 5xx, cut short):
    retry later with back-off. Nothing was applied locally."""


class TlsFailed(Transient):
    """The platform's TLS certificate could not be verified (wrong CA file, a different server):
    retried like any lost connection, but staff are told to check the certificate."""


class Unauthorized(SyncError):
    """The session token expired or was refused: open a new session and retry."""


class DeviceRevoked(Unauthorized):
    """The platform revoked this device: a new session will not help, and a ballot must not be
    issued from it, not even provisionally."""


class Incompatible(SyncError):
    """The kiosk and the platform do not speak the same protocol: stop and say so plainly."""


class Refused(SyncError):
    """The platform refused the request for good (revoked device, outside scope, bad data)."""

    def __init__(
        self,
        status: int,
        kind: str,
        message: str,
        reason: str = "",
        problem: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        # A refused code's reason (``key_revoked``, ``expired``, ...), when the problem has one.
        self.reason = reason
        # The platform's whole problem document (an invalid request's ``errors``, say).
        self.problem = problem or {}


class PushTooLarge(Refused):
    """The platform refused a push for its size: its body (413), or its number of events (422
    naming the events list). Nothing of it was stored; smaller batches may be taken."""


class AlreadyVoted(Refused):
    """A ballot claim lost: the voter has voted (at ``voted_site_name``, at ``voted_at_ms``).
    A hard block: the ballot must not be issued."""

    def __init__(
        self,
        message: str,
        voted_site_id: str,
        voted_site_name: str,
        voted_at_ms: int,
        voted_kind: str,
        online_cancellable: bool = False,
    ) -> None:
        super().__init__(409, "already-voted", message)
        self.voted_site_id = voted_site_id
        self.voted_site_name = voted_site_name
        self.voted_at_ms = voted_at_ms
        self.voted_kind = voted_kind
        # Cast online, and a paper ballot issued now would cancel it (the election's rule).
        self.online_cancellable = online_cancellable


class NotEnrolled(SyncError):
    """The kiosk has not been enrolled with a platform yet."""
