"""The errors of the voting cryptography: each names where in a document it failed."""

from __future__ import annotations


class EvoteError(ValueError):
    """Refused input: ``where`` is a JSON path into the document (``ballots[3].contests[0]``)."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}" if where else reason)
        self.where = where
        self.reason = reason

    def __reduce__(self) -> tuple[type[EvoteError], tuple[str, str]]:
        # Worker processes of the verifier hand their errors back pickled.
        return (type(self), (self.where, self.reason))


class WrongPassphrase(EvoteError):
    """A trustee's key file could not be opened with the passphrase given."""
