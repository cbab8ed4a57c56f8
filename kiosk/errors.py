"""The kiosk core's error types: each says what went wrong in words staff can act on."""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk core raises on purpose."""


class StoreKeyError(KioskError):
    """The store's key could not be obtained or does not open the store."""


class WrongPassphrase(StoreKeyError):
    """The administrator passphrase does not unwrap the store key."""


class WrongKey(StoreKeyError):
    """The key does not open the database file (or the file is not a Kazasu store)."""


class NoPassphrase(StoreKeyError):
    """No OS key store holds the key, and no passphrase was given."""


class StoreError(KioskError):
    """The store is missing, damaged or of an unknown schema version."""


class StoreDamaged(StoreError):
    """The store file is damaged (empty, truncated, pages that fail their check): never used,
    never replaced without an explicit restore or reinit."""


class NotFound(KioskError):
    """A person, household or shelter that was asked for does not exist."""


class Refused(KioskError):
    """A requested change is not allowed in the current state; ``reason`` says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class InvalidInput(KioskError):
    """A value given by a person or a file is not acceptable."""
