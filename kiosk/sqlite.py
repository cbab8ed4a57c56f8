"""Typed view of the SQLCipher DB-API connection (the sqlcipher3 wheel ships no type hints)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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

    def close(self) -> None: ...
