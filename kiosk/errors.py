"""The kiosk core's error types: each says what went wrong in words staff can act on.

An error's message is English with ``{name}`` placeholders and doubles as its id in the core
catalogue (kiosk/i18n.py); ``str()`` is the English text for logs, ``text()`` the text in the
language staff read.
"""

from __future__ import annotations

from kiosk.i18n import translate


class KioskError(Exception):
    """Base of every error the kiosk core raises on purpose."""

    def __init__(self, message: str = "", /, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message_id = message
        self.params = params

    def text(self, language: str | None = None) -> str:
        """The message in ``language`` (the current core language by default)."""
        return translate(self.message_id, self.params, language)


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

    def __init__(self, reason: str, message: str, /, **params: object) -> None:
        super().__init__(message, **params)
        self.reason = reason


class InvalidInput(KioskError):
    """A value given by a person or a file is not acceptable."""


def error_text(error: BaseException, language: str | None = None) -> str:
    """What an error says in ``language``: a kiosk error from the catalogue, others as they are."""
    return error.text(language) if isinstance(error, KioskError) else str(error)
