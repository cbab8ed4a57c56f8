"""Typed view of the SQLCipher DB-API connection (the sqlcipher3 wheel ships no type hints)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol


class Cursor(Protocol):
    """The cursor methods the kiosk uses."""

    # Read-only, as DB-API cursors have it (sqlite3's for the benchmarks' plain-SQLite store).
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """The connection methods the kiosk uses."""

    @property
    def IntegrityError(self) -> type[Exception]:
        """The DB-API's exception for a broken constraint, as the connection names it."""
        ...

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...

    def interrupt(self) -> None:
        """Stop the statement under way on this connection (from any thread)."""
        ...

    def set_progress_handler(self, handler: Callable[[], int] | None, n: int, /) -> None:
        """Call ``handler`` every ``n`` of SQLite's instructions (None: stop); a statement
        stops, interrupted, when it returns a true value."""
        ...

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (SQLite rolls back one whose change was interrupted)."""
        ...

    def close(self) -> None: ...
